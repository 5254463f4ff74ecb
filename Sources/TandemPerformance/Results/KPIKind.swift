/// Which figure a result is, so targets, labels and scorecards can key on it.
public enum KPIKind: String, Hashable, Sendable, Codable, CaseIterable {
    case offered, handled, abandoned
    case serviceLevel, averageSpeedOfAnswer, abandonRate, averageHandleTime
    case firstContactResolution, customerSatisfaction, netPromoterScore
    case qaScore
    case occupancy, shrinkage, plannedShrinkage, unplannedShrinkage, scheduleAdherence, attrition
}

/// How to read `KPIResult.value`.
public enum KPIUnit: String, Hashable, Sendable, Codable {
    /// 0…1, shown as a percentage (annualized attrition may exceed 1).
    case fraction
    case seconds
    case count
    /// A mean on a survey scale (CSAT mean score, 1–5).
    case score
    /// Points: NPS −100…100, QA 0…100.
    case points
}
