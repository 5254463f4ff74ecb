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
    static func prepare(_ db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }

    /// Creates the configured PostgreSQL schema before migrations run in it.
    static func createSchemaIfNeeded(_ db: any Database, _ config: TandemConfig) async throws {
        guard let schema = config.databaseSchema, let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    }
}
