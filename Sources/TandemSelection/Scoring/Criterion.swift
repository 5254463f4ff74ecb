import Foundation

/// The range a criterion is scored on ("1–5", "0–10"). Scores on different scales are compared
/// by where they sit in their range: (score − minimum) ÷ (maximum − minimum), 0 to 1.
public struct ScoreScale: Sendable, Hashable, Codable, CustomStringConvertible {
    public let minimum: Double
    public let maximum: Double

    /// Nil unless maximum > minimum.
    public init?(minimum: Double, maximum: Double) {
        guard minimum.isFinite, maximum.isFinite, maximum > minimum else { return nil }
        self.minimum = minimum
        self.maximum = maximum
    }

    public static let oneToFive = ScoreScale(minimum: 1, maximum: 5)!
    public static let zeroToTen = ScoreScale(minimum: 0, maximum: 10)!

    public var range: Double { maximum - minimum }

    public func contains(_ score: Double) -> Bool { score.isFinite && score >= minimum && score <= maximum }

    /// Where a score sits in the range, 0 (minimum) to 1 (maximum).
    public func normalised(_ score: Double) -> Double { (score - minimum) / range }

    public var description: String { "\(Self.number(minimum))–\(Self.number(maximum))" }

    static func number(_ value: Double) -> String {
        // Beyond Int's range the conversion traps (schemathesis sent a scale of ±1.8e308).
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%g", value)
    }
}

/// One thing candidates are judged on: culture and values fit, trust, security and compliance...
/// Weights are relative (they need not add up to 100); each criterion has its own scale.
/// A knock-out (must-have) criterion carries a pass mark on its scale: a candidate whose mean
/// score on it falls below the mark is out, whatever its total.
public struct Criterion: Sendable, Hashable, Identifiable {
    public let id: String
    public let name: String
    public let group: String
    public let weight: Double
    public let scale: ScoreScale
    public let passMark: Double?

    public init(id: String, name: String, group: String = "", weight: Double, scale: ScoreScale = .oneToFive, passMark: Double? = nil) {
        self.id = id
        self.name = name
        self.group = group
        self.weight = weight
        self.scale = scale
        self.passMark = passMark
    }

    public var isKnockOut: Bool { passMark != nil }
}

/// One evaluator's scores for one candidate: criterion id → score. A criterion the evaluator
/// left blank is simply absent ("no opinion"), never read as zero.
public struct EvaluatorScores: Sendable, Hashable {
    public let evaluator: String
    public let scores: [String: Double]

    public init(evaluator: String, scores: [String: Double]) {
        self.evaluator = evaluator
        self.scores = scores
    }
}

/// A candidate and every evaluator's scores for it.
public struct CandidateScores: Sendable, Hashable {
    public let candidateID: String
    public let name: String
    public let evaluations: [EvaluatorScores]

    public init(candidateID: String, name: String, evaluations: [EvaluatorScores]) {
        self.candidateID = candidateID
        self.name = name
        self.evaluations = evaluations
    }
}

/// The settings of a comparison.
public struct SelectionRules: Sendable, Hashable, Codable {
    /// Evaluators disagree on a criterion when the spread of their scores (highest − lowest)
    /// is above this share of the criterion's scale: 0.25 on a 1–5 scale flags a spread of 2 or more.
    public var disagreementThreshold: Double
    /// A candidate whose scored criteria carry less than this share of the total weight is not
    /// ranked ("not enough scored") rather than ranked on a few criteria.
    public var minimumCoverage: Double

    public init(disagreementThreshold: Double = 0.25, minimumCoverage: Double = 0.5) {
        self.disagreementThreshold = disagreementThreshold
        self.minimumCoverage = minimumCoverage
    }

    /// Validation of user-entered settings: field name → problem.
    public func problems() -> [String: String] {
        var out: [String: String] = [:]
        if !(disagreementThreshold > 0 && disagreementThreshold <= 1) { out["disagreementThreshold"] = "must be above 0 and at most 1 (a share of the scale)" }
        if !(minimumCoverage >= 0 && minimumCoverage <= 1) { out["minimumCoverage"] = "must be between 0 and 1" }
        return out
    }
}

public enum CriteriaCheck {
    /// Problems with a set of criteria as a template would hold them, keyed "criteria[i].field".
    public static func problems(_ criteria: [Criterion]) -> [String: String] {
        var out: [String: String] = [:]
        if criteria.isEmpty { out["criteria"] = "at least one criterion is needed" }
        var names = Set<String>()
        for (i, c) in criteria.enumerated() {
            let key = "criteria[\(i)]"
            let name = c.name.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty { out["\(key).name"] = "is required" }
            else if name.count > 200 { out["\(key).name"] = "must be at most 200 characters" }
            else if !names.insert(name.lowercased()).inserted { out["\(key).name"] = "is used by another criterion" }
            if c.group.count > 100 { out["\(key).group"] = "must be at most 100 characters" }
            if !(c.weight.isFinite && c.weight > 0 && c.weight <= 1_000) { out["\(key).weight"] = "must be above 0 and at most 1000" }
            if let mark = c.passMark, !c.scale.contains(mark) { out["\(key).passMark"] = "must lie on the criterion's scale (\(c.scale))" }
        }
        if criteria.count > 60 { out["criteria"] = "at most 60 criteria" }
        return out
    }
}
