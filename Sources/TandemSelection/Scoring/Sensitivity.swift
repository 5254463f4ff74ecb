import Foundation

/// How far one criterion's weight must move, the other weights kept as they are (so every share
/// is renormalised), before another candidate draws level with the winner.
public struct WeightSensitivity: Sendable, Hashable {
    /// A point where the winner loses the lead.
    public struct Flip: Sendable, Hashable {
        /// The weight at which `challenger` draws level with the winner; past it the challenger leads.
        public let weight: Double
        /// That weight's share of all the weight, 0 to 1.
        public let share: Double
        /// weight − current weight (negative for a decrease).
        public let change: Double
        public let challenger: String
    }

    public let criterionID: String
    public let weight: Double
    /// The current share of all the weight, 0 to 1.
    public let share: Double
    /// Lowering the weight (down to 0): the first flip; nil when no lower weight changes the winner.
    public let decrease: Flip?
    /// Raising the weight (without limit): the first flip; nil when no higher weight changes the winner.
    public let increase: Flip?

    /// The smaller of the two moves as a share of the weight, for "the closest call" summaries.
    public var closestRelativeMove: Double? {
        [decrease, increase].compactMap { $0 }.map { abs($0.change) / max(weight, .leastNonzeroMagnitude) }.min()
    }
}

/// The exact crossing points of the weighted totals as one weight moves.
///
/// With weight w on criterion k and the others fixed, a candidate's total (0–1) is
/// T(w) = (α·w + A) ÷ (β·w + B): α = its normalised mean on k and β = 1 when k was scored
/// (α = β = 0 when not, so its total does not depend on w), A = Σ weight × normalised mean and
/// B = Σ weight over its other scored criteria. The winner W and a challenger C draw level where
/// T_W(w) = T_C(w), i.e. where
///   (α_W·β_C − α_C·β_W)·w² + (α_W·B_C + A_W·β_C − α_C·B_W − A_C·β_W)·w + (A_W·B_C − A_C·B_W) = 0,
/// solved in closed form. The first such w above (below) the current weight, over every
/// challenger, is where the winner changes.
public enum SensitivityAnalysis {
    public static let rule = "For each weight: the other weights stay as they are (every share renormalised) and the weight moves until another ranked candidate draws level with the winner; the crossing point is solved exactly (each total is a ratio of linear functions of the weight), not found by stepping. Knock-outs and the set of ranked candidates do not depend on the weights."

    struct Linear {
        let alpha: Double, beta: Double, a: Double, b: Double
        func total(_ w: Double) -> Double? {
            let denominator = beta * w + b
            return denominator > 0 ? (alpha * w + a) / denominator : nil
        }
    }

    static func analyse(criteria: [Criterion], ranked: [CandidateResult], winner: String) -> [WeightSensitivity] {
        guard let leader = ranked.first(where: { $0.candidateID == winner }) else { return [] }
        let totalWeight = criteria.reduce(0) { $0 + $1.weight }
        return criteria.filter { $0.weight > 0 }.map { k in
            let others = totalWeight - k.weight
            func linear(_ c: CandidateResult) -> Linear {
                var a = 0.0, b = 0.0, alpha = 0.0, beta = 0.0
                for criterion in criteria where criterion.weight > 0 {
                    guard let n = c.criterion(criterion.id)?.normalised else { continue }
                    if criterion.id == k.id { alpha = n; beta = 1 } else { a += criterion.weight * n; b += criterion.weight }
                }
                return Linear(alpha: alpha, beta: beta, a: a, b: b)
            }
            let w0 = k.weight
            let lw = linear(leader)
            var up: (Double, String)?
            var down: (Double, String)?
            for challenger in ranked where challenger.candidateID != winner {
                let lc = linear(challenger)
                let qa = lw.alpha * lc.beta - lc.alpha * lw.beta
                let qb = lw.alpha * lc.b + lw.a * lc.beta - lc.alpha * lw.b - lc.a * lw.beta
                let qc = lw.a * lc.b - lc.a * lw.b
                for root in roots(qa, qb, qc) where root >= 0 {
                    // Both totals must exist at the crossing (a candidate scored only on k has none at w = 0).
                    guard lw.total(root) != nil, lc.total(root) != nil else { continue }
                    if root > w0 + 1e-12 {
                        if up == nil || root < up!.0 || (root == up!.0 && challenger.name < name(up!.1, ranked)) { up = (root, challenger.candidateID) }
                    } else if root < w0 - 1e-12 {
                        if down == nil || root > down!.0 || (root == down!.0 && challenger.name < name(down!.1, ranked)) { down = (root, challenger.candidateID) }
                    }
                }
            }
            func flip(_ found: (Double, String)?) -> WeightSensitivity.Flip? {
                found.map { .init(weight: $0.0, share: share($0.0, others: others), change: $0.0 - w0, challenger: $0.1) }
            }
            return WeightSensitivity(criterionID: k.id, weight: w0, share: share(w0, others: others), decrease: flip(down), increase: flip(up))
        }
    }

    static func name(_ id: String, _ ranked: [CandidateResult]) -> String { ranked.first { $0.candidateID == id }?.name ?? id }

    static func share(_ w: Double, others: Double) -> Double { w + others > 0 ? w / (w + others) : 0 }

    /// Real roots of a·x² + b·x + c = 0 (a linear equation when a is 0; nothing when all are 0,
    /// i.e. the two totals are equal everywhere or nowhere).
    static func roots(_ a: Double, _ b: Double, _ c: Double) -> [Double] {
        let scale = max(abs(a), abs(b), abs(c))
        guard scale > 0 else { return [] }
        let (a, b, c) = (a / scale, b / scale, c / scale)
        let epsilon = 1e-12
        if abs(a) <= epsilon {
            return abs(b) <= epsilon ? [] : [-c / b]
        }
        let discriminant = b * b - 4 * a * c
        if discriminant < -epsilon { return [] }
        if discriminant <= epsilon { return [-b / (2 * a)] }
        // The stable pair: no cancellation between b and the root of the discriminant.
        let q = -0.5 * (b + (b >= 0 ? 1 : -1) * discriminant.squareRoot())
        return [q / a, c / q]
    }
}
