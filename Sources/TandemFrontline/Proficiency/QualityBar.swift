import TandemPartners
import TandemPerformance

/// "QA and AHT both within target" over some window: QA ≥ `qaMinimum` and AHT ≤ `ahtLimit`,
/// each on enough data. Time to proficiency and ramp-wave gates both measure against one.
public struct QualityBar: Hashable, Sendable, Codable {
    public let qaMinimum: Double
    public let ahtMultiplier: Double
    public let tenuredMedianAHT: Double
    public let minimumContacts: Int
    public let minimumEvaluations: Int

    /// AHT must not exceed this: multiplier × tenured median.
    public var ahtLimit: Double { ahtMultiplier * tenuredMedianAHT }

    /// `tenuredMedian` must be a shown figure: a bar built on a median with too little data would judge agents on noise.
    public init(
        qaMinimum: Double, tenuredMedian: FrontlineFigure, ahtMultiplier: Double = FrontlineDefaults.ahtMultiplier,
        minimumContacts: Int = FrontlineDefaults.minimumSample, minimumEvaluations: Int = FrontlineDefaults.minimumSample,
        fieldPrefix: String = ""
    ) throws(FieldErrors) {
        var errors = FieldErrors()
        if !(0...100).contains(qaMinimum) { errors.add(fieldPrefix + "qa_minimum", "must be between 0 and 100 (it is \(qaMinimum))") }
        if !(ahtMultiplier > 0) || !ahtMultiplier.isFinite { errors.add(fieldPrefix + "aht_multiplier", "must be more than 0, e.g. 1.10 (it is \(ahtMultiplier))") }
        if minimumContacts < 1 { errors.add(fieldPrefix + "minimum_contacts", "must be at least 1 (it is \(minimumContacts))") }
        if minimumEvaluations < 1 { errors.add(fieldPrefix + "minimum_evaluations", "must be at least 1 (it is \(minimumEvaluations))") }
        if tenuredMedian.unit != .seconds { errors.add("tenured_median_aht", "must be an AHT in seconds") }
        else if tenuredMedian.shownValue == nil { errors.add("tenured_median_aht", "is not available: \(tenuredMedian.explanation)") }
        if !errors.isEmpty { throw errors }
        self.qaMinimum = qaMinimum
        self.ahtMultiplier = ahtMultiplier
        self.tenuredMedianAHT = tenuredMedian.shownValue!
        self.minimumContacts = minimumContacts
        self.minimumEvaluations = minimumEvaluations
    }

    public func check(_ totals: ActivityTotals, over period: DayRange) -> BarCheck {
        let qa = totals.qaFigure(period: period.description, minimumSample: minimumEvaluations)
        let aht = totals.ahtFigure(period: period.description, minimumSample: minimumContacts)
        var shortfalls: [String] = []
        var measured = true
        if let value = qa.shownValue {
            if value < qaMinimum { shortfalls.append("QA \(Num.text(value, decimals: 2)) < \(Num.text(qaMinimum))") }
        } else {
            measured = false
            shortfalls.append("QA not measured: \(totals.evaluations) evaluations < \(minimumEvaluations)")
        }
        if let value = aht.shownValue {
            if value > ahtLimit {
                shortfalls.append("AHT \(Num.seconds(value)) > \(Num.seconds(ahtLimit)) (\(ahtText))")
            }
        } else {
            measured = false
            shortfalls.append("AHT not measured: \(totals.handled) contacts < \(minimumContacts)")
        }
        return BarCheck(period: period, qa: qa, aht: aht, meets: measured ? shortfalls.isEmpty : nil, shortfalls: shortfalls)
    }

    /// "110% of the tenured median 300 s".
    var ahtText: String { "\(Num.text(ahtMultiplier * 100))% of the tenured median \(Num.seconds(tenuredMedianAHT))" }

    /// "QA ≥ 85 and AHT ≤ 330 s (110% of the tenured median 300 s)".
    public var description: String { "QA ≥ \(Num.text(qaMinimum)) and AHT ≤ \(Num.seconds(ahtLimit)) (\(ahtText))" }
}

/// One window measured against a bar.
public struct BarCheck: Hashable, Sendable, Codable {
    public let period: DayRange
    public let qa: FrontlineFigure
    public let aht: FrontlineFigure
    /// nil when QA or AHT had too little data to judge: never silently met.
    public let meets: Bool?
    /// What fell short or could not be measured, one phrase each.
    public let shortfalls: [String]

    /// "2026-03-07 to 2026-03-20: QA 1232 ÷ 14 = 88; AHT 12000 ÷ 40 = 300 s".
    public var arithmetic: String { "\(period): QA \(qa.arithmetic); AHT \(aht.arithmetic)" }
}
