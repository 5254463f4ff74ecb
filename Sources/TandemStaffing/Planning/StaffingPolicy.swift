import Foundation

/// How one queue is staffed: the target it must meet and the adjustments between
/// "contacts forecast" and "people to schedule". The app stores one per queue; the
/// calculator, the CLI and the capacity plan all go through `requirement(...)`, so the
/// three faces cannot disagree.
public struct StaffingPolicy: Sendable, Equatable {
    /// Which maths turns workload into agents.
    public enum Model: String, Sendable, CaseIterable, Codable {
        /// M/M/N: customers never hang up. The default for voice and chat.
        case erlangC = "erlang_c"
        /// M/M/N+M: customers abandon after a mean patience. Used when a patience is set.
        case erlangA = "erlang_a"
        /// Deferred work (email, back office): no queue to model, agents = workload ÷ max
        /// occupancy.
        case workload

        public var label: String {
            switch self {
            case .erlangC: "Erlang C"
            case .erlangA: "Erlang A"
            case .workload: "Workload ÷ occupancy"
            }
        }
    }

    /// Occupancy a deferred queue is planned at when none is set.
    public static let defaultDeferredOccupancy = 0.85

    /// Share answered within `thresholdSeconds`, in (0, 1); nil for no service-level target.
    public var serviceLevel: Double?
    public var thresholdSeconds: Double
    public var maxASASeconds: Double?
    public var maxOccupancy: Double?
    /// Mean customer patience in seconds; set means Erlang A.
    public var patienceSeconds: Double?
    /// Share of paid time not available for contacts, in [0, 1).
    public var shrinkage: Double
    /// Simultaneous contacts per agent (chat), ≥ 1.
    public var concurrency: Double
    /// How much of the ideal concurrency speed-up is real, in (0, 1].
    public var efficiency: Double
    /// Email and back office: backlog work, planned by workload.
    public var deferred: Bool

    public init(
        serviceLevel: Double? = 0.8, thresholdSeconds: Double = 20, maxASASeconds: Double? = nil, maxOccupancy: Double? = nil,
        patienceSeconds: Double? = nil, shrinkage: Double = 0.3, concurrency: Double = 1, efficiency: Double = 1, deferred: Bool = false
    ) {
        self.serviceLevel = serviceLevel
        self.thresholdSeconds = thresholdSeconds
        self.maxASASeconds = maxASASeconds
        self.maxOccupancy = maxOccupancy
        self.patienceSeconds = patienceSeconds
        self.shrinkage = shrinkage
        self.concurrency = concurrency
        self.efficiency = efficiency
        self.deferred = deferred
    }

    public var model: Model {
        if deferred { return .workload }
        return patienceSeconds == nil ? .erlangC : .erlangA
    }

    /// The queueing target (service level, ASA, occupancy), as the engine reads it.
    public var target: StaffingTarget {
        StaffingTarget(
            serviceLevel: serviceLevel.map { .init(fraction: $0, withinSeconds: thresholdSeconds) },
            maxASASeconds: maxASASeconds, maxOccupancy: maxOccupancy
        )
    }

    /// Rejects settings no calculation could use, naming the field.
    public func validate() throws(StaffingError) {
        try Check.within(shrinkage, .shrinkage, above: 0, orEqual: true, below: 1, orEqual: false, expected: "[0, 1)")
        try Check.finite(concurrency, .concurrency)
        guard concurrency >= 1 else { throw .outOfRange(.concurrency, concurrency, expected: "≥ 1") }
        try Check.within(efficiency, .efficiency, above: 0, orEqual: false, below: 1, orEqual: true, expected: "(0, 1]")
        if let patienceSeconds { try Check.positive(patienceSeconds, .patienceSeconds) }
        if deferred {
            if let maxOccupancy {
                try Check.within(maxOccupancy, .maxOccupancy, above: 0, orEqual: false, below: 1, orEqual: true, expected: "(0, 1]")
            }
        } else {
            try Check.nonNegative(thresholdSeconds, .answerWithinSeconds)
            try target.validate()
        }
    }

