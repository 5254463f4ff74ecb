import Fluent
import Foundation
import CoreMetrics
import Metrics
import NIOConcurrencyHelpers
import Prometheus
import SQLKit
import Vapor

/// The app's metrics: instrumented through swift-metrics (`Counter`, `Timer`) with a Prometheus
/// backend that belongs to this app (no process-wide bootstrap, so every app, and every test,
/// has its own), plus figures read from the database when `/metrics` is scraped.
///
/// Per-process (each app server counts its own; scrape every server): requests and their
/// latency per route pattern, webhook delivery attempts. Workspace-wide (read from the shared
/// database, the same on every server): job queue depth, webhook deliveries waiting or failed,
/// rows stored by contact imports and the last import's throughput, database ping.
/// docs/deployment.md lists every series.
final class TandemMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let started = Date()
    /// Label sets of the database-derived gauges set at the last scrape, so a series whose rows
    /// are gone goes back to 0 instead of keeping its old value.
    private let lastSet = NIOLockedValueBox<[String: Set<[String]>]>([:])

    /// Request latency buckets, in seconds: pages answer in milliseconds, uploads take longer.
    static let latencyBuckets: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                                             .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2_500), .seconds(5), .seconds(10)]

    init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.latencyBuckets
        self.factory = factory
    }

    /// One answered request. `route` is the registered pattern ("/partners/:partnerID"), never
    /// the raw path, so the number of series stays bounded; requests that matched no route count as "unmatched".
    func requestFinished(method: String, route: String, status: UInt, nanoseconds: Int64) {
        CoreMetrics.Counter(label: "tandem_http_requests_total", dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory).increment()
        CoreMetrics.Timer(label: "tandem_http_request_duration_seconds", dimensions: [("method", method), ("route", route)], factory: factory)
            .recordNanoseconds(nanoseconds)
    }

    /// One attempt at a webhook delivery: "sent", "retry" (failed, will be tried again) or "failed" (given up).
    func webhookAttempt(event: String, outcome: String) {
        CoreMetrics.Counter(label: "tandem_webhook_delivery_attempts_total", dimensions: [("event", event), ("outcome", outcome)], factory: factory).increment()
    }

    /// Reads the workspace-wide figures from the database, then renders the text exposition format.
    func scrape(app: Application, on db: any Database) async throws -> String {
        let sql = db as! any SQLDatabase
        let pingStart = ContinuousClock.now
        _ = try await sql.raw("SELECT 1 AS one").all()
        let ping = ContinuousClock.now - pingStart
        gauge("tandem_database_ping_seconds", "Time to run SELECT 1 on a pooled connection (includes waiting for a free connection)")
            .set(Double(ping.components.seconds) + Double(ping.components.attoseconds) / 1e18)

        struct Count: Decodable { let a: String; let b: String; let n: Int }
        let jobs = try await sql.raw("SELECT kind AS a, status AS b, COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'running') GROUP BY kind, status").all(decoding: Count.self)
        setAll("tandem_jobs", "Background jobs waiting or running, by kind and status (the job queue depth)", labels: ["kind", "status"],
               jobs.map { ([$0.a, $0.b], Double($0.n)) })
        let deliveries = try await sql.raw("SELECT event AS a, status AS b, COUNT(*) AS n FROM webhook_deliveries WHERE status IN ('pending', 'sending', 'failed') GROUP BY event, status").all(decoding: Count.self)
        setAll("tandem_webhook_deliveries", "Webhook deliveries waiting, being sent, or given up (failed), by event and status", labels: ["event", "status"],
               deliveries.map { ([$0.a, $0.b], Double($0.n)) })

        struct Rows: Decodable { let kind: String; let inserted: Int?; let updated: Int?; let rejected: Int? }
        let rows = try await sql.raw("SELECT kind, CAST(SUM(rows_inserted) AS BIGINT) AS inserted, CAST(SUM(rows_updated) AS BIGINT) AS updated, CAST(SUM(rows_rejected) AS BIGINT) AS rejected FROM import_runs WHERE status = 'succeeded' GROUP BY kind").all(decoding: Rows.self)
        setAll("tandem_import_rows", "Rows of every finished import, by kind (contacts, qa) and outcome", labels: ["kind", "outcome"],
               rows.flatMap { r in [([r.kind, "inserted"], Double(r.inserted ?? 0)), ([r.kind, "updated"], Double(r.updated ?? 0)), ([r.kind, "rejected"], Double(r.rejected ?? 0))] })
        let last = try await ImportRun.query(on: db).filter(\.$status == .succeeded).filter(\.$finishedAt != nil).sort(\.$finishedAt, .descending).first()
        var throughput: [([String], Double)] = []
        if let last, let start = last.startedAt, let end = last.finishedAt, end > start {
            throughput = [([last.kind], Double(last.rowsRead) / end.timeIntervalSince(start))]
        }
        setAll("tandem_import_last_rows_per_second", "Rows read per second by the last finished import (rows read over its run time)", labels: ["kind"], throughput)

        gauge("tandem_info", "This server's version and database engine", labels: [("version", TandemVersion.current), ("engine", app.tandemConfig.database.engineName)]).set(to: 1.0)
        gauge("tandem_process_start_time_seconds", "When this server process started, in Unix seconds").set(started.timeIntervalSince1970)
        return registry.emitToString()
    }

    private func gauge(_ name: String, _ help: String, labels: [(String, String)] = []) -> Prometheus.Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, helpText: help), labels: labels)
    }

    /// Sets each labelled series; those set last time but absent now go to 0.
    private func setAll(_ name: String, _ help: String, labels names: [String], _ values: [([String], Double)]) {
        let now = Set(values.map(\.0))
        let stale = lastSet.withLockedValue { set -> Set<[String]> in
            let before = set[name] ?? []
            set[name] = before.union(now)
            return before.subtracting(now)
        }
        for labels in stale { gauge(name, help, labels: Array(zip(names, labels))).set(to: 0.0) }
        for (labels, value) in values { gauge(name, help, labels: Array(zip(names, labels))).set(value) }
    }
}

extension Application {
    private struct MetricsKey: StorageKey { typealias Value = TandemMetrics }

    /// Made once by `configure`, before the first request.
    var metrics: TandemMetrics {
        get { storage[MetricsKey.self]! }
        set { storage[MetricsKey.self] = newValue }
    }
}
