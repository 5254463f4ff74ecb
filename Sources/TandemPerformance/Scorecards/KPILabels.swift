import Foundation

/// Names and units of the KPIs as scorecards show them.
public enum KPILabels {
    public static let scorecardKPIs: [KPIKind] = [.offered, .handled, .serviceLevel, .averageSpeedOfAnswer, .abandonRate, .averageHandleTime,
                                          .firstContactResolution, .customerSatisfaction, .qaScore]
    public static let targetable: [KPIKind] = scorecardKPIs.filter { $0.direction != nil } + [.netPromoterScore]

    public static func name(_ kind: KPIKind) -> String {
        switch kind {
        case .offered: "Offered"
        case .handled: "Handled"
        case .abandoned: "Abandoned"
        case .serviceLevel: "Service level"
        case .averageSpeedOfAnswer: "ASA"
        case .abandonRate: "Abandon rate"
        case .averageHandleTime: "AHT"
        case .firstContactResolution: "FCR"
        case .customerSatisfaction: "CSAT"
        case .netPromoterScore: "NPS"
        case .qaScore: "QA score"
        case .occupancy: "Occupancy"
        case .shrinkage: "Shrinkage"
        case .plannedShrinkage: "Planned shrinkage"
        case .unplannedShrinkage: "Unplanned shrinkage"
        case .scheduleAdherence: "Schedule adherence"
        case .attrition: "Attrition"
        }
    }

    public static func isFraction(_ kind: KPIKind) -> Bool {
        [.serviceLevel, .abandonRate, .firstContactResolution, .customerSatisfaction, .occupancy, .shrinkage,
         .plannedShrinkage, .unplannedShrinkage, .scheduleAdherence].contains(kind)
    }

    /// The figure as shown: 81.3%, 24.5 s, 1,204, 87.0.
    public static func format(_ value: Double?, unit: KPIUnit) -> String {
        guard let value else { return "—" }
        switch unit {
        case .fraction: return String(format: "%.1f%%", value * 100)
        case .seconds: return String(format: "%.1f s", value)
        case .count: return String(Int(value.rounded()))
        case .score: return String(format: "%.2f", value)
        case .points: return String(format: "%.1f", value)
        }
    }

    public static func formatTarget(_ value: Double, kind: KPIKind) -> String {
        isFraction(kind) ? String(format: "%.1f%%", value * 100) : kind == .averageSpeedOfAnswer || kind == .averageHandleTime ? String(format: "%.0f s", value) : String(format: "%.1f", value)
    }
}
