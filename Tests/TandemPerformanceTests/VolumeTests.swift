import Testing
import TandemPerformance

@Suite struct VolumeTests {
    @Test func offered_handled_abandoned_leave_out_short_abandons() {
        let result = kpis(mixedQueue)

        #expect(result.offered.value == 8)        // 10 entering − 2 short abandons
        #expect(result.handled.value == 4)        // answered 10, 20, 25, 60 s
        #expect(result.abandoned.value == 3)      // abandoned 5, 15, 30 s (3 and 4.999 s are short)
        #expect(result.offered.formula == "contacts entering the queue − abandons under 5 s")
        #expect(result.abandoned.formula == "abandoned after 5 s")
        #expect(result.offered.sampleSize == 8)
        #expect(result.offered.status == .value)  // a count is exact: no minimum sample
    }

    @Test func a_longer_short_abandon_threshold_moves_abandons_out_of_offered() {
        // S = 16: the 5 s and 15 s abandons become short too → 4 short, offered 10 − 4 = 6, abandoned 1.
        let result = kpis(mixedQueue, KPISettings(shortAbandonThreshold: 16))

        #expect(result.offered.value == 6)
        #expect(result.abandoned.value == 1)
        #expect(result.offered.formula == "contacts entering the queue − abandons under 16 s")
    }

    @Test func empty_input_counts_zero_and_every_ratio_has_no_data() {
        let result = kpis([])

        #expect(result.offered.value == 0)
        #expect(result.offered.status == .value)
        #expect(result.handled.value == 0)
        #expect(result.abandoned.value == 0)
        for ratio in [result.serviceLevel, result.averageSpeedOfAnswer, result.abandonRate, result.averageHandleTime,
                      result.firstContactResolution, result.customerSatisfaction, result.netPromoterScore] {
            #expect(ratio.value == nil, "\(ratio.kind)")
            #expect(ratio.status == .noData, "\(ratio.kind)")
            #expect(ratio.sampleSize == 0, "\(ratio.kind)")
        }
    }

    @Test func an_answer_time_wins_over_an_abandoned_flag() {
        let contradictory = ContactRecord(
            externalID: "x", teamID: "a", queueID: "q", channel: .chat, offeredAt: day0,
            answeredAt: day0.addingTimeInterval(12), abandoned: true, waitSeconds: 12
        )

        #expect(contradictory.disposition == .answered)
        #expect(kpis([contradictory]).handled.value == 1)
        #expect(kpis([contradictory]).abandoned.value == 0)
    }
}
