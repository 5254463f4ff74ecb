import Fluent
import Foundation
import SQLKit
import TandemPerformance
import TandemSources

/// What an import is doing: reading and storing rows, then the per-file work after the last row,
/// then the commit. A big file spends seconds in the last two; progress shows them.
enum ImportPhase: String, Sendable, Equatable {
    case reading = "reading and storing"
    case finishing = "updating roll-ups and repeat-contact FCR"
    case committing = "committing"
}

struct ImportProgress: Sendable, Equatable {
    var phase = ImportPhase.reading
    var rowsRead = 0
    var rowsWritten = 0
    var rowsRejected = 0
    var bytesRead = 0
    var bytesTotal = 0
}

struct ImportOptions: Sendable {
    /// Store the valid rows even when others are bad (default: a file with any bad row stores nothing).
    var acceptValid = false
    /// Where to write rejected rows (line, field, reason) as CSV.
    var rejectsPath: String? = nil
    /// Rows per batch handed from the reading thread to the writer; nil: the engine's default.
    var batchSize: Int? = nil
    /// Test hook: fail right after writing this many batches, as a crash would.
    var failAfterBatch: Int? = nil
    /// Work out repeat-contact FCR of queues that held no contacts while reading the file (false:
    /// always from the stored contacts afterwards; tests compare the two).
    var repeatContactsWhileReading = true
}

extension ImportOptions {
    /// SQLite stores row by row, so a batch is only the hand-over between threads: 1,000 rows.
    /// PostgreSQL pays a round trip or three per batch (COPY, INSERT … SELECT, TRUNCATE): 5,000
    /// rows ran 1 M contacts at 75,600/s against 51,100/s with 1,000, and 10,000 gained nothing more.
    static func defaultBatchSize(_ engine: Engine) -> Int {
        switch engine {
        case .postgres: 5_000
        case .sqlite: 1_000
        }
    }
}

struct InjectedImportFailure: Error, CustomStringConvertible {
    let batch: Int
    var description: String { "simulated failure after batch \(batch)" }
}

/// Imports one contact file. The whole file is one transaction: it stores every row, or (with
/// accept-valid) every valid row, or nothing, and a crash part-way leaves the data as it was;
/// running the same file again then stores it exactly once. Rows are read, validated and written
/// in batches (by the engine's writer: prepared statements re-bound per row on SQLite, COPY into a
/// staging table on PostgreSQL), so memory stays flat whatever the file's size, and the daily
/// rollups change in the same transaction: a re-imported contact's old version is taken out of its
/// day before the new one goes in.
enum ContactImporter {
    /// Rejected rows kept on the run for display; the count and the rejects file have them all.
    static let keptIssues = 500

    static func run<Source: ByteChunkSource>(
        _ source: Source, format: ContactFileFormat, mapping: ColumnMapping, run: ImportRun, options: ImportOptions,
        by actor: Actor, on db: any Database, progress: @escaping @Sendable (ImportProgress) async -> Void = { _ in }
    ) async throws -> ImportRun {
        try await self.run(.file(source, format: format, mapping: mapping), run: run, options: options, by: actor, on: db, progress: progress)
    }

