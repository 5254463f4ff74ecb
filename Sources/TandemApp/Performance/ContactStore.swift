import Fluent
import Foundation
import SQLKit
import TandemPerformance

/// Identifies one rollup row: a team, a queue, a UTC day.
struct RollupRowKey: Hashable, Sendable {
    let teamID: UUID
    let queueID: UUID
    let day: Int
}

/// What an import needs to know about a contact already stored under the same (source, external id).
struct StoredContact: Sendable {
    let externalID: String
    let importRunID: UUID
    let importLine: Int
    let teamID: UUID
    let queueID: UUID
    let record: ContactRecord
}

/// Bulk reads and writes of contacts and their rollups. Statements are built with SQLKit, which
/// writes `INSERT … ON CONFLICT (…) DO UPDATE` for both SQLite and PostgreSQL; callers pass the
/// transaction they are in.
enum ContactStore {
    static let contactColumns = [
        "source", "external_id", "team_key", "site_key", "queue_key", "channel", "agent", "customer",
        "offered_at_ms", "answered_at_ms", "abandoned", "wait_ms", "talk_ms", "hold_ms", "after_work_ms",
        "resolved_first_contact", "csat", "csat_scale", "day", "run_key", "import_line",
    ]

    struct Row: Sendable {
        let record: ContactRecord
        let teamID: UUID
        let siteID: UUID?
        let queueID: UUID
        /// The same three as `ContactKeys` numbers, as stored.
        let teamKey: Int64
        let siteKey: Int64?
        let queueKey: Int64
        let line: Int
    }

    /// The stored versions of these external ids (any that exist), for re-imports and duplicate checks.
    static func existing(source: String, externalIDs: [String], on sql: any SQLDatabase) async throws -> [String: StoredContact] {
        guard !externalIDs.isEmpty else { return [:] }
        let rows = try await sql.raw("""
            SELECT c.external_id, r.uuid AS import_run_id, c.import_line, t.uuid AS team_id, q.uuid AS queue_id, c.channel, c.offered_at_ms,
                   c.answered_at_ms, c.abandoned, c.wait_ms, c.talk_ms, c.hold_ms, c.after_work_ms, c.resolved_first_contact, c.csat, c.csat_scale
            FROM contact_records c \(unsafeRaw: storedKeyJoins)
            WHERE c.source = \(bind: source) AND c.external_id IN (\(binds: externalIDs))
            """).all()
        var result: [String: StoredContact] = [:]
        for row in rows {
            let externalID = try row.decode(column: "external_id", as: String.self)
            let teamID = try row.decode(column: "team_id", as: UUID.self)
            let queueID = try row.decode(column: "queue_id", as: UUID.self)
            let offered = try row.decode(column: "offered_at_ms", as: Int64.self)
            let answered = try row.decode(column: "answered_at_ms", as: Int64?.self)
            let scale = SurveyScale(rawValue: try row.decode(column: "csat_scale", as: String.self)) ?? .oneToFive
            let record = ContactRecord(
                externalID: externalID, teamID: teamID.uuidString, queueID: queueID.uuidString,
                channel: PerformanceChannel.from(storage: try row.decode(column: "channel", as: String.self)),
                offeredAt: Date(milliseconds: offered), answeredAt: answered.map(Date.init(milliseconds:)),
                abandoned: try row.decode(column: "abandoned", as: Bool.self),
                waitSeconds: Double(try row.decode(column: "wait_ms", as: Int64.self)) / 1000,
                talkSeconds: Double(try row.decode(column: "talk_ms", as: Int64.self)) / 1000,
                holdSeconds: Double(try row.decode(column: "hold_ms", as: Int64.self)) / 1000,
                afterWorkSeconds: Double(try row.decode(column: "after_work_ms", as: Int64.self)) / 1000,
                resolvedFirstContact: try row.decode(column: "resolved_first_contact", as: Bool?.self),
                csat: try row.decode(column: "csat", as: Int?.self), csatScale: scale
            )
            result[externalID] = StoredContact(
                externalID: externalID, importRunID: try row.decode(column: "import_run_id", as: UUID.self),
                importLine: try row.decode(column: "import_line", as: Int.self), teamID: teamID, queueID: queueID, record: record
            )
        }
        return result
    }

    /// Joins that turn a stored contact's team, queue and run keys back into UUIDs (as t, q, r).
    static let storedKeyJoins = """
        JOIN contact_keys t ON t.number = c.team_key JOIN contact_keys q ON q.number = c.queue_key JOIN contact_keys r ON r.number = c.run_key
        """

