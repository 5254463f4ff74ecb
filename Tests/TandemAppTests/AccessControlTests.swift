import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Walks every registered route, so a route added later is covered without touching this file.
@Suite struct AccessControlTests {
    /// Paths reachable without signing in.
    /// `/metrics` answers its own bearer token (TANDEM_METRICS_TOKEN) or 404, never a session: `MetricsTests`.
    static let publicPaths: Set<String> = ["/healthz", "/assets/tandem.css", "/login", "/setup", "/logout", "/api/v1/openapi.json", "/metrics"]
    /// Public because the secret in the path is the credential (calendar feeds).
    static func isPublic(_ path: String) -> Bool { publicPaths.contains(path) || path.hasPrefix("/calendar/") }
    /// A user's own account, sign-in and sign-out: every role may use these.
    static func isSelfService(_ path: String) -> Bool {
        ["/login", "/logout", "/setup"].contains(path) || path.hasPrefix("/account") || path.hasPrefix("/api/v1/tokens") || path == "/api/v1/me"
    }

    struct Fill {
        let path: String
        /// True when the path names one of partner B's records.
        let touchesPartnerB: Bool
    }

    /// Substitutes ids of partner B's records (or shared records) for the route's parameters.
    static func fill(_ route: Route, _ ws: Workspace, tokenB: UUID, extra: [String: (id: UUID, touchesPartnerB: Bool)] = [:]) -> Fill? {
        var touches = false
        var parts: [String] = []
        for component in route.path {
            switch component {
            case .constant(let value): parts.append(value)
            case .parameter(let name):
                let id: UUID
                switch name {
                case "partnerID": id = ws.partnerB; touches = true
                case "siteID": id = ws.siteB; touches = true
                case "contactID": id = ws.contactB; touches = true
                case "userID": id = ws.partnerUserB
                case "tokenID": id = tokenB
                case "channelID": id = ws.channel
                case "queueID": id = ws.queue
                case "broadcastID": id = ws.relationship.broadcastB; touches = true
                case "meetingID": id = ws.relationship.meetingB; touches = true
                case "actionID": id = ws.relationship.actionB; touches = true
                case "incidentID": id = ws.relationship.incidentB; touches = true
                case "surveyID": id = ws.relationship.surveyRound
                case "deliveryID": id = ws.relationship.deliveryB
                case "feedToken": id = UUID() // an unknown secret: 404 for everyone
                // Signals out (issue 17): the client's webhook subscription (admins only).
                case "subscriptionID": id = ws.relationship.subscription
                default:
                    if let record = extra[name] {
                        id = record.id
                        touches = touches || record.touchesPartnerB
                        break
                    }
                    Issue.record("Route \(route.method) \(route.path.string) has parameter :\(name); teach AccessControlTests.fill which record it names.")
                    return nil
                }
                parts.append(id.uuidString.lowercased())
            case .anything, .catchall:
                Issue.record("Route \(route.path.string) uses a wildcard; access tests cannot enumerate it.")
                return nil
            }
        }
        return Fill(path: "/" + parts.joined(separator: "/"), touchesPartnerB: touches)
    }

    static func snapshotOfB(_ app: Application, _ ws: Workspace) async throws -> String {
        let partner = try #require(try await Partner.find(ws.partnerB, on: app.db))
        let sites = try await Site.query(on: app.db).filter(\.$partner.$id == ws.partnerB).all().map(\.auditFields)
        let contacts = try await KeyContact.query(on: app.db).filter(\.$partner.$id == ws.partnerB).all().map(\.auditFields)
        let users = try await User.query(on: app.db).filter(\.$partner.$id == ws.partnerB).all().map(\.auditFields)
        return "\(partner.auditFields.sorted { $0.key < $1.key })|\(sites.map { $0.sorted { $0.key < $1.key } })|\(contacts.map { $0.sorted { $0.key < $1.key } })|\(users.map { $0.sorted { $0.key < $1.key } })"
    }