    static func run(
        _ input: ContactImportInput, run: ImportRun, options: ImportOptions,
        by actor: Actor, on db: any Database, progress: @escaping @Sendable (ImportProgress) async -> Void = { _ in }
    ) async throws -> ImportRun {
        let settings = try await PerformanceSettingsStore.load(on: db)
        let directory = try await PerformanceDirectory.load(on: db)
        run.status = .running
        run.startedAt = Date()
        try await run.save(on: db)
        let runID = try run.requireID()

        let counter = ByteCounter()
        let session: ImportSession
        do {
            let reader: ContactFileReader
            switch input {
            case .file(let source, let format, let mapping):
                reader = try ContactFileReader(CountingSource(source, counter: counter), format: format, mapping: mapping)
            case .preset(let presetSettings, let parts, let roster):
                let counted = parts.map { part in
                    ImportPart(name: part.name, open: { CountingSource(try part.open(), counter: counter) }, openForLookups: part.openForLookups)
                }
                reader = ContactFileReader(rows: try PresetRowReader(settings: presetSettings, parts: counted, directory: directory.contactDirectory, roster: roster))
            }
            session = try ImportSession(reader: reader, counter: counter, runID: runID, source: run.source, directory: directory,
                                        settings: settings, options: options, bytesTotal: run.bytesTotal, isPreset: input.isPreset, progress: progress)
        } catch let issue as FileIssue {
            return try await finish(run, status: .rejected, issues: [issue.rowIssue], message: "Nothing was imported: \(issue).", on: db)
        }

        do {
            try await db.transaction { tx in
                try await session.importAll(on: tx as! any SQLDatabase)
                guard session.rowsRejected == 0 || options.acceptValid else { throw ImportRejected() }
                session.apply(to: run)
                run.status = .succeeded
                run.finishedAt = Date()
                run.message = session.summary(stored: true)
                try await run.save(on: tx)
                try await AuditLog.created(run, by: actor, on: tx)
            }
        } catch let issue as FileIssue {
            // A preset's file turned out unreadable part-way (not JSON, cut short): the transaction rolled back.
            session.close()
            session.apply(to: run)
            run.rowsInserted = 0
            run.rowsUpdated = 0
            run.rowsDeleted = 0
            return try await finish(run, status: .rejected, issues: [issue.rowIssue] + session.issues, message: "Nothing was imported: \(issue).", on: db)
        } catch is ImportRejected {
            session.apply(to: run)
            run.rowsInserted = 0
            run.rowsUpdated = 0
            run.rowsDeleted = 0
            session.close()
            return try await finish(run, status: .rejected, issues: session.issues,
                                    message: session.summary(stored: false), on: db)
        } catch {
            session.close()
            run.status = .failed
            run.finishedAt = Date()
            run.message = "Stopped by an error, nothing was stored: \(error). Run the import again."
            try await run.save(on: db)
            throw error
        }
        session.close()
        try await AlertService.refresh(on: db)
        try await ContractRecompute.all(on: db)  // SLA evaluations and open invoices read the new contacts (issue 14)
        // The front line's stored figures of the teams whose agent-days changed (issue 16).
        try await FrontlineRefresh.teams(session.frontlineTeams, on: db)
        return run
    }

    private static func finish(_ run: ImportRun, status: ImportRun.Status, issues: [RowIssue], message: String, on db: any Database) async throws -> ImportRun {
        run.status = status
        run.issues = String(decoding: try JSONEncoder().encode(Array(issues.prefix(keptIssues))), as: UTF8.self)
        run.message = message
        run.finishedAt = Date()
        try await run.save(on: db)
        return run
    }

    private struct ImportRejected: Error {}
}

/// What an import reads: one file through a column mapping, or a source preset's files.
enum ContactImportInput {
    case file(any ByteChunkSource, format: ContactFileFormat, mapping: ColumnMapping)
    case preset(PresetSettings, parts: [ImportPart], roster: (any AgentTeamLookup)?)

    var isPreset: Bool { if case .preset = self { true } else { false } }
}

/// Counts the bytes handed out, for progress.
final class ByteCounter: @unchecked Sendable {
    var bytes = 0
}

struct CountingSource: ByteChunkSource {
    var inner: any ByteChunkSource
    let counter: ByteCounter
    init(_ inner: any ByteChunkSource, counter: ByteCounter = ByteCounter()) {
        self.inner = inner
        self.counter = counter
    }
    mutating func nextChunk() throws -> [UInt8]? {
        let chunk = try inner.nextChunk()
        counter.bytes += chunk?.count ?? 0
        return chunk
    }
}

