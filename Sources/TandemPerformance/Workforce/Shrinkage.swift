/// Paid hours and the paid hours not available for contacts, split by whether they were planned
/// (training, meetings, holidays) or not (sickness, lateness). Add periods with `+`.
public struct PaidHours: Hashable, Sendable, Codable {
    public var paidHours: Double
    public var plannedUnavailableHours: Double
    public var unplannedUnavailableHours: Double
    public var agentPeriods: Int

    public init(paidHours: Double, plannedUnavailableHours: Double, unplannedUnavailableHours: Double, agentPeriods: Int = 1) {
        self.paidHours = paidHours
        self.plannedUnavailableHours = plannedUnavailableHours
        self.unplannedUnavailableHours = unplannedUnavailableHours
        self.agentPeriods = agentPeriods
    }

    public static func + (lhs: Self, rhs: Self) -> Self {
        Self(paidHours: lhs.paidHours + rhs.paidHours,
             plannedUnavailableHours: lhs.plannedUnavailableHours + rhs.plannedUnavailableHours,
             unplannedUnavailableHours: lhs.unplannedUnavailableHours + rhs.unplannedUnavailableHours,
             agentPeriods: lhs.agentPeriods + rhs.agentPeriods)
    }
}

/// Total shrinkage and its planned / unplanned parts; the parts share the denominator, so they add up to the total.
public struct ShrinkageResult: Hashable, Sendable, Codable {
    public let total: KPIResult
    public let planned: KPIResult
    public let unplanned: KPIResult
}

extension WorkforceKPIs {
    /// paid hours not available for contacts ÷ paid hours, and the same for each part.
    public static func shrinkage(
        _ hours: PaidHours, minimumSample: Int = KPISettings.defaultMinimumSample
    ) -> ShrinkageResult {
        func part(_ kind: KPIKind, _ hoursOut: Double, _ formula: String) -> KPIResult {
            .ratio(kind, numerator: hoursOut, denominator: hours.paidHours, sampleSize: hours.agentPeriods,
                   minimumSample: minimumSample, formula: formula, unit: .fraction)
        }
        return ShrinkageResult(
            total: part(.shrinkage, hours.plannedUnavailableHours + hours.unplannedUnavailableHours,
                        "paid hours not available for contacts ÷ paid hours"),
            planned: part(.plannedShrinkage, hours.plannedUnavailableHours,
                          "planned paid hours not available for contacts ÷ paid hours"),
            unplanned: part(.unplannedShrinkage, hours.unplannedUnavailableHours,
                            "unplanned paid hours not available for contacts ÷ paid hours")
        )
    }
}
