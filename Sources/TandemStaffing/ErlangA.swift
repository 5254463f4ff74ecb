import Foundation

/// Erlang A (M/M/N+M): Erlang C plus impatience. Each waiting customer hangs up after an
/// exponential patience with mean θ seconds. Less pessimistic than Erlang C where customers
/// abandon, and stable at any N (the queue cannot grow without bound when people leave).
///
/// Method: exact stationary sums of the birth–death chain (states 0…N below the queue come
/// from the Erlang B recurrence, the queue above N from `QueueTail`), never factorials and
/// never a truncated state space chosen in advance. With B = B(N, A), D = (1 − B)/B (states
/// below N relative to state N), S = 1 + Σ_{m≥1} t_m, α = N·θ/AHT, y = A·θ/AHT:
/// - P(wait)    = S ÷ (D + S)
/// - P(abandon) = (Σ m·t_m ÷ y) ÷ (D + S)           (abandon rate γ·E[queue] over λ)
/// - a customer with m ahead is answered with probability α/(α+m+1) after an offered wait
///   of m+1 exponential stages; E[wait·1{answered}] = θ·(α/y)·Σ t_m·H_m ÷ (D + S)
/// - answered after waiting, within T: (α/y)·[Σ_{m≥1} t_m − c·Σ_{m≥1} q^m·t_m] ÷ (D + S),
///   q = e^(−T/θ), c = e^(−N·T/AHT + y·(1 − q)): the sum over queue positions of an
///   incomplete beta probability, which collapses to this closed form (Palm's /
///   Garnett–Mandelbaum–Reiman's incomplete-gamma expression written as series).
/// - mean wait of everyone = P(abandon)·θ (Little's law on the abandonment stream);
///   occupancy = A·(1 − P(abandon)) ÷ N.
/// Every sum carries its own log scale, so thousands of Erlangs neither overflow nor
/// underflow. θ = +∞ is exactly Erlang C.
public enum ErlangA {
    /// The queue with `agents` agents and mean patience `patienceSeconds` (+∞ = Erlang C).
    public static func metrics(
        trafficErlangs: Double, ahtSeconds: Double, patienceSeconds: Double, agents: Int, answerWithinSeconds: Double
    ) throws(StaffingError) -> QueueMetrics {
        try Check.traffic(trafficErlangs)
        try Check.positive(ahtSeconds, .ahtSeconds)
        try Check.patience(patienceSeconds)
        try Check.agents(agents)
        try Check.nonNegative(answerWithinSeconds, .answerWithinSeconds)
        guard patienceSeconds.isFinite else {
            return try ErlangC.metrics(
                trafficErlangs: trafficErlangs, ahtSeconds: ahtSeconds, agents: agents, answerWithinSeconds: answerWithinSeconds
            )
        }
        guard trafficErlangs > 0 else { return .noTraffic(agents: agents, answerWithinSeconds: answerWithinSeconds) }
        var recurrence = ErlangBRecurrence(trafficErlangs: trafficErlangs, firstAgentsNeeded: agents)
        recurrence.advance(to: agents)
        return evaluate(
            trafficErlangs: trafficErlangs, ahtSeconds: ahtSeconds, patienceSeconds: patienceSeconds,
            agents: agents, blockingExcess: recurrence.excess, answerWithinSeconds: answerWithinSeconds
        )
    }

    /// The smallest N meeting `target`; the service-level part is answered-within-T ÷
    /// offered and the ASA part is ASA of answered contacts. Unlike Erlang C this may be
    /// fewer agents than the traffic: when enough callers give up, fewer agents can still
    /// answer 80% of all callers within 20 s. So the search does not start at ⌈A⌉; it
    /// starts at the only provable floor (agents cannot answer more than N ÷ A of the
    /// offered contacts, so SL s needs N > s·A and abandon rate p needs N > (1 − p)·A).
    public static func requiredAgents(
        trafficErlangs: Double, ahtSeconds: Double, patienceSeconds: Double, target: StaffingTarget, maxAgents: Int? = nil
    ) throws(StaffingError) -> StaffingRequirement {
        try Check.traffic(trafficErlangs)
        try Check.positive(ahtSeconds, .ahtSeconds)
        try Check.patience(patienceSeconds)
        try target.validate()
        guard patienceSeconds.isFinite else {
            return try ErlangC.requiredAgents(
                trafficErlangs: trafficErlangs, ahtSeconds: ahtSeconds, target: target, maxAgents: maxAgents
            )
        }
        let cap = try StaffingRequirement.cap(maxAgents, trafficErlangs: trafficErlangs)
        guard trafficErlangs > 0 else { return .noTraffic(target: target) }
        return try search(
            trafficErlangs: trafficErlangs, ahtSeconds: ahtSeconds, patienceSeconds: patienceSeconds, target: target, maxAgents: cap
        )
    }
}
