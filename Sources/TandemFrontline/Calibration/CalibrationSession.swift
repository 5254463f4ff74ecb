import TandemPartners
import TandemPerformance

/// Which side a grader scores for: the client's own QA, or one team (a partner or the in-house team).
public enum GraderSide: Hashable, Sendable, Codable, Comparable {
    case client
    case team(String)
}

public struct CalibrationGrader: Hashable, Sendable, Codable {
    public let id: String
    public let name: String
    public let side: GraderSide

    public init(id: String, name: String, side: GraderSide) {
        self.id = id
        self.name = name
        self.side = side
    }
}

/// What each item is compared against.
public enum CalibrationBenchmark: Hashable, Sendable, Codable {
    /// One grader's score (usually the client's QA expert); that grader is the reference, not graded.
    case expert(graderID: String)
    /// Scores the session agreed after discussion, per item id.
    case agreed([String: Double])
    /// The median of all graders' scores per item: a lenient outlier cannot drag it.
    case graderMedian
}

/// One grader's blind score for one item (an interaction, or one question on it), 0–100.
public struct CalibrationScore: Hashable, Sendable, Codable {
    public let graderID: String
    public let itemID: String
    public let score: Double

    public init(graderID: String, itemID: String, score: Double) {
        self.graderID = graderID
        self.itemID = itemID
        self.score = score
    }
}

/// A calibration session: graders from the client and the partners score the same items blind.
public struct CalibrationSession: Hashable, Sendable, Codable {
    public let id: String
    public let heldOn: UTCDay
    public let items: [String]
    public let graders: [CalibrationGrader]
    public let scores: [CalibrationScore]
    public let benchmark: CalibrationBenchmark
    /// A score within this many points of the benchmark counts as answered like it (0 = the same answer).
    public let agreementTolerance: Double

    /// Field names follow the form: `scores[4].score` is the fourth score row.
    public init(
        id: String, heldOn: UTCDay, items: [String], graders: [CalibrationGrader], scores: [CalibrationScore],
        benchmark: CalibrationBenchmark, agreementTolerance: Double = 0
    ) throws(FieldErrors) {
        var errors = FieldErrors()
        if id.isEmpty { errors.add("id", "is required") }
        if items.isEmpty { errors.add("items", "must list at least one item") }
        if Set(items).count != items.count { errors.add("items", "lists an item twice") }
        if graders.count < 2 { errors.add("graders", "must list at least two graders (it lists \(graders.count))") }
        if Set(graders.map(\.id)).count != graders.count { errors.add("graders", "lists a grader twice") }
        if !(agreementTolerance >= 0) || !agreementTolerance.isFinite { errors.add("agreement_tolerance", "must be 0 or more points") }
        let graderIDs = Set(graders.map(\.id)), itemIDs = Set(items)
        var seen: [String: Int] = [:]
        for (index, score) in scores.enumerated() {
            let row = "scores[\(index + 1)]"
            if !graderIDs.contains(score.graderID) { errors.add("\(row).grader", "\"\(score.graderID)\" is not one of the session's graders") }
            if !itemIDs.contains(score.itemID) { errors.add("\(row).item", "\"\(score.itemID)\" is not one of the session's items") }
            if !(0...100).contains(score.score) { errors.add("\(row).score", "must be between 0 and 100 (it is \(score.score))") }
            let key = score.graderID + "\u{1F}" + score.itemID
            if let first = seen[key] { errors.add("\(row).item", "\(score.graderID) already scored \(score.itemID) in scores[\(first)]") }
            else { seen[key] = index + 1 }
        }
        switch benchmark {
        case .expert(let graderID):
            if !graderIDs.contains(graderID) { errors.add("benchmark", "expert \"\(graderID)\" is not one of the session's graders") }
        case .agreed(let agreed):
            for (item, score) in agreed.sorted(by: { $0.key < $1.key }) {
                if !itemIDs.contains(item) { errors.add("benchmark", "agreed score for unknown item \"\(item)\"") }
                if !(0...100).contains(score) { errors.add("benchmark", "agreed score for \(item) must be between 0 and 100 (it is \(score))") }
            }
        case .graderMedian:
            break
        }
        if !errors.isEmpty { throw errors }
        self.id = id
        self.heldOn = heldOn
        self.items = items
        self.graders = graders
        self.scores = scores
        self.benchmark = benchmark
        self.agreementTolerance = agreementTolerance
    }

    /// The benchmark score per item; items without one (the expert skipped it, no agreed score) are absent.
    public var benchmarkScores: [String: Double] {
        switch benchmark {
        case .expert(let graderID):
            return Dictionary(scores.filter { $0.graderID == graderID }.map { ($0.itemID, $0.score) }, uniquingKeysWith: { a, _ in a })
        case .agreed(let agreed):
            return agreed
        case .graderMedian:
            return Dictionary(grouping: scores, by: \.itemID).compactMapValues { Median.of($0.map(\.score)) }
        }
    }

    /// The graders measured against the benchmark: everyone but an expert who is the benchmark.
    public var gradedGraders: [CalibrationGrader] {
        if case .expert(let expert) = benchmark { return graders.filter { $0.id != expert } }
        return graders
    }
}
