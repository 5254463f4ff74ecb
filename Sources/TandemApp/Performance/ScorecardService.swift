import Fluent
import Foundation
import SQLKit
import TandemPartners
import TandemPerformance
import Vapor

enum ScorecardGrouping: String, CaseIterable, Codable, Sendable {
    case team, queue, channel

    var label: String {
        switch self {
        case .team: "Team"
        case .queue: "Team × queue"
        case .channel: "Team × channel"
        }
    }
}

/// One figure on a scorecard: the result (with formula and sample), its target and status, the
/// launch baseline, and the rank among comparable rows.
struct ScorecardCell: Codable, Sendable, Equatable {
    let kpi: KPIKind
    let value: Double?
    let numerator: Double
    let denominator: Double
    let sampleSize: Int
    let enoughData: Bool
    let formula: String
    let unit: KPIUnit
    let target: Double?
    let status: TargetStatus?
    let baseline: Double?
    /// 1 = best among the rows compared (same queue/channel), nil when not ranked.
    var rank: Int?

    var display: String { enoughData || value == nil ? KPILabels.format(value, unit: unit) : "not enough data" }
}

struct ScorecardRow: Codable, Sendable, Equatable {
    let teamID: UUID
    let teamName: String
    let teamKind: TeamKind
    let queueID: UUID?
    let channelID: UUID?
    /// Queue or channel name; nil for team rows.
    let segment: String?
    var cells: [ScorecardCell]

    func cell(_ kind: KPIKind) -> ScorecardCell? { cells.first { $0.kpi == kind } }
}

struct Scorecard: Codable, Sendable, Equatable {
    let period: ReportingPeriod
    let grouping: ScorecardGrouping
    let kpis: [KPIKind]
    let rows: [ScorecardRow]
}

/// Builds scorecards from the daily rollups only (never the raw contacts): one query sums the
/// rollups per team × queue × period in the database; KPIs, targets, baselines and ranks follow in
/// memory. Integer sums make SQLite and PostgreSQL agree to the last digit.
enum ScorecardService {
    struct Context: Sendable {
        let settings: PerformanceSettings
        let directory: PerformanceDirectory
        let targets: TargetBook

        static func load(on db: any Database) async throws -> Context {
            Context(settings: try await PerformanceSettingsStore.load(on: db), directory: try await PerformanceDirectory.load(on: db),
                    targets: try await KPITargetService.book(on: db))
        }
    }

