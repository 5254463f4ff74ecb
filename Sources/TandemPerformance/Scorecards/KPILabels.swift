import Foundation
import TandemPartners

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

    /// The figure as shown, in the field's units (`ContactCentreFormat`): 81.3%, ASA 24 s, AHT 5:32, 1,204, 87.0.
    public static func format(_ value: Double?, kind: KPIKind, unit: KPIUnit) -> String {
        guard let value else { return ContactCentreFormat.none }
        switch (kind, unit) {
        case (.averageHandleTime, .seconds): return ContactCentreFormat.duration(seconds: value)
        case (_, .seconds): return ContactCentreFormat.wait(seconds: value)
        default: return format(value, unit: unit)
        }
    }

    /// The figure as shown when only its unit is known: 81.3%, 24 s, 1,204, 87.0.
    public static func format(_ value: Double?, unit: KPIUnit) -> String {
        guard let value else { return ContactCentreFormat.none }
        switch unit {
        case .fraction: return ContactCentreFormat.percent(value)
        case .seconds: return ContactCentreFormat.wait(seconds: value)
        case .count: return ContactCentreFormat.count(value)
        case .score: return String(format: "%.2f", value)
        case .points: return ContactCentreFormat.number(value, digits: 1)
        }
    }

    /// The unit a KPI's value is in.
    public static func unit(_ kind: KPIKind) -> KPIUnit {
        if isFraction(kind) { return .fraction }
        switch kind {
        case .averageSpeedOfAnswer, .averageHandleTime: return .seconds
        case .offered, .handled, .abandoned: return .count
        default: return .points
        }
    }

    /// A target as shown: "80.0%", ASA "20 s", AHT "5:00", QA "85.0".
    public static func formatTarget(_ value: Double, kind: KPIKind) -> String {
        format(value, kind: kind, unit: unit(kind))
    }

    /// How far `value` is from `reference` (a launch baseline, last period), in the KPI's own unit:
    /// rates in points ("+6.0 pts"), times in seconds or m:ss ("+12 s"), counts as a relative change
    /// ("+12.5%"), scores and points as signed points.
    public static func formatChange(from reference: Double, to value: Double, kind: KPIKind, unit: KPIUnit) -> String {
        switch unit {
        case .fraction: return ContactCentreFormat.points(fromFraction: reference, to: value)
        case .seconds: return ContactCentreFormat.durationChange(seconds: value - reference)
        case .count:
            guard reference != 0 else { return ContactCentreFormat.none }
            let relative = (value - reference) / abs(reference) * 100
            return (relative > 0.05 ? "+" : "") + ContactCentreFormat.number(relative, digits: 1) + "%"
        case .score: return (value - reference >= 0.005 ? "+" : "") + String(format: "%.2f", value - reference)
        case .points: return ContactCentreFormat.pointsChange(value - reference)
        }
    }
}
