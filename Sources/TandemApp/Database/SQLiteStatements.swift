import CTandemSQLite
import Fluent
import FluentSQLiteDriver
import Foundation

/// Prepared statements run directly on the SQLite connection that a Fluent transaction holds.
///
/// Bulk contact imports bind millions of rows; going through SQLKit would build and serialize a
/// statement per batch and box every value. Here each statement is prepared once and re-bound per
/// row, on the very connection (and inside the very transaction) Fluent opened, so the import
/// still commits or rolls back as one unit with everything else the transaction wrote.
final class SQLiteStatements: @unchecked Sendable {
    let handle: OpaquePointer

    private init(handle: OpaquePointer) { self.handle = handle }

    /// The connection under `db` when it is a SQLite transaction, else nil (PostgreSQL, or SQLite
    /// outside a transaction, where direct statements would each commit on their own).
    ///
    /// The handle comes from the connection itself: `tandem_connection()` is an SQL function
    /// registered through SQLite's automatic-extension API that returns the `sqlite3 *` it runs on.
    static func inTransaction(_ db: any Database) async throws -> SQLiteStatements? {
        guard let sqlite = db as? any SQLiteDatabase else { return nil }
        let rows = try await sqlite.withConnection { connection in
            connection.query("SELECT tandem_connection()", [])
        }.get()
        guard let value = rows.first?.columns.first?.data.integer, let raw = OpaquePointer(bitPattern: value) else {
            throw SQLiteDirectError(message: "the SQLite connection did not report its handle (tandem_connection() missing)")
        }
        guard sqlite_nio_sqlite3_get_autocommit(raw) == 0 else { return nil }
        return SQLiteStatements(handle: raw)
    }

    /// Makes a connection that finds the database locked by a writer sleep and retry for up to
    /// `milliseconds` (then fail with "database is locked"), in place of the driver's busy handler,
    /// which retries at once in a loop and so holds a thread and a core for as long as the writer
    /// does (a long import: seconds).
    static func setBusyTimeout(_ db: any Database, milliseconds: Int32) async throws {
        guard let sqlite = db as? any SQLiteDatabase else { return }
        let rows = try await sqlite.withConnection { connection in connection.query("SELECT tandem_connection()", []) }.get()
        guard let value = rows.first?.columns.first?.data.integer, let raw = OpaquePointer(bitPattern: value) else {
            throw SQLiteDirectError(message: "the SQLite connection did not report its handle (tandem_connection() missing)")
        }
        sqlite_nio_sqlite3_busy_timeout(raw, milliseconds)
    }

    /// Makes `tandem_connection()` available on every SQLite connection opened from now on.
    static func registerConnectionFunction() {
        _ = tandem_sqlite_register_connection_function()
    }

