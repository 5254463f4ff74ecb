/// Repeat-contact FCR (the rules of `RepeatContactFCR`) over one queue's contacts fed in
/// offered-time order, as a database index returns them: no sort, and memory holds only the
/// customers whose latest candidate contact's window is still open, not the whole history.
///
/// A candidate's outcome is settled by the first later non-short contact of its customer: inside
/// its window it is a repeat, after it (or when the feed moves past the window, or ends) it is
/// resolved. Contacts at the same instant never settle each other. Times are whole milliseconds,
/// so "exactly N days later" is exact.
public struct RepeatContactStream<Tag> {
    /// A settled candidate: its tag and whether it was resolved (else repeated).
    public typealias Settled = (tag: Tag, resolved: Bool)

    /// The candidates of one customer at one instant: nearly always one, kept inline (no array
    /// per candidate); `more` holds any others at the same instant.
    private struct Pending {
        var offeredAt: Int64
        var tag: Tag
        var more: [Tag] = []

        func settle(resolved: Bool, _ settled: (Settled) -> Void) {
            settled((tag, resolved))
            for other in more { settled((other, resolved)) }
        }
    }

    private let windowMilliseconds: Int64
    /// nil: through the last contact fed (known only at `finish`).
    private let observedThrough: Int64?
    /// Without a fixed "observed through": repeats settled while their window still reached past
    /// the feed, held until the feed shows the window was observed (or `finish` shows it was not).
    private var heldRepeats: [(offeredAt: Int64, tag: Tag)] = []
    private var heldAtLastRelease = 0
    /// Per customer: the candidates at its latest candidate instant, not yet settled.
    private var pending: [String: Pending] = [:]
    /// (customer, offered time) of each pending entry in feed order, to settle windows the feed has passed.
    private var expiries: [(customer: String, offeredAt: Int64)] = []
    private var expiryHead = 0
    private var lastOffered = Int64.min

    /// - observedThroughMilliseconds: the queue's latest offered time stored; candidates need
    ///   offeredAt + N days ≤ it.
    ///   nil: the latest offered time fed, which is the queue's when the feed holds all of it (an
    ///   import into a queue with no earlier contacts); then a contact is judged only at `finish`
    ///   if its window reaches past every contact fed so far.
    public init(windowDays: Int, observedThroughMilliseconds: Int64?) {
        windowMilliseconds = Int64(windowDays) * 86_400_000
        observedThrough = observedThroughMilliseconds
    }

    /// Feeds the next contact (offeredAt never decreasing). Candidates settled by it, or whose
    /// window the feed has now passed, are handed to `settled`.
    /// - answered: answered by an agent; shortAbandon: an abandon under the short-abandon threshold
    ///   (ignored: it neither repeats nor is judged).
    public mutating func add(customer: String?, offeredAt: Int64, answered: Bool, shortAbandon: Bool, tag: Tag,
                             settled: (Settled) -> Void) {
        precondition(offeredAt >= lastOffered, "contacts must be fed in offered-time order")
        lastOffered = offeredAt
        expire(before: offeredAt, settled: settled)
        guard let customer, !customer.isEmpty, !shortAbandon else { return }
        let candidate = answered && offeredAt + windowMilliseconds <= observedThrough ?? .max
        // One hash of the customer key for a known customer: the entry is then read, replaced or
        // removed through its index.
        guard let index = pending.index(forKey: customer) else {
            if candidate {
                pending[customer] = Pending(offeredAt: offeredAt, tag: tag)
                expiries.append((customer, offeredAt))
            }
            return
        }
        let waiting = pending.values[index]
        guard waiting.offeredAt < offeredAt else {
            if candidate { pending.values[index].more.append(tag) }  // same instant as the waiting ones
            return
        }
        let repeated = offeredAt <= waiting.offeredAt + windowMilliseconds
        if repeated && observedThrough == nil && waiting.offeredAt + windowMilliseconds > offeredAt {
            // A candidate only if the feed goes on to the window's end.
            heldRepeats.append((waiting.offeredAt, waiting.tag))
            for other in waiting.more { heldRepeats.append((waiting.offeredAt, other)) }
            releaseHeldRepeats(settled: settled)
        } else {
            waiting.settle(resolved: !repeated, settled)
        }
        if candidate {
            pending.values[index] = Pending(offeredAt: offeredAt, tag: tag)
            expiries.append((customer, offeredAt))
        } else {
            pending.remove(at: index)
        }
    }

    /// Settles every candidate still waiting (no later contact within its window): all resolved.
    /// Without a fixed "observed through", contacts whose window reaches past the last contact fed
    /// are not candidates: they are dropped, repeated or not.
    /// - latestOffered: the latest offered time of contacts not fed (e.g. without a customer key),
    ///   which also count for "observed through" when it is not fixed.
    public mutating func finish(latestOffered: Int64? = nil, settled: (Settled) -> Void) {
        if let latestOffered { lastOffered = max(lastOffered, latestOffered) }
        expire(before: .max, settled: settled)
        let observed = lastOffered
        for held in heldRepeats where held.offeredAt + windowMilliseconds <= observed { settled((held.tag, false)) }
        heldRepeats.removeAll()
    }

    /// Hands on held repeats whose window the feed has passed; amortised (sweeps when the list doubles).
    private mutating func releaseHeldRepeats(settled: (Settled) -> Void) {
        guard heldRepeats.count >= Swift.max(1_024, 2 * heldAtLastRelease) else { return }
        let observed = lastOffered
        heldRepeats.removeAll { held in
            guard held.offeredAt + windowMilliseconds <= observed else { return false }
            settled((held.tag, false))
            return true
        }
        heldAtLastRelease = heldRepeats.count
    }

    /// Candidates whose whole window lies before `now` can no longer be repeated.
    private mutating func expire(before now: Int64, settled: (Settled) -> Void) {
        while expiryHead < expiries.count {
            let (customer, offeredAt) = expiries[expiryHead]
            guard now == .max || offeredAt + windowMilliseconds < now else { break }
            expiryHead += 1
            if let index = pending.index(forKey: customer), pending.values[index].offeredAt == offeredAt {
                // At the end of a feed without a fixed "observed through", only windows it covered count.
                if now != .max || observedThrough != nil || offeredAt + windowMilliseconds <= lastOffered {
                    pending.values[index].settle(resolved: true, settled)
                }
                pending.remove(at: index)
            }
        }
        if expiryHead > 4_096 && expiryHead * 2 > expiries.count {
            expiries.removeFirst(expiryHead)
            expiryHead = 0
        }
    }
}
