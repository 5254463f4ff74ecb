import Fluent
import Foundation
import SQLKit
import TandemPerformance

/// Repeat-contact FCR: whether a customer came back within N days is only known once later
/// contacts are stored, so its counters in the rollups are recomputed per queue after each import
/// (from the first day it could change) and in full when S or N change.
enum RepeatContactRecompute {
    /// Recomputes the repeat-contact FCR counters of one queue's rollup rows (every team) from UTC day
    /// `fromDay` on (nil: all days), from the stored contacts, with `RepeatContactStream` (the pure
    /// engine's streaming form, tested against `RepeatContactFCR.outcomes`) deciding which count:
    /// - a contact is a candidate when it was answered, has a non-empty customer key, and its window
    ///   (offeredAt, offeredAt + N days] is fully observed: offeredAt + N days ≤ "observed through",
    ///   the latest offered time stored for the queue (any team, any import);
    /// - a candidate is resolved when the same customer has no other non-short contact in the same
    ///   queue within its window (any team; the first contact's team owns the outcome).
    /// Counters of the rows from `fromDay` on are reset to zero first, then the outcomes of the
    /// contacts offered on those days are added back, so running it again never double counts.
    /// Contacts before `fromDay` are not read: a contact's outcome only looks forward, so loading
    /// from the first reset day on gives every reset contact its whole window. The caller picks
    /// `fromDay` early enough that no contact before it can change outcome (see `ImportSession`).
    /// An UPDATE, one SELECT in offered-time order (read straight off the statement inside a SQLite
    /// transaction) and the usual rollup upsert.
    static func recompute(queueID: UUID, fromDay: Int?, windowDays: Int, shortAbandonSeconds: Double,
                                        thresholdMilliseconds: Int64, on sql: any SQLDatabase) async throws {
        try await reset(queueID: queueID, fromDay: fromDay, on: sql)
        guard let latest = try await ContactRecordStore.latestOffered(queueID: queueID, on: sql) else { return }

        // Contacts without a customer key can be neither candidates nor repeats: not read. Rows
        // come in offered-time order straight off the (queue_id, offered_at_ms) index, so nothing
        // is sorted, and the tally keeps only customers whose latest window is still open: memory
        // stays flat however large the queue's history.
        let tally = RepeatContactTally(windowDays: windowDays, shortAbandonSeconds: shortAbandonSeconds, observedThrough: latest)
        let fromMilliseconds = Int64(fromDay ?? Int(Int32.min)) * 86_400_000
        if let sqlite = try await SQLiteStatements.inTransaction(sql as! any Database) {
            // Millions of rows on a big import: read them straight off the statement.
            let select = try sqlite.prepare("""
                SELECT team_key, customer, offered_at_ms, answered_at_ms, abandoned, wait_ms FROM contact_records
                WHERE queue_key = (SELECT number FROM contact_keys WHERE uuid = ?1) AND offered_at_ms >= ?2 AND customer IS NOT NULL
                ORDER BY offered_at_ms
                """)
            select.bind(1, queueID.uuidString)
            select.bind(2, fromMilliseconds)
            while try select.step() {
                guard let customer = select.string(1) else { continue }
                tally.add(customer: customer, teamKey: select.int64(0), offeredAt: select.int64(2), answered: !select.isNull(3),
                          abandoned: select.int64(4) != 0, waitMilliseconds: select.int64(5))
            }
        } else {
            let select = sql.select()
                .columns("team_key", "customer", "offered_at_ms", "answered_at_ms", "abandoned", "wait_ms")
                .from("contact_records")
                .where(SQLColumn("queue_key"), .equal, ContactKeys.number(of: queueID))
                .where("offered_at_ms", .greaterThanOrEqual, fromMilliseconds)
                .where("customer", .isNot, SQLLiteral.null)
                .orderBy("offered_at_ms")
            try await select.run { row in tally.add(row) }
        }
        let counts = try tally.finish()
        let teams = try await ContactKeys.ids(of: counts.keys.map { repeatTagTeamKey($0) }, on: sql)
        try await RollupStore.add(try repeatDeltas(counts, queueID: queueID, ids: teams), thresholdMilliseconds: { _ in thresholdMilliseconds },
                               shortAbandonMilliseconds: Int64((shortAbandonSeconds * 1000).rounded()), on: sql)
    }

    /// Zeroes the repeat-contact counters of one queue's rollup rows (every team) from `fromDay` on (nil: all).
    static func reset(queueID: UUID, fromDay: Int?, on sql: any SQLDatabase) async throws {
        let reset = sql.update("contact_rollups")
            .set("repeat_fcr_candidates", to: 0)
            .set("repeat_fcr_resolved", to: 0)
            .where("queue_id", .equal, queueID)
        if let fromDay { reset.where("day", .greaterThanOrEqual, fromDay) }
        try await reset.run()
    }

