/// Scheduled minutes and minutes spent out of adherence (not doing what the schedule said). Add periods with `+`.
public struct AdherenceMinutes: Hashable, Sendable, Codable {
    public var scheduledMinutes: Double
    public var minutesOutOfAdherence: Double
    public var agentPeriods: Int

    public init(scheduledMinutes: Double, minutesOutOfAdherence: Double, agentPeriods: Int = 1) {
        self.scheduledMinutes = scheduledMinutes
        self.minutesOutOfAdherence = minutesOutOfAdherence
        self.agentPeriods = agentPeriods
    }

    public static func + (lhs: Self, rhs: Self) -> Self {
        Self(scheduledMinutes: lhs.scheduledMinutes + rhs.scheduledMinutes,
             minutesOutOfAdherence: lhs.minutesOutOfAdherence + rhs.minutesOutOfAdherence,
             agentPeriods: lhs.agentPeriods + rhs.agentPeriods)
    }
}

extension WorkforceKPIs {
    /// (scheduled minutes − minutes out of adherence) ÷ scheduled minutes.
    public static func scheduleAdherence(
        _ minutes: AdherenceMinutes, minimumSample: Int = KPISettings.defaultMinimumSample
    ) -> KPIResult {
        .ratio(
            .scheduleAdherence, numerator: minutes.scheduledMinutes - minutes.minutesOutOfAdherence,
            denominator: minutes.scheduledMinutes, sampleSize: minutes.agentPeriods, minimumSample: minimumSample,
            formula: "(scheduled minutes − minutes out of adherence) ÷ scheduled minutes", unit: .fraction
        )
    }
}
