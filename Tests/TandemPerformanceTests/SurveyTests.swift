import Testing
import TandemPerformance

@Suite struct CSATTests {
    // 1–5 responses 5, 4, 3, 2, 1, 5, 4, 4 (8 responses; 4–5: five of them; Σ = 28), plus noise that must not count:
    // a missing score, an out-of-range 6, a short abandon's 5, and binary responses 1, 1, 1, 0.
    let contacts: [ContactRecord] =
        [5, 4, 3, 2, 1, 5, 4, 4].map { answered(wait: 5, csat: $0) }
        + [answered(wait: 5), answered(wait: 5, csat: 6), abandoned(wait: 2, csat: 5)]
        + [1, 1, 1, 0].map { answered(wait: 5, csat: $0, scale: .binary) }

    @Test func top_two_box_on_one_to_five() {
        let csat = kpis(contacts).customerSatisfaction

        // 5 of 8 responses are 4 or 5
        #expect(csat.value == 0.625)
        #expect(csat.sampleSize == 8)
        #expect(csat.unit == .fraction)
        #expect(csat.formula == "responses of 4–5 ÷ all responses (1–5 scale)")
    }

    @Test func binary_good_over_good_plus_bad() {
        let csat = kpis(contacts, KPISettings(csatMethod: .binary)).customerSatisfaction

        // 3 good ÷ (3 good + 1 bad)
        #expect(csat.value == 0.75)
        #expect(csat.sampleSize == 4)
        #expect(csat.formula == "good ÷ (good + bad)")
    }

    @Test func mean_score() {
        let csat = kpis(contacts, KPISettings(csatMethod: .meanScore)).customerSatisfaction

        // 28 ÷ 8
        #expect(csat.value == 3.5)
        #expect(csat.unit == .score)
    }

    @Test func an_abandoned_contact_with_a_survey_still_counts() {
        // Only short abandons are ignored; a customer surveyed after a 40 s abandon gave a real answer.
        #expect(kpis([abandoned(wait: 40, csat: 1)]).customerSatisfaction.value == 0)
    }

    @Test func missing_csat_is_no_data() {
        let result = kpis([answered(wait: 5), answered(wait: 9)])

        for method in CSATMethod.allCases {
            #expect(kpis([answered(wait: 5)], KPISettings(csatMethod: method)).customerSatisfaction.status == .noData)
        }
        #expect(result.netPromoterScore.status == .noData)
    }
}

@Suite struct NPSTests {
    @Test func percent_promoters_minus_percent_detractors() {
        // 10, 9, 10, 9, 9 promoters (5) · 8, 7 passives (2) · 6, 0, 5 detractors (3); 1–5 scores ignored
        let contacts = [10, 9, 8, 7, 6, 0, 10, 9, 9, 5].map { answered(wait: 5, csat: $0, scale: .zeroToTen) }
            + [answered(wait: 5, csat: 5)]

        let nps = kpis(contacts).netPromoterScore

        // 50 % − 30 % = 20 points
        #expect(nps.numerator == 2)
        #expect(nps.denominator == 10)
        #expect(nps.value == 20)
        #expect(nps.unit == .points)
        #expect(nps.formula == "% 9–10 minus % 0–6")
    }

    @Test func negative_score() {
        let contacts = [0, 1, 2, 9].map { answered(wait: 5, csat: $0, scale: .zeroToTen) }

        // (1 promoter − 3 detractors) ÷ 4 × 100
        #expect(kpis(contacts).netPromoterScore.value == -50)
    }
}
