import Testing
@testable import TandemSelection

func close(_ value: Double?, _ expected: Double, _ tolerance: Double = 1e-9) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= tolerance
}

@Suite struct WeightedScoringTests {
    let culture = Criterion(id: "culture", name: "Culture and values fit", group: "Fit", weight: 30)
    let cost = Criterion(id: "cost", name: "Cost", group: "Commercial", weight: 50)
    let security = Criterion(id: "security", name: "Security and compliance", group: "Risk", weight: 20, passMark: 3)

    @Test func a_missing_score_is_left_out_and_the_weights_renormalised() {
        // Ana scores culture 5 and cost 4; Ben scores culture 2 only; nobody scores security.
        let x = CandidateScores(candidateID: "x", name: "Xeno CX", evaluations: [
            EvaluatorScores(evaluator: "ana", scores: ["culture": 5, "cost": 4]),
            EvaluatorScores(evaluator: "ben", scores: ["culture": 2]),
        ])
        let outcome = SelectionScoring.evaluate(criteria: [culture, cost, security], candidates: [x])
        let result = try! #require(outcome.candidate("x"))
        // Culture: mean of the two who scored it (5 + 2) ÷ 2 = 3.5 → (3.5 − 1) ÷ 4 = 0.625 of the scale.
        #expect(close(result.criterion("culture")?.mean, 3.5))
        #expect(close(result.criterion("culture")?.normalised, 0.625))
        // Cost: Ana alone (Ben's blank is not a zero): 4 → (4 − 1) ÷ 4 = 0.75.
        #expect(close(result.criterion("cost")?.mean, 4))
        // Security: nobody scored it, so it leaves the total and the weights renormalise over 30 + 50.
        #expect(result.unscored == ["security"])
        // 100 × (30 × 0.625 + 50 × 0.75) ÷ (30 + 50) = 100 × 56.25 ÷ 80 = 70.3125
        #expect(close(result.total, 70.3125))
        #expect(close(result.coverage, 0.8))
        // The must-have was never scored: not knocked out, but not cleared either.
        #expect(result.knockOutsUnassessed == ["security"])
        #expect(result.standing == .ranked && result.rank == 1)
    }

    @Test func spread_between_evaluators_is_flagged_above_the_threshold() {
        let y = CandidateScores(candidateID: "y", name: "Yarrow", evaluations: [
            EvaluatorScores(evaluator: "ana", scores: ["culture": 5, "cost": 3, "security": 4]),
            EvaluatorScores(evaluator: "ben", scores: ["culture": 2, "cost": 4, "security": 4]),
            EvaluatorScores(evaluator: "cy", scores: ["culture": 2, "cost": 3, "security": 4]),
        ])
        let result = SelectionScoring.evaluate(criteria: [culture, cost, security], candidates: [y]).candidates[0]
        let c = try! #require(result.criterion("culture"))
        // Culture 5, 2, 2: spread 3 on a 1–5 scale; threshold 25% of the range 4 = 1 point.
        #expect(c.spread == 3)
        // Mean 3; deviations 2, −1, −1 → population SD = √(6 ÷ 3) = √2.
        #expect(close(c.standardDeviation, 2.0.squareRoot()))
        #expect(c.disagreement)
        // Cost 3, 4, 3: spread 1 is exactly the threshold, not above it.
        #expect(result.criterion("cost")?.spread == 1)
        #expect(result.criterion("cost")?.disagreement == false)
        #expect(result.criterion("security")?.spread == 0)
        // A stricter threshold (20% → 0.8 points) flags the spread of 1.
        let strict = SelectionScoring.evaluate(criteria: [culture, cost, security], candidates: [y], rules: .init(disagreementThreshold: 0.2)).candidates[0]
        #expect(strict.criterion("cost")?.disagreement == true)
    }

