import Fluent
import Foundation
import SQLKit
import TandemPartners
import TandemPerformance
import Vapor

/// Loads what scorecards are built from: the daily rollups only (never the raw contacts), summed
/// per team × queue × period in the database, QA sums, and launch baselines; `ScorecardBuilder`
/// (the pure performance target) turns them into KPIs, targets and ranks. Integer sums make
/// SQLite and PostgreSQL agree to the last digit. Pages read the same sums kept in memory per
/// change of the data (`ScorecardFigures`): the same integers, so the same scorecards.
enum ScorecardService {
    struct Context: Sendable {
        let settings: PerformanceSettings
        let directory: PerformanceDirectory
        let targets: TargetBook

        static func load(on db: any Database) async throws -> Context {
            Context(settings: try await PerformanceSettingsStore.load(on: db), directory: try await PerformanceDirectory.load(on: db),
                    targets: try await KPITargetService.book(on: db))
        }

        /// The builder for scorecards whose targets apply on `day`.
        func builder(teams: [ScorecardTeam], on day: LocalDate) -> ScorecardBuilder {
            let targets = self.targets
            return ScorecardBuilder(teams: teams, queues: directory.queues, kpiSettings: settings.kpi, nearBand: settings.nearBand) { kind, team, queue, channel in
                targets.target(for: kind, team: team, queue: queue, channelID: channel, on: day)?.target
            }
        }
    }

    typealias RowKey = ScorecardBuilder.RowKey

    /// Σ QA score (milli-points) and evaluations scored, for one team in one period.
    struct QASum: Sendable, Equatable {
        var milliPoints: Int64 = 0
        var scored = 0
    }

    /// The rollups summed per period (one item per team × queue × period × T × S, as
    /// `RollupStore.periodRollups` gives them) and the QA sums per period and team.
    struct PeriodSums: Sendable {
        let kind: PeriodKind
        var rollups: [Int: [RollupStore.PeriodRollup]] = [:]
        var qa: [Int: [UUID: QASum]] = [:]

        /// Reads the sums over `days` (nil: every day stored) for `teamIDs` (nil: every team).
        static func load(_ kind: PeriodKind, days: Range<Int>?, teamIDs: [UUID]?, repeatContactWindowDays: Int,
                         on sql: any SQLDatabase) async throws -> PeriodSums {
            var sums = PeriodSums(kind: kind)
            if let days, days.isEmpty { return sums }
            for item in try await RollupStore.periodRollups(kind, days: days, teamIDs: teamIDs, repeatContactWindowDays: repeatContactWindowDays, on: sql) {
                sums.rollups[item.period.index, default: []].append(item)
            }
            sums.qa = try await qaTotals(kind, days: days, teamIDs: teamIDs, on: sql)
            return sums
        }
    }

    /// Scorecards for `count` consecutive periods starting at `first`, in order, read from the database.
    static func series(_ kind: PeriodKind, first: Int, count: Int, grouping: ScorecardGrouping, scope: PartnerScope,
                       context: Context, on db: any Database) async throws -> [Scorecard] {
        guard count > 0 else { return [] }
        let sql = db as! any SQLDatabase
        let periods = (0..<count).map { ReportingPeriod(kind: kind, index: first + $0) }
        let teams = scope.visible(context.directory.teams, owner: \.id)
        let teamIDs: [UUID]? = scope == .all ? nil : teams.map(\.id)
        let window = context.settings.kpi.repeatContactWindowDays
        let sums = try await PeriodSums.load(kind, days: periods.first!.firstDay.daysSince1970..<periods.last!.endDay.daysSince1970,
                                             teamIDs: teamIDs, repeatContactWindowDays: window, on: sql)
        let launched = baselineWeeks(teams: teams, context: context)
        let weeks = try await PeriodSums.load(.week, days: launched.days, teamIDs: launched.teams, repeatContactWindowDays: window, on: sql)
        return series(kind, first: first, count: count, grouping: grouping, scope: scope, context: context, sums: sums, weeks: weeks)
    }

    /// Scorecards for `count` consecutive periods from sums already read: `sums` of the kind asked,
    /// `weeks` covering the partners' launch weeks. Pure computation.
    static func series(_ kind: PeriodKind, first: Int, count: Int, grouping: ScorecardGrouping, scope: PartnerScope,
                       context: Context, sums: PeriodSums, weeks: PeriodSums) -> [Scorecard] {
        guard count > 0 else { return [] }
        let teams = scope.visible(context.directory.teams, owner: \.id)
        let visible = Set(teams.map(\.id))
        let baselines = baselineRollups(teams: teams, grouping: grouping, context: context, weeks: weeks)
        return (0..<count).map { offset in
            let period = ReportingPeriod(kind: kind, index: first + offset)
            var rollups: [RowKey: KPIRollup] = [:]
            for item in sums.rollups[period.index] ?? [] where visible.contains(item.teamID) {
                rollups[rowKey(team: item.teamID, queue: item.queueID, grouping: grouping, directory: context.directory), default: .empty] += item.rollup
            }
            let qa = (sums.qa[period.index] ?? [:]).filter { visible.contains($0.key) }
            return scorecard(period: period, grouping: grouping, rollups: rollups, qa: qa, baselines: baselines, teams: teams, context: context)
        }
    }

