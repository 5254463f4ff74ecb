import Crypto
import Fluent
import Foundation
import NIOCore
import SQLKit
import TandemPartners
import TandemRelationship
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// A receiver stand-in: a tiny HTTP server on 127.0.0.1 that records what it receives and
/// answers each request with the next status of `statuses` (the last one repeats).
actor Receiver {
    struct Received: Sendable {
        let body: String
        let headers: HTTPHeaders
    }
    private(set) var received: [Received] = []
    private var statuses: [HTTPStatus]
    var bodies: [String] { received.map(\.body) }

    init(statuses: [HTTPStatus]) { self.statuses = statuses }

    func record(_ body: String, _ headers: HTTPHeaders) -> HTTPStatus {
        received.append(Received(body: body, headers: headers))
        return statuses.count > 1 ? statuses.removeFirst() : statuses[0]
    }

    static func run(answering status: HTTPStatus, _ body: (String, Receiver) async throws -> Void) async throws {
        try await run(answering: [status], body)
    }

    static func run(answering statuses: [HTTPStatus], _ body: (String, Receiver) async throws -> Void) async throws {
        let server = try await Application.make(.testing)
        let receiver = Receiver(statuses: statuses)
        server.post("hook") { req async -> HTTPStatus in
            await receiver.record(req.body.string ?? "", req.headers)
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

/// HMAC-SHA256 written out from RFC 2104 over plain SHA-256, so the test does not trust the
/// HMAC type the app signs with: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ message)), 64-byte blocks.
func independentHMACSHA256Hex(key: String, message: Data) -> String {
    var block = [UInt8](key.utf8)
    if block.count > 64 { block = Array(SHA256.hash(data: block)) }
    block += [UInt8](repeating: 0, count: 64 - block.count)
    let inner = Data(block.map { $0 ^ 0x36 }) + message
    let innerHash = Data(SHA256.hash(data: inner))
    let outer = Data(block.map { $0 ^ 0x5c }) + innerHash
    return SHA256.hash(data: outer).map { String(format: "%02x", $0) }.joined()
}

@Suite(.serialized) struct WebhookTests {
    /// Subscribes `url` through the API as the admin; returns the secret (shown once).
    @discardableResult
    static func subscribe(_ app: Application, _ ws: Workspace, url: String, events: [String], format: WebhookFormat, name: String = "Receiver") async throws -> (UUID, String) {
        let admin = try await APIClient.forUser(app, ws.admin)
        let response = try await admin.send(.POST, "/api/v1/webhook-subscriptions", body: WebhookSubscriptionInput(name: name, url: url, events: events, format: format, active: nil))
        #expect(response.status == .created)
        let created = try response.json(WebhookSubscriptionCreatedDTO.self)
        #expect(created.subscription.host == "127.0.0.1" && created.subscription.format == format && created.secret.hasPrefix("whsec_"))
        return (created.subscription.id, created.secret)
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
                try await Self.subscribe(app, ws, url: url, events: ["broadcast.*"], format: .slack)
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
                _ = try await WebhookService.createSubscription(.init(name: "Chat", url: url, events: ["broadcast.sent"], format: .slack, active: nil), by: .cli("test"), on: app.db)
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
    func an_event_is_recorded_and_claimed_once_however_many_servers_notice_it(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Self.subscribe(app, ws, url: "http://127.0.0.1:9/hook", events: ["*"], format: .tandem)
            struct Data: Encodable { let n: Int }
            // Two servers emit the same fact at the same moment, then once more later.
            async let first = WebhookEvents.emit(.contractDeadline, key: "contract-1:notice", summary: "Notice due", data: Data(n: 1), on: app.db)
            async let second = WebhookEvents.emit(.contractDeadline, key: "contract-1:notice", summary: "Notice due", data: Data(n: 1), on: app.db)
            let outcomes = try await [first, second]
            #expect(outcomes.filter { $0 }.count == 1, "exactly one emitter recorded it: \(outcomes)")
            #expect(try await WebhookEvents.emit(.contractDeadline, key: "contract-1:notice", summary: "again", data: Data(n: 2), on: app.db) == false)
            #expect(try await WebhookEventRecord.query(on: app.db).filter(\.$type == "contract.deadline").count() == 1)
            let now = Date()
            let deliveries = try await WebhookDelivery.query(on: app.db).filter(\.$event == "contract.deadline").all()
            #expect(deliveries.count == 1)

            // Two workers claim at once: one gets it.
            async let claimA = WebhookService.claimDue(now: now, on: app.db)
            async let claimB = WebhookService.claimDue(now: now, on: app.db)
            let claims = try await (claimA + claimB).filter { $0.event == "contract.deadline" }
            #expect(claims.count == 1, "two workers, one claim")
            #expect(try await WebhookService.claimDue(now: now.addingTimeInterval(60), on: app.db).filter { $0.event == "contract.deadline" }.isEmpty, "a fresh claim is left alone")
            #expect(try await WebhookService.claimDue(now: now.addingTimeInterval(WebhookService.staleClaim + 1), on: app.db).filter { $0.event == "contract.deadline" }.count == 1,
                    "a claim abandoned by a dead server is taken over")

            // The time-driven scan, run by two servers, records each late item once.
            try await WebhookEvents.scan(now: now, on: app.db)
            try await WebhookEvents.scan(now: now, on: app.db)
            let late = try await WebhookEventRecord.query(on: app.db).filter(\.$type == "action_item.late").all()
            #expect(late.map(\.dedupeKey) == ["action_item.late:\(ws.relationship.actionB.uuidString.lowercased()):\(LocalDate(date: now).adding(days: -1))"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func payloads_are_signed_with_the_secret_and_shaped_as_documented(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Receiver.run(answering: .noContent) { url, receiver in
                let (_, secret) = try await Self.subscribe(app, ws, url: url, events: ["incident.opened"], format: .tandem)
                let manager = try await APIClient.forUser(app, ws.manager)
                let opened = try await manager.send(.POST, "/api/v1/partners/\(ws.partnerA)/incidents", body: IncidentInput(
                    title: "Queue outage", severity: .high, category: .technology, source: .client, description: "Phones down 20 minutes", openedAt: nil))
                #expect(opened.status == .created)
                let incident = try opened.json(IncidentDTO.self)
                let sentAt = Date()
                try await WebhookService.runOnce(app: app, now: sentAt)
                let received = await receiver.received
                try #require(received.count == 1)
                let delivery = received[0]
                let header = try #require(delivery.headers.first(name: "Tandem-Signature"))
                let parts = Dictionary(uniqueKeysWithValues: header.split(separator: ",").map { part in
                    let pair = part.split(separator: "=", maxSplits: 1)
                    return (String(pair[0]), String(pair[1]))
                })
                let timestamp = try #require(parts["t"].flatMap(Int.init))
                #expect(timestamp == Int(sentAt.timeIntervalSince1970))
                // The receiver's check: HMAC-SHA256 over "<t>.<raw body>" with the secret.
                let expected = independentHMACSHA256Hex(key: secret, message: Data("\(timestamp).\(delivery.body)".utf8))
                #expect(parts["v1"] == expected)
                #expect(independentHMACSHA256Hex(key: secret + "x", message: Data("\(timestamp).\(delivery.body)".utf8)) != expected, "another secret gives another signature")
                #expect(WebhookSignature.verify(header: header, body: Data(delivery.body.utf8), secret: secret, now: sentAt))
                #expect(!WebhookSignature.verify(header: header, body: Data(delivery.body.utf8), secret: secret, now: sentAt.addingTimeInterval(301)), "an old timestamp is refused")
                #expect(!WebhookSignature.verify(header: header, body: Data((delivery.body + " ").utf8), secret: secret, now: sentAt), "an altered body is refused")
                #expect(delivery.headers.first(name: "Tandem-Event") == "incident.opened")
                #expect(delivery.headers.contentType == .json)

                struct Payload: Decodable {
                    struct Partner: Decodable { let id: UUID; let name: String }
                    struct Body: Decodable { let incidentID: UUID; let partner: Partner; let title: String; let severity: String; let status: String; let raisedBy: String }
                    let id: UUID
                    let type: String
                    let occurredAt: Date
                    let summary: String
                    let data: Body
                }
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                let payload = try decoder.decode(Payload.self, from: Data(delivery.body.utf8))
                #expect(payload.type == "incident.opened" && delivery.headers.first(name: "Tandem-Event-Id") == payload.id.uuidString.lowercased())
                #expect(payload.data.incidentID == incident.id && payload.data.partner.id == ws.partnerA && payload.data.partner.name == "Alpha Support")
                #expect(payload.data.title == "Queue outage" && payload.data.severity == "high" && payload.data.status == "open" && payload.data.raisedBy == "manager")
                #expect(abs(payload.occurredAt.timeIntervalSince(incident.openedAt)) < 1)
                #expect(payload.summary == "Incident opened with Alpha Support: Queue outage (high severity, raised by manager)")
                let keys = try #require(try JSONSerialization.jsonObject(with: Data(delivery.body.utf8)) as? [String: Any]).keys.sorted()
                #expect(keys == ["data", "id", "occurredAt", "summary", "type"])
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func each_subscription_gets_only_the_events_its_filter_names(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Receiver.run(answering: .ok) { incidentsURL, incidents in
                try await Receiver.run(answering: .ok) { broadcastsURL, broadcasts in
                    let (incidentSub, _) = try await Self.subscribe(app, ws, url: incidentsURL, events: ["incident.*"], format: .tandem, name: "Incidents")
                    try await Self.subscribe(app, ws, url: broadcastsURL, events: ["broadcast.sent", "alert.raised"], format: .tandem, name: "Broadcasts")
                    // Partner A's escalation policy: level 1 must respond within 5 minutes, level 2 within 30 more.
                    let admin = try await APIClient.forUser(app, ws.admin)
                    #expect(try await admin.send(.PUT, "/api/v1/partners/\(ws.partnerA)/escalation-policy",
                                                 body: EscalationPolicyInput(levels: [.init(person: "Team lead", responseMinutes: 5), .init(person: "Site director", responseMinutes: 30)])).status == .ok)
                    let opened = Date().addingTimeInterval(-10 * 60)
                    let manager = try await APIClient.forUser(app, ws.manager)
                    #expect(try await manager.send(.POST, "/api/v1/partners/\(ws.partnerA)/incidents", body: IncidentInput(
                        title: "Billing errors", severity: .medium, category: .quality, source: .client, description: "Wrong refunds", openedAt: opened)).status == .created)
                    try await Self.broadcast(app, ws, title: "New refund policy", effective: LocalDate(date: Date()).adding(days: 2))
                    try await WebhookService.runOnce(app: app)

                    func types(_ r: Receiver) async throws -> [String] {
                        try await r.bodies.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["type"] as? String ?? "" }.sorted()
                    }
                    // Opened 10 minutes ago: level 1's 5 minutes have passed, level 2's 35 have not.
                    #expect(try await types(incidents) == ["incident.escalation_breached", "incident.opened"])
                    #expect(try await types(broadcasts) == ["broadcast.sent"], "no incidents, no overdue reminders, no late action items")
                    let breach = try #require(await incidents.bodies.first { $0.contains("escalation_breached") })
                    #expect(breach.contains("\"level\":1") && breach.contains("\"nextPerson\":\"Site director\"") && breach.contains("\"person\":\"Team lead\""))

                    // A paused subscription gets nothing; a test ping goes to the one it is sent from only.
                    #expect(try await admin.send(.PUT, "/api/v1/webhook-subscriptions/\(incidentSub)",
                                                 body: WebhookSubscriptionInput(name: "Incidents", url: nil, events: ["incident.*"], format: nil, active: false)).status == .ok)
                    #expect(try await manager.send(.POST, "/api/v1/partners/\(ws.partnerA)/incidents", body: IncidentInput(
                        title: "Second", severity: .low, category: .quality, source: .client, description: "x", openedAt: nil)).status == .created)
                    #expect(try await admin.send(.POST, "/api/v1/webhook-subscriptions/\(incidentSub)/ping").status == .created)
                    try await WebhookService.runOnce(app: app, now: Date().addingTimeInterval(40 * 60))
                    #expect(try await types(incidents) == ["incident.escalation_breached", "incident.opened", "webhook.ping"])
                    #expect(try await types(broadcasts) == ["broadcast.sent"])

                    let refused = try await admin.send(.POST, "/api/v1/webhook-subscriptions", body: WebhookSubscriptionInput(name: "x", url: "ftp://a.example", events: ["incident.closed"], format: nil, active: nil))
                    #expect(refused.status == .unprocessableEntity)
                    #expect(refused.text.contains("incident.closed") && refused.text.contains("url"))
                }
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_failing_receiver_is_retried_with_backoff_then_failed_and_replayed(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            // Three 500s, then the receiver recovers.
            try await Receiver.run(answering: [.internalServerError, .internalServerError, .internalServerError, .ok]) { url, receiver in
                try await Self.subscribe(app, ws, url: url, events: ["broadcast.sent"], format: .tandem)
                try await Self.broadcast(app, ws, title: "Holiday hours", effective: LocalDate(date: Date()).adding(days: 10))
                let schedule = RetrySchedule(baseSeconds: 30, capSeconds: 3_600, maxAttempts: 3)
                let t0 = Date()
                func delivery() async throws -> WebhookDelivery {
                    try #require(try await WebhookDelivery.query(on: app.db).filter(\.$event == "broadcast.sent").filter(\.$replayOf == nil).filter(\.$dedupeKey != "fixture").first())
                }

                try await WebhookService.runOnce(app: app, schedule: schedule, now: t0)
                var d = try await delivery()
                #expect(d.status == .pending && d.attempts == 1 && d.lastError == "HTTP 500" && d.responseStatus == 500 && abs(d.nextAttemptAt.timeIntervalSince(t0) - 30) < 0.001)
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
                let replay = try await admin.post("/relationship/webhooks/deliveries/\(d.id!.uuidString.lowercased())/replay")
                #expect(replay.status == .seeOther)
                #expect(try await delivery().status == .failed, "the original stays in the log as it was")
                let copy = try #require(try await WebhookDelivery.query(on: app.db).filter(\.$replayOf == d.id!).first())
                #expect(copy.status == .pending && copy.body == d.body && copy.eventID == d.eventID)

                let t1 = t0.addingTimeInterval(20_000)
                try await WebhookService.runOnce(app: app, schedule: schedule, now: t1)
                let bodies = await receiver.bodies
                #expect(bodies.count == 4 && bodies[3] == bodies[0], "the replay posts the same bytes")
                let headers = await receiver.received[3].headers
                #expect(headers.first(name: "Tandem-Signature")?.hasPrefix("t=\(Int(t1.timeIntervalSince1970)),v1=") == true, "signed afresh")
                let sent = try #require(try await WebhookDelivery.find(copy.id, on: app.db))
                #expect(sent.status == .sent && sent.attempts == 1)

                // Replay through the API too: a sent delivery can be sent again.
                let api = try await APIClient.forUser(app, ws.admin)
                let again = try await api.send(.POST, "/api/v1/webhook-deliveries/\(sent.id!.uuidString.lowercased())/replay")
                #expect(again.status == .created)
                #expect(try again.json(WebhookDeliveryDTO.self).replayOf == sent.id)
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func only_admins_reach_webhooks(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            for (email, user) in [("a@partner-a.example", ws.partnerUserA), ("viewer@test.example", ws.viewer), ("manager@test.example", ws.manager)] {
                var browser = try await Browser.signedIn(app, email: email)
                #expect(try await browser.get("/relationship/webhooks").status == .forbidden, "\(email)")
                #expect(try await browser.get("/relationship/webhooks/subscriptions/\(ws.relationship.subscription)").status == .forbidden, "\(email)")
                let api = try await APIClient.forUser(app, user)
                #expect(try await api.send(.GET, "/api/v1/webhook-subscriptions").status == .forbidden, "\(email)")
                #expect(try await api.send(.GET, "/api/v1/webhook-deliveries").status == .forbidden, "\(email)")
                #expect(try await api.send(.POST, "/api/v1/webhook-subscriptions", body: WebhookSubscriptionInput(name: "x", url: "http://127.0.0.1:9/", events: ["*"], format: nil, active: nil)).status == .forbidden, "\(email)")
            }
            var admin = try await Browser.signedIn(app, email: "admin@test.example")
            #expect(try await admin.get("/relationship/webhooks").status == .ok)
            // The secret is on the page that made it, and nowhere after.
            let created = try await admin.post("/relationship/webhooks", form: ["name": "Ops", "url": "https://hooks.example/T1/abc", "events": "incident.*, alert.raised", "format": "tandem"])
            #expect(created.status == .created)
            let secret = try #require(created.text.components(separatedBy: "<pre id=\"new-secret\">").dropFirst().first?.components(separatedBy: "</pre>").first)
            #expect(secret.hasPrefix("whsec_"))
            let stored = try #require(try await WebhookSubscription.query(on: app.db).filter(\.$name == "Ops").first())
            #expect(stored.secret == secret && stored.events == "incident.*,alert.raised" && stored.active)
            let list = try await admin.get("/relationship/webhooks")
            #expect(!list.text.contains(secret) && !list.text.contains("/T1/abc") && list.text.contains("hooks.example"))
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entityType == "webhook_subscription").all()
            #expect(!audit.isEmpty && audit.allSatisfy { !$0.changes.contains(secret) && !$0.changes.contains("/T1/abc") })
        }
    }

    @Test(arguments: TestDatabase.all)
    func the_chat_webhook_of_before_becomes_a_subscription_without_sending_twice(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let sql = app.db as! any SQLDatabase
            // The state an older Tandem left: a chat URL in the settings, and the reminder it already sent for the fixture's overdue broadcast.
            let recipient = try #require(try await BroadcastRecipient.query(on: app.db).filter(\.$broadcast.$id == ws.relationship.broadcastB).first())
            try await WebhookDeliveryFixture.legacy(sql, key: "reminder:\(recipient.id!.uuidString.lowercased())", event: "reminder", text: "Reminder: sent before", status: "sent")
            try await WebhookDeliveryFixture.legacy(sql, key: "broadcast:queued", event: "broadcast", text: "Queued before", status: "pending")
            try await sql.delete(from: "relationship_settings").run()
            try await sql.insert(into: "relationship_settings").columns("id", "webhook_url", "anonymity_threshold").values(SQLBind(UUID()), SQLBind("http://127.0.0.1:9/old"), SQLBind(3)).run()

            try await MigrateChatWebhookToSubscription().prepare(on: app.db)

            let chat = try #require(try await WebhookSubscription.query(on: app.db).filter(\.$name == "Chat").first())
            #expect(chat.url == "http://127.0.0.1:9/old" && chat.format == .slack && chat.events == "broadcast.*" && chat.active)
            #expect(try await WebhookService.settings(on: app.db).webhookURL == "")
            let queued = try #require(try await WebhookDelivery.query(on: app.db).filter(\.$text == "Queued before").first())
            #expect(queued.subscriptionID == chat.id && queued.event == "broadcast.sent" && queued.body == "{\"text\":\"Queued before\"}")
            // The reminder sent before is known as an event, so the scan does not send it again.
            try await WebhookEvents.scan(now: Date(), on: app.db)
            let before = try await WebhookDelivery.query(on: app.db).filter(\.$event == "broadcast.overdue").all()
            #expect(before.map(\.text) == ["Reminder: sent before"])
            // Without that record the same scan would remind again: the record is what holds it back.
            try await WebhookEventRecord.query(on: app.db).filter(\.$type == "broadcast.overdue").delete()
            try await WebhookDelivery.query(on: app.db).filter(\.$event == "broadcast.overdue").delete()
            try await WebhookEvents.scan(now: Date(), on: app.db)
            let after = try await WebhookDelivery.query(on: app.db).filter(\.$event == "broadcast.overdue").all()
            #expect(after.count == 1 && after[0].text.hasPrefix("Reminder: Bravo") && after[0].subscriptionID == chat.id)
        }
    }
}

enum WebhookDeliveryFixture {
    static func legacy(_ sql: any SQLDatabase, key: String, event: String, text: String, status: String) async throws {
        try await sql.insert(into: "webhook_deliveries")
            .columns("id", "event", "dedupe_key", "url", "text", "status", "attempts", "next_attempt_at", "last_error", "created_at")
            .values(SQLBind(UUID()), SQLBind(event), SQLBind(key), SQLBind("http://127.0.0.1:9/old"), SQLBind(text), SQLBind(status), SQLBind(status == "sent" ? 1 : 0),
                    SQLBind(Date()), SQLBind(""), SQLBind(Date()))
            .run()
    }
}
