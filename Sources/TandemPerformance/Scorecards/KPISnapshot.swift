import Foundation
import TandemPartners

/// A team's headline figures at a glance: each KPI's latest figure against its target, with the
/// direction it moved since the period before (better, worse or steady, judged by the KPI's
/// direction: a falling abandon rate is better). Built from two scorecard rows; thin figures
/// (below the minimum sample) show "too little data" and no trend.
public struct KPISnapshot: Codable, Sendable, Equatable {
    public enum Trend: String, Codable, Sendable {
        case better, worse, steady
        /// No trustworthy figure in one of the two periods.
        case unknown
    }

    public struct Item: Codable, Sendable, Equatable {
        public let kpi: KPIKind
        public let label: String
        public let value: Double?
        public let display: String
        public let target: Double?
        public let targetDisplay: String?
        public let status: TargetStatus?
        public let sampleSize: Int
        public let thin: Bool
        public let trend: Trend
        /// The change since the period before, in the KPI's unit ("+2.1 pts", "-12 s"); nil without a trend.
        public let change: String?

        /// ▲ when the value rose, ▼ when it fell, → when steady; empty without a trend.
        public var arrow: String {
            guard let change, trend != .unknown else { return "" }
            if trend == .steady { return "→" }
            return change.hasPrefix("-") ? "▼" : "▲"
        }
    }

    public let items: [Item]

    public init(items: [Item]) { self.items = items }

    /// The KPIs a snapshot shows when they have a figure or a target.
    public static let kpis: [KPIKind] = [.serviceLevel, .averageSpeedOfAnswer, .abandonRate, .averageHandleTime,
                                         .firstContactResolution, .customerSatisfaction, .qaScore]

    /// Changes smaller than this are "steady": 0.1 point for rates, 1 s for times, 0.05 for scores and points.
    public static func steadyBand(_ unit: KPIUnit) -> Double {
        switch unit {
        case .fraction: 0.001
        case .seconds: 1
        case .count: 0.5
        case .score, .points: 0.05
        }
    }

    public static func build(current: ScorecardRow?, previous: ScorecardRow?, kpis: [KPIKind] = kpis) -> KPISnapshot {
        let items: [Item] = kpis.compactMap { kind in
            guard let cell = current?.cell(kind), cell.value != nil || cell.target != nil else { return nil }
            var trend = Trend.unknown
            var change: String? = nil
            if let before = previous?.cell(kind), before.enoughData, cell.enoughData, let now = cell.value, let then = before.value,
               let direction = kind.direction {
                let delta = now - then
                change = KPILabels.formatChange(from: then, to: now, kind: kind, unit: cell.unit)
                if abs(delta) < steadyBand(cell.unit) { trend = .steady }
                else { trend = (delta > 0) == (direction == .higherIsBetter) ? .better : .worse }
            }
            return Item(kpi: kind, label: KPILabels.name(kind), value: cell.value, display: cell.display, target: cell.target,
                        targetDisplay: cell.target.map { KPILabels.formatTarget($0, kind: kind) }, status: cell.status,
                        sampleSize: cell.sampleSize, thin: cell.isThin, trend: trend, change: change)
        }
        return KPISnapshot(items: items)
    }
}
