/// A fixed, reproducible workload for timing the required-agents search (`tandem bench`
/// times `requiredAgents(for:)`; generating the intervals is not part of the measurement).
public enum StaffingBenchmark {
    /// One half-hour interval of a voice queue.
    public struct Interval: Sendable, Equatable {
        public var contacts: Int
        public var ahtSeconds: Double
        public var intervalSeconds: Double

        public init(contacts: Int, ahtSeconds: Double, intervalSeconds: Double = StaffingBenchmark.intervalSeconds) {
            self.contacts = contacts
            self.ahtSeconds = ahtSeconds
            self.intervalSeconds = intervalSeconds
        }

        public var trafficErlangs: Double { Double(contacts) * ahtSeconds / intervalSeconds }
    }

    public static let intervalSeconds = 1800.0
    public static let contactRange = 1...5_000
    public static let ahtRange = 60.0...1_200.0

    /// `count` intervals with 1–5,000 contacts per 30 minutes and AHT 60–1,200 s, from a
    /// SplitMix64 stream. Its own generator (not `SystemRandomNumberGenerator`, nor the
    /// standard library's `random(in:using:)`, whose mapping may change between releases)
    /// so a seed names the same workload on every platform and toolchain.
    public static func workload(intervals count: Int, seed: UInt64 = 20_240_601) -> [Interval] {
        var generator = SplitMix64(seed: seed)
        var intervals: [Interval] = []
        intervals.reserveCapacity(max(0, count))
        let contactSpan = UInt64(contactRange.count)
        let ahtSpan = ahtRange.upperBound - ahtRange.lowerBound
        for _ in 0..<max(0, count) {
            // Modulo bias over 2⁶⁴ is ~3e-16: irrelevant for a benchmark.
            let contacts = contactRange.lowerBound + Int(generator.next() % contactSpan)
            let aht = ahtRange.lowerBound + generator.nextUnitInterval() * ahtSpan
            intervals.append(Interval(contacts: contacts, ahtSeconds: aht.rounded()))
        }
        return intervals
    }

    /// Required agents for every interval at the given service level (default 80/20), in
    /// order: the same search as `ErlangC.requiredAgents`, minus building result structs.
    public static func requiredAgents(
        for intervals: [Interval], serviceLevel: Double = 0.8, withinSeconds: Double = 20
    ) throws(StaffingError) -> [Int] {
        let target = StaffingTarget.serviceLevel(serviceLevel, withinSeconds: withinSeconds)
        try target.validate()
        let limits = ErlangC.SearchLimits(serviceLevel: serviceLevel, withinSeconds: withinSeconds)
        var agents = [Int](repeating: 0, count: intervals.count)
        for index in intervals.indices {
            let interval = intervals[index]
            let traffic = try Traffic.erlangs(
                contacts: Double(interval.contacts), ahtSeconds: interval.ahtSeconds, intervalSeconds: interval.intervalSeconds
            )
            try Check.traffic(traffic)
            guard traffic > 0 else { continue }
            let cap = StaffingRequirement.defaultMaxAgents(trafficErlangs: traffic)
            guard let found = ErlangC.search(trafficErlangs: traffic, ahtSeconds: interval.ahtSeconds, limits: limits, maxAgents: cap) else {
                throw .targetUnreachable(maxAgents: cap, trafficErlangs: traffic)
            }
            agents[index] = found.agents
        }
        return agents
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): tiny, fast, and fully specified, so the benchmark
/// workload is identical everywhere.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1p-53
    }
}
