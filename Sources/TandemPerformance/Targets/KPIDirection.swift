extension KPIKind {
    /// Which way is better for a figure that can have a target; nil for plain volumes.
    public var direction: TargetDirection? {
        switch self {
        case .serviceLevel, .firstContactResolution, .customerSatisfaction, .netPromoterScore, .qaScore,
             .occupancy, .scheduleAdherence:
            .higherIsBetter
        case .averageSpeedOfAnswer, .abandonRate, .averageHandleTime, .shrinkage, .plannedShrinkage,
             .unplannedShrinkage, .attrition:
            .lowerIsBetter
        case .offered, .handled, .abandoned:
            nil
        }
    }
}
