import Testing
@testable import TandemSelection

@Suite struct SensitivityTests {
    let cost = Criterion(id: "cost", name: "Cost", weight: 60)
    let quality = Criterion(id: "quality", name: "Quality", weight: 40)

    func candidate(_ id: String, _ scores: [String: Double]) -> CandidateScores {
        CandidateScores(candidateID: id, name: id, evaluations: [EvaluatorScores(evaluator: "ana", scores: scores)])
    }

    @Test func the_weight_at_which_the_winner_flips_is_solved_exactly() throws {
        // A: cost 5 (1.0 of the scale), quality 1 (0.0) → 100 × (60 × 1 + 40 × 0) ÷ 100 = 60.
        // B: cost 2 (0.25), quality 5 (1.0)           → 100 × (60 × 0.25 + 40 × 1) ÷ 100 = 55.
        let outcome = SelectionScoring.evaluate(criteria: [cost, quality], candidates: [candidate("A", ["cost": 5, "quality": 1]), candidate("B", ["cost": 2, "quality": 5])])
        #expect(outcome.winners == ["A"])
        #expect(close(outcome.candidate("A")?.total, 60) && close(outcome.candidate("B")?.total, 55))

        // Cost weight w, quality kept at 40: A = w ÷ (w + 40), B = (0.25 w + 40) ÷ (w + 40).
        // Level when w = 0.25 w + 40 → w = 40 ÷ 0.75 = 53.33…, a share of 53.33 ÷ 93.33 = 4/7.
        let byCost = try #require(outcome.sensitivity.first { $0.criterionID == "cost" })
        #expect(close(byCost.share, 0.6))
        let costFlip = try #require(byCost.decrease)
        #expect(close(costFlip.weight, 160.0 / 3))
        #expect(close(costFlip.change, 160.0 / 3 - 60))
        #expect(close(costFlip.share, 4.0 / 7))
        #expect(costFlip.challenger == "B")
        #expect(byCost.increase == nil, "more weight on cost only helps A")

        // Quality weight q, cost kept at 60: A = 60 ÷ (60 + q), B = (15 + q) ÷ (60 + q): level at q = 45 (share 45 ÷ 105 = 3/7).
        let byQuality = try #require(outcome.sensitivity.first { $0.criterionID == "quality" })
        let qualityFlip = try #require(byQuality.increase)
        #expect(close(qualityFlip.weight, 45))
        #expect(close(qualityFlip.share, 3.0 / 7))
        #expect(byQuality.decrease == nil)

        // Re-scoring at the crossing point gives a tie; a hair past it, B leads.
        let at = SelectionScoring.evaluate(criteria: [cost, Criterion(id: "quality", name: "Quality", weight: 45)], candidates: [candidate("A", ["cost": 5, "quality": 1]), candidate("B", ["cost": 2, "quality": 5])])
        #expect(at.winners.sorted() == ["A", "B"])
        let past = SelectionScoring.evaluate(criteria: [cost, Criterion(id: "quality", name: "Quality", weight: 45.01)], candidates: [candidate("A", ["cost": 5, "quality": 1]), candidate("B", ["cost": 2, "quality": 5])])
        #expect(past.winners == ["B"])
    }

    @Test func a_candidate_missing_the_criterion_does_not_move_with_its_weight() throws {
        // C was never scored on quality: its total is cost alone, 4 → 0.75 → 75, whatever quality weighs.
        // A = 60 ÷ (60 + q) × 100 = 60 at q = 40; C wins at 75.
        let outcome = SelectionScoring.evaluate(criteria: [cost, quality], candidates: [candidate("A", ["cost": 5, "quality": 1]), candidate("C", ["cost": 4])])
        #expect(outcome.winners == ["C"])
        // Quality weight down: A = 60 ÷ (60 + q) reaches 0.75 at q = 20.
        let byQuality = try #require(outcome.sensitivity.first { $0.criterionID == "quality" })
        #expect(close(byQuality.decrease?.weight, 20))
        #expect(byQuality.increase == nil)
        // Cost weight up: A = w ÷ (w + 40) reaches 0.75 at w = 120.
        let byCost = try #require(outcome.sensitivity.first { $0.criterionID == "cost" })
        #expect(close(byCost.increase?.weight, 120))
        #expect(close(byCost.increase?.share, 0.75))
        #expect(byCost.decrease == nil)
    }

    /// Against brute force: between the current weight and the flip the winner never changes,
    /// and a little past the flip the challenger leads. Covers quadratic crossings (candidates
    /// with different blanks) across many seeded random comparisons.
    @Test func flips_agree_with_rescoring_on_random_comparisons() throws {
        var rng = SeededGenerator(seed: 42)
        var checked = 0
        for _ in 0..<150 {
            let criteria = (0..<4).map { Criterion(id: "k\($0)", name: "K\($0)", weight: Double(Int.random(in: 5...50, using: &rng))) }
            let candidates = (0..<3).map { c in
                CandidateScores(candidateID: "c\(c)", name: "C\(c)", evaluations: (0..<2).map { e in
                    EvaluatorScores(evaluator: "e\(e)", scores: Dictionary(uniqueKeysWithValues: criteria.compactMap { k in
                        Double.random(in: 0..<1, using: &rng) < 0.2 ? nil : (k.id, Double(Int.random(in: 1...5, using: &rng)))
                    }))
                })
            }
            let outcome = SelectionScoring.evaluate(criteria: criteria, candidates: candidates, rules: .init(minimumCoverage: 0))
            guard outcome.winners.count == 1 else { continue }
            let winner = outcome.winners[0]
            for s in outcome.sensitivity {
                func rescored(_ w: Double) -> SelectionOutcome {
                    SelectionScoring.evaluate(criteria: criteria.map { $0.id == s.criterionID ? Criterion(id: $0.id, name: $0.name, weight: w) : $0 },
                                              candidates: candidates, rules: .init(minimumCoverage: 0))
                }
                for (flip, direction) in [(s.increase, 1.0), (s.decrease, -1.0)] {
                    let end = flip?.weight ?? (direction > 0 ? s.weight * 20 : 1e-6)
                    for step in 1..<20 {
                        let w = s.weight + (end - s.weight) * Double(step) / 20
                        guard w > 0 else { continue }
                        #expect(rescored(w).winners == [winner], "\(s.criterionID) at \(w): the winner changed before the flip")
                    }
                    if let flip {
                        let beyond = flip.weight + direction * max(1e-6, abs(flip.change) * 1e-4)
                        guard beyond > 0 else { continue }
                        let after = rescored(beyond)
                        #expect(after.winners.contains(flip.challenger) || (after.candidate(flip.challenger)?.total ?? 0) >= (after.candidate(winner)?.total ?? 0) - 1e-6,
                                "\(s.criterionID) past \(flip.weight): \(flip.challenger) should lead")
                        checked += 1
                    }
                }
            }
        }
        print("sensitivity flips checked against re-scoring: \(checked)")
        #expect(checked > 200, "only \(checked) flips checked")
    }
}

/// SplitMix64: a deterministic generator so the random comparisons are the same every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
