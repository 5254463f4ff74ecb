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
        case .sqlite, .sqliteInMemory:
            SQLiteStatements.registerConnectionFunction()
        case .postgres:
            break
        }
        switch config.database {
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            app.databases.use(.sqlite(.file(path), sqlLogLevel: nil), as: .sqlite)
            // A second set of connections to the same file for background jobs: the driver keeps one
            // connection per event loop, and an import holds its connection for its whole transaction.
            app.databases.use(.sqlite(.file(path), sqlLogLevel: nil), as: .sqliteBackground, isDefault: false)
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

    /// How long a SQLite connection waits for another connection's write transaction (an import
    /// being committed) before it gives up with "database is locked".
    static let busyTimeoutMilliseconds: Int32 = 30_000

    /// Gives every SQLite connection of the app (one per event loop, in each pool) the sleeping busy
    /// timeout. Connections are opened once and kept; one the pool had to reopen after an error keeps
    /// the driver's retry-at-once handler until the next start.
    static func tuneConnections(_ app: Application) async throws {
        guard Engine(app.db) == .sqlite else { return }
        let ids: [DatabaseID] = app.databases.ids().contains(.sqliteBackground) ? [.sqlite, .sqliteBackground] : [.sqlite]
        for id in ids {
            for loop in app.eventLoopGroup.makeIterator() {
                guard let db = app.databases.database(id, logger: app.logger, on: loop) else { continue }
                try await SQLiteStatements.setBusyTimeout(db, milliseconds: busyTimeoutMilliseconds)
            }
        }
    }

    /// Rewrites an existing SQLite file with `pageSize`-byte pages: out of write-ahead logging,
    /// `VACUUM` (which copies every row into a fresh file and swaps it in, all or nothing), then
    /// back. Leaving write-ahead logging needs the file to itself, so this opens its own
    /// connection, with every other one closed (the server stopped). Returns the page size
    /// before, or nil when the file already has `pageSize`.
    static func repackPages(path: String) async throws -> Int? {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        do {
            let before = try await repack(on: connection).get()
            try await connection.close()
            return before == 0 ? nil : before
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The page size before (0: already `pageSize`, nothing done).
    private static func repack(on connection: SQLiteConnection) -> EventLoopFuture<Int> {
        connection.query("PRAGMA page_size").flatMap { rows in
            let before = rows.first?.column("page_size")?.integer.map { Int($0) } ?? 0
            guard before != pageSize else { return connection.eventLoop.makeSucceededFuture(0) }
            let openElsewhere = RepackError(message: "the database is open elsewhere (stop the server first)")
            return connection.query("PRAGMA journal_mode=DELETE").flatMapErrorThrowing { _ in throw openElsewhere }.flatMapThrowing { rows in
                guard rows.first?.column("journal_mode")?.string == "delete" else { throw openElsewhere }
            }
            .flatMap { connection.query("PRAGMA page_size=\(pageSize)") }
            .flatMap { _ in connection.query("VACUUM") }
            .flatMap { _ in connection.query("PRAGMA journal_mode=WAL") }
            .map { _ in before }
        }
    }

    struct RepackError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Creates the configured PostgreSQL schema before migrations run in it.
    static func createSchemaIfNeeded(_ db: any Database, _ config: TandemConfig) async throws {
        guard let schema = config.databaseSchema, let sql = db as? any SQLDatabase, Engine(sql) == .postgres else { return }
        try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    }
}

extension DatabaseID {
    /// The SQLite file again, through connections of its own, for background jobs (see `DatabaseSetup.configure`).
    static let sqliteBackground = DatabaseID(string: "sqlite-background")
}

extension Application {
    /// The database background jobs use: the same data as `db`, through their own connections on a
    /// SQLite file (so a running import never holds the connection a page request is waiting for).
    var backgroundDB: any Database {
        databases.ids().contains(.sqliteBackground) ? db(.sqliteBackground) : db
    }
}
