import Fluent
import Foundation
import Vapor

struct HealthDTO: Content, Equatable {
    let status: String
    let version: String
    let database: String
    let engine: String
}

/// `/healthz`: the process answers and the database does too. Load balancers poll it.
enum ServiceHealthCheck {
    static let path = "/healthz"

    static func register(_ routes: any RoutesBuilder) {
        routes.get(PathComponent(stringLiteral: String(path.dropFirst()))) { req async -> Response in
            let engine = req.application.tandemConfig.database.engineName
            var databaseOK = true
            do { _ = try await User.query(on: req.db).count() } catch {
                databaseOK = false
                req.logger.error("health check: database unreachable: \(String(reflecting: error))")
            }
            let body = HealthDTO(status: databaseOK ? "ok" : "degraded", version: TandemVersion.current,
                                 database: databaseOK ? "reachable" : "unreachable", engine: engine)
            let response = Response(status: databaseOK ? .ok : .serviceUnavailable)
            try? response.content.encode(body, as: .json)
            return response
        }
    }
}
