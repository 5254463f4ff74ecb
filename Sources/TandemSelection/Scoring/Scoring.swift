import Foundation

/// One criterion for one candidate: every evaluator's score, their mean and how far apart they are.
public struct CriterionResult: Sendable, Hashable {
    public let criterionID: String
    /// The scores given, in the evaluators' order (blank ones left out).
    public let scores: [Double]
    /// Mean of the evaluators who scored the criterion; nil when nobody did.
    public let mean: Double?
    /// The mean's place on the scale, 0 to 1.
    public let normalised: Double?
    /// Highest − lowest score, on the criterion's scale; nil with fewer than two scores.
    public let spread: Double?
    /// Population standard deviation of the scores, on the criterion's scale; nil with fewer than two.
    public let standardDeviation: Double?
    /// Spread above the disagreement threshold (a share of the scale's range).
    public let disagreement: Bool
    /// For a knock-out criterion: true when the mean is below the pass mark, false when at or above,
    /// nil when nobody scored it (or the criterion is not a knock-out).
    public let knockedOut: Bool?
}

public enum CandidateStanding: String, CaseIterable, Sendable, Hashable, Codable {
    /// In the ranking.
    case ranked
    /// Below the pass mark of a knock-out criterion.
    case knockedOut = "knocked_out"
    /// The scored criteria carry less weight than the minimum coverage.
    case notEnoughScored = "not_enough_scored"
}

public struct CandidateResult: Sendable, Hashable {
    public let candidateID: String
    public let name: String
    public let criteria: [CriterionResult]
    /// Weighted total, 0 to 100; nil when no criterion was scored.
    public let total: Double?
    /// Share of the total weight carried by the criteria that were scored (0 to 1).
    public let coverage: Double
    /// Criteria nobody scored for this candidate: left out of its total, weights renormalised.
    public let unscored: [String]
    /// Knock-out criteria failed.
    public let knockOuts: [String]
    /// Knock-out criteria nobody has scored yet: the candidate is not cleared on them.
    public let knockOutsUnassessed: [String]
    public let standing: CandidateStanding
    /// Competition rank among ranked candidates (1, 2, 2, 4); nil when not ranked.
    public let rank: Int?
    public let evaluators: Int

    public func criterion(_ id: String) -> CriterionResult? { criteria.first { $0.criterionID == id } }
}

/// The whole comparison: every candidate's result (ranked ones first, by rank), the winner(s)
/// and how sensitive the winner is to each weight.
public struct SelectionOutcome: Sendable, Hashable {
    public let criteria: [Criterion]
    public let rules: SelectionRules
    public let candidates: [CandidateResult]
    /// The ranked candidates sharing rank 1 (more than one when the top is tied).
    public let winners: [String]
    public let sensitivity: [WeightSensitivity]

    public func candidate(_ id: String) -> CandidateResult? { candidates.first { $0.candidateID == id } }
}

/// Weighted scoring of candidates by several evaluators.
///
/// - Each criterion's score is the mean of the evaluators who scored it; an evaluator who left
///   it blank is not counted (a blank is "no opinion", never zero).
/// - The candidate's total = 100 × Σ weight × (mean − scale minimum) ÷ (scale range) ÷ Σ weight,
///   both sums over the criteria somebody scored. A criterion nobody scored is left out and the
///   other weights renormalised; coverage says how much of the weight the total stands on.
/// - A knock-out criterion whose mean is below its pass mark takes the candidate out of the ranking.
/// - Ranking by total, highest first; equal totals share a rank (1, 2, 2, 4).
public enum SelectionScoring {
    public static let totalRule = "Weighted total = 100 × Σ(weight × position of the mean score on the criterion's scale) ÷ Σ weight, over the criteria somebody scored. Each criterion's score is the mean of the evaluators who scored it (a blank is no opinion, not zero); a criterion nobody scored is left out and the other weights renormalised (coverage shows the share of weight the total stands on)."
    public static let knockOutRule = "A knock-out (must-have) criterion whose mean score is below its pass mark takes the candidate out of the ranking, whatever its total."
    public static let rankingRule = "Ranked by total, highest first; equal totals share a rank (1, 2, 2, 4). Knocked-out candidates and those whose scored criteria carry less than the minimum coverage of the weight are not ranked."

    public static func disagreementRule(_ rules: SelectionRules) -> String {
        "Spread = highest − lowest score on the criterion's own scale (standard deviation beside it); evaluators disagree when the spread is above \(String(format: "%g", rules.disagreementThreshold * 100))% of the scale's range."
    }

    static let tolerance = 1e-9

