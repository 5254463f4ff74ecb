import Fluent
import Foundation
import TandemPartners
import TandemPerformance

/// The per-partner KPI snapshot (figure vs target, trend arrow) on the partner list, the partner
/// page and the QBR pack. Reads scorecards through `ScorecardService.visibleSeries` only.
enum KPISnapshotService {
    /// Each visible team's snapshot: the latest week with data against the week before.
    static func latest(scope: PartnerScope, on db: any Database) async throws -> (period: ReportingPeriod, snapshots: [UUID: KPISnapshot])? {
        guard let latest = try await ScorecardService.latestPeriod(.week, on: db) else { return nil }
        let context = try await ScorecardService.Context.load(on: db)
        let cards = try await ScorecardService.visibleSeries(.week, first: latest.index - 1, count: 2, grouping: .team, scope: scope, context: context, on: db)
        var out: [UUID: KPISnapshot] = [:]
        for row in cards[1].rows {
            out[row.teamID] = KPISnapshot.build(current: row, previous: cards[0].rows.first { $0.teamID == row.teamID })
        }
        return (latest, out)
    }

    /// The partner page's section.
    static func section(team: UUID, scope: PartnerScope, on db: any Database) async throws -> HTML {
        guard let latest = try await latest(scope: scope, on: db), let snapshot = latest.snapshots[team] else { return .empty }
        return KPISnapshotViews.section(snapshot, period: latest.period)
    }
}

enum KPISnapshotViews {
    /// One figure: value (greyed when thin), its target, the arrow and the change since the period before.
    static func item(_ i: KPISnapshot.Item) -> HTML {
        let css = i.thin ? "thin" : i.status.map { "status-\($0.rawValue)" } ?? ""
        let trendCSS = i.trend == .better ? "trend-up" : i.trend == .worse ? "trend-down" : "trend-flat"
        let trendWord = i.trend == .unknown ? "" : i.trend.rawValue
        let arrow: HTML = i.arrow.isEmpty ? .empty
            : "<span class=\"\(trendCSS)\" title=\"\(trendWord) than the period before (\(i.change ?? ""))\" aria-label=\"\(trendWord)\">\(i.arrow) \(i.change ?? "")</span>"
        let target: HTML = i.targetDisplay.map { HTML("<span class=\"target\">target \($0)</span>") } ?? .empty
        let sample: HTML = i.thin ? "<span class=\"sample\">n = \(ContactCentreFormat.count(i.sampleSize))</span>" : .empty
        return "<span class=\"kpi \(css)\">\(i.display)</span> \(arrow)\(target)\(sample)"
    }

    /// Compact cells for a list: "SL 81.3% ▲ +2.0 pts (target 80.0%)".
    static func compact(_ snapshot: KPISnapshot?, kpis: [KPIKind] = [.serviceLevel, .abandonRate, .averageHandleTime]) -> [HTML] {
        kpis.map { kind in
            guard let i = snapshot?.items.first(where: { $0.kpi == kind }) else { return "<span class=\"muted\">—</span>" }
            return item(i)
        }
    }

    static func cards(_ snapshot: KPISnapshot) -> HTML {
        let cards: [HTML] = snapshot.items.map { i in
            "<div class=\"card snapshot\(i.thin ? " thin" : "")\"><div class=\"card-title\">\(i.label)</div><div class=\"card-figure\">\(item(i))</div></div>"
        }
        return "<div class=\"cards\" id=\"kpi-snapshot\">\(cards)</div>"
    }

    static func section(_ snapshot: KPISnapshot, period: ReportingPeriod) -> HTML {
        guard !snapshot.items.isEmpty else { return .empty }
        return """
        <section id="partner-snapshot"><div class="section-head"><h2>KPIs, \(period.displayName)</h2>\(Components.link(.performance, "Scorecards"))</div>
        \(cards(snapshot))
        <p class="how">Each figure against its target; the arrow shows how it moved since the week before (green better, red worse, → within \(ContactCentreFormat.number(0.1)) pt / 1 s). Figures below the minimum sample are greyed and marked “\(ThinData.label)”, without a trend.</p>
        </section>
        """
    }
}
