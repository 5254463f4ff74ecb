import Testing
import TandemPerformance

@Suite struct ServiceLevelTests {
    @Test func default_is_answered_within_T_over_answered_plus_abandoned_after_S() {
        let sl = kpis(mixedQueue).serviceLevel

        // 2 answered within 20 s ÷ (4 answered + 3 abandoned ≥ 5 s) = 2/7
        #expect(sl.numerator == 2)
        #expect(sl.denominator == 7)
        #expect(isClose(sl.value, 2.0 / 7.0))
        #expect(sl.sampleSize == 7)
        #expect(sl.unit == .fraction)
        #expect(sl.formula == "answered within 20 s ÷ (answered + abandoned after 5 s)")
    }

    @Test func over_answered_only() {
        let sl = kpis(mixedQueue, KPISettings(serviceLevelMethod: .overAnswered)).serviceLevel

        // 2 ÷ 4 answered
        #expect(sl.value == 0.5)
        #expect(sl.denominator == 4)
        #expect(sl.formula == "answered within 20 s ÷ answered")
    }

    @Test func within_threshold_over_offered() {
        let sl = kpis(mixedQueue, KPISettings(serviceLevelMethod: .withinThresholdOverOffered)).serviceLevel

        // (2 answered ≤ 20 s + 2 abandoned at 5 and 15 s) ÷ 8 offered = 4/8; the unanswered contact is offered
        #expect(sl.numerator == 4)
        #expect(sl.denominator == 8)
        #expect(sl.value == 0.5)
        #expect(sl.formula == "(answered within 20 s + abandoned within 20 s) ÷ offered")
    }

    @Test func over_answered_plus_abandoned_after_T() {
        let sl = kpis(mixedQueue, KPISettings(serviceLevelMethod: .overAnsweredAndAbandonedAfterThreshold)).serviceLevel

        // 2 ÷ (4 answered + 1 abandoned at 30 s) = 2/5
        #expect(sl.value == 0.4)
        #expect(sl.denominator == 5)
        #expect(sl.formula == "answered within 20 s ÷ (answered + abandoned after 20 s)")
    }

    @Test func a_wait_of_exactly_T_is_within_for_answers_and_abandons() {
        let contacts = [answered(wait: 20), abandoned(wait: 20), answered(wait: 20.001), abandoned(wait: 20.001)]

        // (1 answered ≤ 20 s + 1 abandoned ≤ 20 s) ÷ 4 offered
        #expect(kpis(contacts, KPISettings(serviceLevelMethod: .withinThresholdOverOffered)).serviceLevel.value == 0.5)
        // 1 ÷ (2 answered + 1 abandoned after 20 s)
        #expect(isClose(kpis(contacts, KPISettings(serviceLevelMethod: .overAnsweredAndAbandonedAfterThreshold)).serviceLevel.value, 1.0 / 3))
        #expect(rollup(contacts).abandonedWithinThreshold == 1)
    }

    @Test func no_answered_contacts() {
        let contacts = [abandoned(wait: 10), abandoned(wait: 30), unanswered()]
        func sl(_ method: ServiceLevelMethod) -> KPIResult {
            kpis(contacts, KPISettings(serviceLevelMethod: method)).serviceLevel
        }

        #expect(sl(.overAnsweredAndAbandoned).value == 0)               // 0 ÷ (0 + 2)
        #expect(sl(.overAnswered).value == nil)                          // 0 ÷ 0
        #expect(sl(.overAnswered).status == .noData)
        #expect(isClose(sl(.withinThresholdOverOffered).value, 1.0 / 3)) // (0 + 1 abandoned at 10 s) ÷ 3 offered
        #expect(sl(.overAnsweredAndAbandonedAfterThreshold).value == 0)  // 0 ÷ (0 + 1)
    }

    @Test func all_short_abandons_leave_nothing_to_measure() {
        let contacts = [abandoned(wait: 1), abandoned(wait: 2), abandoned(wait: 4.9)]

        for method in ServiceLevelMethod.allCases {
            let sl = kpis(contacts, KPISettings(serviceLevelMethod: method)).serviceLevel
            #expect(sl.status == .noData, "\(method)")
            #expect(sl.sampleSize == 0, "\(method)")
        }
    }

    @Test func each_queue_is_measured_against_its_own_threshold() {
        let thresholds = ServiceLevelThresholds(defaultSeconds: 20, secondsByQueue: ["chat": 60])
        let contacts = [answered(wait: 30, queue: "voice"), answered(wait: 30, queue: "chat")]

        let sl = kpis(contacts, t: thresholds).serviceLevel

        // 30 s is after voice's 20 s but within chat's 60 s → 1 ÷ 2
        #expect(sl.value == 0.5)
        #expect(sl.formula == "answered within the queue's T (20 s, 60 s) ÷ (answered + abandoned after 5 s)")
    }

    @Test func fractional_thresholds_are_printed_as_given() {
        let sl = kpis([answered(wait: 7)], t: 7.5, KPISettings(shortAbandonThreshold: 2.5)).serviceLevel

        #expect(sl.value == 1)
        #expect(sl.formula == "answered within 7.5 s ÷ (answered + abandoned after 2.5 s)")
    }

    @Test func below_the_minimum_sample_the_value_is_kept_but_flagged() {
        let sl = kpis(mixedQueue).serviceLevel

        #expect(sl.status == .notEnoughData(sampleSize: 7, minimum: 30))
        #expect(sl.value != nil)
        #expect(kpis(mixedQueue, KPISettings(minimumSample: 7)).serviceLevel.status == .value)
        #expect(kpis(mixedQueue, KPISettings(minimumSample: 8)).serviceLevel.status == .notEnoughData(sampleSize: 7, minimum: 8))
    }
}
