import Fluent
import Foundation
import NIOCore
import TandemPartners
import TandemRelationship
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// A chat tool stand-in: a tiny HTTP server on 127.0.0.1 that records what it receives.
actor Receiver {
    private(set) var bodies: [String] = []
    func record(_ body: String) { bodies.append(body) }

    static func run(answering status: HTTPStatus, _ body: (String, Receiver) async throws -> Void) async throws {
        let server = try await Application.make(.testing)
        let receiver = Receiver()
        server.post("hook") { req async -> HTTPStatus in
            await receiver.record(req.body.string ?? "")
            return status
        }
        server.http.server.configuration.hostname = "127.0.0.1"
        server.http.server.configuration.port = 0
        try await server.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(server.http.server.shared.localAddress?.port)
        do {
            try await body("http://127.0.0.1:\(port)/hook", receiver)
        } catch {
            await server.server.shutdown()
            try? await server.asyncShutdown()
            throw error
        }
        await server.server.shutdown()
        try await server.asyncShutdown()
    }
}

@Suite(.serialized) struct WebhookTests {
    static func configure(_ app: Application, _ ws: Workspace, url: String) async throws {
        let admin = try await APIClient.forUser(app, ws.admin)
        let saved = try await admin.send(.PUT, "/api/v1/relationship-settings", body: RelationshipSettingsInput(webhookURL: url, anonymityThreshold: 3))
        #expect(try saved.json(RelationshipSettingsDTO.self) == RelationshipSettingsDTO(webhookConfigured: true, webhookHost: "127.0.0.1", anonymityThreshold: 3))
    }

    static func broadcast(_ app: Application, _ ws: Workspace, title: String, effective: LocalDate) async throws {
        let manager = try await APIClient.forUser(app, ws.manager)
        let response = try await manager.send(.POST, "/api/v1/broadcasts", body: BroadcastInput(
            kind: .launch, title: title, body: "Details", effectiveDate: effective, acknowledgeBy: nil, audience: .somePartners,
            partnerIDs: [ws.partnerA], queueIDs: nil, articleLinks: ["Launch guide | https://kb.example/launch"], requiresAcknowledgement: true))
        #expect(response.status == .created)
    }

