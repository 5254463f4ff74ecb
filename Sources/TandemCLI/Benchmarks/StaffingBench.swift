import Foundation
import TandemStaffing

/// `tandem bench staffing`: the required-agents search timed on `StaffingBenchmark`'s
/// reproducible workload (pure math: no app, no database).
enum StaffingBench {
    /// Times the required-agents search on `StaffingBenchmark`'s reproducible workload.
    static func report(intervals count: Int, seed: UInt64 = 20_240_601) throws -> [String] {
        let workload = StaffingBenchmark.workload(intervals: count, seed: seed)
        let clock = ContinuousClock()
        var agents: [Int] = []
        let fast = try clock.measure { agents = try StaffingBenchmark.requiredAgents(for: workload) }
        var full = 0
        let target = StaffingTarget.serviceLevel(0.8, withinSeconds: 20)
        let complete = try clock.measure {
            for interval in workload {
                full &+= try ErlangC.requiredAgents(trafficErlangs: interval.trafficErlangs, ahtSeconds: interval.ahtSeconds, target: target).agents
            }
        }
        let sample = workload.prefix(min(count, 10_000))
        var abandon = 0
        let erlangA = try clock.measure {
            for interval in sample {
                abandon &+= try ErlangA.requiredAgents(trafficErlangs: interval.trafficErlangs, ahtSeconds: interval.ahtSeconds, patienceSeconds: 180, target: target).agents
            }
        }
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        func rate(_ n: Int, _ d: Duration) -> String { Self.number(Double(n) / max(seconds(d), 1e-9), digits: 0) }
        let total = agents.reduce(0, +)
        return [
            "Workload: \(count) half-hour intervals, 1–5,000 contacts, AHT 60–1,200 s (SplitMix64 seed \(seed)); target 80% in 20 s.",
            "Erlang C search (StaffingBenchmark):  \(Self.number(seconds(fast) * 1_000, digits: 1)) ms  (\(rate(count, fast)) intervals/s; Σ agents \(total))",
            "Erlang C with fractional + metrics:   \(Self.number(seconds(complete) * 1_000, digits: 1)) ms  (\(rate(count, complete)) intervals/s; same Σ: \(full == total ? "yes" : "NO"))",
            "Erlang A (patience 180 s), first \(sample.count): \(Self.number(seconds(erlangA) * 1_000, digits: 1)) ms  (\(rate(sample.count, erlangA)) intervals/s)",
        ]
    }

    /// The benchmark workload and its Erlang C answers as CSV, for comparing other tools.
    static func writeWorkload(intervals count: Int, seed: UInt64 = 20_240_601, to path: String) throws {
        let workload = StaffingBenchmark.workload(intervals: count, seed: seed)
        let agents = try StaffingBenchmark.requiredAgents(for: workload)
        var text = "contacts,aht_seconds,interval_seconds,service_level,threshold_seconds,agents\n"
        for (interval, n) in zip(workload, agents) {
            text += "\(interval.contacts),\(Self.plain(interval.ahtSeconds)),\(Self.plain(interval.intervalSeconds)),0.8,20,\(n)\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The figure with `digits` decimals.
    static func number(_ value: Double, digits: Int = 1) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "∞"
    }

    /// The shortest form that reads back the same (no trailing zeros, no grouping).
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