    /// Inserts the rows, replacing any stored row with the same (source, external id).
    static func upsert(_ rows: [Row], source: String, runKey: Int64, on sql: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        let insert = insertStatement(rows, source: source, runKey: runKey, on: sql)
        insert.onConflict(with: ["source", "external_id"]) { update in
            var update = update
            for column in contactColumns.dropFirst(2) { update = update.set(excludedValueOf: column) }
            return update
        }
        try await insert.run()
    }

    /// Inserts the rows whose (source, external id) is not stored yet and returns those external
    /// ids (a repeated id within `rows` is inserted once, from its first row).
    static func insertNew(_ rows: [Row], source: String, runKey: Int64, on sql: any SQLDatabase) async throws -> Set<String> {
        guard !rows.isEmpty else { return [] }
        let insert = insertStatement(rows, source: source, runKey: runKey, on: sql)
            .ignoringConflicts(with: ["source", "external_id"])
            .returning("external_id")
        return Set(try await insert.all().map { try $0.decode(column: "external_id", as: String.self) })
    }

    private static func insertStatement(_ rows: [Row], source: String, runKey: Int64, on sql: any SQLDatabase) -> SQLInsertBuilder {
        let insert = sql.insert(into: "contact_records").columns(contactColumns)
        for row in rows {
            var values: [any Encodable & Sendable] = []
            values.reserveCapacity(contactColumns.count)
            forEachStoredValue(row, source: source, runKey: runKey) { value in
                switch value {
                case .text(let text): values.append(text)
                case .integer(let number): values.append(number)
                case .flag(let flag): values.append(flag)
                }
            }
            insert.values(values)
        }
        return insert
    }

    /// One stored column value of a contact (nil: NULL).
    enum StoredValue {
        case text(String?)
        case integer(Int64?)
        case flag(Bool?)
    }

    /// Hands a row's values to `body` in `contactColumns` order, as every portable writer stores
    /// them (a closure, not an array: COPY writes millions of rows).
    static func forEachStoredValue(_ row: Row, source: String, runKey: Int64, _ body: (StoredValue) -> Void) {
        let r = row.record
        body(.text(source)); body(.text(r.externalID))
        body(.integer(row.teamKey)); body(.integer(row.siteKey)); body(.integer(row.queueKey))
        body(.text(PerformanceChannel.storage(r.channel))); body(.text(r.agentID)); body(.text(r.customerKey))
        body(.integer(r.offeredAt.milliseconds)); body(.integer(r.answeredAt?.milliseconds)); body(.flag(r.abandoned))
        body(.integer(Int64((r.waitSeconds * 1000).rounded()))); body(.integer(Int64((r.talkSeconds * 1000).rounded())))
        body(.integer(Int64((r.holdSeconds * 1000).rounded()))); body(.integer(Int64((r.afterWorkSeconds * 1000).rounded())))
        body(.flag(r.resolvedFirstContact)); body(.integer(r.csat.map(Int64.init))); body(.text(r.csatScale.rawValue))
        body(.integer(Int64(UTCDay(r.offeredAt).daysSince1970))); body(.integer(runKey)); body(.integer(Int64(row.line)))
    }

    /// Adds counter deltas (possibly negative) to the rollup rows, creating missing rows.
    /// T and S of a new row are the ones given; an existing row keeps its own.
    static func addToRollups(_ deltas: [RollupRowKey: RollupCounters], thresholdMilliseconds: (UUID) -> Int64,
                             shortAbandonMilliseconds: Int64, on sql: any SQLDatabase) async throws {
        // A fixed order (concurrent imports touch shared rows in the same order); ids spelt once per key, not per comparison.
        let keys = deltas.keys.map { ($0.teamID.uuidString, $0.queueID.uuidString, $0) }.sorted { ($0.0, $0.1, $0.2.day) < ($1.0, $1.1, $1.2.day) }.map(\.2)
        for chunk in stride(from: 0, to: keys.count, by: 500).map({ keys[$0..<min($0 + 500, keys.count)] }) {
            let insert = sql.insert(into: "contact_rollups")
                .columns(["team_id", "queue_id", "day", "week", "month", "service_level_ms", "short_abandon_ms"] + RollupCounters.columnNames)
            for key in chunk {
                var values: [any Encodable & Sendable] = [
                    key.teamID, key.queueID, key.day, ReportingPeriod.weekIndex(key.day), ReportingPeriod.monthIndex(key.day),
                    thresholdMilliseconds(key.queueID), shortAbandonMilliseconds,
                ]
                values.append(contentsOf: deltas[key]!.values.map { $0 as any Encodable & Sendable })
                insert.values(values)
            }
            insert.onConflict(with: ["team_id", "queue_id", "day"]) { update in
                var update = update
                for column in RollupCounters.columnNames {
                    update = update.set(column, to: SQLBinaryExpression(SQLColumn(column, table: "contact_rollups"), .add, SQLExcludedColumn(column)))
                }
                return update
            }
            try await insert.run()
        }
    }

