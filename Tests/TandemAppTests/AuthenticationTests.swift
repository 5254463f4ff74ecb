import Fluent
import Foundation
import TandemPartners
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite struct AuthenticationTests {
    @Test(arguments: TestDatabase.all)
    func sign_in_rotates_the_session_and_sets_safe_cookies(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            var browser = Browser(app)
            _ = try await browser.get("/login")
            let anonymousCookie = try #require(browser.cookie)
            let response = try await browser.post("/login", form: ["email": "Manager@Test.example", "password": Workspace.password, "next": "/partners"])
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/partners")
            let cookie = try #require(response.headers.first(name: .setCookie))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            #expect(browser.cookie != anonymousCookie, "a new session id after sign-in")
            let page = try await browser.get("/partners")
            #expect(page.status == .ok && page.text.contains("Alpha Support"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func wrong_password_and_unknown_email_look_the_same(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            var browser = Browser(app)
            let wrong = try await browser.signIn(email: "manager@test.example", password: "nope-nope-nope")
            let unknown = try await browser.signIn(email: "ghost@test.example", password: "nope-nope-nope")
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
            #expect(wrong.text.contains("Email or password is not right.") && unknown.text.contains("Email or password is not right."))
        }
    }

    @Test(arguments: TestDatabase.all)
    func off_site_redirects_after_sign_in_are_refused(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            var browser = Browser(app)
            _ = try await browser.get("/login")
            let response = try await browser.post("/login", form: ["email": "admin@test.example", "password": Workspace.password, "next": "//evil.example/x"])
            #expect(response.headers.first(name: .location) == "/")
        }
    }

    @Test(arguments: TestDatabase.all)
    func repeated_failures_are_throttled_in_the_database(_ engine: TestDatabase) async throws {
        try await withApp(engine, configure: { $0.loginFailureLimit = 3 }) { app in
            _ = try await Workspace.make(on: app)
            var browser = Browser(app)
            for _ in 0..<3 {
                #expect(try await browser.signIn(email: "viewer@test.example", password: "wrong-password!").status == .unauthorized)
            }
            let blocked = try await browser.signIn(email: "viewer@test.example", password: Workspace.password)
            #expect(blocked.status == .tooManyRequests, "even the right password waits once the limit is hit")
            let retry = try #require(blocked.headers.first(name: .retryAfter).flatMap(Int.init))
            #expect(retry > 0 && retry <= 15 * 60)
            #expect(try await LoginAttempt.query(on: app.db).filter(\.$succeeded == false).count() == 3)
            // Another account from elsewhere is unaffected.
            var other = Browser(app)
            #expect(try await other.signIn(email: "manager@test.example", password: Workspace.password).status == .seeOther)
        }
    }

    @Test(arguments: TestDatabase.all)
    func forms_without_the_csrf_token_are_refused(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let forged = try await browser.post("/partners", form: ["name": "Forged", "kind": "partner", "status": "prospect", "involvement": "low"], csrf: false)
            #expect(forged.status == .forbidden)
            browser.csrf = "guessed-token"
            let guessed = try await browser.post("/partners", form: ["name": "Forged", "kind": "partner", "status": "prospect", "involvement": "low"])
            #expect(guessed.status == .forbidden)
            #expect(try await Partner.query(on: app.db).filter(\.$name == "Forged").count() == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func passwords_are_stored_as_bcrypt_hashes(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            let user = try #require(try await User.query(on: app.db).filter(\.$email == "admin@test.example").first())
            #expect(user.passwordHash.hasPrefix("$2b$04$") && !user.passwordHash.contains(Workspace.password))
        }
    }

    @Test(arguments: TestDatabase.all)
    func api_tokens_are_shown_once_stored_hashed_and_revocable(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let bootstrap = try await APIClient.forUser(app, ws.manager)
            let created = try await bootstrap.send(.POST, "/api/v1/tokens", body: TokenInput(name: "BI export"))
            #expect(created.status == .created)
            let token = try created.json(NewTokenDTO.self)
            #expect(token.secret.hasPrefix("tdm_") && token.secret.count > 40)
            let stored = try #require(try await APIToken.find(token.token.id, on: app.db))
            #expect(stored.tokenHash == Secrets.sha256Hex(token.secret) && stored.tokenHash != token.secret)

            let client = APIClient(app: app, token: token.secret)
            let me = try await client.send(.GET, "/api/v1/me")
            #expect(try me.json(UserDTO.self).email == "manager@test.example")
            let listed = try await client.send(.GET, "/api/v1/tokens")
            #expect(!listed.text.contains(token.secret), "secrets are never listed")

            #expect(try await client.send(.DELETE, "/api/v1/tokens/\(token.token.id)").status == .noContent)
            #expect(try await client.send(.GET, "/api/v1/me").status == .unauthorized)
            #expect(try await APIClient(app: app, token: "tdm_made-up").send(.GET, "/api/v1/me").status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.all)
    func deactivating_a_user_ends_their_access(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let viewerAPI = try await APIClient.forUser(app, ws.viewer)
            var viewerBrowser = try await Browser.signedIn(app, email: "viewer@test.example")
            let admin = try await APIClient.forUser(app, ws.admin)
            let off = try await admin.send(.PUT, "/api/v1/users/\(ws.viewer)", body: UserUpdateInput(name: "viewer", role: .viewer, partnerID: nil, active: false, password: nil))
            #expect(off.status == .ok)
            #expect(try await viewerAPI.send(.GET, "/api/v1/me").status == .unauthorized)
            #expect(try await viewerBrowser.get("/partners").status == .seeOther)
        }
    }

    @Test(arguments: TestDatabase.all)
    func the_last_admin_cannot_be_demoted(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let admin = try await APIClient.forUser(app, ws.admin)
            let response = try await admin.send(.PUT, "/api/v1/users/\(ws.admin)", body: UserUpdateInput(name: "admin", role: .viewer, partnerID: nil, active: true, password: nil))
            #expect(response.status == .unprocessableEntity)
            #expect(try response.json(APIErrorBody.self).fields?["role"] == "cannot change: this is the last active admin")
        }
    }

    @Test(arguments: TestDatabase.all)
    func first_run_setup_creates_the_first_admin_and_then_closes(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            var browser = Browser(app)
            let home = try await browser.get("/")
            #expect(home.status == .seeOther && home.headers.first(name: .location) == "/setup")
            _ = try await browser.get("/setup")
            let invalid = try await browser.post("/setup", form: ["name": "Ada", "email": "ada@", "password": "short"])
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.text.contains("Email is not a valid email address") && invalid.text.contains("at least 10 characters"))
            let done = try await browser.post("/setup", form: ["name": "Ada", "email": "ada@client.example", "password": "a-long-password"])
            #expect(done.status == .seeOther)
            #expect(try await browser.get("/").status == .ok)
            let user = try #require(try await User.query(on: app.db).first())
            #expect(user.role == .admin && user.email == "ada@client.example")

            var stranger = Browser(app)
            _ = try await stranger.get("/login")
            #expect(try await stranger.get("/setup").status == .seeOther)
            #expect(try await stranger.post("/setup", form: ["name": "Eve", "email": "eve@x.example", "password": "another-password"]).status == .forbidden)
            #expect(try await User.query(on: app.db).count() == 1)
        }
    }
}
