import Foundation
import TandemPartners
import TandemPerformance

/// A contest over a period on one KPI, made fair three ways: agents below a minimum sample are not
/// ranked (a lucky handful of contacts cannot win), scores can be normalised per queue (a hard
/// queue does not sink its agents), and equal scores share a rank (ties at the prize line all win).
public struct Contest: Hashable, Sendable, Codable {
    public let name: String
    public let metric: ContestMetric
    public let period: DayRange
    public let minimumSamplePerAgent: Int
    public let normalisePerQueue: Bool
    /// How many ranks win: 1 = the top rank (all agents tied on it).
    public let prizes: Int
    /// Scores equal to this many decimals tie, so float noise never splits a real tie.
    public let tieDecimals: Int

    public init(
        name: String, metric: ContestMetric, period: DayRange, minimumSamplePerAgent: Int = FrontlineDefaults.minimumSample,
        normalisePerQueue: Bool = true, prizes: Int = 1, tieDecimals: Int = 3
    ) throws(FieldErrors) {
        var errors = FieldErrors()
        Check.required(name, "name", into: &errors)
        if minimumSamplePerAgent < 1 { errors.add("minimum_sample", "must be at least 1 (it is \(minimumSamplePerAgent))") }
        if prizes < 1 { errors.add("prizes", "must be at least 1 (it is \(prizes))") }
        if !(0...6).contains(tieDecimals) { errors.add("tie_decimals", "must be between 0 and 6 (it is \(tieDecimals))") }
        if !errors.isEmpty { throw errors }
        self.name = name
        self.metric = metric
        self.period = period
        self.minimumSamplePerAgent = minimumSamplePerAgent
        self.normalisePerQueue = normalisePerQueue
        self.prizes = prizes
        self.tieDecimals = tieDecimals
    }
}
