import Fluent
import Foundation
import Vapor

enum SessionKeys {
    static let userID = "uid"
    static let csrf = "csrf"
    static let flash = "flash"
}

/// Restores the principal from the session cookie (web pages).
struct SessionAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Only look when the browser sent a session cookie: anonymous hits must not create sessions.
        if request.hasSession, let raw = request.session.data[SessionKeys.userID], let id = UUID(uuidString: raw),
           let principal = try await PrincipalLoader.kept(userID: id, for: request) {
            request.auth.login(principal)
        }
        return try await next.respond(to: request)
    }
}

/// `Authorization: Bearer tdm_...` for the JSON API. Tokens are looked up by digest.
struct TokenAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        let digest = Secrets.sha256Hex(bearer.token)
        guard let token = try await APIToken.query(on: request.db)
            .filter(\.$tokenHash == digest).filter(\.$revokedAt == nil).first(),
            let principal = try await PrincipalLoader.kept(userID: token.$user.id, for: request)
        else { return }
        // Record use at most once a minute: a busy integration should not turn every read into a write.
        if (token.lastUsedAt ?? .distantPast) < Date().addingTimeInterval(-60) {
            token.lastUsedAt = Date()
            try await token.save(on: request.db)
        }
        request.auth.login(principal)
    }
}

enum PrincipalLoader {
    static func load(userID: UUID, on db: any Database) async throws -> Principal? {
        guard let user = try await User.find(userID, on: db), user.active else { return nil }
        return Principal(userID: userID, name: user.name, email: user.email, role: user.role, partnerID: user.$partner.id)
    }

    /// The same, kept until the users change: every request needs it, and a
    /// role change, deactivation or new password on any server is seen at the next request.
    static func kept(userID: UUID, for request: Request) async throws -> Principal? {
        try await request.derived("principal:\(userID)", areas: [.people]) { db in
            (try await load(userID: userID, on: db), validUntil: .distantFuture, cost: 1)
        }
    }
}

/// Pages behind this send anonymous visitors to the sign-in page (or first-run set-up).
struct RequirePageLogin: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.principal == nil else { return try await next.respond(to: request) }
        if try await User.query(on: request.db).count() == 0 {
            return request.redirect(to: SiteURL.setup.path)
        }
        let target = request.method == .GET ? request.url.string : SiteURL.home.path
        return request.redirect(to: SiteURL.login.path + "?next=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
    }
}

/// API routes behind this answer 401 without a valid token.
struct RequireAPILogin: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.principal != nil else {
            throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer"], reason: "Send a personal API token as 'Authorization: Bearer <token>'.")
        }
        return try await next.respond(to: request)
    }
}