    /// Repeat-contact counts tagged team key × 2^32 + UTC day, as rollup deltas of one queue.
    static func repeatDeltas(_ counts: FileRepeatContacts.Counts, queueID: UUID, ids: [Int64: UUID]) throws -> [RollupRowKey: RollupCounters] {
        var deltas: [RollupRowKey: RollupCounters] = [:]
        for (tag, count) in counts {
            var counters = RollupCounters()
            counters.values[repeatCandidatesColumn] = count.candidates
            counters.values[repeatResolvedColumn] = count.resolved
            guard let team = ids[repeatTagTeamKey(tag)] else {
                throw ContactKeyError(message: "a contact of queue \(queueID) refers to team key \(repeatTagTeamKey(tag)), which contact_keys does not hold")
            }
            deltas[RollupRowKey(teamID: team, queueID: queueID, day: Int(Int32(truncatingIfNeeded: tag)))] = counters
        }
        return deltas
    }

    /// `ContactRecord.isShortAbandon` on a contact as stored (wait in whole milliseconds): the one
    /// rule both repeat-contact computations (stored contacts, and the file while it is read) apply.
    static func isShortAbandon(answered: Bool, abandoned: Bool, waitMilliseconds: Int64, shortAbandonSeconds: Double) -> Bool {
        !answered && abandoned && Double(waitMilliseconds) / 1000 < shortAbandonSeconds
    }

    /// The tag `repeatDeltas` reads back: team key × 2^32 + UTC day.
    static func repeatTag(teamKey: Int64, day: Int) -> Int { Int(teamKey) << 32 | (day & 0xFFFF_FFFF) }
    static func repeatTagTeamKey(_ tag: Int) -> Int64 { Int64(tag >> 32) }

    /// Recomputes every queue's repeat-contact counters (after S or N changed, or a rebuild).
    static func recomputeAll(thresholds: [UUID: Double], windowDays: Int, shortAbandonSeconds: Double,
                                           on sql: any SQLDatabase) async throws {
        for queueID in try await ContactRecordStore.queuesWithContacts(on: sql) {
            try await recompute(queueID: queueID, fromDay: nil, windowDays: windowDays, shortAbandonSeconds: shortAbandonSeconds,
                                              thresholdMilliseconds: Int64(((thresholds[queueID] ?? 20) * 1000).rounded()), on: sql)
        }
    }

    static let repeatCandidatesColumn = RollupCounters.columnNames.firstIndex(of: "repeat_fcr_candidates")!
    static let repeatResolvedColumn = RollupCounters.columnNames.firstIndex(of: "repeat_fcr_resolved")!

}

/// Folds one queue's rows, in offered-time order, into repeat-contact counters per team × day
/// (`RepeatContactStream` judges each contact). Rows arrive one by one on the database's thread;
/// the lock only guards against reuse.
private final class RepeatContactTally: @unchecked Sendable {
    private let shortAbandonSeconds: Double
    private let lock = NSLock()
    /// Tags are `RepeatContactRecompute.repeatTag`s (team key × 2^32 + UTC day, cheap to hash); the caller
    /// turns the team keys it gets back into UUIDs.
    private var stream: RepeatContactStream<Int>
    private var counts: FileRepeatContacts.Counts = [:]
    private var failure: (any Error)?

    init(windowDays: Int, shortAbandonSeconds: Double, observedThrough: Int64) {
        self.shortAbandonSeconds = shortAbandonSeconds
        stream = RepeatContactStream(windowDays: windowDays, observedThroughMilliseconds: observedThrough)
    }

    func add(_ row: any SQLRow) {
        do {
            guard let key = try row.decode(column: "customer", as: String?.self) else { return }
            add(customer: key, teamKey: try row.decode(column: "team_key", as: Int64.self),
                offeredAt: try row.decode(column: "offered_at_ms", as: Int64.self),
                answered: try row.decode(column: "answered_at_ms", as: Int64?.self) != nil,
                abandoned: try row.decode(column: "abandoned", as: Bool.self),
                waitMilliseconds: try row.decode(column: "wait_ms", as: Int64.self))
        } catch {
            lock.withLock { if failure == nil { failure = error } }
        }
    }

    func add(customer: String, teamKey: Int64, offeredAt: Int64, answered: Bool, abandoned: Bool, waitMilliseconds: Int64) {
        lock.withLock {
            guard failure == nil else { return }
            let shortAbandon = RepeatContactRecompute.isShortAbandon(answered: answered, abandoned: abandoned, waitMilliseconds: waitMilliseconds,
                                                           shortAbandonSeconds: shortAbandonSeconds)
            let day = UTCDay(Date(milliseconds: offeredAt)).daysSince1970
            stream.add(customer: customer, offeredAt: offeredAt, answered: answered, shortAbandon: shortAbandon,
                       tag: RepeatContactRecompute.repeatTag(teamKey: teamKey, day: day), settled: count)
        }
    }

    /// Counts per repeat tag.
    func finish() throws -> FileRepeatContacts.Counts {
        try lock.withLock {
            if let failure { throw failure }
            stream.finish(settled: count)
            return counts
        }
    }

    private func count(_ settled: RepeatContactStream<Int>.Settled) {
        counts[settled.tag, default: (0, 0)].candidates += 1
        if settled.resolved { counts[settled.tag, default: (0, 0)].resolved += 1 }
    }
}