/// The state of one import while it runs inside its transaction (used by one task at a time).
final class ImportSession: @unchecked Sendable {
    private let reader: ContactFileReader
    private let counter: ByteCounter
    private var bytesRead = 0
    private let validator: ContactRowValidator
    private let runID: UUID
    /// The run's `ContactKeys` number, once `importAll` has it.
    private var runKey: Int64 = 0
    private let source: String
    private let thresholds: [UUID: Double]
    private let shortAbandon: Double
    private let repeatWindowDays: Int
    private let options: ImportOptions
    private let bytesTotal: Int
    /// Source presets: rows are records, may carry versions and deletions, and may be left out on purpose.
    private let isPreset: Bool
    private let progress: @Sendable (ImportProgress) async -> Void
    private var rejects: FileHandle?

    private(set) var rowsRead = 0
    private(set) var rowsInserted = 0
    private(set) var rowsUpdated = 0
    private(set) var rowsRejected = 0
    /// Records read but not stored, and not errors: left out by the preset (never queued…), older
    /// or repeated copies of a contact, deletion records.
    private(set) var rowsSkipped = 0
    /// Stored contacts removed because the source deleted them.
    private(set) var rowsDeleted = 0
    /// Why records were skipped, with how many (the run's message lists them).
    private var skipReasons: [String: Int] = [:]
    private var deletions: [ContactDeletion] = []
    private var collected: [RowIssue] = []
    /// In file order (duplicates are found when their batch is written, after later rows were read).
    var issues: [RowIssue] { collected.sorted { ($0.file ?? "", $0.line, $0.field) < ($1.file ?? "", $1.line, $1.field) } }
    private var batches = 0
    private var phase = ImportPhase.reading
    private var deltas: [RollupRowKey: RollupCounters] = [:]
    /// Per queue touched (new rows and the old versions of updated ones): the earliest offered time (ms).
    private var repeatScope: [UUID: Int64] = [:]
    /// Per queue: the latest offered time stored before this run wrote anything (nil: none).
    private var observedBefore: [UUID: Int64] = [:]
    /// Every `ContactKeys` number this run uses, and back.
    private var keys: [UUID: Int64] = [:]
    /// Queues in which a row was skipped as a repeated id: the reading thread counted it for
    /// repeat-contact FCR, so those queues are worked out from the stored contacts instead.
    private var queuesWithSkippedRows: Set<UUID> = []
    /// Repeat-contact counts worked out while reading, per queue key (see `FileRepeatContacts`).
    private var repeatsWhileReading: [Int: FileRepeatContacts.Counts] = [:]
    /// Per queue, the UTC days this run wrote or replaced contacts on: the front line's agent-days to recompute.
    private var touchedQueueDays: [UUID: ClosedRange<Int>] = [:]
    /// Teams whose agent-days changed (known once `importAll` is done).
    private(set) var frontlineTeams: Set<UUID> = []

    init(reader: ContactFileReader, counter: ByteCounter, runID: UUID, source: String, directory: PerformanceDirectory,
         settings: PerformanceSettings, options: ImportOptions, bytesTotal: Int, isPreset: Bool = false,
         progress: @escaping @Sendable (ImportProgress) async -> Void) throws {
        self.reader = reader
        self.counter = counter
        self.validator = ContactRowValidator(directory: directory.contactDirectory)
        self.runID = runID
        self.source = source
        self.thresholds = directory.thresholdsByQueue
        self.shortAbandon = settings.kpi.shortAbandonThreshold
        self.repeatWindowDays = settings.kpi.repeatContactWindowDays
        self.options = options
        self.bytesTotal = bytesTotal
        self.isPreset = isPreset
        self.progress = progress
        if let path = options.rejectsPath {
            FileManager.default.createFile(atPath: path, contents: Data((isPreset ? "file,line,record,field,reason\n" : "line,field,reason\n").utf8))
            rejects = FileHandle(forWritingAtPath: path)
            rejects?.seekToEndOfFile()
        }
    }

