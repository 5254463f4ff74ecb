import ArgumentParser
import Foundation
import TandemApp

/// `tandem bench …`: measured runs on a fresh, throw-away database. Each area adds its own subcommand.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure import, scorecard and staffing speed (imports on a fresh throw-away database).",
        subcommands: [BenchImport.self, BenchScorecards.self, BenchStaffing.self]
    )
}

/// Where a benchmark runs: a temporary SQLite file, or a fresh schema in the given PostgreSQL database.
struct BenchDatabase: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "Run on PostgreSQL (a temporary schema in this database) instead of SQLite.")
    var databaseURL: String?

    @Option(help: "Keep the SQLite benchmark database in this directory (to inspect it) instead of a deleted temporary one.")
    var keepIn: String?

    func withApp<T: Sendable>(_ body: (TandemRuntime.App) async throws -> T) async throws -> T {
        let directory = keepIn ?? FileManager.default.temporaryDirectory.appendingPathComponent("tandem-bench-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if keepIn == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let config = databaseURL.map {
            TandemConfig(database: .postgres(url: $0), dataDirectory: directory, logLevel: .warning, passwordCost: 4, databaseSchema: String(schema))
        } ?? TandemConfig(database: .sqlite(path: directory + "/tandem.sqlite"), dataDirectory: directory, logLevel: .warning, passwordCost: 4)
        return try await TandemRuntime.withApp(config) { app in
            do {
                let result = try await body(app)
                if databaseURL != nil { try await TandemRuntime.dropSchema(app, String(schema)) }
                return result
            } catch {
                if databaseURL != nil { try? await TandemRuntime.dropSchema(app, String(schema)) }
                throw error
            }
        }
    }

    var engine: String { databaseURL == nil ? "SQLite" : "PostgreSQL" }
}

struct BenchImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Generate N contacts to a file, then import it end to end (parse, validate, store, roll up).")
    @OptionGroup var database: BenchDatabase
    @Option(help: "Contacts to generate.") var count: Int = 1_000_000
    @Option(help: "Rows per batch handed to the writer (default: 1,000 on SQLite, 5,000 on PostgreSQL).") var batchSize: Int?
    @Flag(help: "Then build a year of weekly scorecards too.") var scorecards = false
    @Option(help: "Generate the same contacts as a platform's export and import them with its preset: amazon-connect.") var preset: String?
    @Option(help: "With --preset amazon-connect: firehose (objects back to back, no delimiter) or jsonl.") var shape: GeneratedCTRFile.Shape = .firehose

    func validate() throws {
        if let preset, preset != "amazon-connect" { throw ValidationError("--preset: only amazon-connect has a generator.") }
    }

    func run() async throws {
        LoggingSetup.bootstrap(.warning)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-bench-\(count).\(preset == nil ? "csv" : "json")").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let generated = Date()
        let bytes = preset == nil ? try GeneratedContactFile.write(count: count, to: file) : try GeneratedCTRFile.write(count: count, to: file, shape: shape)
        print(String(format: "Generated %d contacts%@ (%.0f MB) in %.1f s.", count, preset == nil ? "" : " as Amazon Connect contact records (\(shape.rawValue))",
                     Double(bytes) / 1_048_576, Date().timeIntervalSince(generated)))
        let memoryBefore = ProcessMemory.peakResidentBytes() ?? 0
        try await database.withApp { app in
            try await ImportOperations.loadDemoRegistry(app)
            let parsed = preset == nil ? try await ImportOperations.parse(app, path: file)
                : try await ImportOperations.parsePreset(app, path: file, preset: preset!, settings: GeneratedCTRFile.settings)
            print(String(format: "Reading alone (parse and validate, one core): %d rows in %.2f s = %.0f rows/s.",
                         parsed.rows, parsed.seconds, Double(parsed.rows) / parsed.seconds))
            let bar = ProgressBar()
            let report = preset == nil
                ? try await ImportOperations.contacts(app, path: file, source: "bench", format: "csv", mapping: nil, acceptValid: false,
                                                      rejectsPath: nil, batchSize: batchSize) { bar.update($0) }
                : try await ImportOperations.presetContacts(app, paths: [file], source: "bench", preset: preset!, settings: GeneratedCTRFile.settings,
                                                            acceptValid: false, rejectsPath: nil, batchSize: batchSize) { bar.update($0) }
            bar.finish()
            let finished = Date()
            let starts = bar.phaseStarts
            let phases = starts.indices.map { index in
                String(format: "%@ %.2f s", starts[index].phase, (index + 1 < starts.count ? starts[index + 1].at : finished).timeIntervalSince(starts[index].at))
            }
            let peak = ProcessMemory.peakResidentBytes() ?? 0
            print("Import on \(database.engine): \(report.status), \(report.message)")
            print(String(format: "  %d contacts in %.2f s = %.0f contacts/s end to end; peak RSS %.0f MB (%.0f MB before the import).",
                         report.rowsRead, report.seconds, Double(report.rowsRead) / report.seconds, Double(peak) / 1_048_576, Double(memoryBefore) / 1_048_576))
            print("  Phases: " + phases.joined(separator: "; ") + ".")
            if scorecards { try await BenchScorecards.measure(app, engine: database.engine) }
        }
    }
}

