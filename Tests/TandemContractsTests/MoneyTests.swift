import Foundation
import Testing
import TandemContracts
import TandemPerformance

@Suite struct MoneyTests {
    @Test func amounts_parse_exactly_and_refuse_grouping_signs_and_exponents() {
        #expect(Decimal(exactly: "1234.50") == Decimal(123_450) / 100)
        #expect(Decimal(exactly: "-0.125") == Decimal(-125) / 1_000)
        #expect(["1,234.50", "$5", "1e3", "", ".", "1.2.3", "12-"].allSatisfy { Decimal(exactly: $0) == nil })
    }

    @Test func cents_round_half_even_and_print_with_two_decimals() {
        #expect(Fixture.dec("0.125").roundedToCents() == Fixture.dec("0.12"))
        #expect(Fixture.dec("0.135").roundedToCents() == Fixture.dec("0.14"))
        #expect(Fixture.dec("-2.675").roundedToCents() == Fixture.dec("-2.68"))
        #expect(Fixture.dec("24000").centsText == "24000.00" && Fixture.dec("-12.5").centsText == "-12.50" && Fixture.dec("0.1").centsText == "0.10")
    }

    @Test func a_capped_total_split_three_ways_still_adds_up_to_the_cap() throws {
        // At risk 1,000 × 10% = 100.00; three misses at 50% each = 150.00 > 100.00.
        let schedule = SLASchedule(atRisk: Percent(10), metrics: [
            SLAMetric(kind: .serviceLevel, expected: 0.8, minimum: 0.8, allocation: Percent(50)),
            SLAMetric(kind: .abandonRate, expected: 0.05, minimum: 0.05, allocation: Percent(50)),
            SLAMetric(kind: .averageHandleTime, expected: 300, minimum: 300, allocation: Percent(50)),
        ])
        let evaluation = try schedule.evaluate(SLAMonthInput(month: Fixture.month("2026-03"), invoiceAmount: 1_000, figures: [
            .serviceLevel: Fixture.figure(.serviceLevel, 0.7), .abandonRate: Fixture.figure(.abandonRate, 0.09),
            .averageHandleTime: Fixture.figure(.averageHandleTime, 340),
        ]))
        // 100 ÷ 3 = 33.333…: one line takes the leftover cent, the first on a tie.
        #expect(evaluation.lines.map(\.credit) == [Fixture.dec("33.34"), Fixture.dec("33.33"), Fixture.dec("33.33")])
        #expect(evaluation.creditTotal == 100)
    }

    @Test func months_parse_and_map_to_scorecard_periods() {
        let march = Fixture.month("2026-03")
        #expect(march.firstDay.description == "2026-03-01" && march.lastDay.description == "2026-03-31" && march.advanced(by: -3).description == "2025-12")
        #expect(march.reportingPeriod == ReportingPeriod(kind: .month, index: 2026 * 12 + 2))
        #expect(BillingMonth("2026-13") == nil && BillingMonth("26-03") == nil)
        #expect(Fixture.day("2024-01-31").adding(months: 1).description == "2024-02-29")
    }
}
