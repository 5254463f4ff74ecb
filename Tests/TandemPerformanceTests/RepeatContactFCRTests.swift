import Foundation
import Testing
import TandemPerformance

@Suite struct RepeatContactFCRTests {
    // N = 7 days; every contact is in "billing" unless said otherwise; observed through day 30.
    let tenAM = day0.addingTimeInterval(10 * 3600)
    let observedThrough = day0.addingTimeInterval(30 * oneDay)

    func outcomes(_ contacts: [ContactRecord], observedThrough: Date? = nil) -> [RepeatContactOutcome.Kind] {
        RepeatContactFCR.outcomes(for: contacts, windowDays: 7, observedThrough: observedThrough ?? self.observedThrough).map(\.kind)
    }

    @Test func a_repeat_exactly_N_days_later_is_inside_the_window() {
        let contacts = [
            answered(wait: 5, queue: "billing", customer: "alice", at: tenAM),
            answered(wait: 5, queue: "billing", customer: "alice", at: tenAM.addingTimeInterval(7 * oneDay)),
        ]

        #expect(outcomes(contacts) == [.repeated, .resolved])
    }

    @Test func a_repeat_one_second_after_N_days_is_outside_the_window() {
        let contacts = [
            answered(wait: 5, queue: "billing", customer: "bob", at: tenAM),
            answered(wait: 5, queue: "billing", customer: "bob", at: tenAM.addingTimeInterval(7 * oneDay + 1)),
        ]

        #expect(outcomes(contacts) == [.resolved, .resolved])
    }

    @Test func only_the_same_customer_in_the_same_queue_repeats() {
        let contacts = [
            answered(wait: 5, queue: "billing", customer: "carol", at: tenAM),
            answered(wait: 5, queue: "sales", customer: "carol", at: tenAM.addingTimeInterval(oneDay)),
            answered(wait: 5, queue: "billing", customer: "dave", at: tenAM.addingTimeInterval(oneDay)),
        ]

        #expect(outcomes(contacts) == [.resolved, .resolved, .resolved])
    }

    @Test func a_later_short_abandon_is_ignored_but_a_real_abandon_or_another_team_repeats() {
        let contacts = [
            answered(wait: 5, queue: "billing", customer: "erin", at: tenAM),
            abandoned(wait: 2, queue: "billing", customer: "erin", at: tenAM.addingTimeInterval(oneDay)),    // short: ignored
            answered(wait: 5, queue: "billing", customer: "frank", at: tenAM),
            abandoned(wait: 40, queue: "billing", customer: "frank", at: tenAM.addingTimeInterval(oneDay)),  // came back
            answered(wait: 5, queue: "billing", team: "partner-a", customer: "gina", at: tenAM),
            answered(wait: 5, queue: "billing", team: "partner-b", customer: "gina", at: tenAM.addingTimeInterval(oneDay)),
        ]

        #expect(outcomes(contacts) == [.resolved, .notHandled, .repeated, .notHandled, .repeated, .resolved])
    }

    @Test func contacts_at_the_same_instant_do_not_repeat_each_other() {
        let contacts = [
            answered(wait: 5, queue: "billing", customer: "hal", at: tenAM),
            answered(wait: 9, queue: "billing", customer: "hal", at: tenAM),
        ]

        #expect(outcomes(contacts) == [.resolved, .resolved])
    }

    @Test func the_window_must_be_fully_observed() {
        let contact = answered(wait: 5, queue: "billing", customer: "ivy", at: tenAM)
        let windowEnd = tenAM.addingTimeInterval(7 * oneDay)

        #expect(outcomes([contact], observedThrough: windowEnd) == [.resolved])
        #expect(outcomes([contact], observedThrough: windowEnd.addingTimeInterval(-1)) == [.windowNotObserved])
    }

    @Test func unhandled_and_keyless_contacts_are_not_candidates() {
        let contacts = [
            abandoned(wait: 30, queue: "billing", customer: "jo", at: tenAM),
            unanswered(queue: "billing", customer: "jo", at: tenAM.addingTimeInterval(60)),
            answered(wait: 5, queue: "billing", customer: nil, at: tenAM),
            answered(wait: 5, queue: "billing", customer: "", at: tenAM),
        ]

        #expect(outcomes(contacts) == [.notHandled, .notHandled, .noCustomerKey, .noCustomerKey])
    }

