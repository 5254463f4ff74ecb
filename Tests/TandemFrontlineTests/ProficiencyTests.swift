import Testing
import TandemFrontline
import TandemPerformance
import TandemPartners

@Suite struct ProficiencyTests {
    let february = try! DayRange(first: day("2026-02-01"), last: day("2026-02-28"))

    @Test func tenured_median_uses_tenured_agents_with_enough_contacts() {
        let agents = [
            agent("T1", start: "2025-01-06"), agent("T2", start: "2025-01-06"), agent("T3", start: "2025-01-06"),
            agent("T4", start: "2025-01-06"),                      // tenured, only 10 contacts
            agent("N1", start: "2026-01-15"),                      // 18 days in on 1 February
            agent("N2", start: "2025-01-06", status: .nesting),    // long in, still nesting
        ]
        let rows = [
            activity("T1", day("2026-02-10"), handled: 40, aht: 280), activity("T2", day("2026-02-10"), handled: 40, aht: 300),
            activity("T3", day("2026-02-10"), handled: 20, aht: 340), activity("T3", day("2026-02-11"), handled: 20, aht: 340),
            activity("T4", day("2026-02-10"), handled: 10, aht: 900), activity("N1", day("2026-02-10"), handled: 60, aht: 600),
            activity("N2", day("2026-02-10"), handled: 60, aht: 700), activity("T1", day("2026-03-01"), handled: 99, aht: 999),
        ]

        let median = TenuredMedianAHT.compute(agents: agents, activity: rows, period: february)

        #expect(median.value == 300)
        #expect(median.sampleSize == 40 + 40 + 40)
        #expect(median.status == .value)
        #expect(median.arithmetic == "median of 3 agents' AHT (280 s, 300 s, 340 s) = 300 s; 1 tenured agent with fewer contacts left out")
    }

    @Test func a_rule_needs_a_trustworthy_median_and_sane_targets() {
        let thin = TenuredMedianAHT.compute(agents: [agent("T1", start: "2025-01-06")],
                                            activity: [activity("T1", day("2026-02-10"), handled: 20, aht: 300)],
                                            period: february, minimumContactsPerAgent: 10)
        #expect(thin.status == .notEnoughData(sampleSize: 20, minimum: 30))

        let thinMedian = fieldErrors { _ = try QualityBar(qaMinimum: 85, tenuredMedian: thin) }
        #expect(thinMedian?.messages.keys.sorted() == ["tenured_median_aht"])
        #expect(thinMedian?["tenured_median_aht"]?.hasPrefix("is not available: not enough data: 20 contacts < 30 minimum") == true)
        let badTargets = fieldErrors { _ = try QualityBar(qaMinimum: 120, tenuredMedian: tenuredMedianOf300(), ahtMultiplier: 0) }
        #expect(badTargets?.messages.keys.sorted() == ["aht_multiplier", "qa_minimum"])
        #expect(badTargets?["qa_minimum"] == "must be between 0 and 100 (it is 120.0)")
    }

    /// A cohort starting Monday 2026-03-02, evaluated on 2026-04-12, against QA ≥ 85 and AHT ≤ 1.10 × 300 s = 330 s
    /// over rolling 14 days, with at least 30 contacts and (lowered for a small test) 4 evaluations in the window.
    func cohort() throws -> CohortProficiency {
        let agents = [
            agent("P1", start: "2026-03-02"), agent("P2", start: "2026-03-02"),
            agent("P3", start: "2026-03-02", left: "2026-03-13"), agent("P4", start: "2026-03-02"),
            agent("P5", start: "2026-04-06"),
        ]
        let rows = daily("P1", from: "2026-03-02", days: 7, handled: 10, aht: 400, evaluations: 1, qa: 80)
            + daily("P1", from: "2026-03-09", days: 35, handled: 10, aht: 300, evaluations: 1, qa: 95)
            + daily("P2", from: "2026-03-02", days: 42, handled: 10, aht: 310, evaluations: 1, qa: 84)
            + daily("P3", from: "2026-03-02", days: 12, handled: 10, aht: 500)
            + daily("P4", from: "2026-03-02", days: 42, handled: 15, aht: 300, evaluations: 1, qa: 90)
            + daily("P5", from: "2026-04-06", days: 7, handled: 10, aht: 450, evaluations: 1, qa: 70)
        let bar = try QualityBar(qaMinimum: 85, tenuredMedian: tenuredMedianOf300(), minimumContacts: 30, minimumEvaluations: 4)
        return CohortProficiency.evaluate(label: "Harborline, started March 2026", agents: agents, activity: rows,
                                          rule: try ProficiencyRule(bar: bar), asOf: day("2026-04-12"))
    }

