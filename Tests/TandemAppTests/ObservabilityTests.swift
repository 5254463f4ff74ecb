import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// The Prometheus text exposition format, parsed as a scraper would: `# HELP` / `# TYPE` lines,
/// then samples `name{label="value",…} number`.
struct Exposition {
    struct Sample: Equatable {
        let name: String
        let labels: [String: String]
        let value: Double
    }
    var types: [String: String] = [:]
    var samples: [Sample] = []

    init(_ text: String) throws {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                types[String(parts[2])] = String(parts[3])
                continue
            }
            if line.hasPrefix("#") { continue }
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { throw Bad(line: String(line)) }
            let series = line[..<space]
            var labels: [String: String] = [:]
            let name: Substring
            if let brace = series.firstIndex(of: "{") {
                name = series[..<brace]
                guard series.last == "}" else { throw Bad(line: String(line)) }
                var rest = series[series.index(after: brace)..<series.index(before: series.endIndex)]
                while !rest.isEmpty {
                    guard let eq = rest.firstIndex(of: "="), rest[rest.index(after: eq)] == "\"" else { throw Bad(line: String(line)) }
                    let key = String(rest[..<eq])
                    var i = rest.index(eq, offsetBy: 2)
                    var value = ""
                    while rest[i] != "\"" {
                        if rest[i] == "\\" { i = rest.index(after: i) }
                        value.append(rest[i])
                        i = rest.index(after: i)
                    }
                    labels[key] = value
                    rest = rest[rest.index(after: i)...]
                    if rest.first == "," { rest = rest.dropFirst() }
                }
            } else {
                name = series
            }
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }) else { throw Bad(line: String(line)) }
            samples.append(Sample(name: String(name), labels: labels, value: value))
        }
    }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }?.value
    }

    func all(_ name: String) -> [Sample] { samples.filter { $0.name == name } }

    struct Bad: Error { let line: String }
}

@Suite struct MetricsTests {
    static let token = "metrics-token-0123456789abcdef"

    static func scrape(_ app: Application) async throws -> Exposition {
        let response = try await app.testing().sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer \(token)"])
        #expect(response.status == .ok)
        #expect(response.headers.contentType?.description.hasPrefix("text/plain") == true)
        return try Exposition(response.text)
    }

