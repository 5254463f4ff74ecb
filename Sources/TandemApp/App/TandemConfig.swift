import Foundation
import Logging

/// Everything the app reads from its environment, parsed once at start-up.
/// Every bad value is reported together so an operator fixes them in one go.
public struct TandemConfig: Sendable {
    public enum DatabaseChoice: Sendable, Equatable {
        case sqlite(path: String)
        case sqliteInMemory
        case postgres(url: String)

        public var engineName: String {
            switch self {
            case .sqlite, .sqliteInMemory: "sqlite"
            case .postgres: "postgresql"
            }
        }
    }

    public var database: DatabaseChoice
    public var dataDirectory: String
    public var hostname: String
    public var port: Int
    public var logLevel: Logger.Level
    /// bcrypt cost for password hashes; tests lower it to stay fast.
    public var passwordCost: Int
    /// Send session cookies with `Secure` (behind TLS). Off by default so the local demo works over http.
    public var secureCookies: Bool
    /// Failed logins allowed per email within `loginThrottleWindow` before further tries are refused.
    public var loginFailureLimit: Int
    public var loginThrottleWindow: TimeInterval
    /// PostgreSQL schema to use instead of `public` (several workspaces in one database; tests).
    public var databaseSchema: String?
    /// Pooled connections per event loop (PostgreSQL).
    public var databasePoolSize: Int
    /// This server's name among the app servers (the host name unless set): background jobs are
    /// claimed in its name, and a server that starts again under the same name takes back at once
    /// the jobs its previous process held.
    public var nodeName: String
    /// A running job whose heartbeat is older than this is taken over by another server (its own
    /// server is presumed dead). Heartbeats go out every tenth of it (at least every second).
    public var jobStaleAfter: TimeInterval
    /// `GET /metrics` answers only this bearer token; nil: metrics are off (404).
    public var metricsToken: String?
    /// `text` (default) or `json`: one JSON object per log line.
    public var logFormat: LogFormat

    public static let defaultDataDirectory = "data"

    public init(
        database: DatabaseChoice, dataDirectory: String = TandemConfig.defaultDataDirectory,
        hostname: String = "127.0.0.1", port: Int = 8080, logLevel: Logger.Level = .info,
        passwordCost: Int = 12, secureCookies: Bool = false,
        loginFailureLimit: Int = 5, loginThrottleWindow: TimeInterval = 15 * 60,
        databaseSchema: String? = nil, databasePoolSize: Int = 4,
        nodeName: String = ProcessInfo.processInfo.hostName, jobStaleAfter: TimeInterval = 30,
        metricsToken: String? = nil, logFormat: LogFormat = .text
    ) {
        self.database = database
        self.dataDirectory = dataDirectory
        self.hostname = hostname
        self.port = port
        self.logLevel = logLevel
        self.passwordCost = passwordCost
        self.secureCookies = secureCookies
        self.loginFailureLimit = loginFailureLimit
        self.loginThrottleWindow = loginThrottleWindow
        self.databaseSchema = databaseSchema
        self.databasePoolSize = databasePoolSize
        self.nodeName = nodeName
        self.jobStaleAfter = jobStaleAfter
        self.metricsToken = metricsToken
        self.logFormat = logFormat
    }

    /// Command-line flags win over environment variables, which win over defaults.
    public struct Overrides: Sendable {
        public var dataDirectory: String?
        public var hostname: String?
        public var port: Int?
        public var databaseURL: String?
        public init(dataDirectory: String? = nil, hostname: String? = nil, port: Int? = nil, databaseURL: String? = nil) {
            self.dataDirectory = dataDirectory
            self.hostname = hostname
            self.port = port
            self.databaseURL = databaseURL
        }
    }