    @Test func time_to_proficiency_is_the_first_day_both_rolling_figures_are_within_target() throws {
        let result = try cohort()
        let p1 = result.agents[0]

        // Day 15 (window 03-03…03-16): 5 days at 400 s, 9 at 300 s → 47 000 ÷ 140 = 335.7 s > 330 s.
        // Day 16 (window 03-05…03-18): 4 days at 400 s, 10 at 300 s → 46 000 ÷ 140 = 328.6 s; QA (4 × 80 + 10 × 95) ÷ 14 = 90.7.
        #expect(p1.status == .proficient(on: day("2026-03-18"), days: 16))
        let windowAHT: Double = (4 * 4_000 + 10 * 3_000) / 140
        let windowQA: Double = (4 * 80 + 10 * 95) / 14
        #expect(p1.reachingWindow?.aht.value == windowAHT)
        #expect(p1.reachingWindow?.qa.value == windowQA)
        #expect(p1.explanation == "proficient on 2026-03-18, 16 days after starting 2026-03-02 (2026-03-05 to 2026-03-18: QA 1270 ÷ 14 = 90.7143; AHT 46000 ÷ 140 = 328.5714 s)")
        // P4 has 30 contacts on day 1 but only the 4th evaluation on day 3.
        #expect(result.agents[3].status == .proficient(on: day("2026-03-05"), days: 3))
        #expect(result.agents[1].status == .notYet)                  // QA 84 < 85 every window
        #expect(result.agents[1].observedDays == 42)
        #expect(result.agents[2].status == .leftBeforeProficiency(on: day("2026-03-13")))
        #expect(result.agents[4].status == .notYet)
        #expect(result.agents[4].observedDays == 7)
    }

    @Test func cohort_median_and_share_proficient_by_week() throws {
        let result = try cohort()

        let median = result.medianDaysToProficiency(minimumSample: 2)
        #expect(median.value == (3 + 16) / 2.0)
        #expect(median.arithmetic == "median of 2 agents' days (3, 16) = 9.5; of 5 agents 2 still ramping, 1 left before proficiency")
        #expect(result.medianDaysToProficiency().status == .notEnoughData(sampleSize: 2, minimum: 30))

        // Week 1 (days 0–6): only P4; all five answers known (P5 has lived exactly 7 days) → 1 ÷ 5.
        #expect(result.shareProficient(byWeek: 1, minimumSample: 1).value == 1.0 / 5)
        // Week 3 (days 0–20): P1 and P4; P5 is not 21 days in yet and is left out → 2 ÷ 4.
        let week3 = result.shareProficient(byWeek: 3, minimumSample: 1)
        #expect(week3.value == 2.0 / 4)
        #expect(week3.arithmetic == "2 ÷ 4 = 0.5; 1 agent not yet 21 days in left out")
        // Week 2 (days 0–13): still only P4 → 1 ÷ 4 (P5 is 7 days in)
        let curve: [Double?] = [1.0 / 5, 1.0 / 4, 2.0 / 4]
        #expect(result.shareCurve(weeks: 3, minimumSample: 1).map(\.value) == curve)
    }

    @Test func ramp_curve_takes_the_median_agent_per_tenure_week() throws {
        let agents = [agent("P1", start: "2026-03-02"), agent("P2", start: "2026-03-02"),
                      agent("P3", start: "2026-03-02", left: "2026-03-13"), agent("P4", start: "2026-03-02"),
                      agent("P5", start: "2026-04-06")]
        let rows = daily("P1", from: "2026-03-02", days: 7, handled: 10, aht: 400, evaluations: 1, qa: 80)
            + daily("P1", from: "2026-03-09", days: 35, handled: 10, aht: 300, evaluations: 1, qa: 95)
            + daily("P2", from: "2026-03-02", days: 42, handled: 10, aht: 310, evaluations: 1, qa: 84)
            + daily("P3", from: "2026-03-02", days: 14, handled: 10, aht: 500)   // two rows after leaving are ignored
            + daily("P4", from: "2026-03-02", days: 42, handled: 15, aht: 300, evaluations: 1, qa: 90)
            + daily("P5", from: "2026-04-06", days: 7, handled: 10, aht: 450, evaluations: 1, qa: 70)

        let curve = RampCurve.byTenureWeek(agents: agents, activity: rows, weeks: 2, asOf: day("2026-04-12"))

        // Week 1: AHT 300 (P4), 310, 400, 450, 500 → 400 s on 70 × 4 + 105 = 385 contacts
        #expect(curve[0].medianAHT.value == 400)
        #expect(curve[0].medianAHT.sampleSize == 70 * 4 + 105)
        // QA 70, 80, 84, 90 → (80 + 84) ÷ 2 on 4 × 7 = 28 evaluations: too few to show
        #expect(curve[0].medianQA.value == (80 + 84) / 2.0)
        #expect(curve[0].medianQA.status == .notEnoughData(sampleSize: 28, minimum: 30))
        // Week 2: P1 300, P2 310, P3 500 (5 days before leaving), P4 300; P5 not there yet → (300 + 310) ÷ 2
        #expect(curve[1].medianAHT.value == 305)
        #expect(curve[1].medianAHT.sampleSize == 70 + 70 + 50 + 105)
    }
}