    func importAll(on sql: any SQLDatabase) async throws {
        // Still inside the transaction, so the connection is still this import's.
        defer {
            contactWriter?.finish()
            contactWriter = nil
        }
        for queue in Set(thresholds.keys) {
            observedBefore[queue] = try await ContactRecordStore.latestOffered(queueID: queue, on: sql)
        }
        // Every team, site and queue a row can name, numbered up front: rows carry their keys.
        let directory = validator.directory
        let texts = directory.teams.values.flatMap { [$0.id] + $0.sites.values.map(\.id) } + directory.queues.values.map(\.id)
        var ids: [String: UUID] = [:]
        for text in texts { ids[text] = UUID(uuidString: text) }
        let keys = try await ContactKeys.numbers(for: Array(ids.values) + [runID], on: sql)
        self.keys = keys
        runKey = keys[runID]!
        // A queue without contacts before this file gets its whole history from the file.
        let emptyQueues = Set(thresholds.keys).filter { observedBefore[$0] == nil }.compactMap { keys[$0] }.map { Int($0) }
        let repeats = options.repeatContactsWhileReading && !emptyQueues.isEmpty
            ? FileRepeatContacts(queues: emptyQueues, windowDays: repeatWindowDays) : nil
        let pipeline = ContactRowPipeline(reader: reader, counter: counter, validator: validator,
                                          batchSize: options.batchSize ?? ImportOptions.defaultBatchSize(Engine(sql) ?? .sqlite),
                                          references: ids.compactMapValues { id in keys[id].map { (id, $0) } },
                                          rollupRules: .init(thresholds: thresholds, shortAbandonSeconds: shortAbandon), repeats: repeats)
        defer { pipeline.cancel() }
        await progress(currentProgress)
        while let batch = try await pipeline.next() {
            rowsRead = batch.rowsRead
            bytesRead = batch.bytesRead
            for issues in batch.rejected { reject(issues) }
            deletions += batch.deletions
            for (key, counters) in batch.rollups { deltas[key, default: RollupCounters()] += counters }
            for (queue, earliest) in batch.earliest { repeatScope[queue] = min(repeatScope[queue] ?? earliest, earliest) }
            try await write(batch.rows, on: sql)
        }
        if let worked = pipeline.finishRepeats() { repeatsWhileReading = worked }
        for (reason, count) in pipeline.skippedRecords() {
            skipReasons[reason, default: 0] += count
            rowsSkipped += count
            rowsRead += count
        }
        try await applyDeletions(on: sql)
        phase = .finishing
        await progress(currentProgress)
        try await flushRollups(on: sql)
        try await recomputeRepeatContacts(on: sql)
        frontlineTeams = try await AgentActivityStore.recomputeContacts(touchedQueueDays, on: sql)
        phase = .committing
        await progress(currentProgress)
    }

    private func touch(queue: UUID, offeredAt: Date) {
        let ms = offeredAt.milliseconds
        repeatScope[queue] = min(repeatScope[queue] ?? ms, ms)
    }

    /// Repeat-contact FCR of the touched queues, after every row is stored. A contact's outcome
    /// depends on the same customer's contacts in its queue within N days after it, and on the
    /// queue's "observed through" (latest offered time stored), which this run may have moved. So
    /// per queue, the outcomes that can change are those of contacts offered from
    /// min(earliest offered time written or replaced, observed-through before, after) − N days on;
    /// the rows of those days (every team) are recomputed from the stored contacts.
    private func recomputeRepeatContacts(on sql: any SQLDatabase) async throws {
        let windowMilliseconds = Int64(repeatWindowDays) * 86_400_000
        let ids = Dictionary(keys.map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for (queue, earliest) in repeatScope.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            if let key = keys[queue], let counts = repeatsWhileReading[Int(key)], !queuesWithSkippedRows.contains(queue) {
                // Its rollup rows are all this run's: set their repeat counters to the file's.
                let threshold = Int64(((thresholds[queue] ?? 20) * 1000).rounded())
                try await RepeatContactRecompute.reset(queueID: queue, fromDay: nil, on: sql)
                try await RollupStore.add(try RepeatContactRecompute.repeatDeltas(counts, queueID: queue, ids: ids),
                                                    thresholdMilliseconds: { _ in threshold },
                                                    shortAbandonMilliseconds: Int64((shortAbandon * 1000).rounded()), on: sql)
                continue
            }
            var start = earliest
            if let before = observedBefore[queue] { start = min(start, before) }
            if let after = try await ContactRecordStore.latestOffered(queueID: queue, on: sql) { start = min(start, after) }
            let fromDay = UTCDay(Date(milliseconds: start - windowMilliseconds)).daysSince1970
            try await RepeatContactRecompute.recompute(
                queueID: queue, fromDay: fromDay, windowDays: repeatWindowDays, shortAbandonSeconds: shortAbandon,
                thresholdMilliseconds: Int64(((thresholds[queue] ?? 20) * 1000).rounded()), on: sql)
        }
    }

