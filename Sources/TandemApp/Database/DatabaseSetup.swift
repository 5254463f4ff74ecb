import Fluent
import SQLKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Vapor

/// Connects Fluent to the database the configuration names: a SQLite file by default,
/// PostgreSQL when `DATABASE_URL` is set.
enum DatabaseSetup {
    static func configure(_ app: Application, _ config: TandemConfig) throws {
        switch config.database {
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            app.databases.use(.sqlite(.file(path), sqlLogLevel: nil), as: .sqlite)
        case .sqliteInMemory:
            app.databases.use(.sqlite(.memory, sqlLogLevel: nil), as: .sqlite)
        case .postgres(let url):
            var configuration = try SQLPostgresConfiguration(url: url)
            if let schema = config.databaseSchema { configuration.searchPath = [schema] }
            app.databases.use(
                .postgres(configuration: configuration, maxConnectionsPerEventLoop: config.databasePoolSize, sqlLogLevel: .trace),
                as: .psql
            )
        }
    }

    /// SQLite settings that make a file database behave under several concurrent requests:
    /// write-ahead logging lets readers proceed while one writer commits.
    ///
    /// A new database gets `pageSize`-byte pages (SQLite's default is 4 KiB). Contacts arrive in
    /// bulk, millions per file, and every page passes through the kernel twice (write-ahead log,
    /// then checkpoint): measured with the sqlite3 shell on 5 M contacts, 32 KiB pages cut the
    /// system time of the insert from 2.7 s to 1.0 s, and the checkpoint that follows from 3.9 s
    /// to 2.2 s. The size is fixed when the first table is written, so an existing database keeps
    /// the size it has (SQLite ignores the pragma then).
    static func prepare(_ db: any Database) async throws {
        guard let sqlite = db as? any SQLiteDatabase else { return }
        // One connection for both: the page size holds only for the connection that then creates the file.
        try await sqlite.withConnection { connection in
            connection.query("PRAGMA page_size=\(pageSize)").flatMap { _ in connection.query("PRAGMA journal_mode=WAL") }.map { _ in }
        }.get()
    }

    static let pageSize = 32_768

    /// Creates the configured PostgreSQL schema before migrations run in it.
    static func createSchemaIfNeeded(_ db: any Database, _ config: TandemConfig) async throws {
        guard let schema = config.databaseSchema, let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    }
}
