import Fluent
import Foundation
import SQLKit
import TandemPerformance
import Vapor

/// Scorecards as pages and the API read them: every period's sums (weeks and months) read once per
/// change of the performance data or the registry and kept by each server (`DerivedFigures`), and
/// the scorecards built from them kept too. The sums are the integers `ScorecardService` reads
/// straight from the database, so the scorecards are equal to the last digit (tests hold both
/// paths to the direct computation from the contacts).
struct ScorecardSource: Sendable {
    let context: ScorecardService.Context
    let weeks: ScorecardService.PeriodSums
    let months: ScorecardService.PeriodSums
    /// The last UTC day with data.
    let lastDay: Int?

    static let areas: [DataArea] = [.performance, .registry]

    static func load(on db: any Database) async throws -> ScorecardSource {
        let sql = db as! any SQLDatabase
        let context = try await ScorecardService.Context.load(on: db)
        let window = context.settings.kpi.repeatContactWindowDays
        return ScorecardSource(
            context: context,
            weeks: try await .load(.week, days: nil, teamIDs: nil, repeatContactWindowDays: window, on: sql),
            months: try await .load(.month, days: nil, teamIDs: nil, repeatContactWindowDays: window, on: sql),
            lastDay: try await ScorecardService.lastDay(on: db))
    }

    func latestPeriod(_ kind: PeriodKind) -> ReportingPeriod? {
        lastDay.map { ReportingPeriod(kind: kind, containing: UTCDay(daysSince1970: $0)) }
    }

    func series(_ kind: PeriodKind, first: Int, count: Int, grouping: ScorecardGrouping, scope: PartnerScope) -> [Scorecard] {
        ScorecardService.series(kind, first: first, count: count, grouping: grouping, scope: scope, context: context,
                                sums: kind == .week ? weeks : months, weeks: weeks)
    }

    /// Rollup items kept (what the memory holds grows with).
    var size: Int { (weeks.rollups.values.reduce(0) { $0 + $1.count } + months.rollups.values.reduce(0) { $0 + $1.count }) }
}

enum ScorecardFigures {
    /// The kept sums, read again after any change to the performance data or the registry.
    static func source(_ app: Application, versions: DataVersions) async throws -> ScorecardSource {
        let db = app.db
        return try await app.derivedFigures.value("scorecards:source", areas: ScorecardSource.areas, versions: versions) {
            let source = try await ScorecardSource.load(on: db)
            return (source, validUntil: .distantFuture, cost: source.size)
        }
    }

    static func source(_ req: Request) async throws -> ScorecardSource {
        try await source(req.application, versions: try await req.dataVersions())
    }

    /// Scorecards for `count` consecutive periods from `first`, kept per request shape and scope.
    static func series(_ app: Application, versions: DataVersions, _ kind: PeriodKind, first: Int, count: Int, grouping: ScorecardGrouping,
                       scope: PartnerScope) async throws -> [Scorecard] {
        guard count > 0 else { return [] }
        let key = "scorecards:\(kind.rawValue):\(first):\(count):\(grouping.rawValue):\(scope.cacheKey)"
        return try await app.derivedFigures.value(key, areas: ScorecardSource.areas, versions: versions) {
            let source = try await source(app, versions: versions)
            // Ranks are taken over every team the client sees; a partner user then gets its own rows
            // of the kept all-teams series with the rank it holds among them, or none when the
            // workspace hides ranks (issue 22).
            let cards = scope.partnerID == nil
                ? source.series(kind, first: first, count: count, grouping: grouping, scope: .all)
                : try await series(app, versions: versions, kind, first: first, count: count, grouping: grouping, scope: .all)
                    .map { ScorecardService.visible($0, to: scope, settings: source.context.settings) }
            return (cards, validUntil: .distantFuture, cost: cards.reduce(0) { $0 + $1.rows.count * max(1, $1.kpis.count) })
        }
    }

    static func series(_ req: Request, _ kind: PeriodKind, first: Int, count: Int, grouping: ScorecardGrouping, scope: PartnerScope) async throws -> [Scorecard] {
        try await series(req.application, versions: try await req.dataVersions(), kind, first: first, count: count, grouping: grouping, scope: scope)
    }

    static func latestPeriod(_ req: Request, _ kind: PeriodKind) async throws -> ReportingPeriod? {
        try await source(req).latestPeriod(kind)
    }
}

extension PartnerScope {
    /// Names the scope in keys of kept figures.
    var cacheKey: String {
        switch self {
        case .all: "all"
        case .only(let id): id.uuidString
        }
    }
}
