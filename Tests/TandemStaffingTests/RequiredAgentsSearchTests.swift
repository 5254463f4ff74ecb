import Foundation
import Testing
@testable import TandemStaffing

/// The incremental one-pass searches must equal trying every N from 1 upward.
@Suite struct RequiredAgentsSearchTests {
    static let erlangCTargets: [StaffingTarget] = [
        .serviceLevel(0.8, withinSeconds: 20),
        StaffingTarget(serviceLevel: .init(fraction: 0.9, withinSeconds: 30), maxOccupancy: 0.9),
        StaffingTarget(maxASASeconds: 30),
        StaffingTarget(serviceLevel: .init(fraction: 0.95, withinSeconds: 10), maxASASeconds: 15),
        StaffingTarget(maxOccupancy: 0.85),
        .serviceLevel(0.7, withinSeconds: 0),
    ]

    /// Brute force written independently of the library: the textbook division form of the
    /// Erlang B recurrence from B(0) = 1, and `exp` at every N.
    static func bruteForceErlangC(traffic a: Double, aht: Double, target: StaffingTarget, cap: Int) -> Int? {
        var b = 1.0
        for n in 1...cap {
            b = a * b / (Double(n) + a * b)
            let agents = Double(n)
            guard agents > a else { continue }
            let c = agents * b / (agents - a * (1 - b))
            if let sl = target.serviceLevel, 1 - c * exp(-(agents - a) * sl.withinSeconds / aht) < sl.fraction { continue }
            if let maxASA = target.maxASASeconds, c * aht / (agents - a) > maxASA { continue }
            if let maxOccupancy = target.maxOccupancy, a / agents > maxOccupancy { continue }
            return n
        }
        return nil
    }

    @Test func erlang_c_search_equals_brute_force() throws {
        let intervals = StaffingBenchmark.workload(intervals: 300, seed: 7)
        for (index, interval) in intervals.enumerated() {
            let target = Self.erlangCTargets[index % Self.erlangCTargets.count]
            let traffic = interval.trafficErlangs
            let cap = StaffingRequirement.defaultMaxAgents(trafficErlangs: traffic)
            let expected = try #require(Self.bruteForceErlangC(traffic: traffic, aht: interval.ahtSeconds, target: target, cap: cap))
            let requirement = try ErlangC.requiredAgents(trafficErlangs: traffic, ahtSeconds: interval.ahtSeconds, target: target)
            #expect(requirement.agents == expected, "interval \(index): A \(traffic), AHT \(interval.ahtSeconds)")
            // The metrics carried out of the search equal a fresh evaluation at that N.
            let fresh = try ErlangC.metrics(
                trafficErlangs: traffic, ahtSeconds: interval.ahtSeconds, agents: requirement.agents,
                answerWithinSeconds: target.reportingThresholdSeconds
            )
            #expect(close(requirement.metrics.serviceLevel, fresh.serviceLevel, relative: 1e-12), "interval \(index)")
            #expect(close(requirement.metrics.asaSeconds, fresh.asaSeconds, relative: 1e-12), "interval \(index)")
            #expect(requirement.fractionalAgents > Double(requirement.agents - 1), "interval \(index)")
            #expect(requirement.fractionalAgents <= Double(requirement.agents), "interval \(index)")
        }
    }

    static let erlangATargets: [StaffingTarget] = [
        .serviceLevel(0.8, withinSeconds: 20),
        StaffingTarget(serviceLevel: .init(fraction: 0.9, withinSeconds: 30), maxAbandonRate: 0.05),
        StaffingTarget(maxASASeconds: 20),
        StaffingTarget(serviceLevel: .init(fraction: 0.7, withinSeconds: 60), maxOccupancy: 0.85),
        StaffingTarget(maxAbandonRate: 0.03),
    ]

    @Test func erlang_a_search_equals_brute_force() throws {
        var generator = SplitMix64(seed: 11)
        for index in 0..<150 {
            let contacts = 1 + Double(generator.next() % 400)
            let aht = 60 + (540 * generator.nextUnitInterval()).rounded()
            let patience = 10 + (590 * generator.nextUnitInterval()).rounded()
            let traffic = try Traffic.erlangs(contacts: contacts, ahtSeconds: aht, intervalSeconds: 1800)
            let target = Self.erlangATargets[index % Self.erlangATargets.count]
            let cap = StaffingRequirement.defaultMaxAgents(trafficErlangs: traffic)

            var expected: Int?
            for n in 1...cap {
                let metrics = try ErlangA.metrics(
                    trafficErlangs: traffic, ahtSeconds: aht, patienceSeconds: patience, agents: n,
                    answerWithinSeconds: target.reportingThresholdSeconds
                )
                if target.isMet(by: metrics) { expected = n; break }
            }
            let requirement = try ErlangA.requiredAgents(trafficErlangs: traffic, ahtSeconds: aht, patienceSeconds: patience, target: target)
            #expect(requirement.agents == expected, "case \(index): A \(traffic), AHT \(aht), θ \(patience)")
        }
    }
}
