import Fluent
import Foundation
import TandemPartners
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite struct PageTests {
    @Test(arguments: TestDatabase.all)
    func a_bad_form_comes_back_with_each_error_beside_its_field_and_the_values_kept(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let response = try await browser.post("/partners", form: [
                "name": "Alpha Support", "kind": "partner", "status": "live", "involvement": "high", "goLiveDate": "2026-02-30", "notes": "<script>x</script>",
            ])
            #expect(response.status == .unprocessableEntity)
            let html = response.text
            #expect(html.contains("Go-live date must be a date as YYYY-MM-DD"))
            #expect(html.contains("aria-invalid=\"true\""))
            #expect(html.contains("&lt;script&gt;x&lt;/script&gt;") && !html.contains("<script>x"), "values are kept, escaped")
            #expect(try await Partner.query(on: app.db).count() == 3, "nothing was created")

            let rules = try await browser.post("/partners", form: ["name": "alpha support", "kind": "partner", "status": "live", "involvement": "high"])
            #expect(rules.text.contains("Name is already used by another team") && rules.text.contains("Go-live date is required once a team is live"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func create_edit_and_delete_through_the_pages(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let created = try await browser.post("/partners", form: [
                "name": "Echo Services", "kind": "partner", "status": "prospect", "involvement": "low", "relationshipManagerID": ws.manager.uuidString,
            ])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers.first(name: .location))
            let detail = try await browser.get(location)
            #expect(detail.text.contains("Echo Services was created.") && detail.text.contains("manager"))
            let partnerPath = location
            let site = try await browser.post("\(partnerPath)/sites/new", form: [
                "name": "Cairo", "city": "Cairo", "country": "eg", "locationType": "offshore", "timeZone": "Africa/Cairo", "languages": "ar, en", "seats": "55",
            ])
            #expect(site.status == .seeOther)
            let after = try await browser.get(partnerPath)
            #expect(after.text.contains("Cairo, EG") && after.text.contains("55 across 1 site(s)"))
            let partner = try #require(try await Partner.query(on: app.db).filter(\.$name == "Echo Services").first())
            #expect(try await browser.post("\(partnerPath)/delete").status == .seeOther)
            #expect(try await Partner.find(partner.id, on: app.db) == nil)
            #expect(try await Site.query(on: app.db).filter(\.$name == "Cairo").count() == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func pages_offer_only_what_the_role_may_do(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let alpha = "/partners/\(ws.partnerA.uuidString.lowercased())"
            var viewer = try await Browser.signedIn(app, email: "viewer@test.example")
            let asViewer = try await viewer.get(alpha)
            #expect(asViewer.status == .ok && !asViewer.text.contains("Add a site") && !asViewer.text.contains("Delete team"))
            #expect(try await viewer.get("/partners/new").status == .forbidden)

            var partner = try await Browser.signedIn(app, email: "a@partner-a.example")
            let list = try await partner.get("/partners")
            #expect(list.status == .seeOther && list.headers.first(name: .location) == alpha, "partner users go straight to their partnership")
            let own = try await partner.get(alpha)
            #expect(own.text.contains("Add a site") && !own.text.contains("Delete team") && !own.text.contains(">Users<"))

            var admin = try await Browser.signedIn(app, email: "admin@test.example")
            let users = try await admin.get("/users")
            #expect(users.status == .ok && users.text.contains("b@partner-b.example"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func dashboard_shows_figures_and_what_needs_attention(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            var manager = try await Browser.signedIn(app, email: "manager@test.example")
            let html = try await manager.get("/").text
            #expect(html.contains("<div class=\"card-figure\">3</div>"), "three teams")
            #expect(html.contains("<div class=\"card-figure\">65</div>"), "25 + 40 seats")
            #expect(html.contains("No relationship manager owns this partnership"), "Bravo has no manager")
            #expect(html.contains("<svg class=\"chart bars\""))
        }
    }

    @Test(arguments: TestDatabase.all)
    func account_page_creates_a_token_shown_once(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: "viewer@test.example")
            let created = try await browser.post("/account/tokens", form: ["name": "Power BI"])
            #expect(created.status == .created)
            let secret = try #require(created.text.components(separatedBy: "<pre id=\"new-token\">").dropFirst().first?.components(separatedBy: "</pre>").first)
            #expect(secret.hasPrefix("tdm_"))
            let again = try await browser.get("/account")
            #expect(again.text.contains("Power BI") && !again.text.contains(secret))
            #expect(try await APIClient(app: app, token: secret).send(.GET, "/api/v1/me").status == .ok)
        }
    }

    /// Paths come from one typed place: every `SiteURL` is a registered route and every page
    /// route (outside the API and the health check) is a `SiteURL`, both directions, from the
    /// registrations themselves.
    @Test func site_urls_and_page_routes_are_the_same_set() async throws {
        try await withApp(.sqlite) { app in
            let pages = Set(app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") }
                .filter { !$0.hasPrefix("/api/") && $0 != ServiceHealthCheck.path && $0 != MetricsEndpoint.path })
            let templates = SiteURL.routeTemplates.map(\.path)
            #expect(templates.count == Set(templates).count, "a template is listed twice")
            #expect(pages.subtracting(templates).sorted() == [], "registered pages without a SiteURL template")
            #expect(Set(templates).subtracting(pages).sorted() == [], "SiteURL templates never registered")
            #expect(pages.count >= 78, "\(pages.count) page routes")
            let partner = UUID()
            #expect(SiteURL.siteEdit(partner: .id(partner), site: .id(partner)).path == "/partners/\(partner.uuidString.lowercased())/sites/\(partner.uuidString.lowercased())/edit")
        }
    }
}