    public static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        overrides: Overrides = .init()
    ) throws(ConfigError) -> TandemConfig {
        var problems: [String] = []
        func value(_ key: String) -> String? {
            guard let raw = environment[key]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        func integer(_ key: String, _ range: ClosedRange<Int>, default fallback: Int) -> Int {
            guard let raw = value(key) else { return fallback }
            guard let parsed = Int(raw), range.contains(parsed) else {
                problems.append("\(key)=\(raw): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
                return fallback
            }
            return parsed
        }
        func flag(_ key: String) -> Bool {
            guard let raw = value(key)?.lowercased() else { return false }
            switch raw {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default:
                problems.append("\(key)=\(raw): expected true or false")
                return false
            }
        }

        let dataDirectory = overrides.dataDirectory ?? value("TANDEM_DATA_DIR") ?? defaultDataDirectory
        let hostname = overrides.hostname ?? value("TANDEM_HOST") ?? "127.0.0.1"
        var port = integer("TANDEM_PORT", 1...65_535, default: 8080)
        if let override = overrides.port {
            if (1...65_535).contains(override) { port = override } else { problems.append("--port \(override): expected 1 to 65535") }
        }

        var logLevel = Logger.Level.info
        if let raw = value("TANDEM_LOG_LEVEL") {
            if let level = Logger.Level(rawValue: raw.lowercased()) { logLevel = level }
            else { problems.append("TANDEM_LOG_LEVEL=\(raw): expected one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))") }
        }

        let database: DatabaseChoice
        if let url = overrides.databaseURL ?? value("DATABASE_URL") {
            if let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""), components.host?.isEmpty == false {
                database = .postgres(url: url)
            } else {
                problems.append("DATABASE_URL: expected postgres://user:password@host:port/database")
                database = .sqliteInMemory
            }
        } else {
            database = .sqlite(path: (dataDirectory as NSString).appendingPathComponent("tandem.sqlite"))
        }

        let schema = value("TANDEM_DB_SCHEMA")
        if let schema, !schema.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) {
            problems.append("TANDEM_DB_SCHEMA=\(schema): use lower-case letters, digits and _")
        }

        let nodeName = value("TANDEM_NODE_NAME") ?? ProcessInfo.processInfo.hostName
        if nodeName.contains("/") || nodeName.count > 200 {
            problems.append("TANDEM_NODE_NAME=\(nodeName): use at most 200 characters and no /")
        }

        let metricsToken = value("TANDEM_METRICS_TOKEN")
        if let metricsToken, metricsToken.count < 16 || metricsToken.contains(where: { $0.isWhitespace }) {
            problems.append("TANDEM_METRICS_TOKEN: use at least 16 characters and no spaces (e.g. openssl rand -hex 24)")
        }
        var logFormat = LogFormat.text
        if let raw = value("TANDEM_LOG_FORMAT") {
            if let format = LogFormat(rawValue: raw.lowercased()) { logFormat = format }
            else { problems.append("TANDEM_LOG_FORMAT=\(raw): expected text or json") }
        }

        let config = TandemConfig(
            database: database, dataDirectory: dataDirectory, hostname: hostname, port: port, logLevel: logLevel,
            passwordCost: integer("TANDEM_PASSWORD_COST", 4...31, default: 12),
            secureCookies: flag("TANDEM_SECURE_COOKIES"),
            loginFailureLimit: integer("TANDEM_LOGIN_FAILURE_LIMIT", 1...1_000, default: 5),
            loginThrottleWindow: TimeInterval(integer("TANDEM_LOGIN_THROTTLE_MINUTES", 1...1_440, default: 15) * 60),
            databaseSchema: schema,
            databasePoolSize: integer("TANDEM_DB_POOL_SIZE", 1...100, default: 4),
            nodeName: nodeName,
            jobStaleAfter: TimeInterval(integer("TANDEM_JOB_STALE_SECONDS", 3...3_600, default: 30)),
            metricsToken: metricsToken, logFormat: logFormat
        )
        if !problems.isEmpty { throw ConfigError(problems: problems) }
        return config
    }
}

public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let problems: [String]
    public var description: String {
        "Tandem cannot start; fix these settings:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
