import Foundation
import Testing
import TandemContracts
import TandemPerformance

@Suite struct EarnbackBonusTests {
    static func missedQA(_ month: String) -> SLAMonthInput {
        var input = Fixture.good(month)
        input.figures[.qaScore] = Fixture.figure(.qaScore, 80)   // below minimum 85
        return input
    }

    @Test func a_credit_is_earned_back_after_three_months_at_the_expected_level() throws {
        let months = [Self.missedQA("2026-01"), Fixture.good("2026-02"), Fixture.good("2026-03"), Fixture.good("2026-04")]
        let evaluations = try months.map { try Fixture.schedule.evaluate($0) }
        let credit = Decimal(200_000) * 12 / 100 * 20 / 100          // 4,800
        #expect(evaluations[0].creditTotal == credit)

        let pendingAfterTwo = Earnback.track(Array(evaluations.prefix(3)), months: 3)
        #expect(pendingAfterTwo.count == 1 && pendingAfterTwo[0].status == .pending(counted: 2, needed: 3))

        let items = Earnback.track(evaluations, months: 3)
        #expect(items.count == 1)
        #expect(items[0].kind == .qaScore && items[0].amount == credit && items[0].status == .earnedBack(Fixture.month("2026-04")))
        #expect(Earnback.returned(in: Fixture.month("2026-04"), items) == 4_800 && Earnback.returned(in: Fixture.month("2026-03"), items) == 0)
        #expect(items[0].explanation.last == "earned back: 4800.00 returned on the 2026-04 invoice")
    }

    @Test func a_month_short_of_expected_forfeits_and_a_not_measured_month_only_waits() throws {
        var belowExpected = Fixture.good("2026-03")
        belowExpected.figures[.qaScore] = Fixture.figure(.qaScore, 87)    // ≥ minimum 85, < expected 90
        var thin = Fixture.good("2026-02")
        thin.figures[.qaScore] = Fixture.figure(.qaScore, 99, n: 12)      // 12 evaluations < 30: not measured
        let evaluations = try [Self.missedQA("2026-01"), thin, belowExpected].map { try Fixture.schedule.evaluate($0) }
        #expect(evaluations[1].line(.qaScore)!.outcome == .notMeasured && evaluations[1].line(.qaScore)!.bonus == 0)
        #expect(evaluations[2].line(.qaScore)!.outcome == .belowExpected && evaluations[2].creditTotal == 0)
        let items = Earnback.track(evaluations, months: 3)
        #expect(items.map(\.status) == [.forfeited(Fixture.month("2026-03"))])
        #expect(items[0].explanation.contains { $0.contains("2026-02: qaScore not measured: not counted") })

        let noEarnback = Earnback.track([evaluations[0]], months: 0)
        #expect(noEarnback.map(\.status) == [.final])
    }

    @Test func bonuses_for_stretch_levels_are_capped_and_do_not_offset_credits() throws {
        var input = Fixture.good("2026-05")
        input.figures[.customerSatisfaction] = Fixture.figure(.customerSatisfaction, 0.93)   // ≥ stretch 0.92: 2%
        input.figures[.qaScore] = Fixture.figure(.qaScore, 96)                               // ≥ stretch 95: 3%
        input.figures[.serviceLevel] = Fixture.figure(.serviceLevel, 0.74)                   // a miss: 60% of at-risk
        let evaluation = try Fixture.schedule.evaluate(input)
        let invoice = Decimal(200_000)
        #expect(evaluation.bonusTotalBeforeCap == invoice * 2 / 100 + invoice * 3 / 100)     // 4,000 + 6,000
        #expect(evaluation.bonusCapped && evaluation.bonusTotal == invoice * 4 / 100)         // capped at 8,000
        #expect(evaluation.line(.customerSatisfaction)!.bonus == Decimal(8_000) * 4_000 / 10_000)      // 3,200
        #expect(evaluation.line(.qaScore)!.bonus == Decimal(8_000) * 6_000 / 10_000)                   // 4,800
        #expect(evaluation.creditTotal == invoice * 12 / 100 * 60 / 100)                      // 14,400
        #expect(evaluation.creditApplied == 14_400 && evaluation.bonusPayable == 8_000)

        var offsetting = Fixture.schedule
        offsetting.bonusOffsetsCredits = true
        let netted = try offsetting.evaluate(input)
        #expect(netted.creditApplied == 14_400 - 8_000 && netted.bonusPayable == 0)
        #expect(netted.line(.serviceLevel)!.earnbackEligible == 6_400)
    }

    @Test func a_volume_surge_excuses_real_time_misses_only() throws {
        var input = Fixture.good("2026-06")
        input.figures[.serviceLevel] = Fixture.figure(.serviceLevel, 0.60)
        input.figures[.qaScore] = Fixture.figure(.qaScore, 80)
        input.offeredVolume = 11_500
        input.forecastVolume = 10_000                  // limit 10,000 × 1.10 = 11,000 < 11,500
        let evaluation = try Fixture.schedule.evaluate(input)
        #expect(evaluation.volumeExcluded)
        #expect(evaluation.line(.serviceLevel)!.outcome == .excused && evaluation.line(.serviceLevel)!.credit == 0)
        #expect(evaluation.line(.qaScore)!.credit == Decimal(200_000) * 12 / 100 * 20 / 100)   // QA is not real-time: 4,800
        #expect(evaluation.explanation.contains { $0.hasPrefix("offered 11500 vs forecast 10000 × (1 + 10%) = 11000: volume exclusion applies") })

        input.offeredVolume = 11_000                   // exactly at the limit: not more than 10% over
        let atLimit = try Fixture.schedule.evaluate(input)
        #expect(!atLimit.volumeExcluded && atLimit.line(.serviceLevel)!.credit == Decimal(24_000) * 60 / 100)
    }

    @Test func a_missing_figure_is_not_measured_never_met() throws {
        var input = Fixture.good("2026-07")
        input.figures[.averageSpeedOfAnswer] = nil
        let evaluation = try Fixture.schedule.evaluate(input)
        #expect(evaluation.line(.averageSpeedOfAnswer)!.outcome == .notMeasured && evaluation.creditTotal == 0)
        #expect(throws: ContractInputError("invoice_amount", "must not be negative")) {
            try Fixture.schedule.evaluate(SLAMonthInput(month: Fixture.month("2026-07"), invoiceAmount: -1, figures: [:]))
        }
    }

    @Test func schedules_with_bad_levels_are_rejected_by_field_and_row() {
        let bad = SLASchedule(atRisk: Percent(0), metrics: [
            SLAMetric(kind: .averageSpeedOfAnswer, expected: 60, minimum: 45, allocation: Percent(50)),   // lower is better: expected must be ≤ minimum
            SLAMetric(kind: .occupancy, expected: 0.8, minimum: 0.7, allocation: Percent(10)),
            SLAMetric(kind: .qaScore, expected: 90, minimum: 85, allocation: Percent(20), stretch: 95, bonus: Percent(1)),
        ])
        let fields = bad.validate().map { "\($0.row.map(String.init) ?? "-") \($0.field)" }
        #expect(fields == ["- at_risk_percent", "1 expected", "2 kpi", "- bonus_cap_percent"])
    }
}