    /// Handle time one agent spends per contact once concurrency is counted.
    public func effectiveAHT(_ ahtSeconds: Double) throws(StaffingError) -> Double {
        concurrency == 1 && efficiency == 1
            ? ahtSeconds
            : try Traffic.effectiveChatAHT(ahtSeconds: ahtSeconds, concurrency: concurrency, efficiency: efficiency)
    }

    /// Agents one queue needs in one interval.
    ///
    /// Traffic A = contacts × effective AHT ÷ interval length. Queueing queues take the
    /// smallest N meeting the target (Erlang C, or Erlang A with patience) and its
    /// fractional crossing point; deferred queues need A ÷ max occupancy. Scheduled FTE =
    /// fractional agents ÷ (1 − shrinkage), not rounded: plans add these up first.
    public func requirement(contacts: Double, ahtSeconds: Double, intervalSeconds: Double) throws(StaffingError) -> IntervalRequirement {
        try validate()
        try Check.nonNegative(contacts, .contacts)
        try Check.positive(intervalSeconds, .intervalSeconds)
        guard contacts > 0 else {
            return IntervalRequirement(contacts: 0, ahtSeconds: ahtSeconds, effectiveAHTSeconds: ahtSeconds, trafficErlangs: 0,
                                       agents: 0, fractionalAgents: 0, scheduledFTE: 0, metrics: nil)
        }
        let effective = try effectiveAHT(ahtSeconds)
        let traffic = try Traffic.erlangs(contacts: contacts, ahtSeconds: effective, intervalSeconds: intervalSeconds)
        let agents: Int
        let fractional: Double
        var metrics: QueueMetrics? = nil
        switch model {
        case .workload:
            try Check.traffic(traffic)
            fractional = traffic / (maxOccupancy ?? Self.defaultDeferredOccupancy)
            agents = Headcount.wholeAgents(fractional)
        case .erlangC:
            let found = try ErlangC.requiredAgents(trafficErlangs: traffic, ahtSeconds: effective, target: target)
            (agents, fractional, metrics) = (found.agents, found.fractionalAgents, found.metrics)
        case .erlangA:
            let found = try ErlangA.requiredAgents(trafficErlangs: traffic, ahtSeconds: effective, patienceSeconds: patienceSeconds!, target: target)
            (agents, fractional, metrics) = (found.agents, found.fractionalAgents, found.metrics)
        }
        return IntervalRequirement(
            contacts: contacts, ahtSeconds: ahtSeconds, effectiveAHTSeconds: effective, trafficErlangs: traffic,
            agents: agents, fractionalAgents: fractional, scheduledFTE: try Headcount.scheduledFTE(agents: fractional, shrinkage: shrinkage),
            metrics: metrics
        )
    }

    /// The queue with `agents` agents under this policy (nil for deferred queues).
    public func metrics(agents: Int, trafficErlangs: Double, effectiveAHTSeconds: Double) throws(StaffingError) -> QueueMetrics? {
        switch model {
        case .workload: return nil
        case .erlangC:
            return try ErlangC.metrics(trafficErlangs: trafficErlangs, ahtSeconds: effectiveAHTSeconds, agents: agents, answerWithinSeconds: thresholdSeconds)
        case .erlangA:
            return try ErlangA.metrics(trafficErlangs: trafficErlangs, ahtSeconds: effectiveAHTSeconds, patienceSeconds: patienceSeconds!,
                                       agents: agents, answerWithinSeconds: thresholdSeconds)
        }
    }
}

/// One queue, one interval: from the forecast to the people to schedule.
public struct IntervalRequirement: Sendable, Equatable {
    public let contacts: Double
    public let ahtSeconds: Double
    /// AHT ÷ (concurrency × efficiency); equals `ahtSeconds` for one contact at a time.
    public let effectiveAHTSeconds: Double
    public let trafficErlangs: Double
    /// Whole agents this queue needs if staffed on its own.
    public let agents: Int
    /// The fractional requirement summed across queues before rounding.
    public let fractionalAgents: Double
    /// fractional agents ÷ (1 − shrinkage).
    public let scheduledFTE: Double
    /// The queue at `agents` (nil for quiet intervals and deferred queues).
    public let metrics: QueueMetrics?
}
