import Fluent
import Foundation
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
}

/// Stores validated rows of one import run, in file order, inside the caller's transaction.
protocol ContactWriter: AnyObject {
    func write(_ rows: [ContactStore.Row]) async throws -> [ContactWriteOutcome]
}

enum ContactWriters {
    /// The direct SQLite writer inside a SQLite transaction; the portable SQLKit one otherwise.
    static func make(on db: any Database, source: String, runID: UUID) async throws -> any ContactWriter {
        if let sqlite = try await SQLiteStatements.inTransaction(db) {
            return try SQLiteContactWriter(sqlite, source: source, runID: runID)
        }
        return SQLKitContactWriter(db as! any SQLDatabase, source: source, runID: runID)
    }
}

/// Any SQL database: per batch, one SELECT of the stored versions and one multi-row upsert.
final class SQLKitContactWriter: ContactWriter {
    private let sql: any SQLDatabase
    private let source: String
    private let runID: UUID

    init(_ sql: any SQLDatabase, source: String, runID: UUID) {
        self.sql = sql
        self.source = source
        self.runID = runID
    }

    func write(_ rows: [ContactStore.Row]) async throws -> [ContactWriteOutcome] {
        var outcomes: [ContactWriteOutcome] = []
        outcomes.reserveCapacity(rows.count)
        var firstLine: [String: Int] = [:]
        let stored = try await ContactStore.existing(source: source, externalIDs: rows.map(\.record.externalID), on: sql)
        var accepted: [ContactStore.Row] = []
        accepted.reserveCapacity(rows.count)
        for row in rows {
            let id = row.record.externalID
            if let first = firstLine[id] {
                outcomes.append(.duplicate(firstLine: first))
            } else if let old = stored[id], old.importRunID == runID {
                outcomes.append(.duplicate(firstLine: old.importLine))
            } else {
                firstLine[id] = row.line
                outcomes.append(stored[id].map(ContactWriteOutcome.replaced) ?? .inserted)
                accepted.append(row)
            }
        }
        try await ContactStore.upsert(accepted, source: source, importRunID: runID, on: sql)
        return outcomes
    }
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
    private let runText: String
    /// UUID text as Fluent stores it (uppercase), for the handful of teams, sites and queues.
    private var texts: [UUID: String] = [:]

    /// `contactColumns` minus (source, external_id), the key every statement binds first.
    private static let valueColumns = Array(ContactStore.contactColumns.dropFirst(2))

    init(_ sqlite: SQLiteStatements, source: String, runID: UUID) throws {
        self.sqlite = sqlite
        self.source = source
        self.runID = runID
        self.runText = runID.uuidString
        let columns = ContactStore.contactColumns.map { "\"\($0)\"" }.joined(separator: ", ")
        let placeholders = ContactStore.contactColumns.indices.map { "?\($0 + 1)" }.joined(separator: ", ")
        insert = try sqlite.prepare("INSERT INTO contact_records (\(columns)) VALUES (\(placeholders)) ON CONFLICT (source, external_id) DO NOTHING")
        let assignments = Self.valueColumns.enumerated().map { "\"\($1)\" = ?\($0 + 3)" }.joined(separator: ", ")
        update = try sqlite.prepare("UPDATE contact_records SET \(assignments) WHERE source = ?1 AND external_id = ?2")
        select = try sqlite.prepare("""
            SELECT import_run_id, import_line, team_id, queue_id, channel, offered_at_ms, answered_at_ms, abandoned, wait_ms, talk_ms,
                   hold_ms, after_work_ms, resolved_first_contact, csat, csat_scale
            FROM contact_records WHERE source = ?1 AND external_id = ?2
            """)
    }

    func write(_ rows: [ContactStore.Row]) async throws -> [ContactWriteOutcome] {
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
            if old.importRunID == runID {
                outcomes.append(.duplicate(firstLine: old.importLine))
                continue
            }
            bind(row, to: update)
            try update.run()
            outcomes.append(.replaced(old))
        }
        return outcomes
    }

    private func text(_ id: UUID) -> String {
        if let known = texts[id] { return known }
        texts[id] = id.uuidString
        return id.uuidString
    }

    /// Binds in `ContactStore.contactColumns` order (?1 … ?21), as both statements expect.
    private func bind(_ row: ContactStore.Row, to statement: SQLiteStatements.Statement) {
        let r = row.record
        statement.bind(1, source)
        statement.bind(2, r.externalID)
        statement.bind(3, text(row.teamID))
        statement.bind(4, row.siteID.map(text))
        statement.bind(5, text(row.queueID))
        statement.bind(6, PerformanceChannel.storage(r.channel))
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
        statement.bind(20, runText)
        statement.bind(21, Int64(row.line))
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
            channel: PerformanceChannel.from(storage: select.string(4) ?? ""),
            offeredAt: Date(milliseconds: select.int64(5)), answeredAt: select.optionalInt64(6).map(Date.init(milliseconds:)),
            abandoned: select.int64(7) != 0,
            waitSeconds: Double(select.int64(8)) / 1000, talkSeconds: Double(select.int64(9)) / 1000,
            holdSeconds: Double(select.int64(10)) / 1000, afterWorkSeconds: Double(select.int64(11)) / 1000,
            resolvedFirstContact: select.optionalInt64(12).map { $0 != 0 }, csat: select.optionalInt64(13).map { Int($0) },
            csatScale: SurveyScale(rawValue: select.string(14) ?? "") ?? .oneToFive
        )
        return StoredContact(externalID: externalID, importRunID: try uuid(0), importLine: Int(select.int64(1)),
                             teamID: teamID, queueID: queueID, record: record)
    }
}