    private var currentProgress: ImportProgress {
        ImportProgress(phase: phase, rowsRead: rowsRead, rowsWritten: rowsInserted + rowsUpdated, rowsRejected: rowsRejected, bytesRead: bytesRead, bytesTotal: bytesTotal)
    }

    private func reject(_ rowIssues: [RowIssue]) {
        rowsRejected += 1
        for issue in rowIssues {
            if collected.count < ContactImporter.keptIssues { collected.append(issue) }
            if let rejects {
                func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
                let line = isPreset ? "\(quoted(issue.file ?? "")),\(issue.line),\(quoted(issue.record ?? "")),\(quoted(issue.field)),\(quoted(issue.reason))"
                    : "\(issue.line),\(issue.field),\(quoted(issue.reason))"
                rejects.write(Data((line + "\n").utf8))
            }
        }
    }

    private func write(_ rows: [ContactRecordStore.Row], on sql: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        let outcomes = try await writer(on: sql).write(rows)
        for (row, outcome) in zip(rows, outcomes) {
            switch outcome {
            case .duplicate(let first):
                queuesWithSkippedRows.insert(row.queueID)
                reject([RowIssue(line: row.line, field: "external_id", reason: "“\(row.record.externalID)” appears again in the file (first on line \(first))")])
                // Not stored: take back what the reading thread counted for it.
                takeOutOfRollups(row.record, teamID: row.teamID, queueID: row.queueID)
            case .replaced(let old):
                touch(queue: old.queueID, offeredAt: old.record.offeredAt)
                takeOutOfRollups(old.record, teamID: old.teamID, queueID: old.queueID)
                rowsUpdated += 1
            case .inserted:
                rowsInserted += 1
            case .replacedCopy(let old):
                // The reading thread fed both copies to repeat-contact FCR: those queues are worked out from the stored contacts.
                queuesWithSkippedRows.insert(row.queueID)
                queuesWithSkippedRows.insert(old.queueID)
                touch(queue: old.queueID, offeredAt: old.record.offeredAt)
                takeOutOfRollups(old.record, teamID: old.teamID, queueID: old.queueID)
                skip(Self.olderCopies)
            case .olderCopy:
                queuesWithSkippedRows.insert(row.queueID)
                takeOutOfRollups(row.record, teamID: row.teamID, queueID: row.queueID)
                skip(Self.olderCopies)
            }
        }
        if deltas.count > 5_000 { try await flushRollups(on: sql) }
        batches += 1
        if let limit = options.failAfterBatch, batches >= limit { throw InjectedImportFailure(batch: batches) }
        await progress(currentProgress)
    }

    static let olderCopies = "older or repeated copies of a contact (the newest copy is kept)"
    static let deletionRecords = "records of contacts deleted at the source"

    private func skip(_ reason: String) {
        rowsSkipped += 1
        skipReasons[reason, default: 0] += 1
    }

