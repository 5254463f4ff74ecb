import Fluent
import SQLKit
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// The databases the app's tests run on: SQLite always; PostgreSQL when
/// `TEST_DATABASE_URL` is set (CI sets it). Each test gets its own empty database
/// (an in-memory SQLite, or a fresh PostgreSQL schema), never a developer's own file.
enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static var all: [TestDatabase] {
        ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].map { _ in [.sqlite, .postgres] } ?? [.sqlite]
    }

    var testDescription: String { rawValue }

    func config() -> TandemConfig {
        switch self {
        case .sqlite:
            return TandemConfig(database: .sqliteInMemory, logLevel: .warning, passwordCost: 4)
        case .postgres:
            let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"]!
            let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
            return TandemConfig(database: .postgres(url: url), logLevel: .warning, passwordCost: 4,
                                databaseSchema: String(schema), databasePoolSize: 1)
        }
    }
}

/// Swift Testing runs tests concurrently; PostgreSQL's connection slots are finite, so at most
/// this many PostgreSQL-backed apps exist at once.
actor TestSlots {
    static let postgres = TestSlots(limit: 12)

    private let limit: Int
    private var inUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func acquire() async {
        if inUse < limit { inUse += 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { inUse -= 1 } else { waiting.removeFirst().resume() }
    }
}

/// Builds, migrates, runs the body and always shuts the app down (dropping a test schema).
func withApp(_ engine: TestDatabase, configure adjust: (inout TandemConfig) -> Void = { _ in },
             _ body: (Application) async throws -> Void) async throws {
    if engine == .postgres {
        await TestSlots.postgres.acquire()
    }
    do {
        try await runApp(engine, configure: adjust, body)
    } catch {
        if engine == .postgres { await TestSlots.postgres.release() }
        throw error
    }
    if engine == .postgres { await TestSlots.postgres.release() }
}

private func runApp(_ engine: TestDatabase, configure adjust: (inout TandemConfig) -> Void,
                    _ body: (Application) async throws -> Void) async throws {
    var config = engine.config()
    adjust(&config)
    let app = try await Application.make(.testing)
    do {
        try await configure(app, config)
        try await migrate(app)
        try await body(app)
    } catch {
        try? await dropSchema(app, config)
        await app.server.shutdown()
        try? await app.asyncShutdown()
        throw error
    }
    try await dropSchema(app, config)
    await app.server.shutdown()
    try await app.asyncShutdown()
}

private func dropSchema(_ app: Application, _ config: TandemConfig) async throws {
    guard let schema = config.databaseSchema, let sql = app.db as? any SQLDatabase else { return }
    try await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
}

extension TestingHTTPResponse {
    var text: String { body.getString(at: body.readerIndex, length: body.readableBytes) ?? "" }

    func json<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(text.utf8))
    }
}
