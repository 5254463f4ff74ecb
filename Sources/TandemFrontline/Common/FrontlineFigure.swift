import TandemPerformance

/// How to read `FrontlineFigure.value`.
public enum FigureUnit: String, Hashable, Sendable, Codable {
    /// 0…1 shown as a percentage (annualised attrition may exceed 1).
    case fraction
    case days
    case seconds
    /// QA points, 0–100 (deviations may be negative).
    case points
    /// A plain ratio such as a queue-normalised index (1 = the queue's average) or Krippendorff's alpha.
    case ratio
    case count
}

/// One front-line figure as the product shows it: the value, the formula, the arithmetic with the
/// actual numbers, the period it covers and the sample behind it. Below its minimum sample the
/// value is kept (so it can be revealed on demand) but `shownValue` is nil and the status says so.
public struct FrontlineFigure: Hashable, Sendable, Codable {
    /// nil when there is nothing to compute from (no people, no contacts, nothing to divide by).
    public let value: Double?
    public let unit: FigureUnit
    public let formula: String
    /// The formula with this figure's numbers in it, e.g. "6 ÷ ((100 + 140) ÷ 2) × 365 ÷ 73 = 0.25".
    public let arithmetic: String
    /// "2026-03-01 to 2026-03-31", or what the figure is as of.
    public let period: String
    public let sampleSize: Int
    /// What the sample counts: "contacts", "evaluations", "agents", "starters", "items"...
    public let sampleUnit: String
    public let minimumSample: Int

    public init(
        value: Double?, unit: FigureUnit, formula: String, arithmetic: String, period: String,
        sampleSize: Int, sampleUnit: String, minimumSample: Int
    ) {
        self.value = value
        self.unit = unit
        self.formula = formula
        self.arithmetic = arithmetic
        self.period = period
        self.sampleSize = sampleSize
        self.sampleUnit = sampleUnit
        self.minimumSample = minimumSample
    }

    public var status: KPIStatus {
        guard value != nil else { return .noData }
        if sampleSize < minimumSample { return .notEnoughData(sampleSize: sampleSize, minimum: minimumSample) }
        return .value
    }

    /// The number to print, or nil when the page must say "no data" / "not enough data" instead.
    public var shownValue: Double? { status == .value ? value : nil }

    /// One line for a tooltip or an export: formula, arithmetic, period and sample.
    public var explanation: String {
        let sample = "n = \(sampleSize) \(sampleUnit)"
        switch status {
        case .value:
            return "\(formula); \(arithmetic); \(period); \(sample)"
        case .notEnoughData(let size, let minimum):
            return "not enough data: \(size) \(sampleUnit) < \(minimum) minimum (\(formula); \(arithmetic); \(period))"
        case .noData:
            return "no data (\(formula); \(period); \(sample))"
        }
    }
}