    @Test(arguments: TestDatabase.all)
    func metrics_count_requests_per_route_pattern_and_read_the_queues(_ engine: TestDatabase) async throws {
        try await withApp(engine, configure: { $0.metricsToken = Self.token }) { app in
            let ws = try await Workspace.make(on: app)
            #expect(try await app.testing().sendRequest(.GET, "/metrics").status == .unauthorized)
            #expect(try await app.testing().sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer \(Self.token)x"]).status == .unauthorized)

            for _ in 0..<3 { _ = try await app.testing().sendRequest(.GET, "/healthz") }
            let api = try await APIClient.forUser(app, ws.admin)
            #expect(try await api.send(.GET, "/api/v1/partners/\(ws.partnerA)").status == .ok)
            #expect(try await api.send(.GET, "/api/v1/partners/\(ws.partnerB)").status == .ok)
            #expect(try await api.send(.GET, "/api/v1/partners/\(UUID())").status == .notFound)
            _ = try await app.testing().sendRequest(.GET, "/no/such/page/\(UUID())")
            try await Perf.importCSV(app, Perf.handWorked)
            _ = try await JobQueue.enqueue(kind: "test-kind", payload: ["x": 1], on: app.db)
            _ = try await JobQueue.enqueue(kind: "test-kind", payload: ["x": 2], on: app.db)
            // One failing webhook attempt (nothing listens on port 9).
            _ = try await WebhookService.createSubscription(.init(name: "Down", url: "http://127.0.0.1:9/hook", events: ["*"], format: .tandem, active: nil), by: .cli("t"), on: app.db)
            try await WebhookEvents.emit(.contractDeadline, key: "m1", summary: "x", data: ["n": 1], on: app.db)
            try await WebhookService.runOnce(app: app)

            let metrics = try await Self.scrape(app)
            #expect(metrics.types["tandem_http_requests_total"] == "counter" && metrics.types["tandem_http_request_duration_seconds"] == "histogram")
            #expect(metrics.value("tandem_http_requests_total", ["method": "GET", "route": "/healthz", "status": "200"]) == 3)
            // The route's pattern, never the raw path: two partners, one series; the 404 of an unknown id apart.
            #expect(metrics.value("tandem_http_requests_total", ["method": "GET", "route": "/api/v1/partners/:partnerID", "status": "200"]) == 2)
            #expect(metrics.value("tandem_http_requests_total", ["method": "GET", "route": "/api/v1/partners/:partnerID", "status": "404"]) == 1)
            #expect(metrics.value("tandem_http_requests_total", ["route": "unmatched", "status": "404"]) == 1)
            #expect(!metrics.samples.contains { $0.labels["route"]?.contains(ws.partnerA.uuidString.lowercased()) == true || $0.labels["route"]?.contains("/no/such") == true })

            // Histogram: cumulative buckets ending at +Inf = count, one per request.
            let buckets = metrics.all("tandem_http_request_duration_seconds_bucket").filter { $0.labels["route"] == "/healthz" }
            #expect(buckets.count == TandemMetrics.latencyBuckets.count + 1 && buckets.last?.labels["le"] == "+Inf" && buckets.last?.value == 3)
            #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.value <= $1.value })
            #expect(metrics.value("tandem_http_request_duration_seconds_count", ["route": "/healthz"]) == 3)
            #expect((metrics.value("tandem_http_request_duration_seconds_sum", ["route": "/healthz"]) ?? -1) > 0)

            #expect(metrics.value("tandem_jobs", ["kind": "test-kind", "status": "queued"]) == 2)
            #expect(metrics.value("tandem_import_rows", ["kind": "contacts", "outcome": "inserted"]) == 7)
            #expect(metrics.value("tandem_import_rows", ["kind": "contacts", "outcome": "rejected"]) == 0)
            #expect((metrics.value("tandem_import_last_rows_per_second", ["kind": "contacts"]) ?? 0) > 0)
            #expect(metrics.value("tandem_webhook_delivery_attempts_total", ["event": "contract.deadline", "outcome": "retry"]) == 1)
            #expect(metrics.value("tandem_webhook_deliveries", ["event": "contract.deadline", "status": "pending"]) == 1)
            #expect((metrics.value("tandem_database_ping_seconds") ?? -1) >= 0)
            #expect(metrics.value("tandem_info", ["engine": engine == .sqlite ? "sqlite" : "postgresql", "version": TandemVersion.current]) == 1)

            // A queue that empties goes back to 0 rather than keeping its old depth.
            try await Job.query(on: app.db).filter(\.$kind == "test-kind").delete()
            #expect(try await Self.scrape(app).value("tandem_jobs", ["kind": "test-kind", "status": "queued"]) == 0)
        }
    }

    @Test func metrics_are_off_without_a_token() async throws {
        try await withApp(.sqlite) { app in
            let response = try await app.testing().sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer anything-at-all-123456"])
            #expect(response.status == .notFound)
        }
    }

    @Test func the_token_and_log_format_are_read_and_checked() throws {
        let config = try TandemConfig.load(environment: ["TANDEM_METRICS_TOKEN": Self.token, "TANDEM_LOG_FORMAT": "JSON"])
        #expect(config.metricsToken == Self.token && config.logFormat == .json)
        #expect(try TandemConfig.load(environment: [:]).logFormat == .text)
        #expect(throws: ConfigError.self) { try TandemConfig.load(environment: ["TANDEM_METRICS_TOKEN": "short"]) }
        do {
            _ = try TandemConfig.load(environment: ["TANDEM_METRICS_TOKEN": "short", "TANDEM_LOG_FORMAT": "xml"])
            Issue.record("bad values accepted")
        } catch {
            #expect(error.problems.count == 2 && error.description.contains("TANDEM_LOG_FORMAT=xml"))
        }
    }
}

