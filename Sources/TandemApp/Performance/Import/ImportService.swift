import Fluent
import Foundation
import TandemPartners
import SQLKit
import TandemPerformance
import TandemSources
import Vapor

/// Starting imports: from a file on the operator's disk (CLI, synchronous) or from an upload
/// (web and API: stored in the database and run by whichever server claims the job).
enum ImportService {
    static let jobKind = "contact-import"

    struct JobPayload: Codable, Sendable {
        let importRunID: UUID
        let uploadID: UUID
        let mapping: ColumnMapping
        /// Source presets: the settings, and the files the upload holds back to back (name, bytes).
        var preset: PresetSettings? = nil
        var parts: [UploadPart]? = nil
    }

    struct UploadPart: Codable, Sendable {
        let name: String
        let length: Int
    }

    /// The mapping to use: the one given (saved for the source), else the source's saved one, else canonical names.
    static func resolveMapping(_ given: ColumnMapping?, source: String, on db: any Database) async throws -> ColumnMapping {
        if let given {
            try await ImportMapping.save(given, for: source, on: db)
            return given
        }
        return try await ImportMapping.saved(for: source, on: db) ?? ColumnMapping()
    }

    static func validateSource(_ source: String) throws {
        var errors = FieldErrors()
        let trimmed = source.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { errors.add("source", "is required (the system the file comes from, e.g. genesys)") }
        if trimmed.count > 100 { errors.add("source", "is longer than 100 characters") }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
    }

    /// Imports a source preset's files now (CLI), as one import. Streams them.
    static func importFiles(paths: [String], source: String, preset: PresetRequest, options: ImportOptions, roster: (any AgentTeamLookup)?,
                            by actor: Actor, on db: any Database, progress: @escaping @Sendable (ImportProgress) async -> Void) async throws -> ImportRun {
        try validateSource(source)
        let settings = try await preset.resolve(source: source, on: db)
        let size = paths.reduce(0) { $0 + (((try? FileManager.default.attributesOfItem(atPath: $1))?[.size] as? NSNumber)?.intValue ?? 0) }
        let run = ImportRun(source: source, fileName: paths.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "), format: .jsonLines,
                            acceptValid: options.acceptValid, bytesTotal: size, requestedBy: actor)
        run.format = "preset"
        run.preset = settings.preset.rawValue
        try await run.create(on: db)
        let parts = paths.map { path in ImportPart(name: (path as NSString).lastPathComponent) { try FileChunkSource(path: path) } }
        return try await ContactImporter.run(.preset(settings, parts: parts, roster: roster), run: run, options: options, by: actor, on: db, progress: progress)
    }

    /// Imports a file now (CLI). Streams it: memory does not grow with the file.
    static func importFile(path: String, source: String, format: ContactFileFormat?, mapping: ColumnMapping?, options: ImportOptions,
                           by actor: Actor, on db: any Database, progress: @escaping @Sendable (ImportProgress) async -> Void) async throws -> ImportRun {
        try validateSource(source)
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        let chosen = format ?? ContactFileFormat.guess(fromName: path)
        let resolved = try await resolveMapping(mapping, source: source, on: db)
        let run = ImportRun(source: source, fileName: (path as NSString).lastPathComponent, format: chosen, acceptValid: options.acceptValid,
                            bytesTotal: size, requestedBy: actor)
        try await run.create(on: db)
        return try await ContactImporter.run(try FileChunkSource(path: path), format: chosen, mapping: resolved, run: run, options: options,
                                             by: actor, on: db, progress: progress)
    }

