import Foundation
import Testing
import TandemContracts
import TandemPerformance

/// Builders shared by the contract tests.
enum Fixture {
    static func month(_ text: String) -> BillingMonth { BillingMonth(text)! }
    static func dec(_ text: String) -> Decimal { Decimal(exactly: text)! }

    /// A trustworthy KPI figure (sample well above the minimum).
    static func figure(_ kind: KPIKind, _ value: Double, n: Int = 1_000) -> KPIResult {
        KPIResult(kind: kind, value: value, numerator: value * Double(n), denominator: Double(n), sampleSize: n, minimumSample: 30, formula: "test figure", unit: .fraction)
    }

    /// At risk 12%; allocations 60 + 50 + 20 + 20 = 150% over four metrics; earnback after 3 months.
    static let schedule = SLASchedule(
        atRisk: Percent(12),
        metrics: [
            SLAMetric(kind: .serviceLevel, expected: 0.80, minimum: 0.75, allocation: Percent(60)),
            SLAMetric(kind: .averageSpeedOfAnswer, expected: 30, minimum: 45, allocation: Percent(50)),
            SLAMetric(kind: .customerSatisfaction, expected: 0.85, minimum: 0.80, allocation: Percent(20), stretch: 0.92, bonus: Percent(2)),
            SLAMetric(kind: .qaScore, expected: 90, minimum: 85, allocation: Percent(20), stretch: 95, bonus: Percent(3)),
        ],
        earnbackMonths: 3, bonusCap: Percent(4), volumeExclusion: Percent(10)
    )

    static func good(_ month: String, invoice: Decimal = 200_000) -> SLAMonthInput {
        SLAMonthInput(month: Fixture.month(month), invoiceAmount: invoice, figures: [
            .serviceLevel: figure(.serviceLevel, 0.82), .averageSpeedOfAnswer: figure(.averageSpeedOfAnswer, 28),
            .customerSatisfaction: figure(.customerSatisfaction, 0.86), .qaScore: figure(.qaScore, 91),
        ])
    }
}

@Suite struct SLACreditTests {
    @Test func two_misses_over_150_percent_allocation_reach_the_cap_and_split_it_pro_rata() throws {
        var input = Fixture.good("2026-03")
        input.figures[.serviceLevel] = Fixture.figure(.serviceLevel, 0.70)             // below minimum 0.75
        input.figures[.averageSpeedOfAnswer] = Fixture.figure(.averageSpeedOfAnswer, 60) // above maximum 45 s
        let evaluation = try Fixture.schedule.evaluate(input)

        let atRisk = Decimal(200_000) * 12 / 100
        #expect(evaluation.atRiskAmount == atRisk && atRisk == 24_000)
        let sl = evaluation.line(.serviceLevel)!, asa = evaluation.line(.averageSpeedOfAnswer)!
        #expect(sl.outcome == .missed && asa.outcome == .missed)
        #expect(sl.creditBeforeCap == atRisk * 60 / 100)              // 14,400
        #expect(asa.creditBeforeCap == atRisk * 50 / 100)             // 12,000
        #expect(evaluation.creditTotalBeforeCap == 26_400 && evaluation.creditCapped)
        // 24,000 × 14,400 ÷ 26,400 = 13,090.9090… → 13,090.91; 24,000 × 12,000 ÷ 26,400 = 10,909.0909… → 10,909.09
        #expect(sl.credit == Fixture.dec("13090.91") && asa.credit == Fixture.dec("10909.09"))
        #expect(evaluation.creditTotal == atRisk && sl.credit + asa.credit == 24_000)
        #expect(evaluation.line(.customerSatisfaction)!.credit == 0 && evaluation.line(.qaScore)!.outcome == .met)
        #expect(sl.explanation.contains { $0.contains("capped: 24000.00 × 14400.00 ÷ 26400.00 = 13090.91") })
        #expect(evaluation.explanation.contains("at-risk amount = 200000.00 × 12% = 24000.00"))
    }

    @Test func a_figure_exactly_at_the_minimum_meets_it_and_direction_matters() throws {
        var input = Fixture.good("2026-03")
        input.figures[.serviceLevel] = Fixture.figure(.serviceLevel, 0.75)             // exactly the minimum
        input.figures[.averageSpeedOfAnswer] = Fixture.figure(.averageSpeedOfAnswer, 46) // lower is better: 46 s > 45 s misses
        let evaluation = try Fixture.schedule.evaluate(input)
        #expect(evaluation.line(.serviceLevel)!.outcome == .belowExpected && evaluation.line(.serviceLevel)!.credit == 0)
        #expect(evaluation.line(.averageSpeedOfAnswer)!.credit == Decimal(200_000) * 12 / 100 * 50 / 100)   // 12,000, under the cap
        #expect(!evaluation.creditCapped && evaluation.creditTotal == 12_000)
    }
}
