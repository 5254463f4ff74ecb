import Testing
import TandemPerformance

@Suite struct SpeedAndHandleTimeTests {
    @Test func asa_is_wait_of_answered_over_answered() {
        let asa = kpis(mixedQueue).averageSpeedOfAnswer

        // (10 + 20 + 25 + 60) ÷ 4 = 115 ÷ 4; abandoned waits do not count
        #expect(asa.numerator == 115)
        #expect(asa.denominator == 4)
        #expect(asa.value == 28.75)
        #expect(asa.unit == .seconds)
        #expect(asa.formula == "Σ wait of answered contacts ÷ answered")
    }

    @Test func aht_is_talk_hold_after_work_of_handled_over_handled() {
        let aht = kpis(mixedQueue).averageHandleTime

        // (150 + 240 + 360 + 60) ÷ 4 = 810 ÷ 4; the 999 s of talk on an abandoned contact is ignored
        #expect(aht.numerator == 810)
        #expect(aht.value == 202.5)
        #expect(aht.sampleSize == 4)
        #expect(aht.formula == "Σ (talk + hold + after-work) ÷ handled")
    }

    @Test func durations_keep_milliseconds() {
        let contacts = [answered(wait: 1.25, talk: 0.0004), answered(wait: 2.5, talk: 0.0006)]
        let result = kpis(contacts)

        #expect(result.averageSpeedOfAnswer.value == 1.875)   // (1.25 + 2.5) ÷ 2
        #expect(result.averageHandleTime.numerator == 0.001)  // 0.0004 → 0 ms, 0.0006 → 1 ms
    }

    @Test func broken_durations_count_as_zero() {
        let contact = answered(wait: .nan, talk: -5, hold: .infinity)

        #expect(contact.waitSeconds == 0)
        #expect(contact.talkSeconds == 0)
        #expect(contact.holdSeconds == 0)
    }

    @Test func no_answered_contacts_no_asa_no_aht() {
        let result = kpis([abandoned(wait: 40), unanswered()])

        #expect(result.averageSpeedOfAnswer.status == .noData)
        #expect(result.averageHandleTime.status == .noData)
    }
}
