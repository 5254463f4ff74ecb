import Fluent
import Foundation
import SQLKit
import TandemPerformance
import Vapor

/// The CLI's door to the performance area: imports, generated files and benchmarks.
extension TandemRuntime {
    public struct ImportReport: Sendable {
        public let status: String
        public let message: String
        public let rowsRead: Int
        public let inserted: Int
        public let updated: Int
        public let rejected: Int
        /// "file:line field: reason", the first ones.
        public let issues: [String]
        public let seconds: Double
    }

    public struct ImportProgressSnapshot: Sendable {
        /// "reading and storing", then the work after the last row, then "committing".
        public let phase: String
        public let rowsRead: Int
        public let bytesRead: Int
        public let bytesTotal: Int
    }

    /// Imports a contact file now. `mapping` is `field=Column,…` or the path of a JSON file holding
    /// such an object (`{"external_id": "Ticket ID"}`).
    public static func importContacts(
        _ app: Application, path: String, source: String, format: String?, mapping: String?, acceptValid: Bool, rejectsPath: String?,
        batchSize: Int? = nil, progress: @escaping @Sendable (ImportProgressSnapshot) -> Void = { _ in }
    ) async throws -> ImportReport {
        guard FileManager.default.fileExists(atPath: path) else { throw OperatorError(message: "No file at \(path).") }
        var parsedFormat: ContactFileFormat?
        if let format {
            guard let chosen = ContactFileFormat(rawValue: format) else { throw OperatorError(message: "--format must be csv or jsonl.") }
            parsedFormat = chosen
        }
        var parsedMapping: ColumnMapping?
        if let mapping {
            do {
                if FileManager.default.fileExists(atPath: mapping) {
                    let object = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: mapping)))
                    parsedMapping = try ColumnMapping.parse(pairs: object.map { "\($0.key)=\($0.value)" }.joined(separator: ","))
                } else {
                    parsedMapping = try ColumnMapping.parse(pairs: mapping)
                }
            } catch {
                throw OperatorError(message: "--mapping: \(error)")
            }
        }
        let started = Date()
        let run: ImportRun
        do {
            run = try await ImportService.importFile(
                path: path, source: source, format: parsedFormat, mapping: parsedMapping,
                options: ImportOptions(acceptValid: acceptValid, rejectsPath: rejectsPath, batchSize: batchSize),
                by: .cli("tandem import"), on: app.db
            ) { p in progress(ImportProgressSnapshot(phase: p.phase.rawValue, rowsRead: p.rowsRead, bytesRead: p.bytesRead, bytesTotal: p.bytesTotal)) }
        } catch let failure as ValidationFailed {
            throw OperatorError(message: failure.fields.summary)
        }
        let name = (path as NSString).lastPathComponent
        return ImportReport(status: run.status.rawValue, message: run.message, rowsRead: run.rowsRead, inserted: run.rowsInserted, updated: run.rowsUpdated,
                            rejected: run.rowsRejected, issues: run.issueList.map { "\(name):\($0.line) \($0.field): \($0.reason)" },
                            seconds: Date().timeIntervalSince(started))
    }

    /// Reads and validates a contact file against the workspace without storing anything (the
    /// reading half of an import, for benchmarks): (rows read, rows valid, seconds).
    public static func parseContacts(_ app: Application, path: String) async throws -> (rows: Int, valid: Int, seconds: Double) {
        let directory = try await PerformanceDirectory.load(on: app.db)
        let started = Date()
        var reader = try ContactFileReader(try FileChunkSource(path: path), format: .guess(fromName: path), mapping: ColumnMapping())
        let validator = ContactRowValidator(directory: directory.contactDirectory)
        var rows = 0, valid = 0
        while let row = try reader.next() {
            rows += 1
            if case .valid = validator.validate(row) { valid += 1 }
        }
        return (rows, valid, Date().timeIntervalSince(started))
    }

    /// Writes `count` generated contacts for the demo teams and queues as CSV; returns bytes written.
    /// Streams: memory stays flat whatever the count.
    public static func generateContacts(count: Int, to path: String, seed: UInt64 = 2026) throws -> Int {
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw OperatorError(message: "Cannot write \(path).") }
        defer { try? handle.close() }
        let lastDay = UTCDay(Date())
        let generator = ContactGenerator(
            teams: [
                .init(name: "Northwind In-house", site: "Denver HQ", trend: .steady(0.78)),
                .init(name: "Harborline Contact Services", site: "Tampa", trend: .improving(from: 0.45, to: 0.82)),
                .init(name: "Meridian CX", site: "Monterrey", trend: .degradingAfterLaunch(launch: 0.86, later: 0.5, afterWeeks: 10)),
            ],
            queues: [
                .init(code: "orders-voice", channel: .voice, serviceLevelSeconds: 20, talkSeconds: 330),
                .init(code: "billing-voice", channel: .voice, serviceLevelSeconds: 30, talkSeconds: 360),
                .init(code: "tech-voice", channel: .voice, serviceLevelSeconds: 20, talkSeconds: 420),
                .init(code: "orders-chat", channel: .chat, serviceLevelSeconds: 60, talkSeconds: 480),
                .init(code: "returns-chat", channel: .chat, serviceLevelSeconds: 60, talkSeconds: 420),
            ],
            // Enough days that a year holds the requested count; the volume per day follows from it.
            firstDay: UTCDay(daysSince1970: lastDay.daysSince1970 - 364), lastDay: lastDay,
            dailyVolume: max(1, Double(count) / (364 * 15 * 0.93)), limit: count, seed: seed, idPrefix: "g\(seed)", idWidth: 8
        )
        var buffer = Data()
        buffer.reserveCapacity(1 << 21)
        buffer.append(contentsOf: (ContactGenerator.csvHeader + "\n").utf8)
        var written = 0
        for contact in generator {
            buffer.append(contentsOf: contact.csvLine.utf8)
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 {
                handle.write(buffer)
                written += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(buffer)
        return written + buffer.count
    }

    public struct ScorecardBench: Sendable {
        public let scorecards: Int
        public let rows: Int
        public let rollupRows: Int
        public let seconds: [Double]
    }

    /// Builds a year (52 weeks) of weekly team × queue scorecards for every team, `repeats` times.
    public static func benchScorecards(_ app: Application, repeats: Int = 5) async throws -> ScorecardBench {
        let last = try await ScorecardService.latestPeriod(.week, on: app.db) ?? ReportingPeriod(kind: .week, containing: UTCDay(Date()))
        var times: [Double] = []
        var cards: [Scorecard] = []
        for _ in 0..<repeats {
            let start = Date()
            let context = try await ScorecardService.Context.load(on: app.db)
            cards = try await ScorecardService.series(.week, first: last.index - 51, count: 52, grouping: .queue, scope: .all, context: context, on: app.db)
            times.append(Date().timeIntervalSince(start))
        }
        let rollupRows = try await (app.db as! any SQLDatabase).select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from("contact_rollups").first()?.decode(column: "n", as: Int.self) ?? 0
        return ScorecardBench(scorecards: cards.count, rows: cards.reduce(0) { $0 + $1.rows.count }, rollupRows: rollupRows, seconds: times)
    }

    /// Loads the demo registry only (teams, sites, queues, users), without generated contacts: benchmarks bring their own.
    public static func loadDemoRegistry(_ app: Application) async throws {
        try await DemoWorkspace.load(on: app, withPerformanceData: false)
    }

    /// Peak resident memory of this process so far, in bytes (Linux: VmHWM), nil elsewhere.
    public static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }
}

extension TandemRuntime {
    /// Drops a PostgreSQL schema (benchmarks clean up after themselves).
    public static func dropSchema(_ app: Application, _ schema: String) async throws {
        guard let sql = app.db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
    }
}

extension TandemRuntime {
    /// The running app, as the CLI names it without importing Vapor.
    public typealias App = Application
}
