import Foundation

/// Erlang C (M/M/N): Poisson arrivals, exponential handle times, N agents, an unlimited queue
/// and customers who never hang up. The standard model for voice staffing, and pessimistic
/// when customers do abandon (see `ErlangA`).
///
/// Valid only for N > A. With N ≤ A the queue has no steady state; metrics then come back
/// with `isStable == false`, probability of waiting 1, service level 0, infinite ASA and
/// occupancy 1, and such an N never meets a target.
public enum ErlangC {
    /// The queue with `agents` agents: P(wait) = C(N, A); SL(T) = 1 − C·e^(−(N−A)·T/AHT);
    /// ASA = C·AHT ÷ (N − A); occupancy = A ÷ N; with C = N·B ÷ (N − A·(1 − B)) from the
    /// Erlang B recurrence.
    public static func metrics(
        trafficErlangs: Double, ahtSeconds: Double, agents: Int, answerWithinSeconds: Double
    ) throws(StaffingError) -> QueueMetrics {
        try Check.traffic(trafficErlangs)
        try Check.positive(ahtSeconds, .ahtSeconds)
        try Check.agents(agents)
        try Check.nonNegative(answerWithinSeconds, .answerWithinSeconds)
        guard trafficErlangs > 0 else { return .noTraffic(agents: agents, answerWithinSeconds: answerWithinSeconds) }
        var recurrence = ErlangBRecurrence(trafficErlangs: trafficErlangs, firstAgentsNeeded: agents)
        recurrence.advance(to: agents)
        return evaluate(
            trafficErlangs: trafficErlangs, ahtSeconds: ahtSeconds, agents: agents,
            reciprocalBlocking: recurrence.excess + 1, answerWithinSeconds: answerWithinSeconds
        )
    }

    /// The smallest N meeting `target`, found in one upward pass of the Erlang B recurrence
    /// (see `search`). `maxAgents` caps the search (default
    /// `StaffingRequirement.defaultMaxAgents`); beyond it the target is `targetUnreachable`.
    /// Zero traffic needs zero agents.
    public static func requiredAgents(
        trafficErlangs: Double, ahtSeconds: Double, target: StaffingTarget, maxAgents: Int? = nil
    ) throws(StaffingError) -> StaffingRequirement {
        try Check.traffic(trafficErlangs)
        try Check.positive(ahtSeconds, .ahtSeconds)
        try target.validate()
        let cap = try StaffingRequirement.cap(maxAgents, trafficErlangs: trafficErlangs)
        guard trafficErlangs > 0 else { return .noTraffic(target: target) }

        let limits = SearchLimits(target)
        guard let found = search(trafficErlangs: trafficErlangs, ahtSeconds: ahtSeconds, limits: limits, maxAgents: cap) else {
            throw .targetUnreachable(maxAgents: cap, trafficErlangs: trafficErlangs)
        }
        let within = target.reportingThresholdSeconds
        let metrics = evaluate(
            trafficErlangs: trafficErlangs, ahtSeconds: ahtSeconds, agents: found.agents,
            reciprocalBlocking: found.reciprocal, answerWithinSeconds: within
        )
        let previous = found.agents > 1
            ? evaluate(
                trafficErlangs: trafficErlangs, ahtSeconds: ahtSeconds, agents: found.agents - 1,
                reciprocalBlocking: found.previousReciprocal, answerWithinSeconds: within
            )
            : nil
        return StaffingRequirement(
            agents: found.agents,
            fractionalAgents: StaffingRequirement.fractionalAgents(target: target, at: metrics, previous: previous),
            metrics: metrics
        )
    }

    /// Metrics from R = 1/B(N, A). Dividing C's numerator and denominator by B gives
    /// C = N ÷ (R·(N − A) + A), which also behaves when B underflows (R = +∞ → C = 0).
    static func evaluate(
        trafficErlangs a: Double, ahtSeconds: Double, agents: Int, reciprocalBlocking r: Double, answerWithinSeconds: Double
    ) -> QueueMetrics {
        let n = Double(agents)
        guard n > a else { return .unstable(agents: agents, trafficErlangs: a, answerWithinSeconds: answerWithinSeconds) }
        let c = n / (r * (n - a) + a)
        let serviceLevel = 1 - c * exp(-(n - a) * answerWithinSeconds / ahtSeconds)
        let asa = c * ahtSeconds / (n - a)
        return QueueMetrics(
            agents: agents, trafficErlangs: a, answerWithinSeconds: answerWithinSeconds, isStable: true,
            probabilityOfWaiting: c, probabilityOfAbandoning: 0,
            serviceLevel: serviceLevel, serviceLevelOfAnswered: serviceLevel,
            asaSeconds: asa, meanWaitAllSeconds: asa, occupancy: a / n
        )
    }
}
