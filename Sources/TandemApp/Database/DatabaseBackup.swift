import Crypto
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers

/// `tandem backup` and `tandem restore` for a SQLite workspace.
///
/// The backup is `VACUUM INTO`: SQLite copies the database as one read transaction, so a running
/// server goes on reading and writing (write-ahead logging lets it commit meanwhile) and the copy
/// is the database as of one instant, compacted. It is written beside the target and renamed
/// into place once complete and checked (`PRAGMA integrity_check`). A restore copies a checked
/// backup into an empty data directory (never over a workspace) and checks the copy again.
/// PostgreSQL is backed up with its own tools: pg_dump / pg_restore (docs/deployment.md).
public enum DatabaseBackup {
    /// Rows and a checksum per table: what a round trip must keep.
    public struct TableSummary: Sendable, Equatable {
        public let table: String
        public let rows: Int
        /// Order-independent digest of the rows (hex), or nil when not computed.
        public let checksum: String?
    }

    public struct Report: Sendable {
        public let path: String
        public let bytes: Int
        public let tables: [TableSummary]
        public var rows: Int { tables.reduce(0) { $0 + $1.rows } }
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let message: String
        public var description: String { message }
    }

    static let postgresAdvice = """
        This workspace is on PostgreSQL: back it up with PostgreSQL's own tools, which copy a running database consistently:
          pg_dump --format=custom --file=tandem.dump "$DATABASE_URL"
        and restore into an empty database with:
          pg_restore --no-owner --dbname="$DATABASE_URL" tandem.dump
        docs/deployment.md has the schedule and retention we suggest.
        """

    /// Copies the live database at `databasePath` to `target` (which must not exist yet).
    public static func backup(config: TandemConfig, to target: String, checksums: Bool = false) async throws -> Report {
        guard case .sqlite(let source) = config.database else { throw Failure(message: postgresAdvice) }
        guard FileManager.default.fileExists(atPath: source) else { throw Failure(message: "There is no database at \(source) to back up.") }
        guard !FileManager.default.fileExists(atPath: target) else { throw Failure(message: "\(target) exists already; choose a new file name (a backup never overwrites).") }
        let partial = target + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        let connection = try await SQLiteConnection.open(storage: .file(path: source))
        do {
            _ = try await connection.query("PRAGMA busy_timeout = \(DatabaseSetup.busyTimeoutMilliseconds)", [])
            _ = try await connection.query("VACUUM INTO ?", [.text(partial)])
            try await connection.close()
        } catch {
            try? await connection.close()
            try? FileManager.default.removeItem(atPath: partial)
            throw Failure(message: "The backup failed: \(error)")
        }
        do {
            let tables = try await check(partial, checksums: checksums)
            try FileManager.default.moveItem(atPath: partial, toPath: target)
            return Report(path: target, bytes: size(target), tables: tables)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// Copies a checked backup into the configured data directory, which must be empty (or not
    /// exist yet), and checks the copy.
    public static func restore(config: TandemConfig, from backup: String, checksums: Bool = false) async throws -> Report {
        guard case .sqlite(let target) = config.database else { throw Failure(message: postgresAdvice) }
        guard FileManager.default.fileExists(atPath: backup) else { throw Failure(message: "No backup file at \(backup).") }
        let directory = (target as NSString).deletingLastPathComponent.isEmpty ? "." : (target as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw Failure(message: "\(directory) is a file, not a data directory.") }
            let entries = try FileManager.default.contentsOfDirectory(atPath: directory)
            guard entries.isEmpty else {
                throw Failure(message: "The data directory \(directory) is not empty (\(entries.sorted().prefix(3).joined(separator: ", "))\(entries.count > 3 ? ", …" : "")): restore only into an empty one, so no workspace is ever overwritten. Stop the server, move the old directory aside, and run restore again.")
            }
        } else {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let expected = try await check(backup, checksums: checksums)
        guard expected.contains(where: { $0.table == "_fluent_migrations" }) else { throw Failure(message: "\(backup) is a SQLite database but not a Tandem workspace.") }
        let partial = target + ".partial"
        do {
            try FileManager.default.copyItem(atPath: backup, toPath: partial)
            let restored = try await check(partial, checksums: checksums)
            guard restored == expected else { throw Failure(message: "The restored copy differs from the backup; nothing was restored.") }
            try FileManager.default.moveItem(atPath: partial, toPath: target)
            return Report(path: target, bytes: size(target), tables: restored)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// `PRAGMA integrity_check`, then the tables' row counts (and checksums).
    static func check(_ path: String, checksums: Bool) async throws -> [TableSummary] {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        do {
            let verdict = try await connection.query("PRAGMA integrity_check", []).compactMap { $0.columns.first?.data.string }
            guard verdict == ["ok"] else {
                throw Failure(message: "\(path) fails SQLite's integrity check: \(verdict.prefix(3).joined(separator: "; "))")
            }
            let summary = try await summarize(connection, checksums: checksums)
            try await connection.close()
            return summary
        } catch {
            try? await connection.close()
            if error is Failure { throw error }
            throw Failure(message: "\(path) cannot be read as a SQLite database: \(error)")
        }
    }

    /// Every table's rows, and with `checksums` a digest of them that does not depend on row
    /// order: the wrapping sum of the first 8 bytes of each row's SHA-256 (over its values, each
    /// tagged with its type), so the same rows give the same digest whatever order a copy keeps.
    static func summarize(_ connection: SQLiteConnection, checksums: Bool) async throws -> [TableSummary] {
        let names = try await connection.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", [])
            .compactMap { $0.column("name")?.string }
        var out: [TableSummary] = []
        for name in names {
            let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            if checksums {
                let digest = NIOLockedValueBox<(rows: Int, sum: UInt64)>((0, 0))
                try await connection.query("SELECT * FROM \(quoted)", []) { row in
                    let hash = rowHash(row)
                    digest.withLockedValue { $0 = ($0.rows + 1, $0.sum &+ hash) }
                }
                let (rows, sum) = digest.withLockedValue { $0 }
                out.append(TableSummary(table: name, rows: rows, checksum: String(format: "%016llx", sum)))
            } else {
                let rows = try await connection.query("SELECT COUNT(*) AS n FROM \(quoted)", []).first?.column("n")?.integer ?? 0
                out.append(TableSummary(table: name, rows: rows, checksum: nil))
            }
        }
        return out
    }

    static func rowHash(_ row: SQLiteRow) -> UInt64 {
        var hasher = SHA256()
        for column in row.columns {
            switch column.data {
            case .integer(let value): hasher.update(data: Data("i\(value);".utf8))
            case .float(let value): hasher.update(data: Data("f\(value.bitPattern);".utf8))
            case .text(let value): hasher.update(data: Data("t\(value.utf8.count):".utf8)); hasher.update(data: Data(value.utf8))
            case .blob(let value): hasher.update(data: Data("b\(value.readableBytes):".utf8)); hasher.update(data: Data(value.readableBytesView))
            case .null: hasher.update(data: Data("n;".utf8))
            }
        }
        return hasher.finalize().prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// The live database's tables, through a connection of its own (tests compare a round trip with it).
    public static func summary(ofDatabaseAt path: String, checksums: Bool) async throws -> [TableSummary] {
        try await check(path, checksums: checksums)
    }
}
