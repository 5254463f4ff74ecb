import Fluent
import Foundation
import SQLKit
import TandemPartners
import TandemPerformance
import Vapor

/// Loads what scorecards are built from: the daily rollups only (never the raw contacts), summed
/// per team × queue × period in the database, QA sums, and launch baselines; `ScorecardBuilder`
/// (the pure performance target) turns them into KPIs, targets and ranks. Integer sums make
/// SQLite and PostgreSQL agree to the last digit.
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

    /// Scorecards for `count` consecutive periods starting at `first`, in order.
    static func series(_ kind: PeriodKind, first: Int, count: Int, grouping: ScorecardGrouping, scope: PartnerScope,
                       context: Context, on db: any Database) async throws -> [Scorecard] {
        guard count > 0 else { return [] }
        let sql = db as! any SQLDatabase
        let periods = (0..<count).map { ReportingPeriod(kind: kind, index: first + $0) }
        let teams = scope.visible(context.directory.teams, owner: \.id)
        let teamIDs: [UUID]? = scope == .all ? nil : teams.map(\.id)
        let rollups = try await RollupStore.periodRollups(kind, fromDay: periods.first!.firstDay.daysSince1970,
                                                           toDay: periods.last!.endDay.daysSince1970, teamIDs: teamIDs,
                                                           repeatContactWindowDays: context.settings.kpi.repeatContactWindowDays, on: sql)
        var byPeriod: [Int: [RowKey: KPIRollup]] = [:]
        for item in rollups {
            let key = rowKey(team: item.teamID, queue: item.queueID, grouping: grouping, directory: context.directory)
            byPeriod[item.period.index, default: [:]][key, default: .empty] += item.rollup
        }
        let qa = grouping == .team ? try await qaTotals(kind, periods: periods, teamIDs: teamIDs, on: sql) : [:]
        let baselines = try await baselineRollups(teams: teams, grouping: grouping, context: context, on: sql)
        return periods.map { period in
            scorecard(period: period, grouping: grouping, rollups: byPeriod[period.index] ?? [:], qa: qa[period.index] ?? [:],
                      baselines: baselines, teams: teams, context: context)
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
    static func qaTotals(_ kind: PeriodKind, periods: [ReportingPeriod], teamIDs: [UUID]?, on sql: any SQLDatabase) async throws -> [Int: [UUID: (Int64, Int)]] {
        let select = sql.select().column("team_id").column("day")
            .column(SQLAlias(IntegerSum("score_milli"), as: SQLIdentifier("total")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLColumn("score_milli")), as: SQLIdentifier("scored")))
            .from("qa_evaluations")
            .where("day", .greaterThanOrEqual, periods.first!.firstDay.daysSince1970)
            .where("day", .lessThan, periods.last!.endDay.daysSince1970)
        if let teamIDs { select.where("team_id", .in, teamIDs) }
        let rows = try await select.groupBy("team_id").groupBy("day").all()
        var result: [Int: [UUID: (Int64, Int)]] = [:]
        for row in rows {
            let day = try row.decode(column: "day", as: Int.self)
            let index = ReportingPeriod(kind: kind, containing: UTCDay(daysSince1970: day)).index
            let team = try row.decode(column: "team_id", as: UUID.self)
            let total = try row.decode(column: "total", as: Int64?.self) ?? 0
            let scored = try row.decode(column: "scored", as: Int.self)
            let current = result[index, default: [:]][team] ?? (0, 0)
            result[index, default: [:]][team] = (current.0 + total, current.1 + scored)
        }
        return result
    }

    /// Each team's launch baseline rollup per row: its first N full weeks after go-live.
    static func baselineRollups(teams: [PerformanceDirectory.TeamInfo], grouping: ScorecardGrouping, context: Context,
                                on sql: any SQLDatabase) async throws -> [RowKey: KPIRollup] {
        var result: [RowKey: KPIRollup] = [:]
        for team in teams where team.kind == .partner {
            guard let goLive = team.goLive else { continue }
            let weeks = LaunchBaseline.weeks(goLive: UTCDay(goLive.startOfDayUTC), count: context.settings.baselineWeeks)
            let from = ReportingPeriod(kind: .week, index: weeks.lowerBound).firstDay.daysSince1970
            let to = ReportingPeriod(kind: .week, index: weeks.upperBound).firstDay.daysSince1970
            for item in try await RollupStore.periodRollups(.week, fromDay: from, toDay: to, teamIDs: [team.id],
                                                                      repeatContactWindowDays: context.settings.kpi.repeatContactWindowDays, on: sql) {
                result[rowKey(team: item.teamID, queue: item.queueID, grouping: grouping, directory: context.directory), default: .empty] += item.rollup
            }
        }
        return result
    }

    static func scorecard(period: ReportingPeriod, grouping: ScorecardGrouping, rollups: [RowKey: KPIRollup], qa: [UUID: (Int64, Int)],
                          baselines: [RowKey: KPIRollup], teams: [PerformanceDirectory.TeamInfo], context: Context) -> Scorecard {
        let totals = qa.mapValues { ScorecardBuilder.QATotals(points: Double($0.0) / 1000, scored: $0.1) }
        return context.builder(teams: teams, on: LocalDate(date: period.firstDay.start))
            .build(period: period, grouping: grouping, rollups: rollups, qa: totals, baselines: baselines)
    }

    /// The period holding the most recent data (nil when there is none).
    static func latestPeriod(_ kind: PeriodKind, on db: any Database) async throws -> ReportingPeriod? {
        let sql = db as! any SQLDatabase
        let row = try await sql.select().column(SQLAlias(SQLFunction("MAX", args: SQLColumn("day")), as: SQLIdentifier("last"))).from("contact_rollups").first()
        guard let day = try row?.decode(column: "last", as: Int?.self) else { return nil }
        return ReportingPeriod(kind: kind, containing: UTCDay(daysSince1970: day))
    }
}

extension Scorecard: Content {}
extension PerformanceSettings: Content {}
