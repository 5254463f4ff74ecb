import Fluent
import Foundation
import Vapor

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = TandemConfig }
    private struct DummyHashKey: StorageKey { typealias Value = String }

    var tandemConfig: TandemConfig {
        get { storage[ConfigKey.self]! }
        set { storage[ConfigKey.self] = newValue }
    }

    /// A hash to verify against when the email is unknown, so sign-in timing is the same either way.
    var tandemDummyPasswordHash: String {
        get { storage[DummyHashKey.self] ?? "" }
        set { storage[DummyHashKey.self] = newValue }
    }
}

/// Wires the app: database, sessions, passwords, middleware, migrations and routes.
public func configure(_ app: Application, _ config: TandemConfig) async throws {
    app.tandemConfig = config
    app.logger.logLevel = config.logLevel
    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.routes.defaultMaxBodySize = "2mb"

    try DatabaseSetup.configure(app, config)

    app.passwords.use(.bcrypt(cost: config.passwordCost))
    app.tandemDummyPasswordHash = try app.password.hash("tandem-dummy-password")

    // Fluent's table, with the expiry kept on each row (the cookie's alone is not enough).
    app.sessions.use { _ in ExpiringSessions() }
    let secure = config.secureCookies
    // Max-Age alone (RFC 6265: it wins over Expires in every browser): Vapor formats an Expires
    // date with a new DateFormatter for every response, 15% of a page view's time under load.
    app.sessions.configuration = SessionsConfiguration(cookieName: "tandem_session") { id in
        HTTPCookies.Value(string: id.string, expires: nil, maxAge: Int(SessionLifetime.seconds),
                          path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    app.metrics = TandemMetrics()
    app.middleware = Middlewares()
    // Outermost: request ids, one log line and the metrics for every request, whatever answers it.
    app.middleware.use(RequestObservationMiddleware())
    app.middleware.use(RequestTimingMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(TandemErrorMiddleware(isProduction: app.environment.isRelease))

    try routes(app)
    PerformanceFeature.configure(app)
    _ = app.derivedFigures  // created before requests share it

    // Background work lives in the database; every app server runs the same worker and
    // claims rows one by one. Tests drive `WebhookService.runOnce` themselves.
    if app.environment != .testing {
        app.lifecycle.use(WebhookService.worker())
        app.lifecycle.use(SessionPurge.worker())
        app.lifecycle.use(PeriodicWorker("Data version compaction", every: .seconds(60)) { try await DataVersionStore.compact(on: $0.db) })
    }
}

/// Creates or updates the schema. `serve` runs it at start-up; `tandem migrate` on demand.
public func migrate(_ app: Application) async throws {
    try await DatabaseSetup.createSchemaIfNeeded(app.db, app.tandemConfig)
    try await DatabaseSetup.prepare(app.db)  // before the first table: it picks a new SQLite file's page size
    try await SchemaMigrator.run(Migrations.all, on: app.db)
    try await DatabaseSetup.tuneConnections(app)
}
