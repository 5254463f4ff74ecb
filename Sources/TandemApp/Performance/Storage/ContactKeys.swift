import Fluent
import Foundation
import SQLKit

/// Small integers that stand for the UUIDs of teams, sites, queues and import runs inside
/// `contact_records`. A contact row holds four such references; as 36-character UUID text they
/// made up more than half of a SQLite row and of its (queue, offered time) index entry, so every
/// import wrote, logged and checkpointed twice the bytes. One numbering serves every kind (a
/// UUID is unique across them); numbers are handed out by the database (`contact_keys.number`)
/// and never change.
enum ContactKeys {
    /// The number of each id, creating the missing ones (inside the caller's transaction; two
    /// imports asking for the same new id at once both end up with the one number stored).
    static func numbers(for ids: some Sequence<UUID>, on sql: any SQLDatabase) async throws -> [UUID: Int64] {
        let wanted = Array(Set(ids))
        guard !wanted.isEmpty else { return [:] }
        var found = try await lookUp(wanted, on: sql)
        let missing = wanted.filter { found[$0] == nil }
        if !missing.isEmpty {
            let insert = sql.insert(into: "contact_keys").columns("uuid")
            for id in missing { insert.values([id] as [any Encodable & Sendable]) }
            try await insert.ignoringConflicts(with: ["uuid"]).run()
            found.merge(try await lookUp(missing, on: sql)) { first, _ in first }
        }
        guard found.count == wanted.count else {
            throw ContactKeyError(message: "could not number \(wanted.count - found.count) of the ids a contact refers to")
        }
        return found
    }

    /// The ids of these numbers (those that exist). The table also holds one number per import
    /// run ever made, so callers ask for the few they hold rather than read it all.
    static func ids(of numbers: some Sequence<Int64>, on sql: any SQLDatabase) async throws -> [Int64: UUID] {
        let wanted = Array(Set(numbers))
        var result: [Int64: UUID] = [:]
        for chunk in stride(from: 0, to: wanted.count, by: 500).map({ wanted[$0..<min($0 + 500, wanted.count)] }) {
            let rows = try await sql.select().columns("number", "uuid").from("contact_keys").where("number", .in, Array(chunk)).all()
            for row in rows { result[try row.decode(column: "number", as: Int64.self)] = try row.decode(column: "uuid", as: UUID.self) }
        }
        return result
    }

    /// `(SELECT number FROM contact_keys WHERE uuid = ?)`, for filters such as `queue_key = …`:
    /// evaluated once per statement, so the (queue, offered time) index still serves the filter.
    /// An id never numbered yields NULL, which matches no contact.
    static func number(of id: UUID) -> some SQLExpression {
        SQLSubquery.select { $0.column("number").from("contact_keys").where("uuid", .equal, id) }
    }

    private static func lookUp(_ ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: Int64] {
        var result: [UUID: Int64] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
            let rows = try await sql.select().columns("number", "uuid").from("contact_keys").where("uuid", .in, Array(chunk)).all()
            for row in rows { result[try row.decode(column: "uuid", as: UUID.self)] = try row.decode(column: "number", as: Int64.self) }
        }
        return result
    }
}

struct ContactKeyError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Contacts refer to teams, sites, queues and import runs by `contact_keys` numbers instead of
/// UUID text (see `ContactKeys`). The table is rebuilt in the new shape and the stored contacts
/// copied across inside the migration, so existing data keeps working.
struct UpdateContactRecordCompactKeys: AsyncMigration {
    static let valueColumns = [
        "source", "external_id", "channel", "agent", "customer", "offered_at_ms", "answered_at_ms", "abandoned", "wait_ms",
        "talk_ms", "hold_ms", "after_work_ms", "resolved_first_contact", "csat", "csat_scale", "day", "import_line",
    ]
    /// (old UUID column, new key column).
    static let references = [("team_id", "team_key"), ("site_id", "site_key"), ("queue_id", "queue_key"), ("import_run_id", "run_key")]

    func prepare(on database: any Database) async throws {
        try await database.schema("contact_keys")
            .field("number", .int64, .identifier(auto: true))
            .field("uuid", .uuid, .required)
            .unique(on: "uuid")
            .create()
        try await CreateContactRecord.schema(named: "contact_records_compact", keyed: true, on: database)
        guard let sql = database as? any SQLDatabase else { return }
        let union = Self.references.map { "SELECT \($0.0) AS id FROM contact_records WHERE \($0.0) IS NOT NULL" }.joined(separator: " UNION ")
        try await sql.raw("INSERT INTO contact_keys (uuid) SELECT id FROM (\(unsafeRaw: union)) AS ids").run()
        try await Self.copy(into: "contact_records_compact", toKeys: true, on: sql)
        try await database.schema("contact_records").delete()
        try await sql.raw("ALTER TABLE contact_records_compact RENAME TO contact_records").run()
        try await sql.create(index: "contact_records_queue_offered").on("contact_records").column("queue_key").column("offered_at_ms").run()
    }

    func revert(on database: any Database) async throws {
        try await CreateContactRecord.schema(named: "contact_records_uuid", keyed: false, on: database)
        if let sql = database as? any SQLDatabase { try await Self.copy(into: "contact_records_uuid", toKeys: false, on: sql) }
        try await database.schema("contact_records").delete()
        try await database.schema("contact_keys").delete()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("ALTER TABLE contact_records_uuid RENAME TO contact_records").run()
            try await sql.create(index: "contact_records_queue_offered").on("contact_records").column("queue_id").column("offered_at_ms").run()
        }
    }

    /// Copies every contact from `contact_records` into `table`, turning UUIDs into `contact_keys`
    /// numbers (`toKeys`) or back; a contact without a site keeps none.
    private static func copy(into table: String, toKeys: Bool, on sql: any SQLDatabase) async throws {
        let joins = references.map { old, new -> String in
            let on = toKeys ? "\(new).uuid = c.\(old)" : "\(new).number = c.\(new)"
            return "\(new == "site_key" ? "LEFT JOIN" : "JOIN") contact_keys \(new) ON \(on)"
        }.joined(separator: " ")
        let targets = valueColumns + references.map { toKeys ? $0.1 : $0.0 }
        let sources = valueColumns.map { "c.\($0)" } + references.map { "\($0.1).\(toKeys ? "number" : "uuid")" }
        try await sql.raw("""
            INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: targets.joined(separator: ", ")))
            SELECT \(unsafeRaw: sources.joined(separator: ", ")) FROM contact_records c \(unsafeRaw: joins)
            """).run()
    }
}
