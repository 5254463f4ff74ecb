import Fluent
import Foundation
import Vapor

/// Limits password guessing per account and per client address. Attempts live in the
/// database, so the limit holds however many app servers share the load.
struct LoginThrottle: Sendable {
    let failureLimit: Int
    let window: TimeInterval
    /// A client address may fail this many times more than one account before it is stopped too.
    var addressFactor = 4

    /// Seconds until the next attempt is allowed, or nil when allowed now.
    func retryAfter(email: String, address: String, now: Date = Date(), on db: any Database) async throws -> Int? {
        let since = now.addingTimeInterval(-window)
        let byEmail = try await LoginAttempt.query(on: db).filter(\.$email == email).filter(\.$succeeded == false)
            .filter(\.$attemptedAt > since).sort(\.$attemptedAt, .ascending).all(\.$attemptedAt)
        let byAddress = try await LoginAttempt.query(on: db).filter(\.$clientAddress == address).filter(\.$succeeded == false)
            .filter(\.$attemptedAt > since).sort(\.$attemptedAt, .ascending).all(\.$attemptedAt)
        func wait(_ times: [Date], limit: Int) -> Int? {
            guard times.count >= limit else { return nil }
            // Allowed again once the oldest failure that keeps the count at the limit leaves the window.
            let oldest = times[times.count - limit]
            return max(1, Int((oldest.addingTimeInterval(window).timeIntervalSince(now)).rounded(.up)))
        }
        return [wait(byEmail, limit: failureLimit), wait(byAddress, limit: failureLimit * addressFactor)].compactMap { $0 }.max()
    }

    func record(email: String, address: String, succeeded: Bool, now: Date = Date(), on db: any Database) async throws {
        let attempt = LoginAttempt()
        attempt.email = email
        attempt.clientAddress = address
        attempt.succeeded = succeeded
        attempt.attemptedAt = now
        try await attempt.create(on: db)
        if succeeded {
            // A successful sign-in clears the account's failures; old rows are pruned as we go.
            try await LoginAttempt.query(on: db).filter(\.$email == email).filter(\.$succeeded == false).delete()
        }
        try await LoginAttempt.query(on: db).filter(\.$attemptedAt < now.addingTimeInterval(-max(window, 86_400))).delete()
    }
}

extension Request {
    /// The client's address as seen by this server. Behind a load balancer, configure it to
    /// forward the client address; we only trust the socket here.
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
