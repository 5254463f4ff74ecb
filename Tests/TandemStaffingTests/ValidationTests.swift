import Testing
@testable import TandemStaffing

/// Each impossible input is refused with the field it came from.
@Suite struct ValidationTests {
    let sl8020 = StaffingTarget.serviceLevel(0.8, withinSeconds: 20)

    @Test func handle_time_must_be_positive() {
        #expect(throws: StaffingError.notPositive(.ahtSeconds, 0)) {
            try ErlangC.metrics(trafficErlangs: 10, ahtSeconds: 0, agents: 12, answerWithinSeconds: 20)
        }
        #expect(throws: StaffingError.notPositive(.ahtSeconds, -5)) {
            try Traffic.erlangs(contacts: 10, ahtSeconds: -5, intervalSeconds: 1800)
        }
        #expect(throws: StaffingError.notPositive(.ahtSeconds, -1)) {
            try ErlangA.requiredAgents(trafficErlangs: 10, ahtSeconds: -1, patienceSeconds: 60, target: sl8020)
        }
    }

    @Test func interval_must_be_positive() {
        #expect(throws: StaffingError.notPositive(.intervalSeconds, 0)) {
            try Traffic.erlangs(contacts: 10, ahtSeconds: 300, intervalSeconds: 0)
        }
        #expect(throws: StaffingError.notPositive(.intervalSeconds, -900)) {
            try Traffic.erlangs(contacts: 10, ahtSeconds: 300, intervalSeconds: -900)
        }
    }

    @Test func volume_and_traffic_must_not_be_negative() {
        #expect(throws: StaffingError.negative(.contacts, -1)) {
            try Traffic.erlangs(contacts: -1, ahtSeconds: 300, intervalSeconds: 1800)
        }
        #expect(throws: StaffingError.negative(.trafficErlangs, -2)) {
            try ErlangC.requiredAgents(trafficErlangs: -2, ahtSeconds: 300, target: sl8020)
        }
        #expect(throws: StaffingError.outOfRange(.trafficErlangs, 2e6, expected: "[0, 1000000]")) {
            try ErlangC.requiredAgents(trafficErlangs: 2e6, ahtSeconds: 300, target: sl8020)
        }
    }

    @Test(arguments: [0.0, 1.0, 1.5, -0.2])
    func service_level_target_must_be_between_0_and_1(fraction: Double) {
        #expect(throws: StaffingError.outOfRange(.serviceLevel, fraction, expected: "(0, 1)")) {
            try ErlangC.requiredAgents(trafficErlangs: 10, ahtSeconds: 300, target: .serviceLevel(fraction, withinSeconds: 20))
        }
    }

    @Test func threshold_must_not_be_negative() {
        #expect(throws: StaffingError.negative(.answerWithinSeconds, -1)) {
            try ErlangC.requiredAgents(trafficErlangs: 10, ahtSeconds: 300, target: .serviceLevel(0.8, withinSeconds: -1))
        }
        #expect(throws: StaffingError.negative(.answerWithinSeconds, -3)) {
            try ErlangA.metrics(trafficErlangs: 10, ahtSeconds: 300, patienceSeconds: 60, agents: 12, answerWithinSeconds: -3)
        }
    }

    @Test func nan_and_infinity_are_refused() {
        #expect(throws: StaffingError.notFinite(.ahtSeconds)) {
            try ErlangC.metrics(trafficErlangs: 10, ahtSeconds: .nan, agents: 12, answerWithinSeconds: 20)
        }
        #expect(throws: StaffingError.notFinite(.trafficErlangs)) {
            try ErlangC.metrics(trafficErlangs: .infinity, ahtSeconds: 300, agents: 12, answerWithinSeconds: 20)
        }
        #expect(throws: StaffingError.notFinite(.contacts)) {
            try Traffic.erlangs(contacts: .nan, ahtSeconds: 300, intervalSeconds: 1800)
        }
        #expect(throws: StaffingError.notFinite(.answerWithinSeconds)) {
            try ErlangC.requiredAgents(trafficErlangs: 10, ahtSeconds: 300, target: .serviceLevel(0.8, withinSeconds: .infinity))
        }
        #expect(throws: StaffingError.notFinite(.patienceSeconds)) {
            try ErlangA.metrics(trafficErlangs: 10, ahtSeconds: 300, patienceSeconds: .nan, agents: 12, answerWithinSeconds: 20)
        }
        #expect(throws: StaffingError.notFinite(.fractionalAgents)) {
            try Headcount.roundedTotal(fractionalAgents: [1, .nan])
        }
    }

    @Test(arguments: [0.0, -30.0, -.infinity])
    func patience_must_be_positive(patience: Double) {
        #expect(throws: StaffingError.notPositive(.patienceSeconds, patience)) {
            try ErlangA.metrics(trafficErlangs: 10, ahtSeconds: 300, patienceSeconds: patience, agents: 12, answerWithinSeconds: 20)
        }
    }

    @Test(arguments: [1.0, -0.1, 1.2])
    func shrinkage_must_be_in_0_to_1(shrinkage: Double) {
        #expect(throws: StaffingError.outOfRange(.shrinkage, shrinkage, expected: "[0, 1)")) {
            try Headcount.scheduledFTE(agents: 10, shrinkage: shrinkage)
        }
    }

    @Test func concurrency_and_efficiency() {
        #expect(throws: StaffingError.outOfRange(.concurrency, 0.5, expected: "≥ 1")) {
            try Traffic.effectiveChatAHT(ahtSeconds: 600, concurrency: 0.5)
        }
        #expect(throws: StaffingError.outOfRange(.efficiency, 0, expected: "(0, 1]")) {
            try Traffic.effectiveChatAHT(ahtSeconds: 600, concurrency: 2, efficiency: 0)
        }
        #expect(throws: StaffingError.outOfRange(.efficiency, 1.1, expected: "(0, 1]")) {
            try Traffic.effectiveChatAHT(ahtSeconds: 600, concurrency: 2, efficiency: 1.1)
        }
    }

    @Test func other_target_limits() {
        #expect(throws: StaffingError.notPositive(.maxASASeconds, 0)) {
            try ErlangC.requiredAgents(trafficErlangs: 10, ahtSeconds: 300, target: StaffingTarget(maxASASeconds: 0))
        }
        #expect(throws: StaffingError.outOfRange(.maxOccupancy, 0, expected: "(0, 1]")) {
            try ErlangC.requiredAgents(trafficErlangs: 10, ahtSeconds: 300, target: StaffingTarget(maxOccupancy: 0))
        }
        #expect(throws: StaffingError.outOfRange(.maxAbandonRate, 1, expected: "(0, 1)")) {
            try ErlangA.requiredAgents(trafficErlangs: 10, ahtSeconds: 300, patienceSeconds: 60, target: StaffingTarget(maxAbandonRate: 1))
        }
        #expect(throws: StaffingError.noTarget) {
            try ErlangC.requiredAgents(trafficErlangs: 10, ahtSeconds: 300, target: StaffingTarget())
        }
    }

    @Test func agent_counts_must_be_positive() {
        #expect(throws: StaffingError.notPositive(.agents, 0)) {
            try ErlangC.metrics(trafficErlangs: 10, ahtSeconds: 300, agents: 0, answerWithinSeconds: 20)
        }
        #expect(throws: StaffingError.negative(.agents, -1)) {
            try ErlangB.blockingProbability(trafficErlangs: 10, agents: -1)
        }
        #expect(throws: StaffingError.notPositive(.maxAgents, 0)) {
            try ErlangC.requiredAgents(trafficErlangs: 10, ahtSeconds: 300, target: sl8020, maxAgents: 0)
        }
    }

    @Test func unreachable_targets_name_the_cap() {
        #expect(throws: StaffingError.targetUnreachable(maxAgents: 12, trafficErlangs: 10)) {
            try ErlangC.requiredAgents(trafficErlangs: 10, ahtSeconds: 180, target: sl8020, maxAgents: 12)  // needs 14
        }
        #expect(throws: StaffingError.targetUnreachable(maxAgents: 5, trafficErlangs: 10)) {
            try ErlangC.requiredAgents(trafficErlangs: 10, ahtSeconds: 180, target: sl8020, maxAgents: 5)  // below stability
        }
        // Erlang A: 8 agents can answer at most 80% of 10 Erlangs' contacts, and only if
        // nobody abandons, so 80/20 is out of reach; 5 agents are below the provable floor.
        #expect(throws: StaffingError.targetUnreachable(maxAgents: 8, trafficErlangs: 10)) {
            try ErlangA.requiredAgents(trafficErlangs: 10, ahtSeconds: 180, patienceSeconds: 60, target: sl8020, maxAgents: 8)
        }
        #expect(throws: StaffingError.targetUnreachable(maxAgents: 5, trafficErlangs: 10)) {
            try ErlangA.requiredAgents(trafficErlangs: 10, ahtSeconds: 180, patienceSeconds: 60, target: sl8020, maxAgents: 5)
        }
        // An ASA of a microsecond is beyond the default cap of A + 10√A + 100 agents.
        let cap = StaffingRequirement.defaultMaxAgents(trafficErlangs: 10)
        #expect(throws: StaffingError.targetUnreachable(maxAgents: cap, trafficErlangs: 10)) {
            try ErlangC.requiredAgents(trafficErlangs: 10, ahtSeconds: 180, target: StaffingTarget(maxASASeconds: 1e-300))
        }
    }

    @Test func messages_name_the_field() {
        #expect(StaffingError.notPositive(.ahtSeconds, -5).description == "ahtSeconds must be greater than 0 (got -5.0)")
        #expect(StaffingError.outOfRange(.shrinkage, 1, expected: "[0, 1)").description == "shrinkage must be in [0, 1) (got 1.0)")
        #expect(StaffingError.notFinite(.patienceSeconds).description == "patienceSeconds must be a finite number")
        #expect(StaffingError.targetUnreachable(maxAgents: 12, trafficErlangs: 10).description.contains("at most 12 agents"))
    }
}
