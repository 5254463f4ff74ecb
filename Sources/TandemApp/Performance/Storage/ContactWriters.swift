import Fluent
import FluentPostgresDriver
import Foundation
import TandemPartners
import SQLKit
import TandemPerformance

/// What became of one row handed to a `ContactWriter`.
enum ContactWriteOutcome {
    /// A new (source, external id).
    case inserted
    /// Replaced the stored version of an earlier import (given, so its rollups can be taken out).
    case replaced(StoredContact)
    /// This import already stored the same external id, first on the given line: not written.
    case duplicate(firstLine: Int)
    /// Source presets: this import stored an older (or equally new) copy of the contact earlier,
    /// given; this copy replaced it.
    case replacedCopy(StoredContact)
    /// Source presets: a newer copy is stored already (by this import or an earlier one): not written.
    case olderCopy
}

/// What to do with a row whose (source, external id) is stored already.
enum ContactConflict {
    case duplicate, replace, replaceCopy, keepStored

    /// Generic files: replace an earlier import's version; an id repeated within the file is an
    /// error. Source presets (rows with a version): the newer copy wins, within the file too; on a
    /// tie the later one read; an older copy never replaces a newer one.
    static func decide(_ row: ContactRecordStore.Row, stored old: StoredContact, runID: UUID) -> ContactConflict {
        if old.importRunID == runID {
            guard let version = row.version else { return .duplicate }
            return version >= (old.version ?? .min) ? .replaceCopy : .keepStored
        }
        if let version = row.version, let stored = old.version, version < stored { return .keepStored }
        return .replace
    }
}

/// Stores validated rows of one import run, in file order, inside the caller's transaction.
protocol ContactWriter: AnyObject {
    func write(_ rows: [ContactRecordStore.Row]) async throws -> [ContactWriteOutcome]
    /// Puts back connection settings changed for the import (called once, success or not).
    func finish()
}

enum ContactWriters {
    /// The direct SQLite writer inside a SQLite transaction; the portable SQLKit one otherwise.
    /// `runKey` is the run's `ContactKeys` number, stored on every row it writes.
    static func make(on db: any Database, source: String, runID: UUID, runKey: Int64) async throws -> any ContactWriter {
        if let sqlite = try await SQLiteStatements.inTransaction(db) {
            return try SQLiteContactWriter(sqlite, source: source, runID: runID, runKey: runKey)
        }
        let sql = db as! any SQLDatabase
        if let copy = try await PostgresContactCopy.inTransaction(db) {
            return SQLKitContactWriter(sql, source: source, runID: runID, runKey: runKey) { rows, source, runKey, _ in
                try await copy.insertNew(rows, source: source, runKey: runKey)
            }
        }
        return SQLKitContactWriter(sql, source: source, runID: runID, runKey: runKey, insertNew: ContactRecordStore.insertNew)
    }
}

