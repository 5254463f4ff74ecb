import Foundation
import Vapor

/// Every state-changing form carries a per-session token in `_csrf` (body, `X-CSRF-Token`
/// header or query); a POST without the matching token is refused. Together with SameSite=Lax
/// cookies this stops cross-site forms.
///
/// The body is collected here, bounded by the route's own limit, before the token is read:
/// a body that arrives in several reads is still streaming when middleware runs, and reading
/// `content` then finds nothing (long forms used to be refused as "expired").
struct CSRFMiddleware: AsyncMiddleware {
    static let field = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method != .GET && request.method != .HEAD else { return try await next.respond(to: request) }
        try await BodyLimit.collect(request)
        let sent = request.headers.first(name: "X-CSRF-Token") ?? request.query[String.self, at: CSRFMiddleware.field]
            ?? Self.bodyToken(request) ?? ""
        guard let expected = request.session.data[SessionKeys.csrf], !sent.isEmpty,
              Secrets.constantTimeEquals(sent, expected) else {
            return ExpiredForm.response(for: request)
        }
        return try await next.respond(to: request)
    }

    private static func bodyToken(_ request: Request) -> String? {
        guard request.body.data != nil else { return nil }
        return try? request.content.get(String.self, at: field)
    }
}

/// The most a route accepts, stored on the route when it is registered with a larger limit
/// than the app's default, so middleware can collect the body under the same bound.
enum BodyLimit {
    static let key = "tandem.maxBody"

    static func of(_ request: Request) -> Int {
        request.route?.userInfo[key] as? Int ?? request.application.routes.defaultMaxBodySize.value
    }

    static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes >> 10) KB"
    }

    /// Collects a streaming body; a body above the route's limit is a clear 413 naming the limit.
    static func collect(_ request: Request) async throws {
        guard request.body.data == nil else { return }
        let limit = of(request)
        if let length = request.headers.first(name: .contentLength).flatMap(Int.init), length > limit {
            throw tooLarge(limit)
        }
        do {
            _ = try await request.body.collect(max: limit).get()
        } catch let abort as any AbortError where abort.status == .payloadTooLarge {
            throw tooLarge(limit)
        }
    }

    static func tooLarge(_ limit: Int) -> Abort {
        Abort(.payloadTooLarge, reason: "This request is larger than the \(describe(limit)) this page accepts. Shorten it or split it, then send it again.")
    }
}

extension RoutesBuilder {
    /// A POST route whose body may be larger than the app's default, up to `maxBody`.
    @discardableResult
    func post(_ path: [PathComponent], maxBody: ByteCount,
              use handler: @Sendable @escaping (Request) async throws -> some AsyncResponseEncodable) -> Route {
        let route = on(.POST, path, body: .collect(maxSize: maxBody), use: handler)
        route.userInfo[BodyLimit.key] = maxBody.value
        return route
    }
}

/// A refused form is never a dead end: what the user typed comes back in a form with a fresh
/// token, to check and send again (files cannot be kept and must be chosen again).
enum ExpiredForm {
    static let reason = "This form has expired or did not come from Tandem."

    static func response(for request: Request) -> Response {
        if request.url.path.hasPrefix("/api/") || !request.hasSession {
            return TandemErrorMiddleware(isProduction: false).render(Abort(.forbidden, reason: reason + " Reload the page and try again."), for: request)
        }
        let fields = keptFields(request)
        let context = PageContext(principal: request.principal, csrf: request.csrfToken)
        let body: HTML
        if fields.isEmpty {
            body = """
            <h1>Not allowed</h1>
            <p class="error-reason">\(reason) Reload the page and try again.</p>
            <p><a href="/">Back to the dashboard</a></p>
            """
        } else {
            let rows = fields.map { name, value in
                HTML("<label>\(name)<textarea name=\"\(name)\" rows=\"\(min(12, max(2, value.count / 80 + 1)))\">\(value)</textarea></label>")
            }
            body = """
            <h1>Please send this form again</h1>
            <p class="error-reason">\(reason) Nothing was saved, but what you typed is kept below: check it and send it again.</p>
            <form method="post" action="\(request.url.path)" class="stacked">\(Components.csrfField(context.csrf))
            \(rows)
            <button>Send again</button>
            </form>
            """
        }
        return Layout.page("Please send this form again", context, body).response(.forbidden)
    }

    /// The urlencoded fields of the refused form, in the order they came, without the token.
    static func keptFields(_ request: Request) -> [(String, String)] {
        guard request.headers.contentType == .urlEncodedForm, let buffer = request.body.data,
              let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes) else { return [] }
        return text.split(separator: "&").compactMap { pair -> (String, String)? in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            let name = decode(parts[0])
            // A password is never written back into a page.
            guard !name.isEmpty, name != CSRFMiddleware.field, !name.lowercased().contains("password") else { return nil }
            return (name, parts.count > 1 ? decode(parts[1]) : "")
        }
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
