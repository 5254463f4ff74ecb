import Foundation
import Vapor

/// Every state-changing form carries a per-session token in `_csrf`; a POST without the
/// matching token is refused. Together with SameSite=Lax cookies this stops cross-site forms.
struct CSRFMiddleware: AsyncMiddleware {
    static let field = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.method != .GET && request.method != .HEAD {
            // File uploads carry the token in the query too: their (streamed) body is not read before the handler runs.
            let sent = (try? request.content.get(String.self, at: CSRFMiddleware.field)) ?? request.headers.first(name: "X-CSRF-Token")
                ?? request.query[String.self, at: CSRFMiddleware.field] ?? ""
            guard let expected = request.session.data[SessionKeys.csrf], !sent.isEmpty,
                  Secrets.constantTimeEquals(sent, expected) else {
                throw Abort(.forbidden, reason: "This form has expired or did not come from Tandem. Reload the page and try again.")
            }
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// The session's CSRF token, created on first use.
    var csrfToken: String {
        if let token = session.data[SessionKeys.csrf] { return token }
        let token = Secrets.random()
        session.data[SessionKeys.csrf] = token
        return token
    }
}
