import Foundation
import NIOCore
import Vapor

/// Times every request from the moment the app sees it to its response: a `Server-Timing` header
/// on the answer (browsers' developer tools and load tests read it); `RequestObservationMiddleware`
/// logs each request. A future-based middleware, so timing costs no extra task per request.
struct RequestTimingMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let started = NIODeadline.now()
        return next.respond(to: request).map { response in
            let milliseconds = Double((NIODeadline.now() - started).nanoseconds) / 1_000_000
            response.headers.replaceOrAdd(name: "Server-Timing", value: "app;dur=\(String(format: "%.2f", milliseconds))")
            return response
        }
    }
}
