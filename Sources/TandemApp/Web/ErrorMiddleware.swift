import Foundation
import TandemPartners
import Vapor

/// An input that failed validation: 422 with each offending field named.
struct ValidationFailed: AbortError {
    let fields: FieldErrors
    var status: HTTPResponseStatus { .unprocessableEntity }
    var reason: String { "Some fields need attention: \(fields.summary)" }
}

/// The body of every API error.
struct APIErrorBody: Content, Equatable {
    let error: String
    let reason: String
    let fields: [String: String]?
}

/// The one error path: keeps the status, logs server faults, answers JSON under /api and
/// an HTML page elsewhere. Internal details never reach the client.
struct TandemErrorMiddleware: AsyncMiddleware {
    let isProduction: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return render(error, for: request)
        }
    }

    func render(_ error: any Error, for request: Request) -> Response {
        let (status, reason, fields, headers) = classify(error)
        if status.code >= 500 {
            request.logger.report(error: error)
        }
        if request.url.path.hasPrefix("/api/") {
            let body = APIErrorBody(error: Self.code(for: status), reason: reason, fields: fields)
            let response = Response(status: status, headers: headers)
            try? response.content.encode(body, as: .json)
            return response
        }
        // The session's token keeps the page's sign-out form working; none is created here.
        let csrf = request.hasSession ? request.session.data[SessionKeys.csrf] ?? "" : ""
        let page = ErrorPage.render(status: status, reason: reason, context: PageContext(principal: request.principal, csrf: csrf))
        let response = page.response(status)
        for (name, value) in headers where name.lowercased() != "content-type" { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }

    private func classify(_ error: any Error) -> (HTTPResponseStatus, String, [String: String]?, HTTPHeaders) {
        switch error {
        case let failure as ValidationFailed:
            return (failure.status, failure.reason, failure.fields.messages, [:])
        case let decoding as DecodingError:
            let (field, message) = Self.describe(decoding)
            if field.isEmpty { return (.badRequest, "The request body is not valid: \(message)", nil, [:]) }
            return (.unprocessableEntity, "\(field) \(message)", [field: message], [:])
        case let abort as any AbortError:
            let reason = abort.status.code >= 500 && isProduction ? "Something went wrong on our side." : abort.reason
            return (abort.status, reason, nil, abort.headers)
        default:
            return (.internalServerError, "Something went wrong on our side. The error was logged.", nil, [:])
        }
    }

    static func describe(_ error: DecodingError) -> (field: String, message: String) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), "is required")
        case .valueNotFound(_, let context):
            return (path(context.codingPath), "must not be null")
        case .typeMismatch(let type, let context):
            return (path(context.codingPath), "must be \(Self.typeName(type))")
        case .dataCorrupted(let context):
            return (path(context.codingPath), context.codingPath.isEmpty ? "is not valid JSON" : context.debugDescription)
        @unknown default:
            return ("", "could not be read")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "of type \(type)"
        }
    }

    static func code(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 422: "validation_failed"
        case 429: "too_many_requests"
        case 503: "unavailable"
        default: status.code >= 500 ? "internal_error" : "error"
        }
    }
}

/// Headers every response carries: no sniffing, no framing, no third-party resources.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(
            name: "Content-Security-Policy",
            value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'"
        )
        return response
    }
}
