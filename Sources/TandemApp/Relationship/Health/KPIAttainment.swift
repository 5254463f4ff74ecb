import Fluent
import Foundation
import TandemPerformance
import TandemRelationship

/// A partner's weekly scorecard figures judged against their targets, read from
/// `ScorecardService` (team grouping): the input of the health index's KPI target attainment,
/// the agenda's KPI misses and the QBR scorecard section.
enum KPIAttainment {
    /// One judged figure: a (team × KPI × week) cell that has a target and enough data.
    struct Judged: Sendable, Equatable {
        let period: ReportingPeriod
        let cell: ScorecardCell
        var status: TargetStatus { cell.status! }
    }

    /// Credit per status: met 1, near ½ (close to target, not there yet), missed 0.
    static func credit(_ status: TargetStatus) -> Double {
        switch status {
        case .met: 1
        case .near: 0.5
        case .missed: 0
        }
    }

    /// The ISO weeks (Monday to Sunday, UTC) that start in the quarter.
    static func weeks(in quarter: Quarter) -> ClosedRange<Int> {
        let first = ReportingPeriod(kind: .week, containing: UTCDay(quarter.firstDay.startOfDayUTC))
        let start = first.firstDay.start < quarter.firstDay.startOfDayUTC ? first.index + 1 : first.index
        let end = ReportingPeriod(kind: .week, containing: UTCDay(quarter.lastDay.startOfDayUTC)).index
        return start...max(start, end)
    }

    /// The partner team's judged weekly figures over the weeks given, in week then KPI order.
    /// Figures without a target, or below the minimum sample, are not judged and left out.
    static func judged(team: UUID, weeks: ClosedRange<Int>, on db: any Database) async throws -> [Judged] {
        let cards = try await ScorecardService.series(.week, first: weeks.lowerBound, count: weeks.count, grouping: .team, scope: .only(team),
                                                      context: .load(on: db), on: db)
        return cards.flatMap { card in
            (card.rows.first { $0.teamID == team }?.cells ?? []).filter { $0.status != nil }.map { Judged(period: card.period, cell: $0) }
        }
    }

    /// The health component: Σ credit ÷ judged figures × 100 over the quarter's weeks;
    /// excluded (nil score) when no figure had a target.
    static func component(team: UUID, quarter: Quarter, on db: any Database) async throws -> HealthComponent {
        let judged = try await judged(team: team, weeks: weeks(in: quarter), on: db)
        guard !judged.isEmpty else { return HealthComponent(kind: .kpiAttainment, score: nil, basis: "no weekly KPI figure with a target") }
        let count = { (s: TargetStatus) in judged.filter { $0.status == s }.count }
        let score = judged.reduce(0) { $0 + credit($1.status) } / Double(judged.count) * 100
        return HealthComponent(kind: .kpiAttainment, score: score,
                               basis: "\(count(.met)) met, \(count(.near)) near (half credit), \(count(.missed)) missed of \(judged.count) weekly KPI figure(s) with a target")
    }
}
