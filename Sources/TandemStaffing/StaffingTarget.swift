/// What "enough agents" means for a queue: any combination of the constraints below, all of
/// which must hold. Required agents is the smallest N meeting every one that is set.
public struct StaffingTarget: Sendable, Equatable {
    /// "fraction of contacts answered within `withinSeconds`", e.g. 80/20.
    public struct ServiceLevel: Sendable, Equatable {
        /// In (0, 1). Under Erlang A this is answered-within-T ÷ offered (abandons count as
        /// misses), the stricter and more honest reading.
        public var fraction: Double
        /// T in seconds, ≥ 0.
        public var withinSeconds: Double

        public init(fraction: Double, withinSeconds: Double) {
            self.fraction = fraction
            self.withinSeconds = withinSeconds
        }
    }

    /// When a target has no service-level part, results still report a service level; at
    /// this threshold, the industry's most common one.
    public static let defaultReportingThresholdSeconds = 20.0

    public var serviceLevel: ServiceLevel?
    /// Upper bound on ASA of answered contacts, seconds (> 0).
    public var maxASASeconds: Double?
    /// Upper bound on occupancy, in (0, 1].
    public var maxOccupancy: Double?
    /// Upper bound on the share of contacts that abandon, in (0, 1). Only Erlang A has
    /// abandonment; under Erlang C it is always met.
    public var maxAbandonRate: Double?

    public init(
        serviceLevel: ServiceLevel? = nil,
        maxASASeconds: Double? = nil,
        maxOccupancy: Double? = nil,
        maxAbandonRate: Double? = nil
    ) {
        self.serviceLevel = serviceLevel
        self.maxASASeconds = maxASASeconds
        self.maxOccupancy = maxOccupancy
        self.maxAbandonRate = maxAbandonRate
    }

    /// The everyday target: `fraction` answered within `withinSeconds`.
    public static func serviceLevel(_ fraction: Double, withinSeconds: Double) -> StaffingTarget {
        StaffingTarget(serviceLevel: ServiceLevel(fraction: fraction, withinSeconds: withinSeconds))
    }

    /// The threshold reported service levels are measured at.
    public var reportingThresholdSeconds: Double {
        serviceLevel?.withinSeconds ?? Self.defaultReportingThresholdSeconds
    }

    func validate() throws(StaffingError) {
        guard serviceLevel != nil || maxASASeconds != nil || maxOccupancy != nil || maxAbandonRate != nil else {
            throw .noTarget
        }
        if let serviceLevel {
            try Check.within(serviceLevel.fraction, .serviceLevel, above: 0, orEqual: false, below: 1, orEqual: false, expected: "(0, 1)")
            try Check.nonNegative(serviceLevel.withinSeconds, .answerWithinSeconds)
        }
        if let maxASASeconds { try Check.positive(maxASASeconds, .maxASASeconds) }
        if let maxOccupancy {
            try Check.within(maxOccupancy, .maxOccupancy, above: 0, orEqual: false, below: 1, orEqual: true, expected: "(0, 1]")
        }
        if let maxAbandonRate {
            try Check.within(maxAbandonRate, .maxAbandonRate, above: 0, orEqual: false, below: 1, orEqual: false, expected: "(0, 1)")
        }
    }

    /// Whether `metrics` meets every constraint. An unstable queue meets none.
    func isMet(by metrics: QueueMetrics) -> Bool {
        guard metrics.isStable else { return false }
        if let serviceLevel, metrics.serviceLevel < serviceLevel.fraction { return false }
        if let maxASASeconds, metrics.asaSeconds > maxASASeconds { return false }
        if let maxOccupancy, metrics.occupancy > maxOccupancy { return false }
        if let maxAbandonRate, metrics.probabilityOfAbandoning > maxAbandonRate { return false }
        return true
    }
}
