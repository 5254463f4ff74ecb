/// Survey responses counted per score on one scale. Per-score counts (not a sum and a count)
/// keep every CSAT/NPS variant derivable after merging.
public struct ScoreHistogram: Hashable, Sendable, Codable {
    public let scale: SurveyScale
    /// counts[i] is the number of responses scoring `scale.scores.lowerBound + i`.
    public private(set) var counts: [Int]

    public init(scale: SurveyScale) {
        self.scale = scale
        self.counts = Array(repeating: 0, count: scale.scores.count)
    }

    /// For storage layers that keep the counts in columns. Missing trailing counts are zero.
    public init(scale: SurveyScale, counts: [Int]) {
        precondition(counts.count <= scale.scores.count, "more counts than scores on \(scale)")
        self.init(scale: scale)
        for (index, count) in counts.enumerated() { self.counts[index] = count }
    }

    /// A score outside the scale is a data error, not a response; it is dropped.
    mutating func record(_ score: Int) {
        guard scale.scores.contains(score) else { return }
        counts[score - scale.scores.lowerBound] += 1
    }

    public func count(of score: Int) -> Int {
        guard scale.scores.contains(score) else { return 0 }
        return counts[score - scale.scores.lowerBound]
    }

    public func count(in scores: ClosedRange<Int>) -> Int {
        scores.reduce(0) { $0 + count(of: $1) }
    }

    public var responses: Int { counts.reduce(0, +) }

    public var sumOfScores: Int {
        counts.enumerated().reduce(0) { $0 + ($1.offset + scale.scores.lowerBound) * $1.element }
    }

    public static func + (lhs: ScoreHistogram, rhs: ScoreHistogram) -> ScoreHistogram {
        precondition(lhs.scale == rhs.scale, "cannot add \(lhs.scale) and \(rhs.scale) responses")
        var sum = lhs
        for index in sum.counts.indices { sum.counts[index] += rhs.counts[index] }
        return sum
    }
}