    /// Stores a source preset's upload (one or more files, kept back to back) and queues its import.
    static func enqueuePresetUpload(files: [(name: String, bytes: Data)], source: String, preset: PresetRequest, acceptValid: Bool,
                                    by actor: Actor, on db: any Database) async throws -> ImportRun {
        try validateSource(source)
        let nonEmpty = files.filter { !$0.bytes.isEmpty }
        guard !nonEmpty.isEmpty else { throw ValidationFailed(fields: { var e = FieldErrors(); e.add("file", "is empty"); return e }()) }
        let settings = try await preset.resolve(source: source, on: db)
        let joined = nonEmpty.reduce(into: Data()) { $0.append($1.bytes) }
        let run = ImportRun(source: source, fileName: nonEmpty.map(\.name).joined(separator: ", "), format: .jsonLines, acceptValid: acceptValid,
                            bytesTotal: joined.count, requestedBy: actor)
        run.format = "preset"
        run.preset = settings.preset.rawValue
        try await db.transaction { tx in
            let upload = StoredUpload()
            upload.fileName = run.fileName
            upload.bytes = joined
            try await upload.create(on: tx)
            try await run.create(on: tx)
            var payload = JobPayload(importRunID: try run.requireID(), uploadID: try upload.requireID(), mapping: ColumnMapping())
            payload.preset = settings
            payload.parts = nonEmpty.map { UploadPart(name: $0.name, length: $0.bytes.count) }
            let job = try await JobQueue.enqueue(kind: jobKind, payload: payload, on: tx)
            run.jobID = job.id
            try await run.save(on: tx)
        }
        return run
    }

    /// The files of a preset upload, cut out of the stored bytes.
    static func parts(of bytes: Data, _ parts: [UploadPart]) -> [ImportPart] {
        var offset = 0
        return parts.map { part in
            let range = offset..<min(bytes.count, offset + part.length)
            offset += part.length
            let slice = bytes.subdata(in: range)
            return ImportPart(name: part.name) { MemoryChunkSource([UInt8](slice)) }
        }
    }

    /// Stores an upload and queues its import; returns the run to poll.
    static func enqueueUpload(bytes: Data, fileName: String, source: String, format: ContactFileFormat?, mapping: ColumnMapping?,
                              acceptValid: Bool, by actor: Actor, on db: any Database) async throws -> ImportRun {
        try validateSource(source)
        guard !bytes.isEmpty else { throw ValidationFailed(fields: { var e = FieldErrors(); e.add("file", "is empty"); return e }()) }
        let resolved = try await resolveMapping(mapping, source: source, on: db)
        let run = ImportRun(source: source, fileName: fileName, format: format ?? .guess(fromName: fileName), acceptValid: acceptValid,
                            bytesTotal: bytes.count, requestedBy: actor)
        try await db.transaction { tx in
            let upload = StoredUpload()
            upload.fileName = fileName
            upload.bytes = bytes
            try await upload.create(on: tx)
            try await run.create(on: tx)
            let job = try await JobQueue.enqueue(kind: jobKind, payload: JobPayload(importRunID: try run.requireID(), uploadID: try upload.requireID(), mapping: resolved), on: tx)
            run.jobID = job.id
            try await run.save(on: tx)
        }
        return run
    }

