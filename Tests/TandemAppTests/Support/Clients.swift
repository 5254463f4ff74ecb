import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// A browser for tests: keeps the session cookie and the CSRF token like a real one.
struct Browser {
    let app: Application
    var cookie: String?
    var csrf: String?

    init(_ app: Application) { self.app = app }

    static func signedIn(_ app: Application, email: String, password: String = Workspace.password) async throws -> Browser {
        var browser = Browser(app)
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
        let body = fields.map { "\(Browser.encode($0.key))=\(Browser.encode($0.value))" }.joined(separator: "&")
        return try await send(.POST, path, body: body, contentType: .urlEncodedForm)
    }

    private mutating func send(_ method: HTTPMethod, _ path: String, body: String?, contentType: HTTPMediaType?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let cookie { headers.add(name: .cookie, value: "tandem_session=\(cookie)") }
        if let contentType { headers.contentType = contentType }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
        if let set = response.headers.setCookie?["tandem_session"] {
            cookie = set.string.isEmpty || (set.maxAge ?? 1) <= 0 ? nil : set.string
        }
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