struct BenchScorecards: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scorecards", abstract: "Import N generated contacts, then time a year of weekly scorecards for every team × queue.")
    @OptionGroup var database: BenchDatabase
    @Option(help: "Contacts to generate and import first.") var count: Int = 500_000

    func run() async throws {
        LoggingSetup.bootstrap(.warning)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-bench-sc-\(count).csv").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try GeneratedContactFile.write(count: count, to: file)
        try await database.withApp { app in
            try await ImportOperations.loadDemoRegistry(app)
            _ = try await ImportOperations.contacts(app, path: file, source: "bench", format: "csv", mapping: nil, acceptValid: false, rejectsPath: nil)
            try await Self.measure(app, engine: database.engine)
        }
    }

    /// A year of weekly scorecards, seven times each way: straight from the database; as a page reads
    /// them right after a change of the data (the kept period sums and scorecards built afresh); and as
    /// a page reads them otherwise (the data versions read, the kept scorecards found). First, best, median.
    static func measure(_ app: TandemRuntime.App, engine: String, repeats: Int = 7) async throws {
        let rollupRows = try await ScorecardOperations.rollupRowCount(app)
        var digests = Set<String>()
        for (name, path) in [("from the database", ScorecardOperations.Path.database), ("kept, right after a change", .keptAfterChange),
                             ("kept (what pages read)", .kept)] {
            var seconds: [Double] = []
            var year: ScorecardOperations.YearOfScorecards?
            for _ in 0..<repeats {
                let start = Date()
                year = try await ScorecardOperations.buildYear(app, path: path)
                seconds.append(Date().timeIntervalSince(start))
            }
            digests.insert(year?.digest ?? "")
            let sorted = seconds.sorted()
            print(String(format: "Scorecards on %@, %@: %d weekly scorecards (%d team × queue rows, from %d rollup rows): best %.2f ms, median %.2f ms, first %.2f ms.",
                         engine, name, year?.scorecards ?? 0, year?.rows ?? 0, rollupRows, sorted[0] * 1000, sorted[sorted.count / 2] * 1000, seconds[0] * 1000))
        }
        print(digests.count == 1 ? "The three ways give the same figures in every cell." : "MISMATCH: the ways disagree on some figure.")
    }
}

struct BenchStaffing: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "staffing", abstract: "Required agents for 100,000 mixed intervals (Erlang C, plus Erlang A on 10,000).")

    @Option(help: "How many intervals.") var intervals: Int = 100_000
    @Option(help: "Workload seed.") var seed: UInt64 = 20_240_601
    @Option(help: "Also write the workload and its answers to this CSV (for scripts/compare_erlang_peers.py).") var writeWorkload: String?

    func run() throws {
        guard intervals > 0 else { throw ValidationError("--intervals must be at least 1") }
        if let writeWorkload {
            try StaffingBench.writeWorkload(intervals: intervals, seed: seed, to: writeWorkload)
            print("Wrote \(intervals) intervals to \(writeWorkload).")
        }
        for line in try StaffingBench.report(intervals: intervals, seed: seed) { print(line) }
    }
}
