/// Repeat-contact FCR of the contacts in one import file, worked out while the file is read, for
/// the queues that held no contacts before it: there the file is the queue's whole history, so its
/// own contacts decide every outcome ("observed through" is the file's latest contact), and
/// nothing has to be read back from the database afterwards.
///
/// `RepeatContactStream` needs contacts in offered-time order; files usually come grouped by day,
/// then by team or queue, so each queue's rows pass through a reorder buffer that holds `slack`
/// of the newest rows and feeds the older ones on. A row older than one already fed means the
/// file is not ordered enough: that queue gives up here (memory stays bounded by the slack, not
/// the file) and the caller computes it from the stored contacts instead.
public struct FileRepeatContacts {
    /// Counts per tag (whatever the caller groups by, e.g. team × day).
    public typealias Counts = [Int: (candidates: Int64, resolved: Int64)]

    /// A buffered row in the heap: plain values only (the customer key waits in `Queue.customers`),
    /// so sifting moves 24 bytes and never touches a reference count.
    private struct Buffered: Comparable {
        let offeredAt: Int64
        let customerSlot: Int32
        let answered: Bool
        let shortAbandon: Bool
        let tag: Int
        static func < (a: Buffered, b: Buffered) -> Bool { a.offeredAt < b.offeredAt }
        static func == (a: Buffered, b: Buffered) -> Bool { a.offeredAt == b.offeredAt }
    }

    private struct Queue {
        var stream: RepeatContactStream<Int>
        var buffer = MinHeap<Buffered>()
        /// The customer keys of the buffered rows, by slot; `freeSlots` are reused.
        var customers: [String] = []
        var freeSlots: [Int32] = []
        var newest = Int64.min
        var lastFed = Int64.min
        /// The latest offered time of rows not fed (no customer key).
        var latest = Int64.min
        var counts: Counts = [:]
    }

    private let windowDays: Int
    private let slack: Int64
    private var states: [Queue] = []
    /// Queue key → position in `states`.
    private var positions: [Int: Int] = [:]
    /// Queues given up on: rows too far out of order.
    public private(set) var unordered: Set<Int> = []

    /// - queues: the queues (any integer key) to work out; rows of others are ignored.
    /// - slackMilliseconds: how far back a row may be from the newest one seen in its queue.
    public init(queues: some Sequence<Int>, windowDays: Int, slackMilliseconds: Int64 = 2 * 86_400_000) {
        self.windowDays = windowDays
        self.slack = slackMilliseconds
        for queue in Set(queues) {
            positions[queue] = states.count
            states.append(Queue(stream: RepeatContactStream(windowDays: windowDays, observedThroughMilliseconds: nil)))
        }
    }

    /// One valid row of the file. A row without a customer key neither counts nor repeats, but
    /// its time still counts for "observed through".
    public mutating func add(queue: Int, customer: String?, offeredAt: Int64, answered: Bool, shortAbandon: Bool, tag: Int) {
        guard let position = positions[queue] else { return }
        guard let customer, !customer.isEmpty else {
            states[position].latest = max(states[position].latest, offeredAt)
            return
        }
        if offeredAt < states[position].lastFed {
            unordered.insert(queue)
            positions[queue] = nil
            states[position] = Queue(stream: RepeatContactStream(windowDays: windowDays, observedThroughMilliseconds: nil))  // frees the buffer
            return
        }
        Self.push(offeredAt: offeredAt, customer: customer, answered: answered, shortAbandon: shortAbandon, tag: tag,
                  into: &states[position], slack: slack)
    }

    private static func push(offeredAt: Int64, customer: String, answered: Bool, shortAbandon: Bool, tag: Int,
                             into state: inout Queue, slack: Int64) {
        let slot: Int32
        if let free = state.freeSlots.popLast() {
            slot = free
            state.customers[Int(free)] = customer
        } else {
            slot = Int32(state.customers.count)
            state.customers.append(customer)
        }
        state.buffer.push(Buffered(offeredAt: offeredAt, customerSlot: slot, answered: answered, shortAbandon: shortAbandon, tag: tag))
        state.newest = max(state.newest, offeredAt)
        while let oldest = state.buffer.top, oldest.offeredAt <= state.newest - slack {
            state.buffer.pop()
            feed(oldest, into: &state)
        }
    }

    /// The counts of every queue still worked out here (the ones in `unordered` are not).
    public mutating func finish() -> [Int: Counts] {
        var result: [Int: Counts] = [:]
        for (queue, position) in positions {
            var state = states[position]
            while let oldest = state.buffer.pop() { Self.feed(oldest, into: &state) }
            var counts: Counts = [:]
            swap(&counts, &state.counts)
            state.stream.finish(latestOffered: state.latest) { settled in Self.count(settled, into: &counts) }
            result[queue] = counts
        }
        states.removeAll()
        positions.removeAll()
        return result
    }

    private static func feed(_ row: Buffered, into state: inout Queue) {
        state.lastFed = row.offeredAt
        let customer = state.customers[Int(row.customerSlot)]
        state.freeSlots.append(row.customerSlot)
        var counts: Counts = [:]
        swap(&counts, &state.counts)  // moved, not copied, while the stream adds to it
        state.stream.add(customer: customer, offeredAt: row.offeredAt, answered: row.answered, shortAbandon: row.shortAbandon,
                         tag: row.tag) { settled in count(settled, into: &counts) }
        swap(&counts, &state.counts)
    }

    private static func count(_ settled: RepeatContactStream<Int>.Settled, into counts: inout Counts) {
        counts[settled.tag, default: (0, 0)].candidates += 1
        if settled.resolved { counts[settled.tag, default: (0, 0)].resolved += 1 }
    }
}

/// A binary min-heap (the standard library has none).
struct MinHeap<Element: Comparable> {
    private var items: [Element] = []

    var top: Element? { items.first }
    var count: Int { items.count }

    mutating func push(_ item: Element) {
        items.append(item)
        climb(item, from: items.count - 1)
    }

    /// Floyd's pop: the hole left at the root walks down the smaller children to a leaf, then the
    /// last element climbs back from there (about half the comparisons of sifting it down).
    @discardableResult
    mutating func pop() -> Element? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last }
        let smallest = items[0]
        let count = items.count
        var hole = 0
        while true {
            let left = 2 * hole + 1
            guard left < count else { break }
            let child = left + 1 < count && items[left + 1] < items[left] ? left + 1 : left
            items[hole] = items[child]
            hole = child
        }
        climb(last, from: hole)
        return smallest
    }

    /// Puts `item` at `hole` or above it, moving larger parents down into the hole.
    private mutating func climb(_ item: Element, from hole: Int) {
        var hole = hole
        while hole > 0 {
            let parent = (hole - 1) / 2
            guard item < items[parent] else { break }
            items[hole] = items[parent]
            hole = parent
        }
        items[hole] = item
    }
}
