import Foundation
import Logging
import Vapor

/// The outermost middleware: gives every request an id (the caller's `X-Request-Id` when it is
/// a sensible one, else a new one), puts it on the request's logger and on the response, logs
/// one line per request (route pattern, status, duration) and counts it in the metrics.
struct RequestObservationMiddleware: AsyncMiddleware {
    static let header = "X-Request-Id"

    /// An incoming id is kept when it is 1 to 128 characters of letters, digits and `-_.:`
    /// (what proxies and tracing systems send); anything else is replaced, so a log line can
    /// never be forged or bloated through the header.
    static func acceptable(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x3A
        }
    }

    static func requestID(from headers: HTTPHeaders) -> String {
        if let given = headers.first(name: header), acceptable(given) { return given }
        return UUID().uuidString.lowercased()
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let id = Self.requestID(from: request.headers)
        request.logger[metadataKey: "request-id"] = nil
        request.logger[metadataKey: "request_id"] = .string(id)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        let method = request.route == nil ? "other" : request.method.rawValue
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            // Only reached if an error escapes the error middleware (it renders every error as a response).
            finish(request, id: id, route: route, method: method, status: .internalServerError, started: started)
            throw error
        }
        response.headers.replaceOrAdd(name: Self.header, value: id)
        finish(request, id: id, route: route, method: method, status: response.status, started: started)
        return response
    }

    private func finish(_ request: Request, id: String, route: String, method: String, status: HTTPResponseStatus, started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        request.application.metrics.requestFinished(method: method, route: route, status: status.code, nanoseconds: nanoseconds)
        let level: Logger.Level = status.code >= 500 ? .error : .info
        request.logger.log(level: level, "\(request.method.rawValue) \(route) \(status.code)", metadata: [
            "route": .string(route), "method": .string(request.method.rawValue), "status": .stringConvertible(status.code),
            "duration_ms": .stringConvertible((Double(nanoseconds) / 1_000).rounded() / 1_000),
        ])
    }
}
