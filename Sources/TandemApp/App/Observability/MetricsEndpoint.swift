import Foundation
import Vapor

/// `GET /metrics`: the Prometheus text exposition format. Off (404) unless `TANDEM_METRICS_TOKEN`
/// is set; then it answers only `Authorization: Bearer <that token>` (401 otherwise), so a
/// scraper needs no user account and nobody else learns the route names or the traffic.
enum MetricsEndpoint {
    static let path = "/metrics"

    static func register(_ app: Application) {
        app.get(PathComponent(stringLiteral: String(path.dropFirst()))) { req async throws -> Response in
            guard let token = req.application.tandemConfig.metricsToken else { throw Abort(.notFound) }
            guard let given = req.headers.bearerAuthorization?.token, Secrets.constantTimeEquals(given, token) else {
                var headers = HTTPHeaders()
                headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer realm=\"tandem-metrics\"")
                return Response(status: .unauthorized, headers: headers, body: .init(string: "A bearer token is required (TANDEM_METRICS_TOKEN).\n"))
            }
            let text = try await req.application.metrics.scrape(app: req.application, on: req.db)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
            headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return Response(status: .ok, headers: headers, body: .init(string: text))
        }
    }
}