    func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        let code = sql.withCString { sqlite_nio_sqlite3_prepare_v2(handle, $0, -1, &statement, nil) }
        guard code == TANDEM_SQLITE_OK, let statement else { throw error(code, "preparing \(sql.prefix(80))") }
        return Statement(raw: statement, owner: self)
    }

    func error(_ code: Int32, _ doing: String) -> SQLiteDirectError {
        let message = sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "code \(code)"
        return SQLiteDirectError(message: "SQLite error while \(doing): \(message)")
    }

    /// Reads an integer PRAGMA (e.g. `cache_size`).
    func pragma(_ name: String) throws -> Int64 {
        let statement = try prepare("PRAGMA \(name)")
        guard try statement.step() else { return 0 }
        return statement.int64(0)
    }

    /// Sets an integer PRAGMA for this connection.
    func setPragma(_ name: String, _ value: Int64) throws {
        let statement = try prepare("PRAGMA \(name) = \(value)")
        while try statement.step() {}
    }

    /// Rows changed by the last INSERT/UPDATE/DELETE.
    var changes: Int { Int(sqlite_nio_sqlite3_changes(handle)) }

    /// One prepared statement; binds are 1-based, columns 0-based, as in SQLite's C API.
    final class Statement {
        private var raw: OpaquePointer?
        private let owner: SQLiteStatements

        fileprivate init(raw: OpaquePointer, owner: SQLiteStatements) {
            self.raw = raw
            self.owner = owner
        }

        deinit { sqlite_nio_sqlite3_finalize(raw) }

        func bind(_ index: Int32, _ value: Int64) {
            forget(Int(index))
            sqlite_nio_sqlite3_bind_int64(raw, index, value)
        }
        func bind(_ index: Int32, _ value: Int64?) {
            forget(Int(index))
            if let value { sqlite_nio_sqlite3_bind_int64(raw, index, value) } else { sqlite_nio_sqlite3_bind_null(raw, index) }
        }
        func bind(_ index: Int32, _ value: Bool?) { bind(index, value.map { $0 ? 1 : 0 } as Int64?) }
        func bindNull(_ index: Int32) {
            forget(Int(index))
            sqlite_nio_sqlite3_bind_null(raw, index)
        }

        private func remember(_ slot: Int, _ text: String?) {
            if slot >= boundText.count { boundText += Array(repeating: nil, count: slot + 1 - boundText.count) }
            boundText[slot] = text
        }

        private func forget(_ slot: Int) {
            if slot < boundText.count { boundText[slot] = nil }
        }

        /// The text last bound to each parameter (1-based; nil: unknown or not text). SQLite keeps
        /// bindings across `reset`, so binding the same text again is skipped.
        private var boundText: [String?] = []

        /// Binds text; SQLite copies it (the bytes need not outlive the call). The same text as the
        /// parameter already holds (a column repeated row after row: source, channel, scale) is
        /// not copied again.
        func bind(_ index: Int32, _ value: String?) {
            let slot = Int(index)
            if slot < boundText.count, let value, let bound = boundText[slot], bound == value { return }
            remember(slot, value)
            guard var value else { sqlite_nio_sqlite3_bind_null(raw, index); return }
            value.withUTF8 { bytes in
                guard let base = bytes.baseAddress else { sqlite_nio_sqlite3_bind_text(raw, index, "", 0, Self.transient); return }
                sqlite_nio_sqlite3_bind_text(raw, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count), Self.transient)
            }
        }

        /// SQLITE_TRANSIENT, `(void (*)(void *))-1`, which Swift cannot import: SQLite copies the text.
        nonisolated(unsafe) private static let transient = unsafeBitCast(-1, to: (@convention(c) (UnsafeMutableRawPointer?) -> Void).self)

        /// Runs the statement to its end (INSERT/UPDATE/DELETE) and resets it for the next binds.
        func run() throws {
            let code = sqlite_nio_sqlite3_step(raw)
            sqlite_nio_sqlite3_reset(raw)
            guard code == TANDEM_SQLITE_DONE else { throw owner.error(code, "writing") }
        }

        /// Steps once: true when a row is available to read.
        func step() throws -> Bool {
            let code = sqlite_nio_sqlite3_step(raw)
            if code == TANDEM_SQLITE_ROW { return true }
            guard code == TANDEM_SQLITE_DONE else { sqlite_nio_sqlite3_reset(raw); throw owner.error(code, "reading") }
            return false
        }

        func reset() { sqlite_nio_sqlite3_reset(raw) }

        func int64(_ column: Int32) -> Int64 { sqlite_nio_sqlite3_column_int64(raw, column) }
        func isNull(_ column: Int32) -> Bool { sqlite_nio_sqlite3_column_type(raw, column) == TANDEM_SQLITE_NULL }
        func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }
        /// The column's text bytes, valid until the next step (nil when NULL): no String is made.
        func withText<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>?) throws -> T) rethrows -> T {
            guard let text = sqlite_nio_sqlite3_column_text(raw, column) else { return try body(nil) }
            return try body(UnsafeBufferPointer(start: text, count: Int(sqlite_nio_sqlite3_column_bytes(raw, column))))
        }
        func string(_ column: Int32) -> String? {
            guard let text = sqlite_nio_sqlite3_column_text(raw, column) else { return nil }
            let count = Int(sqlite_nio_sqlite3_column_bytes(raw, column))
            return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
        }
    }
}

struct SQLiteDirectError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