/// Collects the lines a `JSONLogHandler` writes.
final class LogSink: Sendable {
    private let box = NIOLockedValueBox<[String]>([])
    var lines: [String] { box.withLockedValue { $0 } }
    func write(_ line: String) { box.withLockedValue { $0.append(line) } }

    func objects() throws -> [[String: Any]] {
        try lines.map { line in try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not one JSON object: \(line)") }
    }
}

@Suite struct RequestLogTests {
    @Test(arguments: TestDatabase.all)
    func json_logs_carry_the_request_id_route_status_and_duration(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let sink = LogSink()
            app.logger = Logger(label: "tandem.test") { JSONLogHandler(label: $0, level: .info, write: sink.write) }
            let given = try await app.testing().sendRequest(.GET, "/healthz", headers: ["X-Request-Id": "lb-7f3a.42:x_y"])
            #expect(given.headers.first(name: "X-Request-Id") == "lb-7f3a.42:x_y", "a sensible incoming id is kept and returned")
            let forged = try await app.testing().sendRequest(.GET, "/healthz", headers: ["X-Request-Id": "abc\"}\n{\"level\":\"critical"])
            let replaced = try #require(forged.headers.first(name: "X-Request-Id"))
            #expect(UUID(uuidString: replaced) != nil, "an id with quotes or line breaks is replaced: \(replaced)")
            let long = try await app.testing().sendRequest(.GET, "/healthz", headers: ["X-Request-Id": String(repeating: "a", count: 129)])
            #expect(UUID(uuidString: long.headers.first(name: "X-Request-Id") ?? "") != nil, "more than 128 characters is replaced")
            let none = try await app.testing().sendRequest(.GET, "/api/v1/partners/\(ws.partnerA)")
            let generated = try #require(none.headers.first(name: "X-Request-Id"))
            #expect(UUID(uuidString: generated) != nil && generated != replaced)

            let lines = try sink.objects().filter { $0["route"] != nil }
            #expect(lines.count == 4, "one line per request: \(sink.lines)")
            let first = lines[0]
            #expect(first["request_id"] as? String == "lb-7f3a.42:x_y")
            #expect(first["route"] as? String == "/healthz" && first["status"] as? Int == 200 && first["method"] as? String == "GET")
            #expect(first["level"] as? String == "info" && first["message"] as? String == "GET /healthz 200")
            #expect((first["duration_ms"] as? Double ?? -1) >= 0)
            let time = try #require(first["time"] as? String)
            #expect(time.hasSuffix("Z") && (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(time)) != nil, "\(time)")
            #expect(lines[1]["request_id"] as? String == replaced)
            let last = lines[3]
            #expect(last["route"] as? String == "/api/v1/partners/:partnerID" && last["status"] as? Int == 401 && last["request_id"] as? String == generated)
            #expect(sink.lines.allSatisfy { !$0.contains("\n") }, "one object per line")
        }
    }

    @Test func a_request_id_is_letters_digits_and_dash_underscore_dot_colon_up_to_128() {
        #expect(RequestObservationMiddleware.acceptable("0f8fad5b-d9cb-469f-a165-70867728950e"))
        #expect(RequestObservationMiddleware.acceptable(String(repeating: "x", count: 128)))
        #expect(!RequestObservationMiddleware.acceptable(String(repeating: "x", count: 129)))
        #expect(!RequestObservationMiddleware.acceptable(""))
        #expect(!RequestObservationMiddleware.acceptable("a b") && !RequestObservationMiddleware.acceptable("a\"b") && !RequestObservationMiddleware.acceptable("é"))
    }
}
