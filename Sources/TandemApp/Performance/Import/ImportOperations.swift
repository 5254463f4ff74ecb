import Fluent
import Foundation
import TandemPerformance
import TandemSources
import Vapor

/// `tandem import …`: contact and QA files imported now, through the same importers as the
/// imports page and the API (one transaction, audited, re-imports update).
public enum ImportOperations {
    public struct ImportReport: Sendable {
        public let status: ImportStatus
        public let message: String
        public let rowsRead: Int
        public let inserted: Int
        public let updated: Int
        public let rejected: Int
        /// "file:line field: reason", the first ones.
        public let issues: [String]
        public let seconds: Double
        /// Source presets: records neither stored nor errors, and stored contacts deleted.
        public var skipped = 0
        public var deleted = 0
    }

    public struct ImportProgressSnapshot: Sendable {
        /// "reading and storing", then the work after the last row, then "committing".
        public let phase: String
        public let rowsRead: Int
        public let bytesRead: Int
        public let bytesTotal: Int
    }

    /// Imports a source preset's files now, as one import (docs/import-presets.md). `settings` is the
    /// settings text (`team=queue;queue.Billing_DE=billing`…) or the path of a file holding it; nil:
    /// the source's saved settings for this preset.
    public static func presetContacts(
        _ app: Application, paths: [String], source: String, preset: String, settings: String?, acceptValid: Bool, rejectsPath: String?,
        batchSize: Int? = nil, progress: @escaping @Sendable (ImportProgressSnapshot) -> Void = { _ in }
    ) async throws -> ImportReport {
        for path in paths where !FileManager.default.fileExists(atPath: path) { throw OperatorError(message: "No file at \(path).") }
        var settingsText = settings
        if let settings, FileManager.default.fileExists(atPath: settings) {
            do { settingsText = try String(contentsOfFile: settings, encoding: .utf8) } catch { throw OperatorError(message: "--preset-settings: \(error)") }
        }
        let started = Date()
        let run: ImportRun
        do {
            guard let request = try PresetRequest.parse(preset: preset, settings: settingsText) else { throw OperatorError(message: "--preset is required.") }
            run = try await ImportService.importFiles(
                paths: paths, source: source, preset: request,
                options: ImportOptions(acceptValid: acceptValid, rejectsPath: rejectsPath, batchSize: batchSize),
                roster: try await app.agentTeamLookup(on: app.db), by: .cli("tandem import"), on: app.db
            ) { p in progress(ImportProgressSnapshot(phase: p.phase.rawValue, rowsRead: p.rowsRead, bytesRead: p.bytesRead, bytesTotal: p.bytesTotal)) }
        } catch let failure as ValidationFailed {
            throw OperatorError(message: failure.fields.summary)
        }
        let name = paths.count == 1 ? (paths[0] as NSString).lastPathComponent : nil
        return report(run, fileName: name, started: started)
    }

    private static func report(_ run: ImportRun, fileName: String?, started: Date) -> ImportReport {
        ImportReport(status: run.status, message: run.message, rowsRead: run.rowsRead, inserted: run.rowsInserted, updated: run.rowsUpdated,
                     rejected: run.rowsRejected, issues: run.issueList.map { issue in
                         let file = issue.file ?? fileName ?? "files"
                         return "\(file):\(issue.line)\(issue.record.map { " (\($0))" } ?? "") \(issue.field): \(issue.reason)"
                     },
                     seconds: Date().timeIntervalSince(started), skipped: run.rowsSkipped, deleted: run.rowsDeleted)
    }

    /// Imports a contact file now. `mapping` is `field=Column,…` or the path of a JSON file holding
    /// such an object (`{"external_id": "Ticket ID"}`).
    public static func contacts(
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
        return report(run, fileName: (path as NSString).lastPathComponent, started: started)
    }

    /// Reads and validates a contact file against the workspace without storing anything (the
    /// reading half of an import, for benchmarks): (rows read, rows valid, seconds).
    public static func parse(_ app: Application, path: String) async throws -> (rows: Int, valid: Int, seconds: Double) {
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

    /// Reads and validates a source preset's file without storing anything (benchmarks): (records
    /// read, rows valid, seconds).
    public static func parsePreset(_ app: Application, path: String, preset: String, settings: String) async throws -> (rows: Int, valid: Int, seconds: Double) {
        guard let chosen = SourcePreset(rawValue: preset) else { throw OperatorError(message: "No preset \(preset).") }
        let parsed: PresetSettings
        do { parsed = try PresetSettings.parse(settings, preset: chosen) } catch { throw OperatorError(message: "\(error)") }
        let directory = try await PerformanceDirectory.load(on: app.db)
        let started = Date()
        let reader = try PresetRowReader(settings: parsed, parts: [ImportPart(name: (path as NSString).lastPathComponent) { try FileChunkSource(path: path) }],
                                         directory: directory.contactDirectory)
        let validator = ContactRowValidator(directory: directory.contactDirectory)
        var rows = 0, valid = 0
        while let row = try reader.next() {
            rows += 1
            if case .valid = validator.validate(row) { valid += 1 }
        }
        return (rows + reader.skippedRecords.values.reduce(0, +), valid, Date().timeIntervalSince(started))
    }

    /// Imports a QA evaluation file now (docs/qa-import.md). The report counts rows read and
    /// rejected, and evaluations inserted and updated.
    public static func qa(_ app: Application, path: String, source: String, format: String?, acceptValid: Bool,
                          rejectsPath: String?) async throws -> ImportReport {
        guard FileManager.default.fileExists(atPath: path) else { throw OperatorError(message: "No file at \(path).") }
        var parsedFormat: ContactFileFormat?
        if let format {
            guard let chosen = ContactFileFormat(rawValue: format) else { throw OperatorError(message: "--format must be csv or jsonl.") }
            parsedFormat = chosen
        }
        let started = Date()
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        let name = (path as NSString).lastPathComponent
        let run: ImportRun
        do {
            run = try await QAImportService.importFile(try FileChunkSource(path: path), fileName: name, bytesTotal: size, source: source,
                                                       format: parsedFormat, options: .init(acceptValid: acceptValid, rejectsPath: rejectsPath),
                                                       by: .cli("tandem import qa"), on: app.db)
        } catch let failure as ValidationFailed {
            throw OperatorError(message: failure.fields.summary)
        }
        return ImportReport(status: run.status, message: run.message, rowsRead: run.rowsRead, inserted: run.rowsInserted, updated: run.rowsUpdated,
                            rejected: run.rowsRejected, issues: run.issueList.map { "\(name):\($0.line) \($0.field): \($0.reason)" },
                            seconds: Date().timeIntervalSince(started))
    }

    /// Loads the demo registry only (teams, sites, queues, users), without generated contacts: benchmarks bring their own.
    public static func loadDemoRegistry(_ app: Application) async throws {
        try await DemoWorkspace.load(on: app, withPerformanceData: false)
    }
}