    /// Scorecards for `count` consecutive periods starting at `first`, in order.
    static func series(_ kind: PeriodKind, first: Int, count: Int, grouping: ScorecardGrouping, scope: PartnerScope,
                       context: Context, on db: any Database) async throws -> [Scorecard] {
        guard count > 0 else { return [] }
        let sql = db as! any SQLDatabase
        let periods = (0..<count).map { ReportingPeriod(kind: kind, index: first + $0) }
        let teams = context.directory.teams.filter { scope.includes($0.id) }
        let teamIDs: [UUID]? = scope == .all ? nil : teams.map(\.id)
        let rollups = try await ContactStore.periodRollups(kind, fromDay: periods.first!.firstDay.daysSince1970,
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

    struct RowKey: Hashable, Sendable {
        let teamID: UUID
        let queueID: UUID?
        let channelID: UUID?
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
            for item in try await ContactStore.periodRollups(.week, fromDay: from, toDay: to, teamIDs: [team.id],
                                                                      repeatContactWindowDays: context.settings.kpi.repeatContactWindowDays, on: sql) {
                result[rowKey(team: item.teamID, queue: item.queueID, grouping: grouping, directory: context.directory), default: .empty] += item.rollup
            }
        }
        return result
    }

    static func scorecard(period: ReportingPeriod, grouping: ScorecardGrouping, rollups: [RowKey: KPIRollup], qa: [UUID: (Int64, Int)],
                          baselines: [RowKey: KPIRollup], teams: [PerformanceDirectory.TeamInfo], context: Context) -> Scorecard {
        let directory = context.directory
        let settings = context.settings
        let day = LocalDate(date: period.firstDay.start)
        // Every team appears (side by side, in-house first) even without data; segments only where data exists.
        var keys: [RowKey] = []
        for team in teams {
            switch grouping {
            case .team: keys.append(RowKey(teamID: team.id, queueID: nil, channelID: nil))
            case .queue:
                keys += directory.queues.map { RowKey(teamID: team.id, queueID: $0.id, channelID: nil) }.filter { rollups[$0] != nil }
            case .channel:
                var seen = Set<UUID>()
                for queue in directory.queues where seen.insert(queue.channelID).inserted {
                    let key = RowKey(teamID: team.id, queueID: nil, channelID: queue.channelID)
                    if rollups[key] != nil { keys.append(key) }
                }
            }
        }
        var rows: [ScorecardRow] = keys.map { key in
            let team = directory.team(key.teamID)!
            let queue = key.queueID.flatMap(directory.queue)
            let channelName = key.channelID.flatMap { id in directory.queues.first { $0.channelID == id }?.channelName }
            let kpis = ContactKPIs(rollup: rollups[key] ?? .empty, settings: settings.kpi)
            let baseline = baselines[key].map { ContactKPIs(rollup: $0, settings: settings.kpi) }
            let cells: [ScorecardCell] = KPILabels.scorecardKPIs.compactMap { kind in
                let result: KPIResult
                var baseResult: KPIResult? = nil
                if kind == .qaScore {
                    guard grouping == .team else { return nil }
                    let (total, scored) = qa[key.teamID] ?? (0, 0)
                    result = KPIResult(kind: .qaScore, value: scored > 0 ? Double(total) / 1000 / Double(scored) : nil,
                                       numerator: Double(total) / 1000, denominator: Double(scored), sampleSize: scored,
                                       minimumSample: settings.kpi.minimumSample,
                                       formula: "mean of evaluation scores (weighted mean of section scores; N/A items excluded; an auto-fail scores 0)",
                                       unit: .points)
                } else {
                    guard let found = kpis.all.first(where: { $0.kind == kind }) else { return nil }
                    result = found
                    baseResult = baseline?.all.first(where: { $0.kind == kind })
                }
                let target = context.targets.target(for: kind, team: key.teamID, queue: queue, channelID: key.channelID, on: day)
                let status = target.flatMap { t in kind.direction.map { KPITarget(target: t.target, direction: $0, nearBand: settings.nearBand).status(of: result) } } ?? nil
                return ScorecardCell(kpi: kind, value: result.value, numerator: result.numerator, denominator: result.denominator,
                                     sampleSize: result.sampleSize, enoughData: result.status == .value, formula: result.formula, unit: result.unit,
                                     target: target?.target, status: status,
                                     baseline: baseResult.flatMap { $0.status == .value ? $0.value : nil }, rank: nil)
            }
            return ScorecardRow(teamID: team.id, teamName: team.name, teamKind: team.kind, queueID: key.queueID, channelID: key.channelID,
                                segment: queue?.name ?? channelName, cells: cells)
        }
        rank(&rows)
        return Scorecard(period: period, grouping: grouping, kpis: KPILabels.scorecardKPIs.filter { grouping == .team || $0 != .qaScore }, rows: rows)
    }

    /// Ranks rows that measure the same thing (same queue or channel) on each KPI with a direction;
    /// only trustworthy figures are ranked. Ties share a rank.
    static func rank(_ rows: inout [ScorecardRow]) {
        let groups = Dictionary(grouping: rows.indices) { "\(rows[$0].queueID?.uuidString ?? "")|\(rows[$0].channelID?.uuidString ?? "")" }
        for indices in groups.values {
            for (cellIndex, kind) in (rows.first?.cells.map(\.kpi) ?? []).enumerated() {
                guard let direction = kind.direction else { continue }
                let ranked = indices.compactMap { index -> (Int, Double)? in
                    guard cellIndex < rows[index].cells.count, rows[index].cells[cellIndex].enoughData, let value = rows[index].cells[cellIndex].value else { return nil }
                    return (index, value)
                }
                for (index, value) in ranked {
                    let better = ranked.filter { direction == .higherIsBetter ? $0.1 > value : $0.1 < value }.count
                    rows[index].cells[cellIndex].rank = better + 1
                }
            }
        }
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
