import Foundation
import Fluent
import TandemPerformance

/// Scorecards as a person may see them. Ranks are always taken over every team the client sees
/// (`ScorecardBuilder.rank` over the full scorecard); a partner user then gets its own rows only,
/// with the rank it holds among all of them ("2 of 4", never "#1 of 1"), or no rank when the
/// workspace hides ranks from partners (Performance settings). Reads `ScorecardService.series`
/// through its public API only.
extension ScorecardService {
    static func visibleSeries(_ kind: PeriodKind, first: Int, count: Int, grouping: ScorecardGrouping, scope: PartnerScope,
                              context: Context, on db: any Database) async throws -> [Scorecard] {
        let cards = try await series(kind, first: first, count: count, grouping: grouping, scope: .all, context: context, on: db)
        return cards.map { visible($0, to: scope, settings: context.settings) }
    }

    static func visible(_ card: Scorecard, to scope: PartnerScope, settings: PerformanceSettings) -> Scorecard {
        guard let own = scope.partnerID else { return card }
        let mine = card.restricted(to: [own])
        return settings.partners.ranks == .hidden ? mine.withoutRanks() : mine
    }
}
