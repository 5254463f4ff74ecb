import Fluent
import Foundation
import SQLKit
import Vapor

/// What the `tandem` CLI needs to start the app: build, migrate, serve, repack. Each area's operator
/// tasks live in its own folder (`UserOperations`, `ImportOperations`, `StaffingOperations`,
/// `QBROperations`, `ScorecardOperations`) and go through the same services (and audit log) as
/// the web and the API.
public enum TandemRuntime {
    /// Builds a configured app, runs `body`, and always shuts it down.
    public static func withApp<T: Sendable>(
        _ config: TandemConfig, migrating: Bool = true,
        _ body: (Application) async throws -> T
    ) async throws -> T {
        // Vapor reads its command line from the environment; Tandem's own CLI has already parsed ours.
        let app = try await Application.make(Environment(name: "production", arguments: ["tandem", "serve"]))
        do {
            try await configure(app, config)
            if migrating { try await migrate(app) }
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// The page size new SQLite files get (`DatabaseSetup.pageSize`).
    public static let pageSize = DatabaseSetup.pageSize

    /// Rewrites the SQLite file with `pageSize`-byte pages; the page size before, or nil when
    /// there was nothing to do. Throws on PostgreSQL, or while the file is open elsewhere.
    public static func repackPages(_ config: TandemConfig) async throws -> Int? {
        guard case .sqlite(let path) = config.database else {
            throw DatabaseSetup.RepackError(message: "only a SQLite database file has pages to repack")
        }
        return try await DatabaseSetup.repackPages(path: path)
    }

    /// Serves HTTP (and runs background jobs) until interrupted.
    public static func serve(_ app: Application) async throws {
        app.lifecycle.use(JobWorker.loop())
        try await app.execute()
    }

    /// Drops a PostgreSQL schema (benchmarks clean up after themselves); nothing on SQLite.
    public static func dropSchema(_ app: Application, _ schema: String) async throws {
        guard let sql = app.db as? any SQLDatabase, Engine(sql) == .postgres else { return }
        try await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
    }

    /// The running app, as the CLI names it without importing Vapor.
    public typealias App = Application
}

/// A failed operator task, worded for the terminal (every bad field named).
public struct OperatorError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
