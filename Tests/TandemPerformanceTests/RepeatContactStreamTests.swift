import Foundation
import Testing
import TandemPerformance

/// The streaming form must judge every contact exactly as `RepeatContactFCR.outcomes` does.
@Suite struct RepeatContactStreamTests {
    /// Feeds one queue's contacts in offered order (ties in a shuffled order) and returns index → resolved.
    /// `observedThrough` nil: the stream's "through the last contact fed" form.
    static func streamed(_ contacts: [ContactRecord], indices: [Int], windowDays: Int, observedThrough: Date?,
                         shortAbandon: Double = KPISettings.defaultShortAbandonThreshold, seed: UInt64) -> [Int: Bool] {
        var random = SeededGenerator(seed: seed)
        var order = indices
        for position in order.indices.reversed() where position > 0 { order.swapAt(position, random.below(position + 1)) }
        order = order.enumerated().sorted { (contacts[$0.element].offeredAt, $0.offset) < (contacts[$1.element].offeredAt, $1.offset) }.map(\.element)
        var stream = RepeatContactStream<Int>(windowDays: windowDays, observedThroughMilliseconds: observedThrough.map(milliseconds))
        var result: [Int: Bool] = [:]
        for index in order {
            let contact = contacts[index]
            stream.add(customer: contact.customerKey, offeredAt: milliseconds(contact.offeredAt), answered: contact.answeredAt != nil,
                       shortAbandon: contact.answeredAt == nil && contact.abandoned && contact.waitSeconds < shortAbandon, tag: index) { settled in
                #expect(result[settled.tag] == nil, "contact \(settled.tag) settled twice")
                result[settled.tag] = settled.resolved
            }
        }
        stream.finish { result[$0.tag] = $0.resolved }
        return result
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    @Test(arguments: [(1, UInt64(1)), (3, 2), (7, 3), (7, 4), (14, 5)])
    func agrees_with_the_batch_rules_on_generated_queues(windowDays: Int, seed: UInt64) {
        let contacts = generateContacts(count: 3_000, seed: 0xFC2_0000 + seed)
        // Contacts span 14 days: later ones have windows not yet observed.
        let observedThrough = day0.addingTimeInterval(Double(windowDays + 6) * oneDay)
        let batch = RepeatContactFCR.outcomes(for: contacts, windowDays: windowDays, observedThrough: observedThrough)
        var candidates = 0, resolved = 0
        for queue in Set(contacts.map(\.queueID)) {
            let indices = contacts.indices.filter { contacts[$0].queueID == queue }
            let settled = Self.streamed(contacts, indices: indices, windowDays: windowDays, observedThrough: observedThrough, seed: seed)
            for index in indices {
                let expected: Bool? = batch[index].isCandidate ? batch[index].kind == .resolved : nil
                #expect(settled[index] == expected, "contact \(index) in \(queue): streamed \(String(describing: settled[index])), batch \(batch[index].kind)")
                if let expected { candidates += 1; resolved += expected ? 1 : 0 }
            }
        }
        #expect(candidates > 100 && resolved > 0 && resolved < candidates)
    }

    /// Without a fixed "observed through" the stream must judge as the batch rules do with the
    /// queue's own latest contact, though it learns that time only at the end. Windows of 1–7
    /// days over 14 days of contacts hold many repeats back until the feed passes them.
    /// 20,000 contacts make thousands of repeats wait at once, so held ones are also released mid-feed.
    @Test(arguments: [(1, UInt64(11), 3_000), (3, 12, 3_000), (7, 13, 3_000), (7, 14, 20_000)])
    func agrees_with_the_batch_rules_when_observed_through_the_feed(windowDays: Int, seed: UInt64, count: Int) {
        let contacts = generateContacts(count: count, seed: 0xFC3_0000 + seed)
        var candidates = 0, repeats = 0
        for queue in Set(contacts.map(\.queueID)) {
            let indices = contacts.indices.filter { contacts[$0].queueID == queue }
            let own = indices.map { contacts[$0] }
            let latest = own.map(\.offeredAt).max()!
            let batch = RepeatContactFCR.outcomes(for: own, windowDays: windowDays, observedThrough: latest)
            let settled = Self.streamed(contacts, indices: indices, windowDays: windowDays, observedThrough: nil, seed: seed)
            for (position, index) in indices.enumerated() {
                let expected: Bool? = batch[position].isCandidate ? batch[position].kind == .resolved : nil
                #expect(settled[index] == expected, "contact \(index) in \(queue): streamed \(String(describing: settled[index])), batch \(batch[position].kind)")
                if let expected { candidates += 1; repeats += expected ? 0 : 1 }
            }
        }
        #expect(candidates > 100 && repeats > 0)
    }

    @Test func same_instant_contacts_wait_for_a_later_one_and_expire_after_the_window() {
        let tenAM = Self.milliseconds(day0) + 36_000_000, day: Int64 = 86_400_000
        var stream = RepeatContactStream<String>(windowDays: 7, observedThroughMilliseconds: tenAM + 30 * day)
        var settled: [String: Bool] = [:]
        func add(_ tag: String, _ customer: String, _ at: Int64, answered: Bool = true, short: Bool = false) {
            stream.add(customer: customer, offeredAt: at, answered: answered, shortAbandon: short, tag: tag) { settled[$0.tag] = $0.resolved }
        }
        add("a1", "alice", tenAM)
        add("a2", "alice", tenAM)                     // same instant: not a repeat of a1
        add("b1", "bob", tenAM + 1)
        add("a-short", "alice", tenAM + 2, answered: false, short: true)  // ignored
        #expect(settled.isEmpty)
        add("b2", "bob", tenAM + 1 + 6 * day)         // inside b1's window
        #expect(settled == ["b1": false])
        add("a3", "alice", tenAM + 7 * day)           // exactly N days later: still a repeat
        #expect(settled == ["b1": false, "a1": false, "a2": false])
        add("c1", "carol", tenAM + 13 * day + 2)      // past b2's window: resolved without waiting for the end
        #expect(settled == ["b1": false, "a1": false, "a2": false, "b2": true])
        stream.finish { settled[$0.tag] = $0.resolved }
        #expect(settled == ["b1": false, "a1": false, "a2": false, "b2": true, "a3": true, "c1": true])
    }
}
