import Foundation
import TandemPartners
import TandemPerformance

/// A contest's standings: ranked agents (best first), and the agents who took part but are not ranked, with why.
public struct Leaderboard: Hashable, Sendable, Codable {
    public struct Entry: Hashable, Sendable, Codable {
        public let agentID: String
        /// Competition ranking: 1, 2, 2, 4. nil for an agent below the minimum sample.
        public let rank: Int?
        public let isWinner: Bool
        /// The agent's own KPI over the period (Σ numerator ÷ Σ denominator).
        public let value: FrontlineFigure
        /// With normalisation: actual ÷ what the agent's own queue mix would give at the queue averages
        /// (1 = average; for AHT below 1 is better). nil without normalisation or when it cannot be formed.
        public let index: Double?
        /// What the ranking compared (the index, or the raw value), rounded to the contest's tie decimals.
        public let score: Double?
        public let explanation: String
    }

    public let contest: Contest
    public let ranked: [Entry]
    public let unranked: [Entry]

    public var winners: [Entry] { ranked.filter(\.isWinner) }

    /// The caller sums the tallies over `contest.period`; several tallies for one agent and queue are added together.
    public init(contest: Contest, tallies: [AgentQueueTally]) throws(FieldErrors) {
        var errors = FieldErrors()
        for (index, tally) in tallies.enumerated() {
            let row = "tallies[\(index + 1)]"
            if tally.agentID.isEmpty { errors.add("\(row).agent_id", "is required") }
            if tally.denominator < 0 { errors.add("\(row).denominator", "must not be negative (it is \(tally.denominator))") }
            if !(tally.numerator >= 0) || !tally.numerator.isFinite { errors.add("\(row).numerator", "must be 0 or more (it is \(tally.numerator))") }
            if contest.metric != .averageHandleTime, tally.denominator >= 0, tally.numerator > contest.metric.maximumPerUnit * Double(tally.denominator) {
                errors.add("\(row).numerator", "\(tally.numerator) is more than \(Num.text(contest.metric.maximumPerUnit)) × \(tally.denominator)")
            }
        }
        if !errors.isEmpty { throw errors }

        var cells: [String: [String: (num: Double, den: Int)]] = [:]
        var queues: [String: (num: Double, den: Int)] = [:]
        for tally in tallies {
            let cell = cells[tally.agentID, default: [:]][tally.queueID, default: (0, 0)]
            cells[tally.agentID, default: [:]][tally.queueID] = (cell.num + tally.numerator, cell.den + tally.denominator)
            let queue = queues[tally.queueID, default: (0, 0)]
            queues[tally.queueID] = (queue.num + tally.numerator, queue.den + tally.denominator)
        }
        let metric = contest.metric
        var candidates: [(agentID: String, value: FrontlineFigure, index: Double?, score: Double?, explanation: String)] = []
        for (agentID, byQueue) in cells {
            let num = byQueue.values.reduce(0) { $0 + $1.num }
            let den = byQueue.values.reduce(0) { $0 + $1.den }
            let value = FrontlineFigure(
                value: den > 0 ? num / Double(den) : nil, unit: metric.unit, formula: "\(metric.label): Σ numerator ÷ Σ denominator",
                arithmetic: Num.quotient(num, Double(den)), period: contest.period.description,
                sampleSize: den, sampleUnit: metric.sampleUnit, minimumSample: contest.minimumSamplePerAgent
            )
            var explanation = "\(metric.label) \(value.arithmetic)"
            var index: Double? = nil
            if contest.normalisePerQueue {
                // Expected = what the same denominators would give at each queue's average.
                var expected = 0.0
                var parts: [String] = []
                for (queueID, cell) in byQueue.sorted(by: { $0.key < $1.key }) {
                    let queue = queues[queueID]!
                    let average = queue.den > 0 ? queue.num / Double(queue.den) : 0
                    expected += Double(cell.den) * average
                    parts.append("\(queueID) \(cell.den) × \(Num.text(average))")
                }
                if expected > 0 {
                    index = num / expected
                    explanation += "; at queue averages: \(parts.joined(separator: " + ")) = \(Num.text(expected)); index \(Num.quotient(num, expected))"
                } else {
                    explanation += "; cannot normalise: the queue averages are 0"
                }
            }
            let raw = contest.normalisePerQueue ? index : value.value
            let score = raw.map { Self.rounded($0, decimals: contest.tieDecimals) }
            candidates.append((agentID, value, index, score, explanation))
        }

        var ranked: [Entry] = [], unranked: [Entry] = []
        let better: (Double, Double) -> Bool = metric.direction == .higherIsBetter ? { $0 > $1 } : { $0 < $1 }
        let eligible = candidates
            .filter { $0.value.status == .value && $0.score != nil }
            .sorted { a, b in a.score! == b.score! ? a.agentID < b.agentID : better(a.score!, b.score!) }
        var rank = 0
        for (position, candidate) in eligible.enumerated() {
            if position == 0 || candidate.score! != eligible[position - 1].score! { rank = position + 1 }
            ranked.append(Entry(agentID: candidate.agentID, rank: rank, isWinner: rank <= contest.prizes, value: candidate.value,
                                index: candidate.index, score: candidate.score, explanation: candidate.explanation))
        }
        let rankedIDs = Set(eligible.map(\.agentID))
        for candidate in candidates where !rankedIDs.contains(candidate.agentID) {
            let why = candidate.value.status == .value ? candidate.explanation
                : "not ranked: \(candidate.value.sampleSize) \(metric.sampleUnit) < \(contest.minimumSamplePerAgent) minimum"
            unranked.append(Entry(agentID: candidate.agentID, rank: nil, isWinner: false, value: candidate.value,
                                  index: candidate.index, score: nil, explanation: why))
        }
        self.contest = contest
        self.ranked = ranked
        self.unranked = unranked.sorted { $0.agentID < $1.agentID }
    }

    private static func rounded(_ value: Double, decimals: Int) -> Double {
        let scale = pow(10, Double(decimals))
        return (value * scale).rounded(.toNearestOrEven) / scale
    }
}

extension ContestMetric {
    /// The largest numerator one unit of the denominator can carry (a QA score of 100, one good response).
    var maximumPerUnit: Double {
        switch self {
        case .averageHandleTime: .infinity
        case .qaScore: 100
        case .customerSatisfaction, .firstContactResolution: 1
        }
    }
}
