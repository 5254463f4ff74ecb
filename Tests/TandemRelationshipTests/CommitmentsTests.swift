import Testing
import TandemPartners
import TandemRelationship

@Suite struct CommitmentsTests {
    static func d(_ text: String) -> LocalDate { LocalDate(text)! }

    @Test func kept_ratio_counts_items_done_on_or_before_due_among_items_due() {
        let items = [
            Commitment(side: .partner, dueOn: Self.d("2026-07-10"), status: .done, completedOn: Self.d("2026-07-10")), // kept (on the day)
            Commitment(side: .partner, dueOn: Self.d("2026-07-15"), status: .done, completedOn: Self.d("2026-07-18")), // late
            Commitment(side: .partner, dueOn: Self.d("2026-08-01"), status: .open, completedOn: nil),                 // open, overdue
            Commitment(side: .partner, dueOn: Self.d("2026-09-30"), status: .open, completedOn: nil),                 // not yet due
            Commitment(side: .partner, dueOn: Self.d("2026-07-20"), status: .cancelled, completedOn: nil),            // excluded
            Commitment(side: .client, dueOn: Self.d("2026-07-05"), status: .done, completedOn: Self.d("2026-07-01")),  // kept
            Commitment(side: .client, dueOn: Self.d("2026-06-30"), status: .done, completedOn: Self.d("2026-06-29")),  // previous quarter
        ]
        let today = Self.d("2026-08-20")
        let partner = CommitmentsKept.compute(items, side: .partner, from: Self.d("2026-07-01"), through: Self.d("2026-09-30"), today: today)
        #expect(partner == CommitmentsKept(kept: 1, due: 3))
        #expect(abs(partner.ratio! - 1.0 / 3.0) < 1e-12)
        let client = CommitmentsKept.compute(items, side: .client, from: Self.d("2026-07-01"), through: Self.d("2026-09-30"), today: today)
        #expect(client == CommitmentsKept(kept: 1, due: 1) && client.ratio == 1)
        let both = CommitmentsKept.compute(items, side: nil, from: Self.d("2026-07-01"), through: Self.d("2026-09-30"), today: today)
        #expect(both == CommitmentsKept(kept: 2, due: 4) && both.ratio == 0.5)
        #expect(items[2].isLate(today: today) && !items[3].isLate(today: today) && !items[1].isLate(today: today))
        #expect(CommitmentsKept.compute([], side: nil, from: today, through: today, today: today).ratio == nil)
    }

    @Test func quarters_parse_and_bound() {
        let q = Quarter("2026-Q3")!
        #expect(q.firstDay == Self.d("2026-07-01") && q.lastDay == Self.d("2026-09-30"))
        #expect(Quarter("2026-Q4")!.lastDay == Self.d("2026-12-31") && Quarter("2026-Q1")!.previous.description == "2025-Q4")
        #expect(Quarter("2026-Q5") == nil && Quarter("26-Q1") == nil && Quarter("2026Q1") == nil)
        #expect(Quarter(containing: Self.d("2026-05-31")).description == "2026-Q2")
        #expect(q.trailing(3).map(\.description) == ["2026-Q1", "2026-Q2", "2026-Q3"])
    }
}

@Suite struct AcknowledgementTimelinessTests {
    @Test func on_time_acknowledgements_over_those_due() {
        let d = CommitmentsTests.d
        let items = [
            AcknowledgementDue(dueOn: d("2026-07-10"), acknowledgedOn: d("2026-07-09")), // on time
            AcknowledgementDue(dueOn: d("2026-07-10"), acknowledgedOn: d("2026-07-10")), // on the day: on time
            AcknowledgementDue(dueOn: d("2026-07-12"), acknowledgedOn: d("2026-07-14")), // late
            AcknowledgementDue(dueOn: d("2026-07-15"), acknowledgedOn: nil),             // overdue
            AcknowledgementDue(dueOn: d("2026-09-01"), acknowledgedOn: nil),             // not yet due
            AcknowledgementDue(dueOn: d("2026-09-02"), acknowledgedOn: d("2026-08-01")), // given early: counts
        ]
        let result = AcknowledgementTimeliness.compute(items, from: d("2026-07-01"), through: d("2026-09-30"), today: d("2026-08-20"))
        #expect(result.onTime == 3 && result.due == 5)
    }
}
