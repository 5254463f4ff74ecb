import Foundation

/// The answer to "how many agents does this queue need?".
public struct StaffingRequirement: Sendable, Equatable {
    /// The smallest whole number of agents meeting the target.
    public let agents: Int
    /// Where, between `agents − 1` and `agents`, the target is crossed (see
    /// `fractionalAgents(...)`); sum these across queues or intervals with
    /// `Headcount.roundedTotal` instead of adding the rounded-up `agents`.
    public let fractionalAgents: Double
    /// The queue at `agents`.
    public let metrics: QueueMetrics

    /// The search cap used when the caller gives none: traffic + 10·√traffic + 100 agents.
    /// Real targets (even 99% in 5 s) are met within a few √traffic above the traffic, so a
    /// target still unmet here is unreachable in practice rather than merely expensive.
    public static func defaultMaxAgents(trafficErlangs: Double) -> Int {
        Int((trafficErlangs + 10 * trafficErlangs.squareRoot() + 100).rounded(.up))
    }

    static func cap(_ maxAgents: Int?, trafficErlangs: Double) throws(StaffingError) -> Int {
        guard let maxAgents else { return defaultMaxAgents(trafficErlangs: trafficErlangs) }
        guard maxAgents >= 1 else { throw .notPositive(.maxAgents, Double(maxAgents)) }
        return maxAgents
    }

    /// A quiet interval needs nobody; staffing it with one agent "to meet the SL" would add
    /// a phantom agent to every empty night interval of a plan.
    static func noTraffic(target: StaffingTarget) -> StaffingRequirement {
        StaffingRequirement(
            agents: 0, fractionalAgents: 0,
            metrics: .noTraffic(agents: 0, answerWithinSeconds: target.reportingThresholdSeconds)
        )
    }

    /// The fractional requirement: for every constraint that N − 1 agents miss, the point
    /// where the metric, interpolated linearly between N − 1 and N, reaches its limit; the
    /// largest such point binds. Occupancy needs no interpolation: A ÷ max occupancy is exact.
    ///
    /// Why interpolation rather than raw traffic: it keeps the service-level margin a queue
    /// needs, but stops charging a full extra agent for a queue that only just misses at
    /// N − 1. An unstable N − 1 (Erlang C) counts as service level 0 and infinite ASA, and a
    /// limit with no finite value to interpolate from binds at N.
    static func fractionalAgents(
        target: StaffingTarget, at metrics: QueueMetrics, previous: QueueMetrics?
    ) -> Double {
        let agents = Double(metrics.agents)
        guard let previous else { return agents }
        var crossing = agents - 1
        var missed = false
        func interpolate(_ slackAtPrevious: Double, _ slackAtAgents: Double) {
            guard slackAtPrevious < 0 else { return }
            missed = true
            guard slackAtPrevious.isFinite, slackAtAgents.isFinite, slackAtAgents > slackAtPrevious else {
                crossing = agents
                return
            }
            crossing = max(crossing, agents - 1 - slackAtPrevious / (slackAtAgents - slackAtPrevious))
        }
        // An unstable `previous` already reports service level 0 and ASA +∞.
        if let serviceLevel = target.serviceLevel {
            interpolate(previous.serviceLevel - serviceLevel.fraction, metrics.serviceLevel - serviceLevel.fraction)
        }
        if let maxASA = target.maxASASeconds {
            interpolate(maxASA - previous.asaSeconds, maxASA - metrics.asaSeconds)
        }
        if let maxAbandonRate = target.maxAbandonRate {
            interpolate(maxAbandonRate - previous.probabilityOfAbandoning, maxAbandonRate - metrics.probabilityOfAbandoning)
        }
        if let maxOccupancy = target.maxOccupancy, metrics.trafficErlangs / maxOccupancy > agents - 1 {
            missed = true
            crossing = max(crossing, metrics.trafficErlangs / maxOccupancy)
        }
        // Nothing visibly missed at N − 1 only happens when N − 1 was ruled out by stability
        // (Erlang C) or rounding; charge the whole agent rather than guess.
        return missed ? min(agents, crossing) : agents
    }
}
