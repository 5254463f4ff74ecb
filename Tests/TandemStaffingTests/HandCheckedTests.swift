import Foundation
import Testing
@testable import TandemStaffing

/// Cases small enough to work out on paper.
@Suite struct HandCheckedTests {
    @Test func erlang_b_small_cases() throws {
        #expect(try ErlangB.blockingProbability(trafficErlangs: 1, agents: 1) == 0.5)
        // B(2, 1) = (1/2) ÷ (1 + 1 + 1/2)
        #expect(close(try ErlangB.blockingProbability(trafficErlangs: 1, agents: 2), 0.2, relative: 1e-15))
        #expect(try ErlangB.blockingProbability(trafficErlangs: 3, agents: 0) == 1)
    }

    @Test func erlang_c_two_agents_one_erlang() throws {
        // C = N·B ÷ (N − A·(1 − B)) = 2·0.2 ÷ (2 − 0.8) = 1/3
        let metrics = try ErlangC.metrics(trafficErlangs: 1, ahtSeconds: 180, agents: 2, answerWithinSeconds: 20)
        #expect(close(metrics.probabilityOfWaiting, 1.0 / 3, relative: 1e-15))
        #expect(close(metrics.asaSeconds, 60, relative: 1e-15))  // C·AHT ÷ (N − A)
        #expect(close(metrics.serviceLevel, 1 - exp(-1.0 / 9) / 3, relative: 1e-15))
        #expect(metrics.occupancy == 0.5)
        #expect(metrics.probabilityOfAbandoning == 0)
    }

    @Test func erlang_c_single_agent_is_mm1() throws {
        // M/M/1: P(wait) = ρ and ASA = ρ·AHT ÷ (1 − ρ)
        let metrics = try ErlangC.metrics(trafficErlangs: 0.5, ahtSeconds: 300, agents: 1, answerWithinSeconds: 0)
        #expect(close(metrics.probabilityOfWaiting, 0.5, relative: 1e-15))
        #expect(close(metrics.asaSeconds, 300, relative: 1e-15))
        #expect(close(metrics.serviceLevel, 0.5, relative: 1e-15))  // answered within 0 s = not waiting
    }

    @Test func erlang_c_without_enough_agents_is_unstable() throws {
        let metrics = try ErlangC.metrics(trafficErlangs: 10, ahtSeconds: 300, agents: 10, answerWithinSeconds: 20)
        #expect(!metrics.isStable)
        #expect(metrics.serviceLevel == 0)
        #expect(metrics.asaSeconds == .infinity)
        #expect(metrics.probabilityOfWaiting == 1)
        #expect(metrics.occupancy == 1)
    }

    /// One agent, one Erlang, patience equal to AHT: everyone in the system leaves at rate μ
    /// whether waiting or served, so the number present is Poisson(1) (an M/M/∞ queue).
    /// P(wait) = P(X ≥ 1) = 1 − 1/e and P(abandon) = E[(X − 1)⁺] = 1/e.
    @Test func erlang_a_patience_equal_to_handle_time() throws {
        let metrics = try ErlangA.metrics(trafficErlangs: 1, ahtSeconds: 120, patienceSeconds: 120, agents: 1, answerWithinSeconds: 20)
        let e = exp(1.0)
        #expect(close(metrics.probabilityOfWaiting, 1 - 1 / e, relative: 1e-14))
        #expect(close(metrics.probabilityOfAbandoning, 1 / e, relative: 1e-14))
        #expect(close(metrics.occupancy, 1 - 1 / e, relative: 1e-14))
        #expect(close(metrics.meanWaitAllSeconds, 120 / e, relative: 1e-14))
    }

    @Test func erlang_a_with_infinite_patience_is_erlang_c() throws {
        let a = try ErlangA.metrics(trafficErlangs: 10, ahtSeconds: 180, patienceSeconds: .infinity, agents: 13, answerWithinSeconds: 20)
        let c = try ErlangC.metrics(trafficErlangs: 10, ahtSeconds: 180, agents: 13, answerWithinSeconds: 20)
        #expect(a == c)
    }

    @Test func erlang_a_approaches_erlang_c_as_patience_grows() throws {
        let c = try ErlangC.metrics(trafficErlangs: 10, ahtSeconds: 180, agents: 13, answerWithinSeconds: 20)
        let a = try ErlangA.metrics(trafficErlangs: 10, ahtSeconds: 180, patienceSeconds: 1e8, agents: 13, answerWithinSeconds: 20)
        #expect(close(a.probabilityOfWaiting, c.probabilityOfWaiting, relative: 1e-5))
        #expect(close(a.serviceLevel, c.serviceLevel, relative: 1e-5))
        #expect(close(a.asaSeconds, c.asaSeconds, relative: 1e-5))
        #expect(a.probabilityOfAbandoning < 1e-5)
    }

    @Test func zero_traffic_needs_no_agents() throws {
        let requirement = try ErlangC.requiredAgents(trafficErlangs: 0, ahtSeconds: 300, target: .serviceLevel(0.8, withinSeconds: 20))
        #expect(requirement.agents == 0)
        #expect(requirement.fractionalAgents == 0)
        #expect(requirement.metrics.serviceLevel == 1)
        let withAbandon = try ErlangA.requiredAgents(
            trafficErlangs: 0, ahtSeconds: 300, patienceSeconds: 60, target: .serviceLevel(0.8, withinSeconds: 20)
        )
        #expect(withAbandon.agents == 0)
    }

    @Test func special_functions() {
        #expect(close(SpecialFunctions.digamma(1), -0.57721566490153286, relative: 1e-15))
        #expect(close(SpecialFunctions.digamma(0.5), -1.9635100260214235, relative: 1e-15))
        for (y, alpha, m) in [(50.0, 3.5, 40), (4000.0, 2000.0, 1500), (1e5, 10.0, 90_000)] {
            var direct = 0.0
            for k in 1...m { direct += log(y / (alpha + Double(k))) }
            let stirling = SpecialFunctions.logTermProduct(ratio: y, offset: alpha, terms: m)
            #expect(abs(stirling - direct) <= 1e-12 * max(1, abs(direct)), "y \(y) α \(alpha) m \(m)")
        }
    }
}
