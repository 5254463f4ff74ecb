import Fluent
import Foundation
import SQLKit
import Vapor

/// Sign-in sessions live in `_fluent_sessions` (Fluent's table), but Fluent's driver stores no
/// expiry at all: the 12-hour limit lived only in the cookie, so a server kept every session row
/// forever and would honour a copied cookie long after it "expired". This driver keeps the expiry
/// on the row (`expires_at`, pushed forward whenever the cookie is re-issued, i.e. on every
/// response that carries the session), refuses expired rows, and `SessionPurge` deletes them.
enum SessionLifetime {
    static let seconds: TimeInterval = 12 * 3_600
    /// A session's row expiry is pushed forward at most this often by requests that change nothing else.
    static let refreshEvery: TimeInterval = 300
}

/// Fluent's session row plus the expiry column `UpdateSessionsAddExpiresAt` adds.
final class StoredSession: Model, @unchecked Sendable {
    static let schema = "_fluent_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: SessionID
    @Field(key: "data") var data: SessionData
    /// nil only on rows written by an older server; treated as expired.
    @OptionalField(key: "expires_at") var expiresAt: Date?

    init() {}
}

struct ExpiringSessions: SessionDriver {
    /// Tests move the clock.
    var now: @Sendable () -> Date = { Date() }

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        let record = StoredSession()
        record.key = SessionID(string: Secrets.random())
        record.data = data
        record.expiresAt = now().addingTimeInterval(SessionLifetime.seconds)
        return record.create(on: request.db).map { record.key }
    }

    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        StoredSession.query(on: request.db)
            .filter(\.$key == sessionID)
            .filter(\.$expiresAt > now())
            .first()
            .map { row in
                if let row { request.storage[ReadKey.self] = Read(data: row.data, expiresAt: row.expiresAt ?? .distantPast) }
                return row?.data
            }
    }

    /// Vapor calls this after every response of a request that touched its session. A request that
    /// changed nothing and comes within `SessionLifetime.refreshEvery` of the last push of the
    /// expiry writes nothing: page views stay reads (one write per page view serialised every
    /// server on SQLite's single writer). The row's expiry trails the cookie's by at most that much.
    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        let now = now()
        if let read = request.storage[ReadKey.self], read.data == data,
           read.expiresAt >= now.addingTimeInterval(SessionLifetime.seconds - SessionLifetime.refreshEvery) {
            return request.eventLoop.makeSucceededFuture(sessionID)
        }
        return StoredSession.query(on: request.db)
            .filter(\.$key == sessionID)
            .set(\.$data, to: data)
            .set(\.$expiresAt, to: now.addingTimeInterval(SessionLifetime.seconds))
            .update()
            .map { sessionID }
    }

    /// What `readSession` found, for `updateSession` to compare with.
    private struct Read: Sendable { let data: SessionData; let expiresAt: Date }
    private struct ReadKey: StorageKey { typealias Value = Read }

    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        StoredSession.query(on: request.db).filter(\.$key == sessionID).delete()
    }
}

/// Adds the expiry column. Rows already there get a full lifetime from now: live sign-ins carry
/// on, and the rest are purged once it has passed.
struct UpdateSessionsAddExpiresAt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("_fluent_sessions").field("expires_at", .datetime).update()
        try await StoredSession.query(on: database).set(\.$expiresAt, to: Date().addingTimeInterval(SessionLifetime.seconds)).update()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "fluent_sessions_expires_at").on("_fluent_sessions").column("expires_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "fluent_sessions_expires_at").run()
        }
        try await database.schema("_fluent_sessions").deleteField("expires_at").update()
    }
}

/// Deletes expired sessions (and rows without an expiry). Every app server runs it at start-up
/// and hourly (a `PeriodicWorker`); `tandem sessions purge` runs it on demand.
enum SessionPurge {
    @discardableResult
    static func run(now: Date = Date(), on db: any Database) async throws -> Int {
        let expired = StoredSession.query(on: db).group(.or) { $0.filter(\.$expiresAt <= now).filter(\.$expiresAt == nil) }
        let count = try await expired.count()
        guard count > 0 else { return 0 }
        try await StoredSession.query(on: db).group(.or) { $0.filter(\.$expiresAt <= now).filter(\.$expiresAt == nil) }.delete()
        return count
    }
}

extension SessionPurge {
    /// Purges at start-up and then every `interval` on every app server (several servers purging
    /// at once only delete the same rows).
    static func worker(every interval: Duration = .seconds(3_600)) -> PeriodicWorker {
        PeriodicWorker("Session purge", every: interval) { app in
            let purged = try await run(on: app.db)
            if purged > 0 { app.logger.info("Purged \(purged) expired sessions.") }
        }
    }
}
