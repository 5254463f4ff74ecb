import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// A browser for tests: keeps the session cookie and the CSRF token like a real one.
struct Browser {
    let app: Application
    /// Over a real socket (the server reads the body in several parts, as in production)
    /// instead of the in-memory tester, which hands the body over whole.
    let live: Bool
    var cookie: String?
    var csrf: String?
    /// VaporTesting's response has no public initialiser: one is taken from the in-memory
    /// tester before the server starts, and filled with each answer from the socket.
    private var template: TestingHTTPResponse?

    init(_ app: Application, live: Bool = false) {
        self.app = app
        self.live = live
        // A browser sees the redirect itself (and its cookie), not the page it leads to.
        if live { app.http.client.configuration.redirectConfiguration = .disallow }
    }

    static func signedIn(_ app: Application, email: String, password: String = Workspace.password, live: Bool = false) async throws -> Browser {
        var browser = Browser(app, live: live)
        let response = try await browser.signIn(email: email, password: password)
        #expect(response.status == .seeOther, "sign-in of \(email) failed with \(response.status)")
        return browser
    }

    /// Loads the sign-in page (for the cookie and token), then posts the form.
    mutating func signIn(email: String, password: String) async throws -> TestingHTTPResponse {
        _ = try await get("/login")
        let response = try await post("/login", form: ["email": email, "password": password])
        _ = try await get("/account")
        return response
    }

    mutating func get(_ path: String) async throws -> TestingHTTPResponse {
        let response = try await send(.GET, path, body: nil, contentType: nil)
        if let token = Browser.csrfToken(in: response.text), !token.isEmpty { csrf = token }
        return response
    }

    /// Posts a form with the session's CSRF token unless `csrf: false`.
    mutating func post(_ path: String, form: [String: String] = [:], csrf includeToken: Bool = true) async throws -> TestingHTTPResponse {
        var fields = form
        if includeToken, let csrf { fields[CSRFMiddleware.field] = csrf }
        return try await send(.POST, path, body: Browser.formBody(fields), contentType: .urlEncodedForm)
    }

    static func formBody(_ fields: [String: String]) -> String {
        fields.map { "\(Browser.encode($0.key))=\(Browser.encode($0.value))" }.joined(separator: "&")
    }

    /// Sends a body as it is (multipart, or urlencoded built by the caller).
    mutating func post(_ path: String, raw body: String, contentType: HTTPMediaType) async throws -> TestingHTTPResponse {
        try await send(.POST, path, body: body, contentType: contentType)
    }

    private mutating func send(_ method: HTTPMethod, _ path: String, body: String?, contentType: HTTPMediaType?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let cookie { headers.add(name: .cookie, value: "tandem_session=\(cookie)") }
        if let contentType { headers.contentType = contentType }
        let response = live ? try await sendLive(method, path, headers: headers, body: body)
            : try await app.testing().sendRequest(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
        if let set = response.headers.setCookie?["tandem_session"] {
            cookie = set.string.isEmpty || (set.maxAge ?? 1) <= 0 ? nil : set.string
        }
        return response
    }

    /// The app's own server on a free loopback port, started on first use (`withApp` stops it).
    private mutating func sendLive(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: String?) async throws -> TestingHTTPResponse {
        if template == nil { template = try await app.testing().sendRequest(.GET, "/healthz") }
        if app.http.server.shared.localAddress == nil {
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        }
        let port = try #require(app.http.server.shared.localAddress?.port)
        let answer = try await app.client.send(method, headers: headers, to: URI(string: "http://127.0.0.1:\(port)\(path)")) { request in
            if let body { request.body = ByteBuffer(string: body) }
        }
        var response = template!
        response.status = answer.status
        response.headers = answer.headers
        response.body = answer.body ?? ByteBuffer()
        return response
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// A JSON API client with a personal token.
struct APIClient {
    let app: Application
    let token: String?

    static func forUser(_ app: Application, _ userID: UUID) async throws -> APIClient {
        let created = try await TokenService.create(name: "test", userID: userID, by: .cli("test"), on: app.db)
        return APIClient(app: app, token: created.secret)
    }

    func send(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = .init(token: token) }
        if json != nil { headers.contentType = .json }
        return try await app.testing().sendRequest(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    func send<T: Encodable>(_ method: HTTPMethod, _ path: String, body: T) async throws -> TestingHTTPResponse {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return try await send(method, path, json: String(decoding: try encoder.encode(body), as: UTF8.self))
    }
}
