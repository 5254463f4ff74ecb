import Foundation
import Testing
import TandemPerformance

/// Working repeat-contact FCR out while a file is read must count exactly what the batch rules
/// count on the same contacts, observed through each queue's latest one, however the file's rows
/// are shuffled within the reorder buffer's reach.
@Suite struct FileRepeatContactsTests {
    static let queues = ["billing-voice", "support-chat", "sales-voice", "email"]

    /// Tag = queue position × 100 + day (since day0), like the importer's team × day tags.
    static func expected(_ contacts: [ContactRecord], windowDays: Int) -> [Int: FileRepeatContacts.Counts] {
        var result: [Int: FileRepeatContacts.Counts] = [:]
        for (position, queue) in queues.enumerated() {
            let own = contacts.filter { $0.queueID == queue }
            guard let latest = own.map(\.offeredAt).max() else { continue }
            var counts: FileRepeatContacts.Counts = [:]
            for (contact, outcome) in zip(own, RepeatContactFCR.outcomes(for: own, windowDays: windowDays, observedThrough: latest))
            where outcome.isCandidate {
                let tag = tag(contact, queue: position)
                counts[tag, default: (0, 0)].candidates += 1
                if outcome.kind == .resolved { counts[tag, default: (0, 0)].resolved += 1 }
            }
            result[position] = counts
        }
        return result
    }

    static func tag(_ contact: ContactRecord, queue: Int) -> Int {
        queue * 100 + Int(contact.offeredAt.timeIntervalSince(day0) / oneDay)
    }

    static func fed(_ contacts: [ContactRecord], windowDays: Int, slack: Int64) -> FileRepeatContacts {
        var file = FileRepeatContacts(queues: queues.indices, windowDays: windowDays, slackMilliseconds: slack)
        for contact in contacts {
            guard let queue = queues.firstIndex(of: contact.queueID) else { continue }
            file.add(queue: queue, customer: contact.customerKey, offeredAt: Int64((contact.offeredAt.timeIntervalSince1970 * 1000).rounded()),
                     answered: contact.answeredAt != nil, shortAbandon: contact.answeredAt == nil && contact.abandoned && contact.waitSeconds < KPISettings.defaultShortAbandonThreshold,
                     tag: tag(contact, queue: queue))
        }
        return file
    }

    static func same(_ a: [Int: FileRepeatContacts.Counts], _ b: [Int: FileRepeatContacts.Counts]) -> Bool {
        a.keys.sorted() == b.keys.sorted() && a.allSatisfy { queue, counts in
            let other = b[queue]!
            return counts.keys.sorted() == other.keys.sorted()
                && counts.allSatisfy { other[$0.key]!.candidates == $0.value.candidates && other[$0.key]!.resolved == $0.value.resolved }
        }
    }

    @Test(arguments: [(1, UInt64(21)), (3, 22), (7, 23)])
    func rows_shuffled_within_each_day_count_as_the_batch_rules(windowDays: Int, seed: UInt64) {
        var contacts = generateContacts(count: 8_000, seed: 0xF11E_0000 + seed)
        var random = SeededGenerator(seed: seed)
        // Grouped by day, in random order within the day (as an export grouped by day and team is).
        contacts = contacts.map { ($0, Int(random.next() % 1_000_000)) }
            .sorted { (Int($0.0.offeredAt.timeIntervalSince(day0) / oneDay), $0.1) < (Int($1.0.offeredAt.timeIntervalSince(day0) / oneDay), $1.1) }
            .map(\.0)
        var file = Self.fed(contacts, windowDays: windowDays, slack: 2 * 86_400_000)
        let counted = file.finish()
        #expect(file.unordered.isEmpty)
        let expected = Self.expected(contacts, windowDays: windowDays)
        #expect(Self.same(counted, expected), "counted \(counted), expected \(expected)")
        let candidates = expected.values.flatMap(\.values).map(\.candidates).reduce(0, +)
        let resolved = expected.values.flatMap(\.values).map(\.resolved).reduce(0, +)
        #expect(candidates > 500 && resolved > 0 && resolved < candidates)
    }

    @Test func a_queue_whose_rows_come_back_too_far_in_time_is_given_up_and_the_others_still_count() {
        let contacts = generateContacts(count: 4_000, seed: 0xF11E_0099)
            .sorted { $0.offeredAt < $1.offeredAt }
        // One billing contact from day 0 arrives last: two days of slack cannot take it back.
        let late = contacts.firstIndex { $0.queueID == "billing-voice" && $0.customerKey != nil }!
        var reordered = contacts
        reordered.append(reordered.remove(at: late))
        var file = Self.fed(reordered, windowDays: 3, slack: 2 * 86_400_000)
        let counted = file.finish()
        #expect(file.unordered == [0])
        #expect(counted[0] == nil)
        var expected = Self.expected(contacts, windowDays: 3)
        expected[0] = nil
        #expect(Self.same(counted, expected))
    }
}
