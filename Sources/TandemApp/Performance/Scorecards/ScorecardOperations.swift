import Fluent
import Foundation
import SQLKit
import TandemPerformance
import Vapor

/// What `tandem bench scorecards` times: the scorecards a year of history gives.
public enum ScorecardOperations {
    public struct YearOfScorecards: Sendable {
        public let scorecards: Int
        public let rows: Int
        let cards: [Scorecard]

        /// Every figure of every cell, to compare two ways of building them (not part of the timing).
        public var digest: String {
            cards.flatMap { card in card.rows.flatMap { row in row.cells.map { "\($0.value.map { String($0) } ?? "-")/\($0.numerator)/\($0.denominator)/\($0.status?.rawValue ?? "")/\($0.rank ?? 0)/\($0.baseline.map { String($0) } ?? "-")" } } }
                .joined(separator: ",")
        }
    }

    public enum Path: Sendable {
        /// Straight from the database: settings, registry and targets loaded, then the rollups summed.
        case database
        /// As pages read them: the data versions read, then the kept scorecards (built from the
        /// kept period sums after a change of the data).
        case kept
        /// As a page reads them right after a change of the data: nothing kept yet.
        case keptAfterChange
    }

    /// Builds a year (52 weeks) of weekly team × queue scorecards for every team.
    public static func buildYear(_ app: Application, path: Path = .database) async throws -> YearOfScorecards {
        let cards: [Scorecard]
        switch path {
        case .database:
            let last = try await ScorecardService.latestPeriod(.week, on: app.db) ?? ReportingPeriod(kind: .week, containing: UTCDay(Date()))
            let context = try await ScorecardService.Context.load(on: app.db)
            cards = try await ScorecardService.series(.week, first: last.index - 51, count: 52, grouping: .queue, scope: .all, context: context, on: app.db)
        case .kept, .keptAfterChange:
            if path == .keptAfterChange { app.derivedFigures.removeAll() }
            let versions = try await DataVersionStore.load(on: app.db)
            let last = try await ScorecardFigures.source(app, versions: versions).latestPeriod(.week) ?? ReportingPeriod(kind: .week, containing: UTCDay(Date()))
            cards = try await ScorecardFigures.series(app, versions: versions, .week, first: last.index - 51, count: 52, grouping: .queue, scope: .all)
        }
        return YearOfScorecards(scorecards: cards.count, rows: cards.reduce(0) { $0 + $1.rows.count }, cards: cards)
    }

    /// Rollup rows stored (what scorecards read).
    public static func rollupRowCount(_ app: Application) async throws -> Int {
        try await (app.db as! any SQLDatabase).select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from("contact_rollups").first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
