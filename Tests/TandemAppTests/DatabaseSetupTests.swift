import Foundation
import SQLKit
import Testing
@testable import TandemApp

/// A SQLite file the app creates gets its settings before the first table is written.
@Suite struct DatabaseSetupTests {
    @Test func a_new_sqlite_file_gets_large_pages_and_write_ahead_logging() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-setup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tandem.sqlite").path
        try await withApp(.sqlite, configure: { $0.database = .sqlite(path: path) }) { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let pageSize = try await sql.raw("PRAGMA page_size").first()?.decode(column: "page_size", as: Int.self)
            #expect(pageSize == DatabaseSetup.pageSize)
            #expect(DatabaseSetup.pageSize == 32_768)
            let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            #expect(mode == "wal")
            // The migrations wrote their tables into that file.
            let tables = try await sql.raw("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'contact_records'").first()?.decode(column: "n", as: Int.self)
            #expect(tables == 1)
        }
    }
}
