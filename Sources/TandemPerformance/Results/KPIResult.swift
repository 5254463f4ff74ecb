/// One figure as the product shows it: value, how it was built, and whether it can be trusted.
public struct KPIResult: Hashable, Sendable, Codable {
    public let kind: KPIKind
    /// nil when there is nothing to divide by (or nothing to count).
    public let value: Double?
    public let numerator: Double
    public let denominator: Double
    /// The number of contacts (responses, evaluations, agent-periods, people) behind the value.
    public let sampleSize: Int
    public let minimumSample: Int
    /// Human-readable formula, e.g. "answered within 20 s ÷ (answered + abandoned after 5 s)".
    public let formula: String
    public let unit: KPIUnit

    public init(
        kind: KPIKind, value: Double?, numerator: Double, denominator: Double,
        sampleSize: Int, minimumSample: Int, formula: String, unit: KPIUnit
    ) {
        self.kind = kind
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.sampleSize = sampleSize
        self.minimumSample = minimumSample
        self.formula = formula
        self.unit = unit
    }

    /// A small sample still gets a value, so the UI can reveal it on demand, but is flagged.
    public var status: KPIStatus {
        guard value != nil else { return .noData }
        if sampleSize < minimumSample {
            return .notEnoughData(sampleSize: sampleSize, minimum: minimumSample)
        }
        return .value
    }
}

public enum KPIStatus: Hashable, Sendable, Codable {
    case value
    case notEnoughData(sampleSize: Int, minimum: Int)
    case noData
}

extension KPIResult {
    /// numerator ÷ denominator × scale, nil when the denominator is not positive. Both the direct and
    /// the rollup computation end here, so equal inputs give bit-identical results.
    static func ratio(
        _ kind: KPIKind, numerator: Double, denominator: Double, sampleSize: Int,
        minimumSample: Int, formula: String, unit: KPIUnit, scale: Double = 1
    ) -> KPIResult {
        KPIResult(
            kind: kind,
            value: denominator > 0 ? numerator / denominator * scale : nil,
            numerator: numerator, denominator: denominator, sampleSize: sampleSize,
            minimumSample: minimumSample, formula: formula, unit: unit
        )
    }

    /// A volume is an exact count, not an estimate: zero is a real value and no minimum applies.
    static func count(_ kind: KPIKind, _ count: Int, formula: String) -> KPIResult {
        KPIResult(
            kind: kind, value: Double(count), numerator: Double(count), denominator: 1,
            sampleSize: count, minimumSample: 0, formula: formula, unit: .count
        )
    }
}
