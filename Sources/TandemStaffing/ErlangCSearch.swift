import Foundation

extension ErlangC {
    /// A target in the form the hot loop wants: unused limits are +∞ (or 1 for occupancy) so
    /// every check runs unconditionally, with no optionals and no branches on the target.
    struct SearchLimits {
        /// 1 − SL fraction; +∞ when there is no service-level constraint.
        var serviceLevelShortfall: Double = .infinity
        var answerWithinSeconds: Double = 0
        var maxASASeconds: Double = .infinity
        var maxOccupancy: Double = 1

        init(serviceLevel: Double, withinSeconds: Double) {
            serviceLevelShortfall = 1 - serviceLevel
            answerWithinSeconds = withinSeconds
        }

        init(_ target: StaffingTarget) {
            if let serviceLevel = target.serviceLevel {
                serviceLevelShortfall = 1 - serviceLevel.fraction
                answerWithinSeconds = serviceLevel.withinSeconds
            }
            if let maxASA = target.maxASASeconds { maxASASeconds = maxASA }
            if let maxOccupancy = target.maxOccupancy { self.maxOccupancy = maxOccupancy }
            // Abandonment is always 0 under Erlang C, so a max abandon rate is always met.
        }
    }

    struct SearchResult {
        var agents: Int
        /// 1/B at `agents` and at `agents − 1`, kept so the caller can report both without
        /// running the recurrence again.
        var reciprocal: Double
        var previousReciprocal: Double
    }

    /// The smallest N ≤ `maxAgents` meeting `limits`, or nil. One upward pass of R = 1/B:
    ///
    /// 1. Start at the recurrence window below the traffic (`ErlangBRecurrence.windowStart`)
    ///    and climb eight agents per step with no checks: N ≤ A can never meet a target, and
    ///    folding eight steps into R ← (k₁…k₈)·R + (…) shortens the dependency chain that
    ///    bounds the speed of this loop.
    /// 2. From the first candidate (⌊A⌋ + 1, or higher when max occupancy demands it) advance
    ///    one agent at a time and test, without division or `exp`:
    ///    - SL:  1 − C·e ≥ s   ⇔  N·e ≤ (1 − s)·(R·(N − A) + A), where C = N ÷ (R·(N−A) + A)
    ///      and e = e^(−(N−A)·T/AHT) is carried as a running product (× e^(−T/AHT) per agent);
    ///    - ASA: C·AHT ÷ (N − A) ≤ w  ⇔  N·AHT ≤ w·(N − A)·(R·(N − A) + A);
    ///    - occupancy: A ≤ ρ·N.
    ///
    /// No allocation; this is what `StaffingBenchmark` times.
    static func search(trafficErlangs a: Double, ahtSeconds: Double, limits: SearchLimits, maxAgents: Int) -> SearchResult? {
        let stable = Int(a.rounded(.down)) + 1
        // A ÷ ρ can round either way; one candidate early is harmless, the loop checks exactly.
        let occupancyBound = limits.maxOccupancy < 1 ? Int((a / limits.maxOccupancy).rounded(.down)) - 1 : 0
        let first = max(stable, occupancyBound)
        guard first <= maxAgents else { return nil }

        let perErlang = 1 / a
        var n = ErlangBRecurrence.windowStart(trafficErlangs: a, firstAgentsNeeded: first)
        var r = 1.0  // R(n): 1/B = 1 at 0 agents, and the window's truncation above 0
        var count = Double(n)
        while n + 8 <= first - 1 {
            // R(n+8) = P·R(n) + C with P = k₁…k₈ and C = 1 + k₈(1 + k₇(1 + … (1 + k₂))):
            // P and C do not depend on R, so only one multiply-add per 8 agents is serial.
            let k1 = (count + 1) * perErlang, k2 = (count + 2) * perErlang
            let k3 = (count + 3) * perErlang, k4 = (count + 4) * perErlang
            let k5 = (count + 5) * perErlang, k6 = (count + 6) * perErlang
            let k7 = (count + 7) * perErlang, k8 = (count + 8) * perErlang
            let product = ((k1 * k2) * (k3 * k4)) * ((k5 * k6) * (k7 * k8))
            let constant = 1 + k8 * (1 + k7 * (1 + k6 * (1 + k5 * (1 + k4 * (1 + k3 * (1 + k2))))))
            r = product * r + constant
            n += 8
            count += 8
        }
        while n < first - 1 {
            n += 1
            r = Double(n) * perErlang * r + 1
        }

        let step = exp(-limits.answerWithinSeconds / ahtSeconds)
        var discount = exp(-(Double(first) - a) * limits.answerWithinSeconds / ahtSeconds)
        var previous = r
        while n < maxAgents {
            previous = r
            n += 1
            let agents = Double(n)
            r = agents * perErlang * r + 1
            let spare = agents - a
            let agentsOverC = r * spare + a  // N ÷ C
            if agents * discount <= limits.serviceLevelShortfall * agentsOverC,
               agents * ahtSeconds <= limits.maxASASeconds * spare * agentsOverC,
               a <= limits.maxOccupancy * agents {
                return SearchResult(agents: n, reciprocal: r, previousReciprocal: previous)
            }
            discount *= step
        }
        return nil
    }
}