    /// The job: read the stored upload, import it, drop the upload.
    @Sendable static func runJob(_ app: Application, _ job: Job) async throws -> String {
        let payload = try JSONDecoder().decode(JobPayload.self, from: Data(job.payload.utf8))
        guard let run = try await ImportRun.find(payload.importRunID, on: app.backgroundDB),
              let upload = try await StoredUpload.find(payload.uploadID, on: app.backgroundDB) else {
            return "The import or its upload no longer exists."
        }
        let runID = payload.importRunID
        let board = app.importProgress
        let db = app.backgroundDB
        let reportsToDatabase = Engine(db) == .postgres
        let jobID = try job.requireID()
        let worker = app.workerIdentity
        let clock = ProgressThrottle()
        // The import never waits for its own progress report: the report needs a second pooled
        // connection while the import's transaction holds one, and the latest figures are all that matter.
        let reporter = LatestValueWriter<ImportProgress> { progress in
            try? await (db as! any SQLDatabase).update("import_runs").set("rows_read", to: progress.rowsRead).set("bytes_read", to: progress.bytesRead)
                .set("rows_rejected", to: progress.rowsRejected)
                .where("id", .equal, runID).where("status", .equal, ImportRun.Status.running.rawValue).where("rows_read", .lessThan, progress.rowsRead).run()
            try? await JobQueue.report(jobID, worker: worker, message: "\(progress.rowsRead) rows read", on: db)
        }
        let actor = Actor(userID: nil, name: run.requestedBy)
        let input: ContactImportInput
        if let preset = payload.preset {
            input = .preset(preset, parts: parts(of: upload.bytes, payload.parts ?? [UploadPart(name: upload.fileName, length: upload.bytes.count)]),
                            roster: try await app.agentTeamLookup(on: db))
        } else {
            input = .file(MemoryChunkSource([UInt8](upload.bytes)), format: ContactFileFormat(rawValue: run.format) ?? .csv, mapping: payload.mapping)
        }
        let finished = try await ContactImporter.run(input, run: run, options: ImportOptions(acceptValid: run.acceptValid),
                                                     by: actor, on: db) { progress in
            // PostgreSQL: every server reads progress from the run's row (written about once a second
            // while the import's transaction is open), whichever server runs the import. SQLite (one
            // machine): the import holds the writer lock, so progress lives in this server's memory.
            guard reportsToDatabase else { return board.set(runID, progress) }
            guard clock.due() else { return }
            reporter.offer(progress)
        }
        board.remove(runID)
        try await upload.delete(on: db)
        return finished.message
    }
}

extension ImportService {
    /// A job given up after its servers died `JobQueue.maxAttempts` times: the run says so and the upload goes.
    @Sendable static func giveUp(_ app: Application, _ job: Job, _ reason: String) async throws {
        let payload = try JSONDecoder().decode(JobPayload.self, from: Data(job.payload.utf8))
        if let run = try await ImportRun.find(payload.importRunID, on: app.backgroundDB), run.status == .queued || run.status == .running {
            run.status = .failed
            run.finishedAt = Date()
            run.message = "\(reason) Nothing was stored; upload the file again."
            try await run.save(on: app.backgroundDB)
        }
        try await StoredUpload.find(payload.uploadID, on: app.backgroundDB)?.delete(on: app.backgroundDB)
    }
}

/// Writes the latest value offered, one write at a time, without the caller waiting: a value
/// offered while a write is in flight replaces any other waiting value and is written next.
final class LatestValueWriter<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: Value?
    private var writing = false
    private let write: @Sendable (Value) async -> Void

    init(_ write: @escaping @Sendable (Value) async -> Void) { self.write = write }

    func offer(_ value: Value) {
        let start: Bool = lock.withLock {
            waiting = value
            if writing { return false }
            writing = true
            return true
        }
        guard start else { return }
        Task.detached { await self.drain() }
    }

    private func drain() async {
        while let next = lock.withLock({ () -> Value? in
            let value = waiting
            waiting = nil
            if value == nil { writing = false }
            return value
        }) {
            await write(next)
        }
    }
}

/// True at most once a second.
final class ProgressThrottle: @unchecked Sendable {
    private let lock = NSLock()
    private var last = Date.distantPast
    func due() -> Bool {
        lock.withLock {
            let now = Date()
            guard now.timeIntervalSince(last) >= 1 else { return false }
            last = now
            return true
        }
    }
}

/// Progress of the imports this server is running on SQLite (what the page shows while one runs; on
/// PostgreSQL progress is in the database, for every server to read).
final class ImportProgressBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [UUID: ImportProgress] = [:]
    func set(_ id: UUID, _ progress: ImportProgress) { lock.withLock { entries[id] = progress } }
    func remove(_ id: UUID) { _ = lock.withLock { entries.removeValue(forKey: id) } }
    func get(_ id: UUID) -> ImportProgress? { lock.withLock { entries[id] } }
}

extension Application {
    private struct ImportProgressKey: StorageKey { typealias Value = ImportProgressBoard }
    var importProgress: ImportProgressBoard {
        if let board = storage[ImportProgressKey.self] { return board }
        let board = ImportProgressBoard()
        storage[ImportProgressKey.self] = board
        return board
    }
}