    static func scorecard(_ period: ReportingPeriod, grouping: ScorecardGrouping, scope: PartnerScope, on db: any Database) async throws -> Scorecard {
        try await series(period.kind, first: period.index, count: 1, grouping: grouping, scope: scope, context: .load(on: db), on: db)[0]
    }

    static func rowKey(team: UUID, queue: UUID, grouping: ScorecardGrouping, directory: PerformanceDirectory) -> RowKey {
        switch grouping {
        case .team: RowKey(teamID: team, queueID: nil, channelID: nil)
        case .queue: RowKey(teamID: team, queueID: queue, channelID: nil)
        case .channel: RowKey(teamID: team, queueID: nil, channelID: directory.queue(queue)?.channelID)
        }
    }

    /// Σ QA score (milli-points) and evaluations scored, per period and team.
    static func qaTotals(_ kind: PeriodKind, days: Range<Int>?, teamIDs: [UUID]?, on sql: any SQLDatabase) async throws -> [Int: [UUID: QASum]] {
        let select = sql.select().column("team_id").column("day")
            .column(SQLAlias(IntegerSum("score_milli"), as: SQLIdentifier("total")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLColumn("score_milli")), as: SQLIdentifier("scored")))
            .from("qa_evaluations")
        if let days { select.where("day", .greaterThanOrEqual, days.lowerBound).where("day", .lessThan, days.upperBound) }
        if let teamIDs { select.where("team_id", .in, teamIDs) }
        let rows = try await select.groupBy("team_id").groupBy("day").all()
        var result: [Int: [UUID: QASum]] = [:]
        for row in rows {
            let day = try row.decode(column: "day", as: Int.self)
            let index = ReportingPeriod(kind: kind, containing: UTCDay(daysSince1970: day)).index
            let team = try row.decode(column: "team_id", as: UUID.self)
            result[index, default: [:]][team, default: QASum()].milliPoints += try row.decode(column: "total", as: Int64?.self) ?? 0
            result[index, default: [:]][team, default: QASum()].scored += try row.decode(column: "scored", as: Int.self)
        }
        return result
    }

    /// The weeks that launch baselines need: the partner teams with a go-live, and the days
    /// from the first one's first baseline week to the last one's end.
    static func baselineWeeks(teams: [PerformanceDirectory.TeamInfo], context: Context) -> (teams: [UUID], days: Range<Int>) {
        var ids: [UUID] = [], lower = Int.max, upper = Int.min
        for team in teams where team.kind == .partner {
            guard let goLive = team.goLive else { continue }
            let weeks = LaunchBaseline.weeks(goLive: UTCDay(goLive.startOfDayUTC), count: context.settings.baselineWeeks)
            ids.append(team.id)
            lower = min(lower, ReportingPeriod(kind: .week, index: weeks.lowerBound).firstDay.daysSince1970)
            upper = max(upper, ReportingPeriod(kind: .week, index: weeks.upperBound).firstDay.daysSince1970)
        }
        return (ids, ids.isEmpty ? 0..<0 : lower..<max(lower, upper))
    }

    /// Each partner team's launch baseline rollup per row: its first N full weeks after go-live.
    static func baselineRollups(teams: [PerformanceDirectory.TeamInfo], grouping: ScorecardGrouping, context: Context,
                                weeks: PeriodSums) -> [RowKey: KPIRollup] {
        var result: [RowKey: KPIRollup] = [:]
        for team in teams where team.kind == .partner {
            guard let goLive = team.goLive else { continue }
            let span = LaunchBaseline.weeks(goLive: UTCDay(goLive.startOfDayUTC), count: context.settings.baselineWeeks)
            for week in span.lowerBound..<max(span.lowerBound, span.upperBound) {
                for item in weeks.rollups[week] ?? [] where item.teamID == team.id {
                    result[rowKey(team: item.teamID, queue: item.queueID, grouping: grouping, directory: context.directory), default: .empty] += item.rollup
                }
            }
        }
        return result
    }

    static func scorecard(period: ReportingPeriod, grouping: ScorecardGrouping, rollups: [RowKey: KPIRollup], qa: [UUID: QASum],
                          baselines: [RowKey: KPIRollup], teams: [PerformanceDirectory.TeamInfo], context: Context) -> Scorecard {
        let totals = qa.mapValues { ScorecardBuilder.QATotals(points: Double($0.milliPoints) / 1000, scored: $0.scored) }
        return context.builder(teams: teams, on: LocalDate(date: period.firstDay.start))
            .build(period: period, grouping: grouping, rollups: rollups, qa: totals, baselines: baselines)
    }

    /// The last UTC day with data (nil when there is none).
    static func lastDay(on db: any Database) async throws -> Int? {
        let sql = db as! any SQLDatabase
        let row = try await sql.select().column(SQLAlias(SQLFunction("MAX", args: SQLColumn("day")), as: SQLIdentifier("last"))).from("contact_rollups").first()
        return try row?.decode(column: "last", as: Int?.self)
    }

    /// The period holding the most recent data (nil when there is none).
    static func latestPeriod(_ kind: PeriodKind, on db: any Database) async throws -> ReportingPeriod? {
        try await lastDay(on: db).map { ReportingPeriod(kind: kind, containing: UTCDay(daysSince1970: $0)) }
    }
}

extension Scorecard: Content {}
extension PerformanceSettings: Content {}
