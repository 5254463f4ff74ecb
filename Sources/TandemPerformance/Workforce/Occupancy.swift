/// Time agents spent handling contacts vs. available and waiting for one. Add periods with `+`.
public struct OccupancyTime: Hashable, Sendable, Codable {
    public var handleSeconds: Double
    public var availableIdleSeconds: Double
    public var agentPeriods: Int

    public init(handleSeconds: Double, availableIdleSeconds: Double, agentPeriods: Int = 1) {
        self.handleSeconds = handleSeconds
        self.availableIdleSeconds = availableIdleSeconds
        self.agentPeriods = agentPeriods
    }

    public static func + (lhs: Self, rhs: Self) -> Self {
        Self(handleSeconds: lhs.handleSeconds + rhs.handleSeconds,
             availableIdleSeconds: lhs.availableIdleSeconds + rhs.availableIdleSeconds,
             agentPeriods: lhs.agentPeriods + rhs.agentPeriods)
    }
}

extension WorkforceKPIs {
    /// handle time ÷ (handle time + available idle time).
    public static func occupancy(
        _ time: OccupancyTime, minimumSample: Int = KPISettings.defaultMinimumSample
    ) -> KPIResult {
        .ratio(
            .occupancy, numerator: time.handleSeconds,
            denominator: time.handleSeconds + time.availableIdleSeconds,
            sampleSize: time.agentPeriods, minimumSample: minimumSample,
            formula: "handle time ÷ (handle time + available idle time)", unit: .fraction
        )
    }
}