    public static func evaluate(criteria: [Criterion], candidates: [CandidateScores], rules: SelectionRules = SelectionRules()) -> SelectionOutcome {
        let totalWeight = criteria.reduce(0) { $0 + max(0, $1.weight) }
        var results = candidates.map { candidate($0, criteria: criteria, totalWeight: totalWeight, rules: rules) }
        let order = results.indices.filter { results[$0].standing == .ranked }
            .sorted { (results[$0].total ?? 0, results[$1].name) > (results[$1].total ?? 0, results[$0].name) }
        var ranks: [Int: Int] = [:]
        for (position, index) in order.enumerated() {
            if position > 0, let previous = ranks[order[position - 1]],
               abs((results[order[position - 1]].total ?? 0) - (results[index].total ?? 0)) <= tolerance * 100 {
                ranks[index] = previous
            } else {
                ranks[index] = position + 1
            }
        }
        results = results.indices.map { i in
            let r = results[i]
            return CandidateResult(candidateID: r.candidateID, name: r.name, criteria: r.criteria, total: r.total, coverage: r.coverage, unscored: r.unscored,
                                   knockOuts: r.knockOuts, knockOutsUnassessed: r.knockOutsUnassessed, standing: r.standing, rank: ranks[i], evaluators: r.evaluators)
        }
        let sorted = order.map { results[$0] } + results.filter { $0.standing != .ranked }.sorted { ($0.standing == .knockedOut ? 0 : 1, $0.name) < ($1.standing == .knockedOut ? 0 : 1, $1.name) }
        let winners = sorted.filter { $0.rank == 1 }.map(\.candidateID)
        let ranked = sorted.filter { $0.standing == .ranked }
        let sensitivity = winners.count == 1 && ranked.count >= 2
            ? SensitivityAnalysis.analyse(criteria: criteria, ranked: ranked, winner: winners[0]) : []
        return SelectionOutcome(criteria: criteria, rules: rules, candidates: sorted, winners: winners, sensitivity: sensitivity)
    }

    static func candidate(_ c: CandidateScores, criteria: [Criterion], totalWeight: Double, rules: SelectionRules) -> CandidateResult {
        var rows: [CriterionResult] = []
        var weighted = 0.0, scoredWeight = 0.0
        var unscored: [String] = [], knockOuts: [String] = [], unassessed: [String] = []
        for criterion in criteria {
            let scores = c.evaluations.compactMap { $0.scores[criterion.id] }.filter { $0.isFinite }
            let row = result(criterion, scores: scores, rules: rules)
            rows.append(row)
            if let normalised = row.normalised, criterion.weight > 0 {
                weighted += criterion.weight * normalised
                scoredWeight += criterion.weight
            } else if row.mean == nil {
                unscored.append(criterion.id)
            }
            if criterion.isKnockOut {
                switch row.knockedOut {
                case true?: knockOuts.append(criterion.id)
                case nil: unassessed.append(criterion.id)
                case false?: break
                }
            }
        }
        let total = scoredWeight > 0 ? 100 * weighted / scoredWeight : nil
        let coverage = totalWeight > 0 ? scoredWeight / totalWeight : 0
        let standing: CandidateStanding = !knockOuts.isEmpty ? .knockedOut
            : (total == nil || coverage + tolerance < rules.minimumCoverage) ? .notEnoughScored : .ranked
        return CandidateResult(candidateID: c.candidateID, name: c.name, criteria: rows, total: total, coverage: coverage, unscored: unscored,
                               knockOuts: knockOuts, knockOutsUnassessed: unassessed, standing: standing, rank: nil, evaluators: c.evaluations.count)
    }

    static func result(_ criterion: Criterion, scores: [Double], rules: SelectionRules) -> CriterionResult {
        guard !scores.isEmpty else {
            return CriterionResult(criterionID: criterion.id, scores: [], mean: nil, normalised: nil, spread: nil, standardDeviation: nil,
                                   disagreement: false, knockedOut: nil)
        }
        let mean = scores.reduce(0, +) / Double(scores.count)
        let spread: Double? = scores.count >= 2 ? scores.max()! - scores.min()! : nil
        let sd: Double? = scores.count >= 2 ? (scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(scores.count)).squareRoot() : nil
        let disagreement = spread.map { $0 > rules.disagreementThreshold * criterion.scale.range + tolerance } ?? false
        let knockedOut = criterion.passMark.map { mean + tolerance < $0 }
        return CriterionResult(criterionID: criterion.id, scores: scores, mean: mean, normalised: criterion.scale.normalised(mean),
                               spread: spread, standardDeviation: sd, disagreement: disagreement, knockedOut: knockedOut)
    }
}
