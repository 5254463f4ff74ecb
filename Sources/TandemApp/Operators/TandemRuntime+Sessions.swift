import Foundation
import Vapor

extension TandemRuntime {
    /// Deletes expired sign-in sessions now (servers also do it hourly); returns how many went.
    public static func purgeExpiredSessions(_ app: Application) async throws -> Int {
        try await SessionPurge.run(on: app.db)
    }
}
