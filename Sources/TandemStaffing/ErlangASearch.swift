extension ErlangA {
    /// One upward pass: the Erlang B recurrence is carried from its window start to the
    /// first candidate and then one agent at a time; each candidate adds only its own queue
    /// tail. Candidates start at the provable floor (see `requiredAgents`), so every N
    /// below the answer that could possibly meet the target is tried.
    static func search(
        trafficErlangs a: Double, ahtSeconds: Double, patienceSeconds theta: Double,
        target: StaffingTarget, maxAgents: Int
    ) throws(StaffingError) -> StaffingRequirement {
        var floor = 1.0
        if let serviceLevel = target.serviceLevel { floor = max(floor, (serviceLevel.fraction * a).rounded(.down)) }
        if let maxAbandonRate = target.maxAbandonRate { floor = max(floor, ((1 - maxAbandonRate) * a).rounded(.down)) }
        let first = Int(floor)
        guard first <= maxAgents else { throw .targetUnreachable(maxAgents: maxAgents, trafficErlangs: a) }

        let within = target.reportingThresholdSeconds
        var recurrence = ErlangBRecurrence(trafficErlangs: a, firstAgentsNeeded: first - 1)
        recurrence.advance(to: first - 1)
        while recurrence.agents < maxAgents {
            let previousExcess = recurrence.excess
            recurrence.advance()
            let metrics = evaluate(
                trafficErlangs: a, ahtSeconds: ahtSeconds, patienceSeconds: theta,
                agents: recurrence.agents, blockingExcess: recurrence.excess, answerWithinSeconds: within
            )
            guard target.isMet(by: metrics) else { continue }
            let previous = recurrence.agents > 1
                ? evaluate(
                    trafficErlangs: a, ahtSeconds: ahtSeconds, patienceSeconds: theta,
                    agents: recurrence.agents - 1, blockingExcess: previousExcess, answerWithinSeconds: within
                )
                : nil
            return StaffingRequirement(
                agents: recurrence.agents,
                fractionalAgents: StaffingRequirement.fractionalAgents(target: target, at: metrics, previous: previous),
                metrics: metrics
            )
        }
        throw .targetUnreachable(maxAgents: maxAgents, trafficErlangs: a)
    }
}