    @Test(arguments: TestDatabase.all)
    func partner_user_never_reaches_another_partners_data(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let tokenB = try await TokenService.create(name: "b's", userID: ws.partnerUserB, by: .cli(), on: app.db).token.id
            let extra = try await PerformanceAccessFixture.records(app, ws)
            let before = try await Self.snapshotOfB(app, ws)
            let auditBefore = try await AuditEntry.query(on: app.db).count()
            var browser = try await Browser.signedIn(app, email: "a@partner-a.example")
            let api = try await APIClient.forUser(app, ws.partnerUserA)
            var checked = 0

            for route in app.routes.all {
                guard let fill = Self.fill(route, ws, tokenB: tokenB, extra: extra) else { continue }
                if fill.path == "/logout" { continue } // would end the session the walk relies on
                let isAPI = fill.path.hasPrefix("/api/")
                let response: TestingHTTPResponse
                if isAPI {
                    response = try await api.send(route.method, fill.path, json: route.method == .GET || route.method == .DELETE ? nil : "{}")
                } else if route.method == .GET {
                    response = try await browser.get(fill.path)
                } else {
                    response = try await browser.post(fill.path)
                }
                checked += 1
                let label = "\(route.method) \(fill.path)"
                #expect(!response.text.contains(Workspace.markerB), "\(label) leaked partner B's data")
                #expect(!response.text.contains("b@partner-b.example"), "\(label) leaked partner B's user")
                if fill.touchesPartnerB {
                    #expect(response.status == .notFound, "\(label) answered \(response.status), expected 404")
                } else if route.path.contains(where: { if case .parameter("tokenID") = $0 { true } else { false } }) {
                    #expect(response.status == .notFound, "\(label): another user's token must be 404")
                } else if route.method != .GET && !Self.isSelfService(fill.path) {
                    #expect([.forbidden, .notFound].contains(response.status), "\(label) let a partner user write (\(response.status))")
                }
            }
            #expect(checked > 60, "walked \(checked) routes")
            #expect(try await Self.snapshotOfB(app, ws) == before, "partner B's records changed")
            let newEntries = try await AuditEntry.query(on: app.db).sort(\.$occurredAt).all().dropFirst(auditBefore)
            #expect(newEntries.allSatisfy { $0.partnerID != ws.partnerB }, "an audited change touched partner B")
        }
    }

    @Test(arguments: TestDatabase.all)
    func viewer_cannot_write_anything(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let tokenB = try await TokenService.create(name: "b's", userID: ws.partnerUserB, by: .cli(), on: app.db).token.id
            var browser = try await Browser.signedIn(app, email: "viewer@test.example")
            let api = try await APIClient.forUser(app, ws.viewer)
            let extra = try await PerformanceAccessFixture.records(app, ws)
            let auditBefore = try await AuditEntry.query(on: app.db).count()
            var writes = 0
            for route in app.routes.all where route.method != .GET {
                guard let fill = Self.fill(route, ws, tokenB: tokenB, extra: extra), !Self.isSelfService(fill.path) else { continue }
                let response = fill.path.hasPrefix("/api/")
                    ? try await api.send(route.method, fill.path, json: route.method == .DELETE ? nil : "{}")
                    : try await browser.post(fill.path)
                writes += 1
                #expect(response.status == .forbidden, "viewer got \(response.status) from \(route.method) \(fill.path)")
            }
            #expect(writes > 25, "walked \(writes) write routes")
            #expect(try await AuditEntry.query(on: app.db).count() == auditBefore, "a viewer's request changed something")
        }
    }

    @Test(arguments: TestDatabase.all)
    func anonymous_visitors_are_sent_to_sign_in_and_api_calls_need_a_token(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let extra = try await PerformanceAccessFixture.records(app, ws)
            for route in app.routes.all {
                guard let fill = Self.fill(route, ws, tokenB: UUID(), extra: extra), !Self.isPublic(fill.path) else { continue }
                let response = try await app.testing().sendRequest(route.method, fill.path)
                if fill.path.hasPrefix("/api/") {
                    #expect(response.status == .unauthorized, "\(route.method) \(fill.path) answered \(response.status)")
                    #expect(try response.json(APIErrorBody.self).error == "unauthorized")
                } else if route.method == .GET {
                    #expect(response.status == .seeOther, "\(fill.path) answered \(response.status)")
                    #expect(response.headers.first(name: .location)?.hasPrefix("/login?next=") == true)
                } else {
                    // No session, so no CSRF token: refused before anything else runs.
                    #expect(response.status == .forbidden, "\(route.method) \(fill.path) answered \(response.status)")
                }
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func partner_user_sees_and_edits_only_their_own_directory(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.partnerUserA)
            let list = try await api.send(.GET, "/api/v1/partners")
            #expect(try list.json([PartnerDTO].self).map(\.name) == ["Alpha Support"])
            let created = try await api.send(.POST, "/api/v1/partners/\(ws.partnerA)/contacts", body: KeyContactInput(name: "Ana Ruiz", side: .partner, role: "Team lead", email: "ana@alpha.example"))
            #expect(created.status == .created)
            let rename = try await api.send(.PUT, "/api/v1/partners/\(ws.partnerA)", body: PartnerInput(name: "Alpha Renamed"))
            #expect(rename.status == .forbidden, "partner users keep their directory, not the registry")
        }
    }
}
