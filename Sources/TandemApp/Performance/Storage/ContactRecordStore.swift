import Fluent
import Foundation
import TandemPartners
import SQLKit
import TandemPerformance

/// What an import needs to know about a contact already stored under the same (source, external id).
struct StoredContact: Sendable {
    let externalID: String
    let importRunID: UUID
    let importLine: Int
    let teamID: UUID
    let queueID: UUID
    let record: ContactRecord
    /// The source's version of the record (source presets; nil for generic files).
    var version: Int64? = nil
}

/// Bulk reads and writes of stored contacts (`contact_records`), in the caller's transaction.
/// The portable statements are SQLKit's `INSERT … ON CONFLICT (…)`; the import's engine-specific
/// writers (ContactWriters) go around them for speed and store the same columns.
enum ContactRecordStore {
    static let contactColumns = [
        "source", "external_id", "team_key", "site_key", "queue_key", "channel", "agent", "customer",
        "offered_at_ms", "answered_at_ms", "abandoned", "wait_ms", "talk_ms", "hold_ms", "after_work_ms",
        "resolved_first_contact", "csat", "csat_scale", "day", "run_key", "import_line", "source_version",
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
        /// The source's version of the record (source presets: a newer copy replaces an older
        /// one, an older never replaces a newer); nil: the generic import's rules.
        var version: Int64? = nil

        /// This row as what is stored once it is written by run `runID`.
        func stored(runID: UUID) -> StoredContact {
            StoredContact(externalID: record.externalID, importRunID: runID, importLine: line, teamID: teamID, queueID: queueID, record: record, version: version)
        }
    }

    /// The stored versions of these external ids (any that exist), for re-imports and duplicate checks.
    static func existing(source: String, externalIDs: [String], on sql: any SQLDatabase) async throws -> [String: StoredContact] {
        guard !externalIDs.isEmpty else { return [:] }
        let rows = try await sql.raw("""
            SELECT c.external_id, r.uuid AS import_run_id, c.import_line, t.uuid AS team_id, q.uuid AS queue_id, c.channel, c.offered_at_ms,
                   c.answered_at_ms, c.abandoned, c.wait_ms, c.talk_ms, c.hold_ms, c.after_work_ms, c.resolved_first_contact, c.csat, c.csat_scale,
                   c.source_version
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
                channel: ChannelKind(storedName: try row.decode(column: "channel", as: String.self)),
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
                importLine: try row.decode(column: "import_line", as: Int.self), teamID: teamID, queueID: queueID, record: record,
                version: try row.decode(column: "source_version", as: Int64?.self)
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
        body(.text(r.channel.rawValue)); body(.text(r.agentID)); body(.text(r.customerKey))
        body(.integer(r.offeredAt.milliseconds)); body(.integer(r.answeredAt?.milliseconds)); body(.flag(r.abandoned))
        body(.integer(Int64((r.waitSeconds * 1000).rounded()))); body(.integer(Int64((r.talkSeconds * 1000).rounded())))
        body(.integer(Int64((r.holdSeconds * 1000).rounded()))); body(.integer(Int64((r.afterWorkSeconds * 1000).rounded())))
        body(.flag(r.resolvedFirstContact)); body(.integer(r.csat.map(Int64.init))); body(.text(r.csatScale.rawValue))
        body(.integer(Int64(UTCDay(r.offeredAt).daysSince1970))); body(.integer(runKey)); body(.integer(Int64(row.line)))
        body(.integer(row.version))
    }

    /// Removes stored contacts of a source (a source preset's deletions).
    static func delete(source: String, externalIDs: [String], on sql: any SQLDatabase) async throws {
        guard !externalIDs.isEmpty else { return }
        try await sql.delete(from: "contact_records").where("source", .equal, source).where("external_id", .in, externalIDs).run()
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

}

extension Date {
    init(milliseconds: Int64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
    var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}

