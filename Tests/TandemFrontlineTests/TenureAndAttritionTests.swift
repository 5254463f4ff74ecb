import Testing
import TandemFrontline
import TandemPerformance

@Suite struct TenureAndAttritionTests {
    /// March 2026 at Harborline: A stays; B (tenured) and C (32 days in) leave; D and E are hired and E leaves after 12 days.
    let roster = [
        agent("A", start: "2025-01-06"),
        agent("B", start: "2025-06-02", left: "2026-03-10"),
        agent("C", start: "2026-02-02", left: "2026-03-05"),
        agent("D", start: "2026-03-09"),
        agent("E", start: "2026-03-16", left: "2026-03-27"),
        agent("F", start: "2025-03-01", left: "2026-02-28"),   // left the day before March
        agent("G", start: "2026-04-06"),                       // not started yet
        agent("H", team: "in-house", start: "2025-01-01"),
    ]
    let march = DayRange(ReportingPeriod(kind: .month, containing: day("2026-03-01")))

    @Test func movement_counts_opening_hires_leavers_and_closing() {
        let movement = HeadcountMovement(teamID: "harborline", agents: roster, period: march)

        #expect(movement.opening == 3)          // A, B, C
        #expect(movement.hires == 2)            // D, E
        #expect(movement.leavers == 3)          // B, C, E
        #expect(movement.earlyLeavers == 2)     // C (tenure 32 days), E (12 days)
        #expect(movement.closing == 2)          // A, D
        #expect(movement.closing == movement.opening + movement.hires - movement.leavers)
    }

    @Test func annualised_attrition_follows_the_domain_formula() {
        let movement = HeadcountMovement(teamID: "harborline", agents: roster, period: march)

        let attrition = movement.annualisedAttrition(minimumSample: 3)

        // 3 leavers ÷ ((3 + 2) ÷ 2 = 2.5) × 365 ÷ 31 days
        #expect(isClose(attrition.value, 3 / 2.5 * 365 / 31))
        #expect(attrition.sampleSize == 3)   // 2.5 people round up
        #expect(attrition.status == .value)
        #expect(attrition.arithmetic == "3 ÷ ((3 + 2) ÷ 2 = 2.5) × 365 ÷ 31 = 14.129")
        #expect(attrition.period == "2026-03-01 to 2026-03-31")
    }

    @Test func a_small_team_attrition_says_not_enough_data() {
        let attrition = HeadcountMovement(teamID: "harborline", agents: roster, period: march).annualisedAttrition()

        #expect(attrition.status == .notEnoughData(sampleSize: 3, minimum: 30))
        #expect(attrition.shownValue == nil)
        #expect(attrition.explanation.hasPrefix("not enough data: 3 people (average headcount) < 30 minimum"))
    }

    @Test func a_leaver_on_day_90_is_early_and_on_day_91_is_not() {
        // 2025-12-02 + 89 days = 2026-03-01 (tenure 90); + 90 days = 2026-03-02 (tenure 91)
        let agents = [agent("K1", start: "2025-12-02", left: "2026-03-01"), agent("K2", start: "2025-12-02", left: "2026-03-02")]

        let movement = HeadcountMovement(teamID: "harborline", agents: agents, period: march)

        #expect(movement.leavers == 2)
        #expect(movement.earlyLeavers == 1)
    }

    @Test func the_month_in_progress_is_annualised_over_the_days_seen() {
        let months = HeadcountMovement.monthly(
            teamID: "harborline", agents: roster, from: ReportingPeriod(kind: .month, containing: day("2026-02-01")),
            asOf: day("2026-03-15")
        )

        #expect(months.map(\.period.description) == ["2026-02-01 to 2026-02-28", "2026-03-01 to 2026-03-15"])
        // February: opening A, B, F; hire C; leaver F (tenure 365 days) → 1 ÷ ((3 + 3) ÷ 2) × 365 ÷ 28
        #expect(months[0].leavers == 1)
        #expect(months[0].earlyLeavers == 0)
        #expect(isClose(months[0].annualisedAttrition(minimumSample: 1).value, 1.0 / 3 * 365 / 28))
        // March 1–15: opening A, B, C; hire D; leavers B, C; closing A, D → 2 ÷ ((3 + 2) ÷ 2) × 365 ÷ 15
        #expect(isClose(months[1].annualisedAttrition(minimumSample: 1).value, 2 / 2.5 * 365 / 15))
    }

    @Test func early_tenure_attrition_counts_only_starters_whose_90_days_have_passed() {
        let starters = [
            agent("J1", start: "2026-01-05", left: "2026-02-20"),   // early
            agent("J2", start: "2026-01-12", left: "2026-04-11"),   // tenure exactly 90 days: early
            agent("J3", start: "2026-01-12", left: "2026-04-12"),   // tenure 91 days: not early
            agent("F1", start: "2026-02-02"),                       // window ended 2026-05-02, stayed
            agent("M1", start: "2026-03-02", left: "2026-03-20"),   // window ends 2026-05-30: still open
            agent("M2", start: "2026-03-30"),                       // still open
            agent("D1", start: "2025-12-29", left: "2026-01-02"),   // started outside the period
        ]
        let quarter = try! DayRange(first: day("2026-01-01"), last: day("2026-03-31"))

        let early = EarlyTenureAttrition(teamID: "harborline", agents: starters, starts: quarter, asOf: day("2026-05-15"), minimumSample: 4)

        #expect(early.observedStarters == 4)
        #expect(early.earlyLeavers == 2)
        #expect(early.startersStillInWindow == 2)
        #expect(early.figure.value == 2.0 / 4)
        #expect(early.figure.arithmetic == "2 ÷ 4 = 0.5; 2 starters still inside their first 90 days left out")
        #expect(early.figure.status == .value)
    }

    @Test func cohorts_by_start_month_follow_each_month_of_starters() {
        let cohorts = StartCohort.byStartMonth(teamID: "harborline", agents: roster, asOf: day("2026-03-31"), minimumSample: 1)

        #expect(cohorts.map(\.month.description) == ["2025-01", "2025-03", "2025-06", "2026-02", "2026-03"])
        let march = cohorts[4]
        #expect(march.agentIDs == ["D", "E"])
        #expect(march.stillEmployed == 1)
        #expect(march.leavers == 1)
        #expect(march.earlyTenureAttrition.observedStarters == 0)   // nobody's 90 days have passed
        #expect(march.earlyTenureAttrition.figure.status == .noData)
    }

    @Test func tenure_bands_put_the_boundary_day_in_the_lower_band() {
        let bands = TenureBands.standard

        #expect(bands.labels == ["0–90 days", "91–180 days", "181–365 days", "366–730 days", "731+ days"])
        #expect(bands.band(forTenure: 90) == 0)
        #expect(bands.band(forTenure: 91) == 1)
        #expect(bands.band(forTenure: 731) == 4)
        // On 2026-03-31: A 450 days, D 23 days employed at Harborline
        let counts = bands.headcount(teamID: "harborline", agents: roster, on: day("2026-03-31"))
        #expect(counts.map(\.agents) == [1, 0, 0, 1, 0])
        #expect(throws: (any Error).self) { try TenureBands(upperBounds: [180, 90]) }
    }
}
