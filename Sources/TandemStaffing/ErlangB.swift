import Foundation

/// Erlang B (M/M/N/N): the probability that a contact finds all N agents busy when nobody
/// queues. Staffing uses it as the stable stepping stone to Erlang C and Erlang A.
public enum ErlangB {
    /// B(N, A) from the recurrence B(0) = 1, B(n) = A·B(n−1) ÷ (n + A·B(n−1)).
    ///
    /// Factorial formulas overflow past ~170 agents; the recurrence never does. For large
    /// traffic the recurrence starts a little below the traffic instead of at 0 (see
    /// `ErlangBRecurrence.windowStart`), which changes B by less than 1e-15 relative.
    public static func blockingProbability(trafficErlangs: Double, agents: Int) throws(StaffingError) -> Double {
        try Check.traffic(trafficErlangs)
        guard agents >= 0 else { throw .negative(.agents, Double(agents)) }
        var recurrence = ErlangBRecurrence(trafficErlangs: trafficErlangs, firstAgentsNeeded: agents)
        recurrence.advance(to: agents)
        return recurrence.blocking
    }
}

/// The Erlang B recurrence carried upward one agent at a time, so a search over N never
/// recomputes B from scratch.
///
/// It tracks 1/B − 1 = (1 − B)/B instead of B: the textbook step inverts to
/// 1/B(n) = 1 + (n/A)·1/B(n−1), which needs a multiply instead of a divide, and keeping
/// the "− 1" apart preserves precision when B is close to 1 (far fewer agents than Erlangs,
/// which Erlang A visits).
struct ErlangBRecurrence {
    private(set) var agents: Int
    /// (1 − B)/B at `agents`; +infinity once B underflows (many more agents than traffic).
    private(set) var excess: Double
    private let perErlang: Double

    init(trafficErlangs: Double, firstAgentsNeeded: Int) {
        agents = Self.windowStart(trafficErlangs: trafficErlangs, firstAgentsNeeded: firstAgentsNeeded)
        excess = 0  // B = 1: exact at 0 agents, and a negligible truncation at a window start
        perErlang = 1 / trafficErlangs
    }

    var blocking: Double { 1 / (1 + excess) }

    mutating func advance() {
        agents += 1
        excess = Double(agents) * perErlang * (excess + 1)
    }

    mutating func advance(to target: Int) {
        while agents < target { advance() }
    }

    /// Where to start the recurrence when B is needed at `firstAgentsNeeded` or above.
    ///
    /// 1/B(n) = Σ_{k≤n} Π_{j=k+1..n} (j/A) is dominated by k near min(n, A). A term d places
    /// below that is smaller by at least e^(−d(d−1)/(2A)) (each factor j/A ≤ e^(−(A−j)/A)),
    /// and the terms below it shrink geometrically, so starting d = 9√A + 1 below with B = 1
    /// drops less than e^(−40)·√A/9 of the sum: under 1e-15 relative for any traffic the
    /// API accepts. It saves the A − 9√A steps that made large intervals slow.
    static func windowStart(trafficErlangs: Double, firstAgentsNeeded: Int) -> Int {
        let reference = min(Double(firstAgentsNeeded), trafficErlangs)
        let start = (reference - 9 * trafficErlangs.squareRoot()).rounded(.down) - 1
        return start > 0 ? Int(start) : 0
    }
}
