import Testing
import TandemPerformance

@Suite struct AbandonRateTests {
    @Test func default_excludes_short_abandons() {
        let rate = kpis(mixedQueue).abandonRate

        // 3 abandoned ≥ 5 s ÷ 8 offered
        #expect(rate.value == 0.375)
        #expect(rate.sampleSize == 8)
        #expect(rate.formula == "abandoned after 5 s ÷ offered")
    }

    @Test func including_short_abandons_counts_them_on_both_sides() {
        let rate = kpis(mixedQueue, KPISettings(abandonRateMethod: .includingShortAbandons)).abandonRate

        // (3 + 2 short) abandoned ÷ 10 entering
        #expect(rate.value == 0.5)
        #expect(rate.sampleSize == 10)
        #expect(rate.formula == "all abandoned (including under 5 s) ÷ all contacts entering the queue")
    }

    @Test func all_short_abandons() {
        let contacts = [abandoned(wait: 1), abandoned(wait: 2), abandoned(wait: 4.9)]

        #expect(kpis(contacts).abandonRate.status == .noData)  // 0 ÷ 0 offered
        #expect(kpis(contacts, KPISettings(abandonRateMethod: .includingShortAbandons)).abandonRate.value == 1)  // 3 ÷ 3
    }
}
