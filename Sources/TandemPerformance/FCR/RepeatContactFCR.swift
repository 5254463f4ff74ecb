import Foundation

/// Repeat-contact FCR: a handled contact resolved the issue if the same customer did not contact
/// the same queue again within N days.
///
/// Precisely, for a contact c with offeredAt t:
/// - c is a **candidate** (denominator) when it was answered, has a non-empty customer key, and
///   its window is fully observed: t + N × 86 400 s ≤ `observedThrough`. Contacts whose window is
///   still open are left out rather than counted resolved (which would inflate FCR near the end
///   of the data).
/// - c is **repeated** when another contact with the same customer key and the same queue ID has
///   offeredAt in (t, t + N × 86 400 s], both ends as written: same-instant contacts are not repeats
///   of each other, and a contact exactly N days later is one. Any disposition counts as a repeat
///   (a customer who calls back and abandons still came back) except short abandons, which are
///   ignored everywhere. The repeat can be handled by any team: the first contact's team owns it.
/// - Otherwise a candidate is **resolved** (numerator).
/// Pass the whole history that can contain repeats (across teams and import batches), not a slice.
public enum RepeatContactFCR {
    /// Outcomes aligned with `contacts` (any order; they are sorted by customer, queue, time internally).
    public static func outcomes(
        for contacts: [ContactRecord],
        windowDays: Int = KPISettings.defaultRepeatContactWindowDays,
        shortAbandonThreshold: Double = KPISettings.defaultShortAbandonThreshold,
        observedThrough: Date
    ) -> [RepeatContactOutcome] {
        let window = TimeInterval(windowDays) * 86_400
        let nextRepeat = nextRepeatTimes(contacts, shortAbandonThreshold: shortAbandonThreshold)
        return contacts.indices.map { index in
            let contact = contacts[index]
            let kind: RepeatContactOutcome.Kind
            if contact.disposition != .answered {
                kind = .notHandled
            } else if (contact.customerKey ?? "").isEmpty {
                kind = .noCustomerKey
            } else if contact.offeredAt.addingTimeInterval(window) > observedThrough {
                kind = .windowNotObserved
            } else if let next = nextRepeat[index], next <= contact.offeredAt.addingTimeInterval(window) {
                kind = .repeated
            } else {
                kind = .resolved
            }
            return RepeatContactOutcome(kind: kind, windowDays: windowDays)
        }
    }

    /// resolved ÷ candidates over outcomes already computed (e.g. the slice of a team or a day).
    public static func result(
        outcomes: some Sequence<RepeatContactOutcome>,
        windowDays: Int = KPISettings.defaultRepeatContactWindowDays,
        minimumSample: Int = KPISettings.defaultMinimumSample
    ) -> KPIResult {
        var candidates = 0, resolved = 0, windows = Set<Int>()
        for outcome in outcomes {
            windows.insert(outcome.windowDays)
            if outcome.isCandidate { candidates += 1 }
            if outcome.kind == .resolved { resolved += 1 }
        }
        return .ratio(
            .firstContactResolution, numerator: Double(resolved), denominator: Double(candidates),
            sampleSize: candidates, minimumSample: minimumSample,
            formula: FormulaText.firstContactResolution(.repeatContact, windows: windows.isEmpty ? [windowDays] : windows),
            unit: .fraction
        )
    }

    /// For each contact, the earliest offeredAt strictly after its own among the same customer's
    /// later non-short contacts in the same queue (nil if none). One backward pass per
    /// (customer, queue) group, treating a run of equal timestamps together so ties never repeat each other.
    private static func nextRepeatTimes(_ contacts: [ContactRecord], shortAbandonThreshold: Double) -> [Date?] {
        var result = [Date?](repeating: nil, count: contacts.count)
        let keyed = contacts.indices.filter { !(contacts[$0].customerKey ?? "").isEmpty }
        let sorted = keyed.sorted { a, b in
            let x = contacts[a], y = contacts[b]
            if x.customerKey != y.customerKey { return x.customerKey! < y.customerKey! }
            if x.queueID != y.queueID { return x.queueID < y.queueID }
            return x.offeredAt < y.offeredAt
        }
        var end = sorted.endIndex
        while end > sorted.startIndex {
            // The group is sorted[start..<end]: same customer and queue.
            let last = contacts[sorted[end - 1]]
            var start = end - 1
            while start > sorted.startIndex,
                  contacts[sorted[start - 1]].customerKey == last.customerKey,
                  contacts[sorted[start - 1]].queueID == last.queueID {
                start -= 1
            }
            var earliestLater: Date? = nil
            var runEnd = end
            while runEnd > start {
                let time = contacts[sorted[runEnd - 1]].offeredAt
                var runStart = runEnd - 1
                while runStart > start, contacts[sorted[runStart - 1]].offeredAt == time { runStart -= 1 }
                var runHasRepeatable = false
                for position in runStart..<runEnd {
                    result[sorted[position]] = earliestLater
                    if !contacts[sorted[position]].isShortAbandon(shortAbandonThreshold: shortAbandonThreshold) {
                        runHasRepeatable = true
                    }
                }
                if runHasRepeatable { earliestLater = time }
                runEnd = runStart
            }
            end = start
        }
        return result
    }
}