@Suite struct HealthAndErrorTests {
    @Test(arguments: TestDatabase.all)
    func health_reports_the_database_and_version(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let response = try await app.testing().sendRequest(.GET, "/healthz")
            let health = try response.json(HealthDTO.self)
            #expect(health == HealthDTO(status: "ok", version: TandemVersion.current, database: "reachable", engine: engine == .sqlite ? "sqlite" : "postgresql"))
        }
    }

    @Test func unknown_pages_get_an_html_404_and_unknown_api_paths_json() async throws {
        try await withApp(.sqlite) { app in
            let page = try await app.testing().sendRequest(.GET, "/no/such/page")
            #expect(page.status == .notFound && page.headers.contentType == .html && page.text.contains("Not found"))
            let api = try await app.testing().sendRequest(.GET, "/api/v1/no-such-thing")
            #expect(api.status == .notFound)
            #expect(try api.json(APIErrorBody.self).error == "not_found")
        }
    }

    @Test func security_headers_are_on_every_response() async throws {
        try await withApp(.sqlite) { app in
            let response = try await app.testing().sendRequest(.GET, "/login")
            #expect(response.headers.first(name: "X-Frame-Options") == "DENY")
            #expect(response.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
        }
    }
}

@Suite struct ConfigTests {
    @Test func defaults_are_a_local_sqlite_file_on_loopback() throws {
        let config = try TandemConfig.load(environment: [:])
        #expect(config.database == .sqlite(path: "data/tandem.sqlite"))
        #expect(config.hostname == "127.0.0.1" && config.port == 8080)
    }

    @Test func database_url_selects_postgres_and_flags_win() throws {
        let config = try TandemConfig.load(environment: ["DATABASE_URL": "postgres://u:p@db:5432/tandem", "TANDEM_PORT": "9000"],
                                           overrides: .init(port: 9100))
        #expect(config.database == .postgres(url: "postgres://u:p@db:5432/tandem"))
        #expect(config.port == 9100)
        #expect(try TandemConfig.load(environment: ["TANDEM_DATA_DIR": "/srv/tandem"]).database == .sqlite(path: "/srv/tandem/tandem.sqlite"))
    }

    @Test func every_bad_value_is_reported_at_once() {
        #expect {
            try TandemConfig.load(environment: ["DATABASE_URL": "mysql://x", "TANDEM_PORT": "http", "TANDEM_LOG_LEVEL": "loud", "TANDEM_SECURE_COOKIES": "maybe"])
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.problems.count == 4 && error.description.contains("DATABASE_URL") && error.description.contains("TANDEM_PORT=http")
        }
    }
}