    /// Removes the stored contacts the source says it deleted (the newest deletion of each), unless
    /// a newer copy of the contact is stored; their rollups and repeat-contact outcomes follow.
    private func applyDeletions(on sql: any SQLDatabase) async throws {
        guard !deletions.isEmpty else { return }
        var latest: [String: ContactDeletion] = [:]
        for deletion in deletions {
            skip(Self.deletionRecords)
            if let known = latest[deletion.externalID], (known.version ?? .min) > (deletion.version ?? .min) { continue }
            latest[deletion.externalID] = deletion
        }
        deletions.removeAll()
        let ordered = latest.values.sorted { $0.line < $1.line }
        for start in stride(from: 0, to: ordered.count, by: 500) {
            let chunk = ordered[start..<min(start + 500, ordered.count)]
            let stored = try await ContactRecordStore.existing(source: source, externalIDs: chunk.map(\.externalID), on: sql)
            var doomed: [String] = []
            for deletion in chunk {
                guard let old = stored[deletion.externalID] else { continue }
                if let version = deletion.version, let storedVersion = old.version, version < storedVersion { continue }
                doomed.append(deletion.externalID)
                queuesWithSkippedRows.insert(old.queueID)
                touch(queue: old.queueID, offeredAt: old.record.offeredAt)
                takeOutOfRollups(old.record, teamID: old.teamID, queueID: old.queueID)
                rowsDeleted += 1
            }
            try await ContactRecordStore.delete(source: source, externalIDs: doomed, on: sql)
        }
    }

    /// Subtracts a contact from its team × queue × day counters (a skipped row, or the old version of a replaced one).
    private func takeOutOfRollups(_ record: ContactRecord, teamID: UUID, queueID: UUID) {
        let key = RollupRowKey(teamID: teamID, queueID: queueID, day: UTCDay(record.offeredAt).daysSince1970)
        deltas[key, default: RollupCounters()].add(record, serviceLevelThreshold: thresholds[queueID] ?? 20, shortAbandonThreshold: shortAbandon, sign: -1)
    }

    private var contactWriter: (any ContactWriter)?
    private func writer(on sql: any SQLDatabase) async throws -> any ContactWriter {
        if let contactWriter { return contactWriter }
        let made = try await ContactWriters.make(on: sql as! any Database, source: source, runID: runID, runKey: runKey)
        contactWriter = made
        return made
    }

    private func flushRollups(on sql: any SQLDatabase) async throws {
        for key in deltas.keys {
            let days = touchedQueueDays[key.queueID]
            touchedQueueDays[key.queueID] = min(days?.lowerBound ?? key.day, key.day)...max(days?.upperBound ?? key.day, key.day)
        }
        let changed = deltas.filter { !$0.value.isZero }
        deltas.removeAll(keepingCapacity: true)
        let thresholds = self.thresholds
        try await RollupStore.add(changed, thresholdMilliseconds: { Int64(((thresholds[$0] ?? 20) * 1000).rounded()) },
                                            shortAbandonMilliseconds: Int64((shortAbandon * 1000).rounded()), on: sql)
    }

    func apply(to run: ImportRun) {
        run.rowsRead = rowsRead
        run.rowsInserted = rowsInserted
        run.rowsUpdated = rowsUpdated
        run.rowsRejected = rowsRejected
        run.rowsSkipped = rowsSkipped
        run.rowsDeleted = rowsDeleted
        run.bytesRead = bytesRead
        run.issues = String(decoding: (try? JSONEncoder().encode(issues)) ?? Data("[]".utf8), as: UTF8.self)
    }

    func summary(stored: Bool) -> String {
        let unit = isPreset ? "records" : "rows"
        func plural(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        let notes = skipReasons.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { reason, count in
            switch reason {
            case Self.olderCopies: "; " + plural(count, "older or repeated copy", "older or repeated copies") + " of a contact left out (the newest is kept)"
            case Self.deletionRecords: "; " + plural(count, "deletion record", "deletion records") + " read"
            default: "; " + plural(count, "record", "records") + " left out: " + reason
            }
        }.joined()
        if stored {
            return "\(rowsInserted) new and \(rowsUpdated) updated contacts stored from \(rowsRead) \(unit)"
                + (rowsDeleted > 0 ? "; " + plural(rowsDeleted, "contact", "contacts") + " deleted at the source removed" : "") + notes
                + (rowsRejected > 0 ? "; \(rowsRejected) bad \(unit) skipped." : ".")
        }
        return "Nothing was imported: \(rowsRejected) of \(rowsRead) \(unit) are bad. Fix them, or import with “accept valid rows” to store the \(rowsRead - rowsRejected - rowsSkipped) good ones."
    }

    func close() {
        try? rejects?.close()
        rejects = nil
    }
}