    /// The latest offered time (ms) stored for a queue: repeat-contact FCR's "observed through".
    static func latestOffered(queueID: UUID, on sql: any SQLDatabase) async throws -> Int64? {
        let row = try await sql.select()
            .column(SQLAlias(SQLFunction("MAX", args: SQLColumn("offered_at_ms")), as: SQLIdentifier("latest")))
            .from("contact_records")
            .where(SQLColumn("queue_key"), .equal, ContactKeys.number(of: queueID))
            .first()
        return try row?.decode(column: "latest", as: Int64?.self)
    }

    /// The queues that hold contacts.
    static func queuesWithContacts(on sql: any SQLDatabase) async throws -> [UUID] {
        try await sql.raw("SELECT uuid FROM contact_keys WHERE number IN (SELECT DISTINCT queue_key FROM contact_records)").all()
            .map { try $0.decode(column: "uuid", as: UUID.self) }
    }

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
    static func recomputeRepeatContacts(queueID: UUID, fromDay: Int?, windowDays: Int, shortAbandonSeconds: Double,
                                        thresholdMilliseconds: Int64, on sql: any SQLDatabase) async throws {
        try await resetRepeatContacts(queueID: queueID, fromDay: fromDay, on: sql)
        guard let latest = try await latestOffered(queueID: queueID, on: sql) else { return }

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
        try await addToRollups(try repeatDeltas(counts, queueID: queueID, ids: teams), thresholdMilliseconds: { _ in thresholdMilliseconds },
                               shortAbandonMilliseconds: Int64((shortAbandonSeconds * 1000).rounded()), on: sql)
    }

    /// Zeroes the repeat-contact counters of one queue's rollup rows (every team) from `fromDay` on (nil: all).
    static func resetRepeatContacts(queueID: UUID, fromDay: Int?, on sql: any SQLDatabase) async throws {
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
    static func recomputeAllRepeatContacts(thresholds: [UUID: Double], windowDays: Int, shortAbandonSeconds: Double,
                                           on sql: any SQLDatabase) async throws {
        for queueID in try await queuesWithContacts(on: sql) {
            try await recomputeRepeatContacts(queueID: queueID, fromDay: nil, windowDays: windowDays, shortAbandonSeconds: shortAbandonSeconds,
                                              thresholdMilliseconds: Int64(((thresholds[queueID] ?? 20) * 1000).rounded()), on: sql)
        }
    }

    static let repeatCandidatesColumn = RollupCounters.columnNames.firstIndex(of: "repeat_fcr_candidates")!
    static let repeatResolvedColumn = RollupCounters.columnNames.firstIndex(of: "repeat_fcr_resolved")!

    /// Rows grouped by period and summed in the database: one row per team × queue × period
    /// (× T × S, which a rollup keeps). `days` bounds the UTC days read.
    struct PeriodRollup: Sendable {
        let teamID: UUID
        let queueID: UUID
        let period: ReportingPeriod
        let rollup: KPIRollup
    }

    static func periodRollups(_ kind: PeriodKind, fromDay: Int, toDay: Int, teamIDs: [UUID]? = nil, repeatContactWindowDays: Int? = nil,
                              on sql: any SQLDatabase) async throws -> [PeriodRollup] {
        let periodColumn = kind == .week ? "week" : "month"
        let select = sql.select()
            .column("team_id").column("queue_id").column(SQLIdentifier(periodColumn))
            .column("service_level_ms").column("short_abandon_ms")
        for column in RollupCounters.columnNames {
            select.column(SQLAlias(IntegerSum(column), as: SQLIdentifier(column)))
        }
        select.from("contact_rollups")
            .where("day", .greaterThanOrEqual, fromDay)
            .where("day", .lessThan, toDay)
        if let teamIDs { select.where("team_id", .in, teamIDs) }
        select.groupBy("team_id").groupBy("queue_id").groupBy(SQLIdentifier(periodColumn)).groupBy("service_level_ms").groupBy("short_abandon_ms")
        let rows = try await select.all()
        return try rows.map { row in
            let values = try RollupCounters.columnNames.map { try row.decode(column: $0, as: Int64.self) }
            let t = Double(try row.decode(column: "service_level_ms", as: Int64.self)) / 1000
            let s = Double(try row.decode(column: "short_abandon_ms", as: Int64.self)) / 1000
            return PeriodRollup(
                teamID: try row.decode(column: "team_id", as: UUID.self),
                queueID: try row.decode(column: "queue_id", as: UUID.self),
                period: ReportingPeriod(kind: kind, index: try row.decode(column: periodColumn, as: Int.self)),
                rollup: RollupCounters(values: values).rollup(serviceLevelThreshold: t, shortAbandonThreshold: s,
                                                              repeatContactWindowDays: repeatContactWindowDays)
            )
        }
    }

    /// Recomputes every rollup from the stored contacts (after T or S changed). Reads contacts in
    /// pages so memory stays flat; the repeat-contact counters follow, queue by queue.
    static func rebuildRollups(thresholds: [UUID: Double], shortAbandonSeconds: Double, repeatContactWindowDays: Int,
                               on db: any Database) async throws {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "contact_rollups").run()
            var lastKey: (String, String)? = nil
            while true {
                let select = sql.select().columns("source", "external_id").from("contact_records")
                if let lastKey {
                    select.where(SQLBinaryExpression(
                        SQLGroupExpression([SQLColumn("source"), SQLColumn("external_id")] as [any SQLExpression]), .greaterThan,
                        SQLGroupExpression([SQLBind(lastKey.0), SQLBind(lastKey.1)] as [any SQLExpression])))
                }
                let page = try await select.orderBy("source").orderBy("external_id").limit(2_000).all()
                guard let last = page.last else { break }
                lastKey = (try last.decode(column: "source", as: String.self), try last.decode(column: "external_id", as: String.self))
                var bySource: [String: [String]] = [:]
                for row in page { bySource[try row.decode(column: "source", as: String.self), default: []].append(try row.decode(column: "external_id", as: String.self)) }
                var deltas: [RollupRowKey: RollupCounters] = [:]
                for (source, ids) in bySource {
                    for stored in try await existing(source: source, externalIDs: ids, on: sql).values {
                        let key = RollupRowKey(teamID: stored.teamID, queueID: stored.queueID, day: UTCDay(stored.record.offeredAt).daysSince1970)
                        deltas[key, default: RollupCounters()].add(stored.record, serviceLevelThreshold: thresholds[stored.queueID] ?? 20,
                                                                   shortAbandonThreshold: shortAbandonSeconds)
                    }
                }
                try await addToRollups(deltas, thresholdMilliseconds: { Int64(((thresholds[$0] ?? 20) * 1000).rounded()) },
                                       shortAbandonMilliseconds: Int64((shortAbandonSeconds * 1000).rounded()), on: sql)
            }
            try await recomputeAllRepeatContacts(thresholds: thresholds, windowDays: repeatContactWindowDays,
                                                 shortAbandonSeconds: shortAbandonSeconds, on: sql)
        }
    }
}

