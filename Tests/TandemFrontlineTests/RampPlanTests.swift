import Testing
import TandemFrontline
import TandemPartners
import TandemPerformance

@Suite struct RampPlanTests {
    /// QA ≥ 85 and AHT ≤ 1.10 × 300 s = 330 s for 2 consecutive weeks; at least 30 contacts and 4 evaluations a week.
    func gate() throws -> WaveGate {
        try WaveGate(bar: QualityBar(qaMinimum: 85, tenuredMedian: tenuredMedianOf300(), minimumContacts: 30, minimumEvaluations: 4))
    }

    func plan(override: GateOverride? = nil) throws -> RampPlan {
        try RampPlan(name: "Meridian billing growth", teamID: "meridian", gate: gate(), waves: [
            RampWave(headcount: 2, targetStart: day("2026-03-02"), openedOn: day("2026-03-02"), agentIDs: ["W1", "W2"]),
            RampWave(headcount: 4, targetStart: day("2026-03-30"), gateOverride: override),
            RampWave(headcount: 6, targetStart: day("2026-04-20")),
        ])
    }

    /// Wave 1's weeks from Monday 2026-03-02: each agent 5 contacts and 1 evaluation a day (70 contacts, 14 evaluations a week).
    func wave1(_ weeks: [(aht: Double, qa: Double)]) -> [AgentDayActivity] {
        weeks.enumerated().flatMap { index, week in
            ["W1", "W2"].flatMap { id in
                daily(id, from: day("2026-03-02").advanced(by: 7 * index), days: 7, handled: 5, aht: week.aht, evaluations: 1, qa: week.qa)
            }
        }
    }

    @Test func a_gate_not_met_blocks_the_next_wave_and_projects_its_date() throws {
        // Weeks: AHT 400 (fails), meets, QA 82 (fails), QA 84 (fails) → no run of two.
        let rows = wave1([(400, 90), (320, 88), (320, 82), (320, 84)])

        let reports = RampPlanStatus.evaluate(try plan(), activity: rows, asOf: day("2026-03-29"))

        #expect(reports[0].status == .open(on: day("2026-03-02")))
        let wave2 = reports[1]
        #expect(wave2.status == .blocked)
        #expect(wave2.gateWeeks.map(\.meets) == [false, true, false, false])
        #expect(wave2.gateWeeks[0].aht.value == 400)
        #expect(wave2.gateWeeks[0].aht.sampleSize == 2 * 7 * 5)
        #expect(wave2.blockers == [
            "week 4 (2026-03-23 to 2026-03-29): QA 84 < 85",
            "needs 2 more consecutive weeks of QA ≥ 85 and AHT ≤ 330 s (110% of the tenured median 300 s)",
        ])
        // Two more good weeks end on 2026-03-29 + 14 = 2026-04-12; the wave could open the day after.
        #expect(wave2.projectedOpen == day("2026-04-13"))
        // Wave 3 waits for wave 2, which then needs its own 2 weeks: 2026-04-13 + 14.
        #expect(reports[2].status == .waiting(forWave: 2))
        #expect(reports[2].projectedOpen == day("2026-04-27"))
    }

    @Test func two_consecutive_good_weeks_meet_the_gate() throws {
        let rows = wave1([(400, 90), (320, 88), (330, 85), (320, 84)])   // weeks 2 and 3 meet; 330 s and 85 sit exactly on the bar

        let reports = RampPlanStatus.evaluate(try plan(), activity: rows, asOf: day("2026-03-29"))

        #expect(reports[1].status == .ready(gateMetOn: day("2026-03-22")))
        #expect(reports[1].blockers.isEmpty)
        #expect(reports[1].projectedOpen == day("2026-03-30"))
    }

    @Test func a_week_with_too_few_evaluations_is_not_measured_rather_than_met() throws {
        // Week 2 meets; week 3 has the right figures but only 2 evaluations.
        var rows = wave1([(320, 88), (320, 88)])
        rows += ["W1", "W2"].map { activity($0, day("2026-03-16"), handled: 35, aht: 320, evaluations: 1, qa: 95) }

        let reports = RampPlanStatus.evaluate(try plan(), activity: rows, asOf: day("2026-03-22"))

        #expect(reports[1].status == .ready(gateMetOn: day("2026-03-15")))
        #expect(reports[1].gateWeeks[2].meets == nil)
        #expect(reports[1].gateWeeks[2].shortfalls == ["QA not measured: 2 evaluations < 4"])
    }

    @Test func a_manager_override_with_a_reason_opens_the_gate() throws {
        let override = try GateOverride(by: "Dana (CX lead)", on: day("2026-03-27"), reason: "Holiday peak: QA dip traced to a new form")
        let rows = wave1([(400, 90), (320, 88), (320, 82), (320, 84)])

        let reports = RampPlanStatus.evaluate(try plan(override: override), activity: rows, asOf: day("2026-03-29"))

        #expect(reports[1].status == .overridden(override))
        #expect(reports[1].notes == ["gate overridden by Dana (CX lead) on 2026-03-27: Holiday peak: QA dip traced to a new form"])
        #expect(fieldErrors { _ = try GateOverride(by: "Dana", on: day("2026-03-27"), reason: "  ") }?["override_reason"] == "is required")
    }

    @Test func bad_plans_name_the_wave_and_field() throws {
        let errors = fieldErrors {
            _ = try RampPlan(name: "Plan", teamID: "meridian", gate: gate(), waves: [
                RampWave(headcount: 0, targetStart: day("2026-03-02"), agentIDs: ["A"],
                         gateOverride: try GateOverride(by: "Dana", on: day("2026-03-01"), reason: "why not")),
                RampWave(headcount: 2, targetStart: day("2026-02-23"), openedOn: day("2026-03-02"), agentIDs: ["A", "B"]),
            ])
        }

        #expect(errors?.messages == [
            "waves[1].headcount": "must be at least 1 (it is 0)",
            "waves[1].override": "wave 1 has no gate to override",
            "waves[1].agent_ids": "lists 1 agent for a headcount of 0",
            "waves[2].target_start": "2026-02-23 is before wave 1's 2026-03-02",
            "waves[2].opened_on": "wave 1 has not opened yet",
            "waves[2].agent_ids": "A is already in wave 1",
        ])
        #expect(fieldErrors { _ = try WaveGate(bar: gate().bar, consecutiveWeeks: 0) }?.messages.keys.sorted() == ["gate.consecutive_weeks"])
    }
}