    @Test func input_order_does_not_matter() {
        let contacts = [
            answered(wait: 5, queue: "billing", customer: "kim", at: tenAM.addingTimeInterval(3 * oneDay)),
            answered(wait: 5, queue: "billing", customer: "lee", at: tenAM),
            answered(wait: 5, queue: "billing", customer: "kim", at: tenAM),
            answered(wait: 5, queue: "billing", customer: "kim", at: tenAM.addingTimeInterval(20 * oneDay)),
        ]

        // kim: day 0 → repeated by day 3; day 3 → next is day 20, outside 7 days → resolved; day 20 window ends day 27 ≤ 30 → resolved
        #expect(outcomes(contacts) == [.resolved, .resolved, .repeated, .resolved])
        #expect(outcomes(contacts.reversed()) == [.resolved, .repeated, .resolved, .resolved])
    }

    @Test func kpi_is_resolved_candidates_over_candidates_directly_and_from_the_rollup() {
        let contacts = [
            answered(wait: 5, queue: "billing", customer: "alice", at: tenAM),                        // repeated (day 2)
            answered(wait: 5, queue: "billing", customer: "alice", at: tenAM.addingTimeInterval(2 * oneDay)),  // resolved
            answered(wait: 5, queue: "billing", customer: "bob", at: tenAM),                          // resolved
            answered(wait: 5, queue: "billing", customer: "cy", at: tenAM.addingTimeInterval(25 * oneDay)),    // window open
            answered(wait: 5, queue: "billing", customer: nil, at: tenAM),                            // no key
            abandoned(wait: 30, queue: "billing", customer: "dee", at: tenAM),                        // not handled
        ]
        let settings = KPISettings(fcrMethod: .repeatContact)
        let found = RepeatContactFCR.outcomes(for: contacts, observedThrough: observedThrough)

        let direct = ContactKPIs(contacts: contacts, serviceLevelThresholds: 20, settings: settings, observedThrough: observedThrough)
        var folded = KPIRollup(serviceLevelThreshold: 20)
        for (contact, outcome) in zip(contacts, found) { folded.add(contact, repeatContact: outcome) }

        // candidates: alice ×2, bob = 3; resolved: alice day 2, bob = 2 → 2/3
        #expect(direct.firstContactResolution.numerator == 2)
        #expect(direct.firstContactResolution.denominator == 3)
        #expect(direct.firstContactResolution.formula ==
            "handled with no repeat contact from the same customer in the same queue within 7 days ÷ handled with a customer key and 7 days fully observed")
        #expect(folded.repeatFCRCandidates == 3)
        #expect(folded.repeatFCRResolved == 2)
        #expect(folded.repeatContactWindows == [7])
        #expect(ContactKPIs(rollup: folded, settings: settings).firstContactResolution == direct.firstContactResolution)
    }

    @Test func without_observed_through_the_latest_contact_bounds_the_data() {
        let contacts = [
            answered(wait: 5, queue: "billing", customer: "a", at: tenAM),
            answered(wait: 5, queue: "billing", customer: "b", at: tenAM.addingTimeInterval(10 * oneDay)),
        ]

        let fcr = kpis(contacts, KPISettings(fcrMethod: .repeatContact)).firstContactResolution

        // observed through day 10: "a" (window ends day 7) is a resolved candidate, "b" is still open → 1 ÷ 1
        #expect(fcr.value == 1)
        #expect(fcr.sampleSize == 1)
    }

    @Test func the_window_length_is_a_setting() {
        let contacts = [
            answered(wait: 5, queue: "billing", customer: "a", at: tenAM),
            answered(wait: 5, queue: "billing", customer: "a", at: tenAM.addingTimeInterval(10 * oneDay)),
        ]
        let fourteen = KPISettings(fcrMethod: .repeatContact, repeatContactWindowDays: 14)

        let fcr = ContactKPIs(contacts: contacts, serviceLevelThresholds: 20, settings: fourteen, observedThrough: observedThrough)
            .firstContactResolution

        // N = 14: the day-10 contact repeats the first; its own window ends day 24 ≤ 30 → 1 resolved of 2
        #expect(fcr.value == 0.5)
        #expect(fcr.formula.contains("within 14 days"))
    }
}