/// PostgreSQL: a batch's rows go in with `COPY … FROM STDIN` (text format) into a temporary
/// staging table without indexes, then one `INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING
/// external_id` moves the new ones across, in line order (so of an id repeated in the batch, its
/// first line is stored), and the staging table is emptied. A multi-row `INSERT … VALUES` with 21
/// parameters per row spent most of its time having PostgreSQL parse and plan the statement.
/// The staging table lives in the import's transaction (`ON COMMIT DROP`).
final class PostgresContactCopy: @unchecked Sendable {
    private let connection: PostgresConnection
    private let sql: any SQLDatabase
    private let logger: Logger
    private static let staging = "contact_records_staging"
    /// The batch's move from staging into `contact_records`, in line order.
    private static let moveNew: String = {
        let columns = ContactRecordStore.contactColumns.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            INSERT INTO contact_records (\(columns)) SELECT \(columns) FROM \(staging)
            ORDER BY import_line ON CONFLICT (source, external_id) DO NOTHING RETURNING external_id
            """
    }()

    private init(connection: PostgresConnection, sql: any SQLDatabase, logger: Logger) {
        self.connection = connection
        self.sql = sql
        self.logger = logger
    }

    /// The copier on the connection of the transaction `db` runs in; nil on any other database.
    static func inTransaction(_ db: any Database) async throws -> PostgresContactCopy? {
        guard let postgres = db as? any PostgresDatabase, let sql = db as? any SQLDatabase else { return nil }
        let connection = try await postgres.withConnection { $0.eventLoop.makeSucceededFuture($0) }.get()
        try await sql.raw("CREATE TEMPORARY TABLE \(unsafeRaw: staging) (LIKE contact_records) ON COMMIT DROP").run()
        return PostgresContactCopy(connection: connection, sql: sql, logger: db.logger)
    }

    /// Stores the rows whose (source, external id) is new; returns those external ids.
    func insertNew(_ rows: [ContactRecordStore.Row], source: String, runKey: Int64) async throws -> Set<String> {
        guard !rows.isEmpty else { return [] }
        var text = ByteBuffer()
        text.reserveCapacity(rows.count * 192)
        for row in rows {
            var first = true
            ContactRecordStore.forEachStoredValue(row, source: source, runKey: runKey) { value in
                if !first { text.writeInteger(UInt8(ascii: "\t")) }
                first = false
                Self.append(value, to: &text)
            }
            text.writeInteger(UInt8(ascii: "\n"))
        }
        try await connection.copyFrom(table: Self.staging, columns: ContactRecordStore.contactColumns, format: .text(.init()), logger: logger) { writer in
            try await writer.write(text)
        }
        let inserted = try await sql.raw("\(unsafeRaw: Self.moveNew)").all()
        try await sql.raw("TRUNCATE \(unsafeRaw: Self.staging)").run()
        return Set(try inserted.map { try $0.decode(column: "external_id", as: String.self) })
    }

    /// One column in COPY's text format: `\N` for NULL; backslash, tab, line feed and carriage
    /// return escaped in text.
    static func append(_ value: ContactRecordStore.StoredValue, to buffer: inout ByteBuffer) {
        switch value {
        case .text(nil), .integer(nil), .flag(nil):
            buffer.writeStaticString("\\N")
        case .text(let text?):
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        case .integer(let number?):
            // Decimal digits written in place, most significant first (no String per number).
            if number < 0 { buffer.writeInteger(UInt8(ascii: "-")) }
            var magnitude = number.magnitude, divisor: UInt64 = 1
            while divisor <= magnitude / 10 { divisor *= 10 }
            repeat {
                buffer.writeInteger(UInt8(ascii: "0") + UInt8(magnitude / divisor))
                magnitude %= divisor
                divisor /= 10
            } while divisor > 0
        case .flag(let flag?):
            buffer.writeInteger(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        }
    }
}

/// Any SQL database: per batch, `insertNew` stores the rows whose ids are new (`ON CONFLICT DO
/// NOTHING RETURNING`: through `PostgresContactCopy` on PostgreSQL, else one multi-row INSERT);
/// only ids that were already stored are then read (by key) and, unless this run wrote them,
/// replaced with one multi-row upsert. A first import reads nothing back.
final class SQLKitContactWriter: ContactWriter {
    /// Stores the rows whose (source, external id) is new and returns those ids.
    typealias InsertNew = ([ContactRecordStore.Row], String, Int64, any SQLDatabase) async throws -> Set<String>

    private let sql: any SQLDatabase
    private let source: String
    private let runID: UUID
    private let runKey: Int64
    private let insertNew: InsertNew

    init(_ sql: any SQLDatabase, source: String, runID: UUID, runKey: Int64, insertNew: @escaping InsertNew) {
        self.sql = sql
        self.source = source
        self.runID = runID
        self.runKey = runKey
        self.insertNew = insertNew
    }

    func write(_ rows: [ContactRecordStore.Row]) async throws -> [ContactWriteOutcome] {
        var outcomes: [ContactWriteOutcome?] = Array(repeating: nil, count: rows.count)
        // What is stored now for each id this batch touched (its inserted or latest replacing row).
        var current: [String: StoredContact] = [:]
        let inserted = try await insertNew(rows, source, runKey, sql)
        var conflicts: [Int] = []
        for (index, row) in rows.enumerated() {
            let id = row.record.externalID
            if inserted.contains(id), current[id] == nil {
                current[id] = row.stored(runID: runID)
                outcomes[index] = .inserted
            } else {
                conflicts.append(index)
            }
        }
        if !conflicts.isEmpty {
            let stored = try await ContactRecordStore.existing(source: source, externalIDs: conflicts.map { rows[$0].record.externalID }, on: sql)
            // Per id, the row that ends up stored (a multi-row upsert may name an id only once).
            var replacements: [String: ContactRecordStore.Row] = [:]
            for index in conflicts {
                let row = rows[index], id = row.record.externalID
                guard let old = current[id] ?? stored[id] else {
                    throw ContactWriteError(message: "contact \(id) conflicted on insert but cannot be read back")
                }
                switch ContactConflict.decide(row, stored: old, runID: runID) {
                case .duplicate:
                    outcomes[index] = .duplicate(firstLine: old.importLine)
                    continue
                case .keepStored:
                    outcomes[index] = .olderCopy
                    continue
                case .replace:
                    outcomes[index] = .replaced(old)
                case .replaceCopy:
                    outcomes[index] = .replacedCopy(old)
                }
                current[id] = row.stored(runID: runID)
                replacements[id] = row
            }
            try await ContactRecordStore.upsert(Array(replacements.values), source: source, runKey: runKey, on: sql)
        }
        return outcomes.map { $0! }
    }

    func finish() {}
}

/// SQLite: prepared statements re-bound per row on the transaction's own connection. A row is
/// first inserted with `ON CONFLICT DO NOTHING` (one index probe for the common, new row); only
/// when that changed nothing is the stored version read and, unless this run wrote it, replaced.
final class SQLiteContactWriter: ContactWriter {
    private let sqlite: SQLiteStatements
    private let insert: SQLiteStatements.Statement
    private let update: SQLiteStatements.Statement
    private let select: SQLiteStatements.Statement
    private let source: String
    private let runID: UUID
    private let runKey: Int64
    private let cacheSizeBefore: Int64
    /// SQLite's page cache while importing (negative: KiB): the indexes' working set stays in
    /// memory instead of spilling pages to the write-ahead log mid-transaction. Fixed, so memory
    /// still does not grow with the file.
    static let importCacheKiB: Int64 = 65_536

    /// `contactColumns` minus (source, external_id), the key every statement binds first.
    private static let valueColumns = Array(ContactRecordStore.contactColumns.dropFirst(2))

    init(_ sqlite: SQLiteStatements, source: String, runID: UUID, runKey: Int64) throws {
        self.sqlite = sqlite
        self.source = source
        self.runID = runID
        self.runKey = runKey
        cacheSizeBefore = try sqlite.pragma("cache_size")
        try sqlite.setPragma("cache_size", -Self.importCacheKiB)
        let columns = ContactRecordStore.contactColumns.map { "\"\($0)\"" }.joined(separator: ", ")
        let placeholders = ContactRecordStore.contactColumns.indices.map { "?\($0 + 1)" }.joined(separator: ", ")
        insert = try sqlite.prepare("INSERT INTO contact_records (\(columns)) VALUES (\(placeholders)) ON CONFLICT (source, external_id) DO NOTHING")
        let assignments = Self.valueColumns.enumerated().map { "\"\($1)\" = ?\($0 + 3)" }.joined(separator: ", ")
        update = try sqlite.prepare("UPDATE contact_records SET \(assignments) WHERE source = ?1 AND external_id = ?2")
        select = try sqlite.prepare("""
            SELECT r.uuid, c.import_line, t.uuid, q.uuid, c.channel, c.offered_at_ms, c.answered_at_ms, c.abandoned, c.wait_ms, c.talk_ms,
                   c.hold_ms, c.after_work_ms, c.resolved_first_contact, c.csat, c.csat_scale, c.source_version
            FROM contact_records c \(ContactRecordStore.storedKeyJoins) WHERE c.source = ?1 AND c.external_id = ?2
            """)
    }

    func write(_ rows: [ContactRecordStore.Row]) async throws -> [ContactWriteOutcome] {
        var outcomes: [ContactWriteOutcome] = []
        outcomes.reserveCapacity(rows.count)
        for row in rows {
            bind(row, to: insert)
            try insert.run()
            if sqlite.changes == 1 {
                outcomes.append(.inserted)
                continue
            }
            let old = try stored(row.record.externalID)
            switch ContactConflict.decide(row, stored: old, runID: runID) {
            case .duplicate:
                outcomes.append(.duplicate(firstLine: old.importLine))
            case .keepStored:
                outcomes.append(.olderCopy)
            case .replace, .replaceCopy:
                bind(row, to: update)
                try update.run()
                outcomes.append(old.importRunID == runID ? .replacedCopy(old) : .replaced(old))
            }
        }
        return outcomes
    }

    func finish() {
        try? sqlite.setPragma("cache_size", cacheSizeBefore)
    }

    /// Binds in `ContactRecordStore.contactColumns` order (?1 … ?22), as both statements expect.
    private func bind(_ row: ContactRecordStore.Row, to statement: SQLiteStatements.Statement) {
        let r = row.record
        statement.bind(1, source)
        statement.bind(2, r.externalID)
        statement.bind(3, row.teamKey)
        statement.bind(4, row.siteKey)
        statement.bind(5, row.queueKey)
        statement.bind(6, r.channel.rawValue)
        statement.bind(7, r.agentID)
        statement.bind(8, r.customerKey)
        let offered = r.offeredAt.milliseconds
        statement.bind(9, offered)
        statement.bind(10, r.answeredAt?.milliseconds)
        statement.bind(11, r.abandoned as Bool?)
        statement.bind(12, Int64((r.waitSeconds * 1000).rounded()))
        statement.bind(13, Int64((r.talkSeconds * 1000).rounded()))
        statement.bind(14, Int64((r.holdSeconds * 1000).rounded()))
        statement.bind(15, Int64((r.afterWorkSeconds * 1000).rounded()))
        statement.bind(16, r.resolvedFirstContact)
        statement.bind(17, r.csat.map(Int64.init))
        statement.bind(18, r.csatScale.rawValue)
        statement.bind(19, Int64(UTCDay(r.offeredAt).daysSince1970))
        statement.bind(20, runKey)
        statement.bind(21, Int64(row.line))
        statement.bind(22, row.version)
    }

    private func stored(_ externalID: String) throws -> StoredContact {
        select.bind(1, source)
        select.bind(2, externalID)
        defer { select.reset() }
        guard try select.step() else { throw SQLiteDirectError(message: "contact \(externalID) conflicted on insert but cannot be read back") }
        func uuid(_ column: Int32) throws -> UUID {
            guard let text = select.string(column), let id = UUID(uuidString: text) else {
                throw SQLiteDirectError(message: "contact \(externalID) has a malformed id in column \(column)")
            }
            return id
        }
        let teamID = try uuid(2), queueID = try uuid(3)
        let record = ContactRecord(
            externalID: externalID, teamID: teamID.uuidString, queueID: queueID.uuidString,
            channel: ChannelKind(storedName: select.string(4) ?? ""),
            offeredAt: Date(milliseconds: select.int64(5)), answeredAt: select.optionalInt64(6).map(Date.init(milliseconds:)),
            abandoned: select.int64(7) != 0,
            waitSeconds: Double(select.int64(8)) / 1000, talkSeconds: Double(select.int64(9)) / 1000,
            holdSeconds: Double(select.int64(10)) / 1000, afterWorkSeconds: Double(select.int64(11)) / 1000,
            resolvedFirstContact: select.optionalInt64(12).map { $0 != 0 }, csat: select.optionalInt64(13).map { Int($0) },
            csatScale: SurveyScale(rawValue: select.string(14) ?? "") ?? .oneToFive
        )
        return StoredContact(externalID: externalID, importRunID: try uuid(0), importLine: Int(select.int64(1)),
                             teamID: teamID, queueID: queueID, record: record, version: select.optionalInt64(15))
    }
}

struct ContactWriteError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
