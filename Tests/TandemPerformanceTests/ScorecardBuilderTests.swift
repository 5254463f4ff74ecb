import Foundation
import Testing
import TandemPartners
import TandemPerformance

/// The scorecard as the pure target builds it: rows per team, targets and their status, ranks
/// among comparable rows, and the QA score from database sums through the same function as
/// from evaluations.
@Suite struct ScorecardBuilderTests {
    let inHouse = ScorecardTeam(id: UUID(), name: "Our Team", kind: .inHouse, goLive: nil)
    let alpha = ScorecardTeam(id: UUID(), name: "Alpha", kind: .partner, goLive: nil)
    let bravo = ScorecardTeam(id: UUID(), name: "Bravo", kind: .partner, goLive: nil)
    let queue = ScorecardQueue(id: UUID(), code: "billing", name: "Billing", channelID: UUID(), channelName: "Voice", serviceLevelSeconds: 20)
    let week = ReportingPeriod(kind: .week, index: 2_900)

    func rollup(answered: Int, within: Int, abandoned: Int) -> KPIRollup {
        var rollup = KPIRollup(serviceLevelThreshold: 20)
        rollup.offered = answered + abandoned
        rollup.answered = answered
        rollup.answeredWithinThreshold = within
        rollup.abandonedAfterThreshold = abandoned
        return rollup
    }

    func builder(slTarget: Double?) -> ScorecardBuilder {
        ScorecardBuilder(teams: [inHouse, alpha, bravo], queues: [queue], kpiSettings: KPISettings(), nearBand: .relative(0.05)) { kind, _, _, _ in
            kind == .serviceLevel ? slTarget : nil
        }
    }

    @Test func every_team_has_a_row_ranked_on_comparable_figures_with_its_target_status() {
        let b = builder(slTarget: 0.80)
        let rollups: [ScorecardBuilder.RowKey: KPIRollup] = [
            b.rowKey(team: alpha.id, queue: queue.id, grouping: .team): rollup(answered: 90, within: 72, abandoned: 10),
            b.rowKey(team: bravo.id, queue: queue.id, grouping: .team): rollup(answered: 95, within: 90, abandoned: 5),
        ]
        let card = b.build(period: week, grouping: .team, rollups: rollups, qa: [:], baselines: [:])

        #expect(card.rows.map(\.teamName) == ["Our Team", "Alpha", "Bravo"])
        let a = card.rows[1].cell(.serviceLevel)!, br = card.rows[2].cell(.serviceLevel)!
        #expect(a.value == 72.0 / (90 + 10))
        #expect(br.value == 90.0 / (95 + 5))
        // 0.72 is below 0.80 − 5% of 0.80 = 0.76: missed; 0.90 meets 0.80.
        #expect(a.status == .missed)
        #expect(br.status == .met)
        #expect(br.rank == 1 && a.rank == 2)
        // Ranked among the 2 teams with a trustworthy figure: "2 of 2".
        #expect(br.rankOf == 2 && a.rankText == "2 of 2" && br.rankText == "1 of 2")
        // The in-house team without contacts has no figure, so no rank and no status.
        #expect(card.rows[0].cell(.serviceLevel)?.value == nil)
        #expect(card.rows[0].cell(.serviceLevel)?.rank == nil)
    }

    @Test func a_figure_below_its_minimum_sample_is_shown_as_too_little_data_and_not_ranked() {
        let b = builder(slTarget: nil)
        let rollups: [ScorecardBuilder.RowKey: KPIRollup] = [
            b.rowKey(team: alpha.id, queue: queue.id, grouping: .team): rollup(answered: 9, within: 9, abandoned: 0),
            b.rowKey(team: bravo.id, queue: queue.id, grouping: .team): rollup(answered: 95, within: 90, abandoned: 5),
        ]
        let card = b.build(period: week, grouping: .team, rollups: rollups, qa: [:], baselines: [:])
        let thin = card.rows[1].cell(.serviceLevel)!
        #expect(thin.sampleSize == 9)
        #expect(!thin.enoughData)
        #expect(thin.display == "too little data" && thin.isThin)
        #expect(thin.rank == nil && thin.rankOf == nil)
        // Only Bravo had enough contacts: with nobody to be ranked against, no rank at all (never "1 of 1").
        #expect(card.rows[2].cell(.serviceLevel)!.rank == nil && card.rows[2].cell(.serviceLevel)!.rankOf == nil)
    }

    /// The client ranks every team; a partner user's view keeps its own row with the rank it
    /// holds among all of them, never "#1 of 1" from being ranked against itself.
    @Test func a_partners_rank_is_the_one_the_client_sees() {
        let b = builder(slTarget: nil)
        let rollups: [ScorecardBuilder.RowKey: KPIRollup] = [
            b.rowKey(team: inHouse.id, queue: queue.id, grouping: .team): rollup(answered: 97, within: 95, abandoned: 3),
            b.rowKey(team: alpha.id, queue: queue.id, grouping: .team): rollup(answered: 90, within: 72, abandoned: 10),
            b.rowKey(team: bravo.id, queue: queue.id, grouping: .team): rollup(answered: 95, within: 90, abandoned: 5),
        ]
        let client = b.build(period: week, grouping: .team, rollups: rollups, qa: [:], baselines: [:])
        let partner = client.restricted(to: [bravo.id])
        #expect(partner.rows.map(\.teamName) == ["Bravo"])
        // SL: in-house 95 ÷ 100, Bravo 90 ÷ 100, Alpha 72 ÷ 100 → Bravo second of three.
        #expect(partner.rows[0].cell(.serviceLevel)?.rankText == "2 of 3")
        #expect(partner.rows[0].cells == client.rows.first { $0.teamID == bravo.id }!.cells)
        // Built over Bravo alone it used to say "#1": ranked against nobody, it now carries no rank.
        let alone = ScorecardBuilder(teams: [bravo], queues: [queue], kpiSettings: KPISettings(), nearBand: .relative(0.05)) { _, _, _, _ in nil }
            .build(period: week, grouping: .team, rollups: rollups, qa: [:], baselines: [:])
        #expect(alone.rows[0].cell(.serviceLevel)?.rank == nil)
        #expect(partner.withoutRanks().rows[0].cells.allSatisfy { $0.rank == nil && $0.rankOf == nil })
    }

    @Test func the_qa_score_from_sums_equals_the_score_from_evaluations() {
        let evaluations = (0..<40).map { i in
            QAEvaluation(sections: [QASection(name: "all", weight: 1, items: [.scored(earned: Double(60 + i % 5 * 10), possible: 100)])])
        }
        let direct = QAEvaluation.averageScore(of: evaluations)
        let points = evaluations.compactMap(\.score).reduce(0, +)
        // 8 of each of 60, 70, 80, 90, 100 → (60 + 70 + 80 + 90 + 100) × 8 ÷ 40 = 80.
        #expect(direct.value == 80)
        let b = builder(slTarget: nil)
        let card = b.build(period: week, grouping: .team, rollups: [:], qa: [alpha.id: .init(points: points, scored: 40)], baselines: [:])
        let cell = card.rows[1].cell(.qaScore)!
        #expect(cell.value == direct.value)
        #expect(cell.formula == direct.formula)
        #expect(cell.sampleSize == 40)
        // Queue rows carry no QA score (evaluations belong to teams).
        #expect(b.build(period: week, grouping: .queue, rollups: [:], qa: [:], baselines: [:]).kpis.contains(.qaScore) == false)
    }
}