    @Test(arguments: TestDatabase.all)
    func broadcasts_and_overdue_reminders_reach_the_chat_tool_once(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Receiver.run(answering: .ok) { url, receiver in
                try await Self.configure(app, ws, url: url)
                let today = LocalDate(date: Date())
                try await Self.broadcast(app, ws, title: "Spring catalogue launch", effective: today.adding(days: 5))
                let now = Date()
                try await WebhookService.runOnce(app: app, now: now)
                let bodies = await receiver.bodies
                let texts = try bodies.map { try JSONDecoder().decode([String: String].self, from: Data($0.utf8))["text"] ?? "" }
                #expect(texts.count == 2, "the new broadcast, and a reminder for the fixture's overdue broadcast: \(texts)")
                #expect(texts.contains { $0.hasPrefix("*Launch: Spring catalogue launch*") && $0.contains("to Alpha Support") && $0.contains("<https://kb.example/launch|Launch guide>") })
                #expect(texts.contains { $0.hasPrefix("Reminder: Bravo \(Workspace.markerB) BPO has not acknowledged") })
                let sent = try await WebhookDelivery.query(on: app.db).filter(\.$status == .sent).all()
                #expect(sent.count == 2 && sent.allSatisfy { $0.attempts == 1 && abs(($0.sentAt ?? .distantPast).timeIntervalSince(now)) < 0.001 })

                // Later passes send nothing twice, even once the new broadcast becomes overdue.
                try await WebhookService.runOnce(app: app, now: now.addingTimeInterval(60))
                try await WebhookService.runOnce(app: app, now: today.adding(days: 7).startOfDayUTC)
                let after = await receiver.bodies
                #expect(after.count == 3 && after.last!.contains("Reminder: Alpha Support has not acknowledged"))
                try await WebhookService.runOnce(app: app, now: today.adding(days: 8).startOfDayUTC)
                #expect(await receiver.bodies.count == 3)
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func the_worker_started_with_the_app_sends_on_its_own(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            // As `configure` does outside tests; booted before any test request boots the app.
            app.lifecycle.use(WebhookService.worker(every: .milliseconds(100)))
            try await app.asyncBoot()
            try await Receiver.run(answering: .ok) { url, receiver in
                _ = try await WebhookService.saveSettings(.init(webhookURL: url, anonymityThreshold: 3), by: .cli("test"), on: app.db)
                _ = try await BroadcastService.create(.init(kind: .tool, title: "Worker check", body: "x", effectiveDate: LocalDate(date: Date()).adding(days: 3), acknowledgeBy: nil,
                                                            audience: .somePartners, partnerIDs: [ws.partnerA], queueIDs: nil, articleLinks: nil, requiresAcknowledgement: false),
                                                      by: .cli("test"), on: app.db)
                for _ in 0..<100 where await !receiver.bodies.contains(where: { $0.contains("Worker check") }) {
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(await receiver.bodies.contains { $0.contains("Worker check") }, "the background worker delivered the broadcast")
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_due_delivery_is_claimed_by_one_server_only(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Self.configure(app, ws, url: "http://127.0.0.1:9/hook")
            let now = Date()
            try await WebhookService.enqueue(event: "broadcast", key: "k1", text: "hello", now: now, on: app.db)
            try await WebhookService.enqueue(event: "broadcast", key: "k1", text: "hello again", now: now, on: app.db)
            #expect(try await WebhookDelivery.query(on: app.db).filter(\.$dedupeKey == "k1").count() == 1)
            async let first = WebhookService.claimDue(now: now, on: app.db)
            async let second = WebhookService.claimDue(now: now, on: app.db)
            let claims = try await first + second
            #expect(claims.map(\.dedupeKey) == ["k1"], "two workers, one claim")
            #expect(try await WebhookService.claimDue(now: now.addingTimeInterval(60), on: app.db).isEmpty, "a fresh claim is left alone")
            #expect(try await WebhookService.claimDue(now: now.addingTimeInterval(WebhookService.staleClaim + 1), on: app.db).map(\.dedupeKey) == ["k1"],
                    "a claim abandoned by a dead server is taken over")
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_failing_receiver_is_retried_with_backoff_then_listed_as_failed(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            // The fixture's overdue broadcast would queue a reminder too; acknowledge it first.
            let bravo = try await APIClient.forUser(app, ws.partnerUserB)
            #expect(try await bravo.send(.POST, "/api/v1/broadcasts/\(ws.relationship.broadcastB)/acknowledgements").status == .ok)
            try await Receiver.run(answering: .internalServerError) { url, receiver in
                try await Self.configure(app, ws, url: url)
                try await Self.broadcast(app, ws, title: "Holiday hours", effective: LocalDate(date: Date()).adding(days: 10))
                let schedule = RetrySchedule(baseSeconds: 30, capSeconds: 3_600, maxAttempts: 3)
                let t0 = Date()
                func delivery() async throws -> WebhookDelivery { try #require(try await WebhookDelivery.query(on: app.db).filter(\.$event == "broadcast").filter(\.$dedupeKey != "fixture").first()) }

                try await WebhookService.runOnce(app: app, schedule: schedule, now: t0)
                var d = try await delivery()
                #expect(d.status == .pending && d.attempts == 1 && d.lastError == "HTTP 500" && abs(d.nextAttemptAt.timeIntervalSince(t0) - 30) < 0.001)
                try await WebhookService.runOnce(app: app, schedule: schedule, now: t0.addingTimeInterval(29))
                #expect(try await delivery().attempts == 1, "not due before its backoff")
                try await WebhookService.runOnce(app: app, schedule: schedule, now: t0.addingTimeInterval(30))
                d = try await delivery()
                #expect(d.attempts == 2 && abs(d.nextAttemptAt.timeIntervalSince(t0) - 90) < 0.001, "second wait doubles to 60 s")
                try await WebhookService.runOnce(app: app, schedule: schedule, now: t0.addingTimeInterval(90))
                d = try await delivery()
                #expect(d.status == .failed && d.attempts == 3)
                try await WebhookService.runOnce(app: app, schedule: schedule, now: t0.addingTimeInterval(10_000))
                #expect(await receiver.bodies.count == 3, "three attempts, then it stops")

                var admin = try await Browser.signedIn(app, email: "admin@test.example")
                let page = try await admin.get("/relationship/webhooks")
                let failed = try #require(page.text.components(separatedBy: "id=\"failed-deliveries\"").dropFirst().first)
                #expect(failed.contains("Holiday hours") && failed.contains("HTTP 500"))
                let retry = try await admin.post("/relationship/webhooks/\(d.id!.uuidString.lowercased())/retry")
                #expect(retry.status == .seeOther)
                #expect(try await delivery().status == .pending)
            }
        }
    }
}
