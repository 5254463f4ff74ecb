import Fluent
import Foundation
import TandemPartners
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Forms over a real socket, where a long body reaches the server in several reads: the CSRF
/// check must see the token however the bytes arrived, and a body over a route's limit is a
/// clear 413 naming that limit. The in-memory tester would hand every body over whole.
@Suite struct FormBodyTests {
    static let expired = "has expired or did not come from Tandem"

    @Test(arguments: TestDatabase.all)
    func long_forms_save(engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let workspace = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: Workspace.emails[.admin]!, live: true)
            _ = try await browser.get(SiteURL.account.path)

            // The 4,000-byte token form of the report: the name plus an unknown field that fills the body.
            let tokenForm = ["name": "BI export", "note": String(repeating: "x", count: 4_000)]
            let token = try await browser.post(SiteURL.tokens.path, form: tokenForm)
            #expect(token.status == .created, "token form: \(token.status)")
            #expect(token.text.contains("BI export"))

            // 20 KB of meeting notes.
            let notes = (1...400).map { "- Point \($0): the team agreed to review the backlog every morning." }.joined(separator: "\n")
            #expect(notes.utf8.count > 20_000)
            _ = try await browser.get(SiteURL.meeting(.id(workspace.relationship.meetingB)).path)
            let saved = try await browser.post(SiteURL.meeting(.id(workspace.relationship.meetingB)).path,
                                               form: ["agenda": "Weekly", "notes": notes, "decisions": "Keep the morning review"])
            #expect(saved.status == .seeOther, "meeting notes: \(saved.status) \(saved.text.prefix(300))")
            let meeting = try #require(try await Meeting.find(workspace.relationship.meetingB, on: app.db))
            #expect(meeting.notes == notes)

            // A 60 KB broadcast, sent as multipart with the token in the body.
            let message = String(repeating: "Refunds over $50 now need a team lead's approval. ", count: 1_250) + "Thank you."
            #expect(message.utf8.count > 60_000)
            _ = try await browser.get(SiteURL.broadcastNew.path)
            let boundary = "TandemBoundary7MA4YWxk"
            let fields: [(String, String)] = [
                (CSRFMiddleware.field, browser.csrf ?? ""), ("kind", "process"), ("title", "Refund approvals"), ("body", message),
                ("effectiveDate", LocalDateString.today), ("audience", "all_partners"),
            ]
            let multipart = fields.map { "--\(boundary)\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined() + "--\(boundary)--\r\n"
            let sent = try await browser.post(SiteURL.broadcasts.path, raw: multipart,
                                              contentType: HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]))
            #expect(sent.status == .seeOther, "broadcast: \(sent.status) \(sent.text.prefix(300))")
            let stored = try await Broadcast.query(on: app.db).filter(\.$title == "Refund approvals").first()
            #expect(stored?.body == message)
        }
    }

    /// Every form route, as the admin, at 100 B, 20 KB and just under its limit: the CSRF check
    /// never refuses a form that carries the right token; just over the limit is a 413 that says it.
    @Test(arguments: TestDatabase.all)
    func every_form_route_reads_its_token_at_every_size(engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: Workspace.emails[.admin]!, live: true)
            _ = try await browser.get(SiteURL.account.path)
            let token = try #require(browser.csrf)
            // Signing in and out change the session itself; they have their own tests.
            let routes = app.routes.all.filter { route in
                route.method == .POST && route.path.first?.description != "api"
                    && !["login", "logout"].contains(route.path.first?.description ?? "")
            }
            #expect(routes.count >= 30, "only \(routes.count) form routes found")
            var probes = 0
            for route in routes {
                let path = "/" + route.path.map { component -> String in
                    if case .parameter = component { return UUID().uuidString }
                    return component.description
                }.joined(separator: "/")
                let limit = route.userInfo[BodyLimit.key] as? Int ?? app.routes.defaultMaxBodySize.value
                for size in [100, 20_000, limit - 1_024] {
                    let prefix = "\(CSRFMiddleware.field)=\(Browser.encode(token))&padding="
                    let body = prefix + String(repeating: "p", count: max(0, size - prefix.utf8.count))
                    let response = try await browser.post(path, raw: body, contentType: .urlEncodedForm)
                    probes += 1
                    #expect(!response.text.contains(Self.expired), "\(path) refused its token at \(body.utf8.count) bytes")
                    #expect(response.status != .payloadTooLarge, "\(path) refused \(body.utf8.count) bytes under its limit of \(limit)")
                }
                let over = "\(CSRFMiddleware.field)=\(Browser.encode(token))&padding=" + String(repeating: "p", count: limit)
                let refused = try await browser.post(path, raw: over, contentType: .urlEncodedForm)
                probes += 1
                #expect(refused.status == .payloadTooLarge, "\(path) at \(over.utf8.count) bytes: \(refused.status)")
                #expect(refused.text.contains(BodyLimit.describe(limit)), "\(path): the 413 does not name the limit")
            }
            print("form routes: \(routes.count), probes: \(probes) (\(engine.rawValue))")
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_refused_form_keeps_what_was_typed(engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let workspace = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: Workspace.emails[.admin]!, live: true)
            let notes = "Three things we agreed <on> & will follow up: " + String(repeating: "detail ", count: 3_000) + "end."
            let refused = try await browser.post(SiteURL.meeting(.id(workspace.relationship.meetingB)).path,
                                                 form: ["notes": notes, "decisions": "none", "_csrf": "stale-token"], csrf: false)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("Please send this form again"))
            #expect(refused.text.contains(HTML.escape(notes)), "the notes typed are not in the page")
            let fresh = try #require(Browser.csrfToken(in: refused.text))
            #expect(fresh != "stale-token" && !fresh.isEmpty)
            // Sending the kept form again saves it.
            browser.csrf = fresh
            let again = try await browser.post(SiteURL.meeting(.id(workspace.relationship.meetingB)).path, form: ["notes": notes, "decisions": "none"])
            #expect(again.status == .seeOther)
            let meeting = try #require(try await Meeting.find(workspace.relationship.meetingB, on: app.db))
            #expect(meeting.notes == notes)
        }
    }

    @Test func a_refused_sign_in_never_writes_the_password_back() async throws {
        try await withApp(.sqlite) { app in
            _ = try await Workspace.make(on: app)
            var browser = Browser(app, live: true)
            _ = try await browser.get("/login")
            let refused = try await browser.post("/login", form: ["email": "admin@test.example", "password": "correct-horse-battery", "_csrf": "forged"], csrf: false)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("admin@test.example"))
            #expect(!refused.text.contains("correct-horse-battery"))
        }
    }
}

private enum LocalDateString {
    static var today: String { LocalDate(date: Date()).description }
}
