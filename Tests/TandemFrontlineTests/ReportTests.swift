import Testing
import TandemFrontline
import TandemPerformance
import TandemPartners

@Suite struct ReportTests {
    @Test func roster_rows_must_name_the_teams_sites_and_catalogue_queues() {
        let csv = """
        agent_id,name,site,start_date,queues,status
        H-1,Ana,manila,2026-01-05,billing-voice,production
        H-2,Ben,Cebu,2026-01-05,billing-voice;tech-chat;x,production
        """
        let references = RosterReferences(sites: ["Manila", "Davao"], queues: ["billing-voice", "orders-chat"])

        let file = RosterFile.read(MemoryChunkSource(csv), teamID: "t", references: references)

        #expect(!file.isAccepted)
        #expect(file.agents.isEmpty)
        #expect(file.issues.map { "\($0.line) \($0.field): \($0.reason)" } == [
            "3 site: \"Cebu\" is not one of this team's sites: Davao, Manila",
            "3 queues: \"tech-chat\", \"x\" are not queue ids of the catalogue",
        ])
        let good = RosterFile.read(MemoryChunkSource("agent_id,name,site,start_date,status\nH-1,Ana,MANILA,2026-01-05,nesting\n"),
                                   teamID: "t", references: references)
        #expect(good.agents.first?.site == "Manila", "a site is stored as the team spells it")
    }

    /// The cohort of ProficiencyTests (P1 proficient on day 16, P4 on day 3, P2 never, P3 left,
    /// P5 started in April), with a tenured agent who started before the data and is not ramping.
    @Test func team_report_evaluates_the_agents_who_started_inside_the_data_and_groups_them_by_start_month() {
        let agents = [
            agent("T1", start: "2025-01-06"),
            agent("P1", start: "2026-03-02"), agent("P2", start: "2026-03-02"),
            agent("P3", start: "2026-03-02", left: "2026-03-13"), agent("P4", start: "2026-03-02"),
            agent("P5", start: "2026-04-06"), agent("P6", start: "2026-03-02"),   // P6: no data at all
        ]
        let rows = daily("P1", from: "2026-03-02", days: 7, handled: 10, aht: 400, evaluations: 1, qa: 80)
            + daily("P1", from: "2026-03-09", days: 35, handled: 10, aht: 300, evaluations: 1, qa: 95)
            + daily("P2", from: "2026-03-02", days: 42, handled: 10, aht: 310, evaluations: 1, qa: 84)
            + daily("P3", from: "2026-03-02", days: 12, handled: 10, aht: 500)
            + daily("P4", from: "2026-03-02", days: 42, handled: 15, aht: 300, evaluations: 1, qa: 90)
            + daily("P5", from: "2026-04-06", days: 7, handled: 10, aht: 450, evaluations: 1, qa: 70)

        let report = TeamProficiencyReport(teamID: "harborline", agents: agents, activity: rows, tenuredMedian: tenuredMedianOf300(),
                                           tenuredMedianSource: "this team's", qaMinimum: 85, minimumContacts: 30, minimumEvaluations: 4,
                                           observedFrom: day("2026-03-01"), asOf: day("2026-04-12"), weeks: 4, minimumSample: 1)

        #expect(report.agents.map(\.agentID) == ["P1", "P2", "P3", "P4", "P5"])
        #expect(report.startersWithoutData == 1, "P6 cannot be measured: left out, and counted")
        #expect(report.agents.map(\.daysToProficiency) == [16, nil, nil, 3, nil])
        #expect(report.team?.medianDays.value == (3.0 + 16) / 2)
        // Week 1 (days to proficiency < 7): P4 of the five whose answer is known (P5 has lived 7 days): 1 ÷ 5.
        #expect(report.team?.shareByWeek.first?.value == 1.0 / 5)
        // Week 3 (< 21): P1 and P4 of P1–P4 (P5 is not 21 days in yet): 2 ÷ 4.
        #expect(report.team?.shareByWeek[2].value == 2.0 / 4)
        #expect(report.cohorts.map(\.label) == ["started 2026-03-01 to 2026-03-31", "started 2026-04-01 to 2026-04-30"])
        #expect(report.cohorts.map(\.agents) == [4, 1])
        #expect(report.cohorts[0].proficient == 2 && report.cohorts[0].stillRamping == 1 && report.cohorts[0].leftBeforeProficiency == 1)
        // Ramp curve week 1: P1 400 s, P2 310, P3 500, P4 300 (P5's first week too: 450) → median 400 s.
        #expect(report.rampCurve.first?.medianAHT.value == 400)
        #expect(report.ruleDescription == "rolling 14-day QA ≥ 85 and AHT ≤ 330 s (110% of the tenured median 300 s), QA on at least 4 evaluations and AHT on at least 30 contacts")
    }

    @Test func team_report_says_why_there_is_no_rule_without_a_trustworthy_median() {
        let thin = TenuredMedianAHT.compute(agents: [], activity: [], period: try! DayRange(first: day("2026-02-01"), last: day("2026-02-28")))
        let report = TeamProficiencyReport(teamID: "t", agents: [agent("P1", team: "t", start: "2026-03-02")], activity: [], tenuredMedian: thin,
                                           tenuredMedianSource: "this team's", qaMinimum: 85, observedFrom: day("2026-03-01"), asOf: day("2026-03-31"))
        #expect(report.rule == nil)
        #expect(report.agents.isEmpty)
        #expect(report.ruleProblem?.hasPrefix("no proficiency rule: tenured_median_aht: is not available: no data") == true)
    }

    /// A (long in), D (left 2026-03-10), B (started 2026-01-10, left 2026-02-05: day 27, early), C (started 2026-02-01).
    @Test func tenure_report_hand_worked() {
        let agents = [
            agent("A", team: "t", start: "2025-01-01"), agent("B", team: "t", start: "2026-01-10", left: "2026-02-05"),
            agent("C", team: "t", start: "2026-02-01"), agent("D", team: "t", start: "2025-06-01", left: "2026-03-10"),
            agent("X", team: "other", start: "2026-01-10", left: "2026-01-11"),
        ]

        let report = TeamTenureReport(teamID: "t", agents: agents, asOf: day("2026-05-15"), months: 5, minimumSample: 1)

        #expect(report.months.map { $0.movement.period.description } == [
            "2026-01-01 to 2026-01-31", "2026-02-01 to 2026-02-28", "2026-03-01 to 2026-03-31", "2026-04-01 to 2026-04-30", "2026-05-01 to 2026-05-15",
        ])
        #expect(report.months.map { [$0.movement.opening, $0.movement.hires, $0.movement.leavers, $0.movement.closing] } == [
            [2, 1, 0, 3], [3, 1, 1, 3], [3, 0, 1, 2], [2, 0, 0, 2], [2, 0, 0, 2],
        ])
        // March: 1 ÷ ((3 + 2) ÷ 2) × 365 ÷ 31.
        #expect(isClose(report.months[2].attrition.value, 1.0 / 2.5 * 365 / 31))
        // The span 2026-01-01 … 2026-05-15 (135 days): 2 leavers ÷ ((2 + 2) ÷ 2) × 365 ÷ 135.
        #expect(report.overall.movement.period.dayCount == 135)
        #expect(isClose(report.overall.attrition.value, 2.0 / 2 * 365 / 135))
        // B's and C's first 90 days are over by 15 May; B left on day 27.
        #expect(report.earlyTenure.observedStarters == 2 && report.earlyTenure.earlyLeavers == 1)
        #expect(report.earlyTenure.figure.value == 0.5)
        #expect(report.cohorts.map(\.agentIDs) == [["B"], ["C"]])
        #expect(report.employed == 2)
        // A: 2025-01-01 … 2026-05-15 is day 500; C: 2026-02-01 … 2026-05-15 is day 104.
        #expect(report.bands.map(\.agents) == [0, 1, 0, 1, 0])
    }
}
