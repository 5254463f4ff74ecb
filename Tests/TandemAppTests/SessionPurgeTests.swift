import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Sessions keep their expiry on the row: expired ones are refused and purged, live ones stay.
@Suite struct SessionPurgeTests {
    static func session(_ key: String, expiresAt: Date?, on db: any Database) async throws {
        let record = StoredSession()
        record.key = SessionID(string: key)
        record.data = SessionData(initialData: ["k": key])
        record.expiresAt = expiresAt
        try await record.create(on: db)
    }

    @Test(arguments: TestDatabase.all)
    func purge_deletes_expired_sessions_and_keeps_live_ones(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let now = Date()
            try await Self.session("expired-yesterday", expiresAt: now.addingTimeInterval(-86_400), on: app.db)
            try await Self.session("expired-just-now", expiresAt: now.addingTimeInterval(-1), on: app.db)
            try await Self.session("no-expiry", expiresAt: nil, on: app.db)
            try await Self.session("live", expiresAt: now.addingTimeInterval(60), on: app.db)
            try await Self.session("fresh", expiresAt: now.addingTimeInterval(SessionLifetime.seconds), on: app.db)

            let purged = try await SessionPurge.run(now: now, on: app.db)

            #expect(purged == 3)
            #expect(Set(try await StoredSession.query(on: app.db).all().map(\.key.string)) == ["live", "fresh"])
            #expect(try await SessionPurge.run(now: now, on: app.db) == 0)
            #expect(try await UserOperations.purgeExpiredSessions(app) == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_signed_in_session_carries_its_expiry_and_is_refused_once_past_it(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let cookie = try #require(browser.cookie)
            let row = try #require(try await StoredSession.query(on: app.db).filter(\.$key == SessionID(string: cookie)).first())
            let expiry = try #require(row.expiresAt)
            #expect(abs(expiry.timeIntervalSinceNow - SessionLifetime.seconds) < 60, "12 hours from the last response")
            #expect(try await browser.get("/partners").status == .ok)

            // Twelve hours without a request: the row says expired, whatever the browser still sends.
            row.expiresAt = Date().addingTimeInterval(-1)
            try await row.save(on: app.db)
            let refused = try await browser.get("/partners")
            #expect(refused.status == .seeOther && refused.headers.first(name: .location)?.hasPrefix("/login") == true)
            #expect(try await SessionPurge.run(on: app.db) == 1)
            #expect(try await StoredSession.query(on: app.db).filter(\.$key == SessionID(string: cookie)).count() == 0)
        }
    }
}