    @Test func knock_outs_leave_the_ranking_and_equal_totals_share_a_rank() {
        func one(_ id: String, _ culture: Double, _ cost: Double, _ security: Double) -> CandidateScores {
            CandidateScores(candidateID: id, name: id.uppercased(), evaluations: [
                EvaluatorScores(evaluator: "ana", scores: ["culture": culture, "cost": cost, "security": security]),
            ])
        }
        let outcome = SelectionScoring.evaluate(criteria: [culture, cost, security], candidates: [
            one("a", 5, 3, 3),   // 100 × (30×1 + 50×0.5 + 20×0.5) ÷ 100 = 65
            one("b", 3, 4, 3),   // 100 × (30×0.5 + 50×0.75 + 20×0.5) ÷ 100 = 62.5
            one("c", 4, 4, 1),   // security 1 < pass mark 3: knocked out despite 100 × (22.5 + 37.5 + 0) ÷ 100 = 60
            one("d", 1, 5, 5),   // 100 × (0 + 50 + 20) ÷ 100 = 70
            one("e", 5, 3, 3),   // the same 65 as A
        ])
        #expect(outcome.candidates.map(\.candidateID) == ["d", "a", "e", "b", "c"])
        #expect(outcome.candidates.map(\.rank) == [1, 2, 2, 4, nil])
        #expect(close(outcome.candidate("c")?.total, 60))
        #expect(outcome.candidate("c")?.standing == .knockedOut)
        #expect(outcome.candidate("c")?.knockOuts == ["security"])
        #expect(outcome.winners == ["d"])
    }

    @Test func a_candidate_scored_on_too_little_of_the_weight_is_not_ranked() {
        let thin = CandidateScores(candidateID: "t", name: "Thin", evaluations: [EvaluatorScores(evaluator: "ana", scores: ["culture": 5])])
        let outcome = SelectionScoring.evaluate(criteria: [culture, cost, security], candidates: [thin])
        // Culture carries 30 of 100: below the 50% minimum coverage.
        #expect(outcome.candidates[0].standing == .notEnoughScored)
        #expect(outcome.candidates[0].rank == nil)
        #expect(close(outcome.candidates[0].total, 100))
        #expect(outcome.winners.isEmpty)
    }

    @Test func the_top_tied_has_two_winners_and_no_sensitivity() {
        let twin = { (id: String) in CandidateScores(candidateID: id, name: id, evaluations: [EvaluatorScores(evaluator: "ana", scores: ["culture": 4, "cost": 4, "security": 4])]) }
        let outcome = SelectionScoring.evaluate(criteria: [culture, cost, security], candidates: [twin("p"), twin("q")])
        #expect(outcome.winners == ["p", "q"])
        #expect(outcome.sensitivity.isEmpty)
    }

    @Test func criteria_are_checked() {
        let problems = CriteriaCheck.problems([
            Criterion(id: "1", name: "Cost", weight: 0),
            Criterion(id: "2", name: "cost", weight: 10),
            Criterion(id: "3", name: "Security", weight: 10, scale: .oneToFive, passMark: 7),
        ])
        #expect(problems["criteria[0].weight"] != nil)
        #expect(problems["criteria[1].name"] == "is used by another criterion")
        #expect(problems["criteria[2].passMark"] == "must lie on the criterion's scale (1–5)")
        #expect(CriteriaCheck.problems([])["criteria"] != nil)
        #expect(ScoreScale(minimum: 5, maximum: 5) == nil)
    }
}

@Suite struct ScoreScaleTextTests {
    /// A scale at the edge of Double's range is described, not a crash (schemathesis found it:
    /// converting 1.8e308 to Int trapped and took the server down).
    @Test func a_huge_scale_is_described_without_trapping() throws {
        let scale = try #require(ScoreScale(minimum: -1.7976931348623157e308, maximum: 1.7976931348623157e308))
        #expect(scale.description == "-1.79769e+308–1.79769e+308")
        #expect(try #require(ScoreScale(minimum: 1, maximum: 5)).description == "1–5")
    }
}
