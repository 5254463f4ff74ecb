import Testing
import TandemFrontline
import TandemPartners
import TandemPerformance

@Suite struct LeaderboardTests {
    let april = DayRange(ReportingPeriod(kind: .month, containing: day("2026-04-01")))

    /// Billing averages 64 000 s ÷ 160 = 400 s, tech 45 000 s ÷ 150 = 300 s.
    let ahtTallies = [
        AgentQueueTally(agentID: "A", queueID: "billing", numerator: 50 * 420, denominator: 50),
        AgentQueueTally(agentID: "A", queueID: "tech", numerator: 50 * 330, denominator: 50),
        AgentQueueTally(agentID: "B", queueID: "billing", numerator: 100 * 390, denominator: 100),
        AgentQueueTally(agentID: "C", queueID: "tech", numerator: 100 * 285, denominator: 100),
        AgentQueueTally(agentID: "D", queueID: "billing", numerator: 10 * 400, denominator: 10),
    ]

    @Test func normalised_aht_ranks_agents_against_their_own_queue_mix_and_leaves_out_thin_samples() throws {
        let contest = try Contest(name: "April AHT", metric: .averageHandleTime, period: april, minimumSamplePerAgent: 30)

        let board = try Leaderboard(contest: contest, tallies: ahtTallies)

        // C 28 500 ÷ (100 × 300) = 0.95; B 39 000 ÷ (100 × 400) = 0.975; A 37 500 ÷ (50 × 400 + 50 × 300) = 1.0714
        #expect(board.ranked.map(\.agentID) == ["C", "B", "A"])
        #expect(board.ranked.map(\.rank) == [1, 2, 3])
        let indices: [Double?] = [28_500.0 / 30_000, 39_000.0 / 40_000, 37_500.0 / 35_000]
        #expect(board.ranked.map(\.index) == indices)
        #expect(board.ranked[2].value.value == 37_500.0 / 100)
        #expect(board.ranked[2].explanation == "AHT 37500 ÷ 100 = 375; at queue averages: billing 50 × 400 + tech 50 × 300 = 35000; index 37500 ÷ 35000 = 1.0714")
        #expect(board.winners.map(\.agentID) == ["C"])
        #expect(board.unranked.map(\.agentID) == ["D"])
        #expect(board.unranked[0].explanation == "not ranked: 10 contacts < 30 minimum")
        #expect(board.unranked[0].value.shownValue == nil)
    }

    @Test func without_normalisation_the_raw_figure_ranks() throws {
        let contest = try Contest(name: "April AHT", metric: .averageHandleTime, period: april, minimumSamplePerAgent: 30, normalisePerQueue: false)

        let board = try Leaderboard(contest: contest, tallies: ahtTallies)

        // C 285 s, A 375 s, B 390 s: A's easy tech contacts lift it above B.
        #expect(board.ranked.map(\.agentID) == ["C", "A", "B"])
        let scores: [Double?] = [285, 375, 390]
        #expect(board.ranked.map(\.score) == scores)
    }

    @Test func ties_share_a_rank_and_all_win_at_the_prize_line() throws {
        let contest = try Contest(name: "QA stars", metric: .qaScore, period: april, minimumSamplePerAgent: 10, normalisePerQueue: false)
        let tallies = [
            AgentQueueTally(agentID: "E", queueID: "billing", numerator: 10 * 90, denominator: 10),
            AgentQueueTally(agentID: "F", queueID: "billing", numerator: 20 * 90, denominator: 20),
            AgentQueueTally(agentID: "G", queueID: "billing", numerator: 12 * 88, denominator: 12),
            AgentQueueTally(agentID: "H", queueID: "billing", numerator: 5 * 100, denominator: 5),
        ]

        let board = try Leaderboard(contest: contest, tallies: tallies)

        #expect(board.ranked.map(\.agentID) == ["E", "F", "G"])
        #expect(board.ranked.map(\.rank) == [1, 1, 3])
        #expect(board.winners.map(\.agentID) == ["E", "F"])
        #expect(board.unranked.map(\.agentID) == ["H"])   // a perfect 100 on 5 evaluations does not win
    }

    @Test func impossible_tallies_name_the_row_and_field() throws {
        let contest = try Contest(name: "QA stars", metric: .qaScore, period: april)

        let errors = fieldErrors {
            _ = try Leaderboard(contest: contest, tallies: [
                AgentQueueTally(agentID: "E", queueID: "billing", numerator: 900, denominator: 10),
                AgentQueueTally(agentID: "F", queueID: "billing", numerator: 1_200, denominator: 10),
                AgentQueueTally(agentID: "", queueID: "billing", numerator: 10, denominator: -1),
            ])
        }

        #expect(errors?.messages == [
            "tallies[2].numerator": "1200.0 is more than 100 × 10",
            "tallies[3].agent_id": "is required",
            "tallies[3].denominator": "must not be negative (it is -1)",
        ])
        #expect(fieldErrors { _ = try Contest(name: " ", metric: .qaScore, period: april, prizes: 0) }?.messages.keys.sorted() == ["name", "prizes"])
    }
}
