import Foundation
import Testing
@testable import TandemStaffing

/// Thousands of Erlangs, where factorial formulas overflow: values stay finite, ordered and
/// equal to the plain recurrence.
@Suite struct LargeTrafficTests {
    @Test func windowed_erlang_b_equals_the_full_recurrence() throws {
        for (traffic, agents) in [(5_000.0, 5_100), (5_000.0, 4_700), (3_333.3, 3_400), (40.0, 45)] {
            var b = 1.0
            for n in 1...agents { b = traffic * b / (Double(n) + traffic * b) }
            let windowed = try ErlangB.blockingProbability(trafficErlangs: traffic, agents: agents)
            #expect(close(windowed, b, relative: 1e-13), "A \(traffic) N \(agents)")
        }
    }

    @Test func erlang_c_at_5000_erlangs_is_finite_and_monotone() throws {
        var previous: QueueMetrics?
        for agents in stride(from: 5_001, through: 5_400, by: 3) {
            let metrics = try ErlangC.metrics(trafficErlangs: 5_000, ahtSeconds: 300, agents: agents, answerWithinSeconds: 20)
            #expect(metrics.probabilityOfWaiting.isFinite && metrics.asaSeconds.isFinite)
            #expect((0...1).contains(metrics.serviceLevel))
            if let previous {
                #expect(metrics.serviceLevel >= previous.serviceLevel, "N \(agents)")
                #expect(metrics.probabilityOfWaiting <= previous.probabilityOfWaiting, "N \(agents)")
                #expect(metrics.asaSeconds <= previous.asaSeconds, "N \(agents)")
            }
            previous = metrics
        }
        let requirement = try ErlangC.requiredAgents(trafficErlangs: 5_000, ahtSeconds: 300, target: .serviceLevel(0.8, withinSeconds: 20))
        #expect((5_001...5_100).contains(requirement.agents))
        #expect(requirement.metrics.serviceLevel >= 0.8)
    }

    @Test func erlang_a_at_5000_erlangs_is_finite_and_monotone() throws {
        var previous: QueueMetrics?
        for agents in stride(from: 3_000, through: 5_300, by: 100) {
            let metrics = try ErlangA.metrics(
                trafficErlangs: 5_000, ahtSeconds: 300, patienceSeconds: 120, agents: agents, answerWithinSeconds: 20
            )
            for value in [metrics.probabilityOfWaiting, metrics.probabilityOfAbandoning, metrics.serviceLevel, metrics.occupancy] {
                #expect(value.isFinite && (0...1).contains(value), "N \(agents)")
            }
            #expect(metrics.asaSeconds.isFinite && metrics.meanWaitAllSeconds.isFinite)
            if let previous {
                #expect(metrics.serviceLevel > previous.serviceLevel, "N \(agents)")
                #expect(metrics.probabilityOfAbandoning < previous.probabilityOfAbandoning, "N \(agents)")
            }
            previous = metrics
        }
        let requirement = try ErlangA.requiredAgents(
            trafficErlangs: 5_000, ahtSeconds: 300, patienceSeconds: 120, target: .serviceLevel(0.8, withinSeconds: 20)
        )
        let erlangC = try ErlangC.requiredAgents(trafficErlangs: 5_000, ahtSeconds: 300, target: .serviceLevel(0.8, withinSeconds: 20))
        #expect(requirement.agents < erlangC.agents)
        #expect(requirement.metrics.serviceLevel >= 0.8)
    }

    /// Far fewer agents than traffic with long patience: the queue tail climbs for ~20,000
    /// states. Skipping the climb (Stirling + digamma start) must agree with walking it.
    @Test func skipping_the_tail_climb_matches_walking_it() throws {
        for (traffic, agents, patience) in [(2_000.0, 1_000, 600.0), (400.0, 250, 900.0), (5_000.0, 4_000, 300.0)] {
            var recurrence = ErlangBRecurrence(trafficErlangs: traffic, firstAgentsNeeded: agents)
            recurrence.advance(to: agents)
            func metrics(skip: Int) -> QueueMetrics {
                ErlangA.evaluate(
                    trafficErlangs: traffic, ahtSeconds: 300, patienceSeconds: patience, agents: agents,
                    blockingExcess: recurrence.excess, answerWithinSeconds: 20, skipThreshold: skip
                )
            }
            let walked = metrics(skip: .max), skipped = metrics(skip: 16)
            let pairs = [
                (walked.probabilityOfWaiting, skipped.probabilityOfWaiting),
                (walked.probabilityOfAbandoning, skipped.probabilityOfAbandoning),
                (walked.serviceLevel, skipped.serviceLevel),
                (walked.asaSeconds, skipped.asaSeconds),
                (walked.occupancy, skipped.occupancy),
            ]
            for (a, b) in pairs { #expect(close(a, b, relative: 1e-10), "A \(traffic) N \(agents): \(a) vs \(b)") }
        }
    }
}
