import Testing
@testable import TandemStaffing

/// Concurrency, shrinkage and adding fractional requirements before rounding.
@Suite struct HeadcountTests {
    @Test func traffic_is_contacts_times_aht_over_interval() throws {
        #expect(try Traffic.erlangs(contacts: 100, ahtSeconds: 180, intervalSeconds: 1800) == 10)
        #expect(try Traffic.erlangs(contacts: 0, ahtSeconds: 180, intervalSeconds: 1800) == 0)
    }

    @Test func chat_concurrency_divides_handle_time() throws {
        #expect(try Traffic.effectiveChatAHT(ahtSeconds: 600, concurrency: 2, efficiency: 0.8) == 375)
        #expect(try Traffic.effectiveChatAHT(ahtSeconds: 600, concurrency: 1) == 600)
        #expect(try Traffic.effectiveChatAHT(ahtSeconds: 600, concurrency: 2.5) == 240)
        // Three chats at a time at 75% efficiency staff like a voice queue with AHT 600 ÷ 2.25.
        let aht = try Traffic.effectiveChatAHT(ahtSeconds: 600, concurrency: 3, efficiency: 0.75)
        let traffic = try Traffic.erlangs(contacts: 450, ahtSeconds: aht, intervalSeconds: 1800)
        #expect(close(traffic, 450 * 600 / 2.25 / 1800, relative: 1e-15))
    }

    @Test func shrinkage_grosses_up_agents() throws {
        #expect(close(try Headcount.scheduledFTE(agents: 10, shrinkage: 0.3), 10 / 0.7, relative: 1e-15))
        #expect(try Headcount.scheduledFTE(agents: 10, shrinkage: 0) == 10)
        #expect(try Headcount.scheduledTotal(fractionalAgents: [6.2, 6.3], shrinkage: 0.25) == 17)  // 12.5 ÷ 0.75 = 16.67
    }

    @Test func fractional_requirements_are_summed_before_rounding() throws {
        #expect(try Headcount.roundedTotal(fractionalAgents: [2.3, 1.4]) == 4)  // rounding each first gives 5
        #expect(try Headcount.roundedTotal(fractionalAgents: [0.1, 0.2, 0.7]) == 1)  // 1.0000000000000002 in binary
        #expect(try Headcount.roundedTotal(fractionalAgents: []) == 0)
        #expect(try Headcount.roundedTotal(fractionalAgents: [3]) == 3)
        #expect(throws: StaffingError.negative(.fractionalAgents, -1)) {
            try Headcount.roundedTotal(fractionalAgents: [2, -1])
        }
    }

    /// 10 Erlangs, AHT 180 s, 80/20 needs 14 agents; 13 give 79.56% (erlang_a.csv, θ = inf).
    /// The fractional requirement is where SL interpolated between 13 and 14 reaches 80%.
    @Test func fractional_agents_interpolate_the_binding_metric() throws {
        let requirement = try ErlangC.requiredAgents(trafficErlangs: 10, ahtSeconds: 180, target: .serviceLevel(0.8, withinSeconds: 20))
        let at13 = try ErlangC.metrics(trafficErlangs: 10, ahtSeconds: 180, agents: 13, answerWithinSeconds: 20)
        #expect(requirement.agents == 14)
        let expected = 13 + (0.8 - at13.serviceLevel) / (requirement.metrics.serviceLevel - at13.serviceLevel)
        #expect(close(requirement.fractionalAgents, expected, relative: 1e-14))
        #expect(requirement.fractionalAgents > 13.04 && requirement.fractionalAgents < 13.06)
    }

    @Test func fractional_occupancy_requirement_is_exact() throws {
        let requirement = try ErlangC.requiredAgents(trafficErlangs: 10, ahtSeconds: 180, target: StaffingTarget(maxOccupancy: 0.8))
        #expect(requirement.agents == 13)
        #expect(requirement.fractionalAgents == 12.5)
    }

    @Test func fractional_asa_over_an_unstable_neighbour_charges_the_whole_agent() throws {
        // 0.5 Erlangs: 1 agent is the first stable count and 0 agents has no finite ASA.
        let requirement = try ErlangC.requiredAgents(trafficErlangs: 0.5, ahtSeconds: 300, target: StaffingTarget(maxASASeconds: 600))
        #expect(requirement.agents == 1)
        #expect(requirement.fractionalAgents == 1)
    }

    @Test func pooling_fractions_across_quiet_queues_saves_agents() throws {
        // Eight queues of 1.5 Erlangs, each needing 4 agents at 90/10 when rounded alone.
        let one = try ErlangC.requiredAgents(trafficErlangs: 1.5, ahtSeconds: 300, target: .serviceLevel(0.9, withinSeconds: 10))
        let fractions = Array(repeating: one.fractionalAgents, count: 8)
        let total = try Headcount.roundedTotal(fractionalAgents: fractions)
        #expect(one.fractionalAgents > Double(one.agents - 1) && one.fractionalAgents < Double(one.agents))
        #expect(total < 8 * one.agents)
        #expect(total == Int((8 * one.fractionalAgents).rounded(.up)))
    }
}
