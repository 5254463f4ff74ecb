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
    }

    /// Builds a year (52 weeks) of weekly team × queue scorecards for every team, as the
    /// scorecard page does (settings, registry and targets loaded, then the rollups summed).
    public static func buildYear(_ app: Application) async throws -> YearOfScorecards {
        let last = try await ScorecardService.latestPeriod(.week, on: app.db) ?? ReportingPeriod(kind: .week, containing: UTCDay(Date()))
        let context = try await ScorecardService.Context.load(on: app.db)
        let cards = try await ScorecardService.series(.week, first: last.index - 51, count: 52, grouping: .queue, scope: .all, context: context, on: app.db)
        return YearOfScorecards(scorecards: cards.count, rows: cards.reduce(0) { $0 + $1.rows.count })
    }

    /// Rollup rows stored (what scorecards read).
    public static func rollupRowCount(_ app: Application) async throws -> Int {
        try await (app.db as! any SQLDatabase).select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from("contact_rollups").first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
