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

    private struct Pending {
        var offeredAt: Int64
        var tags: [Tag]
    }

    private let windowMilliseconds: Int64
    private let observedThrough: Int64
    /// Per customer: the candidates at its latest candidate instant, not yet settled.
    private var pending: [String: Pending] = [:]
    /// (customer, offered time) of each pending entry in feed order, to settle windows the feed has passed.
    private var expiries: [(customer: String, offeredAt: Int64)] = []
    private var expiryHead = 0
    private var lastOffered = Int64.min

    /// - observedThroughMilliseconds: the queue's latest offered time stored; candidates need
    ///   offeredAt + N days ≤ it.
    public init(windowDays: Int, observedThroughMilliseconds: Int64) {
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
        if let waiting = pending[customer], waiting.offeredAt < offeredAt {
            let repeated = offeredAt <= waiting.offeredAt + windowMilliseconds
            for earlier in waiting.tags { settled((earlier, !repeated)) }
            pending[customer] = nil
        }
        guard answered, offeredAt + windowMilliseconds <= observedThrough else { return }
        if pending[customer] != nil {
            pending[customer]!.tags.append(tag)  // same instant as the waiting ones
        } else {
            pending[customer] = Pending(offeredAt: offeredAt, tags: [tag])
            expiries.append((customer, offeredAt))
        }
    }

    /// Settles every candidate still waiting (no later contact within its window): all resolved.
    public mutating func finish(settled: (Settled) -> Void) {
        expire(before: .max, settled: settled)
    }

    /// Candidates whose whole window lies before `now` can no longer be repeated.
    private mutating func expire(before now: Int64, settled: (Settled) -> Void) {
        while expiryHead < expiries.count {
            let (customer, offeredAt) = expiries[expiryHead]
            guard now == .max || offeredAt + windowMilliseconds < now else { break }
            expiryHead += 1
            if let waiting = pending[customer], waiting.offeredAt == offeredAt {
                for tag in waiting.tags { settled((tag, true)) }
                pending[customer] = nil
            }
        }
        if expiryHead > 4_096 && expiryHead * 2 > expiries.count {
            expiries.removeFirst(expiryHead)
            expiryHead = 0
        }
    }
}
