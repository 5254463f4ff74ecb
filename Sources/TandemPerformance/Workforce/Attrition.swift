/// Headcount movement over a period of `days` days.
public struct HeadcountPeriod: Hashable, Sendable, Codable {
    public var leavers: Int
    public var startHeadcount: Int
    public var endHeadcount: Int
    public var days: Int

    public init(leavers: Int, startHeadcount: Int, endHeadcount: Int, days: Int) {
        self.leavers = leavers
        self.startHeadcount = startHeadcount
        self.endHeadcount = endHeadcount
        self.days = days
    }

    /// (start + end) ÷ 2.
    public var averageHeadcount: Double { Double(startHeadcount + endHeadcount) / 2 }
}

extension WorkforceKPIs {
    /// leavers ÷ average headcount × 365 ÷ days, a fraction per year (may exceed 1).
    /// numerator = leavers, denominator = average headcount; sample size = average headcount
    /// rounded up (the people the rate is about). nil when the period or the headcount is empty.
    public static func annualizedAttrition(
        _ period: HeadcountPeriod, minimumSample: Int = KPISettings.defaultMinimumSample
    ) -> KPIResult {
        let average = period.averageHeadcount
        return .ratio(
            .attrition, numerator: Double(period.leavers),
            denominator: period.days > 0 ? average : 0,
            sampleSize: (period.startHeadcount + period.endHeadcount + 1) / 2, minimumSample: minimumSample,
            formula: "leavers ÷ ((start + end headcount) ÷ 2) × 365 ÷ \(period.days) days",
            unit: .fraction, scale: period.days > 0 ? 365 / Double(period.days) : 0
        )
    }
}