/// The storage name of a channel is the catalogue's `ChannelKind` raw value.
enum PerformanceChannel {
    static func storage(_ channel: TandemPerformance.Channel) -> String {
        channel == .backOffice ? "back_office" : channel.rawValue
    }

    static func from(storage text: String) -> TandemPerformance.Channel {
        text == "back_office" ? .backOffice : TandemPerformance.Channel(rawValue: text) ?? .voice
    }
}

extension Date {
    init(milliseconds: Int64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
    var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}

/// `CAST(COALESCE(SUM(column), 0) AS BIGINT)`: PostgreSQL sums BIGINT columns into NUMERIC; the
/// cast brings both engines back to the same 64-bit integer (the sums are exact either way).
struct IntegerSum: SQLExpression {
    let column: String
    init(_ column: String) { self.column = column }

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("CAST(COALESCE(SUM(")
        SQLIdentifier(column).serialize(to: &serializer)
        serializer.write("), 0) AS BIGINT)")
    }
}

/// Folds one queue's rows, in offered-time order, into repeat-contact counters per team × day
/// (`RepeatContactStream` judges each contact). Rows arrive one by one on the database's thread;
/// the lock only guards against reuse.
private final class RepeatContactTally: @unchecked Sendable {
    private let shortAbandonSeconds: Double
    private let lock = NSLock()
    /// Tags are `ContactStore.repeatTag`s (team key × 2^32 + UTC day, cheap to hash); the caller
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
            let shortAbandon = ContactStore.isShortAbandon(answered: answered, abandoned: abandoned, waitMilliseconds: waitMilliseconds,
                                                           shortAbandonSeconds: shortAbandonSeconds)
            let day = UTCDay(Date(milliseconds: offeredAt)).daysSince1970
            stream.add(customer: customer, offeredAt: offeredAt, answered: answered, shortAbandon: shortAbandon,
                       tag: ContactStore.repeatTag(teamKey: teamKey, day: day), settled: count)
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
