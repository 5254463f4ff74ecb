import Fluent
import Foundation
import SQLKit
import TandemPerformance

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
        let settings = try await PerformanceSettingsStore.load(on: db)
        let directory = try await PerformanceDirectory.load(on: db)
        run.status = .running
        run.startedAt = Date()
        try await run.save(on: db)
        let runID = try run.requireID()

        let counting = CountingSource(source)
        let session: ImportSession
        do {
            let reader = try ContactFileReader(counting, format: format, mapping: mapping)
            session = try ImportSession(reader: reader, counter: counting.counter, runID: runID, source: run.source, directory: directory,
                                        settings: settings, options: options, bytesTotal: run.bytesTotal, progress: progress)
        } catch let issue as FileIssue {
            return try await finish(run, status: .rejected, issues: [RowIssue(line: 1, field: "file", reason: issue.reason)],
                                    message: "Nothing was imported: the \(issue).", on: db)
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
        } catch is ImportRejected {
            session.apply(to: run)
            run.rowsInserted = 0
            run.rowsUpdated = 0
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

/// Counts the bytes handed out, for progress.
final class ByteCounter: @unchecked Sendable {
    var bytes = 0
}

struct CountingSource<Inner: ByteChunkSource>: ByteChunkSource {
    var inner: Inner
    let counter = ByteCounter()
    init(_ inner: Inner) { self.inner = inner }
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
    private let progress: @Sendable (ImportProgress) async -> Void
    private var rejects: FileHandle?

    private(set) var rowsRead = 0
    private(set) var rowsInserted = 0
    private(set) var rowsUpdated = 0
    private(set) var rowsRejected = 0
    private var collected: [RowIssue] = []
    /// In file order (duplicates are found when their batch is written, after later rows were read).
    var issues: [RowIssue] { collected.sorted { ($0.line, $0.field) < ($1.line, $1.field) } }
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
         settings: PerformanceSettings, options: ImportOptions, bytesTotal: Int, progress: @escaping @Sendable (ImportProgress) async -> Void) throws {
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
        self.progress = progress
        if let path = options.rejectsPath {
            FileManager.default.createFile(atPath: path, contents: Data("line,field,reason\n".utf8))
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
            for (key, counters) in batch.rollups { deltas[key, default: RollupCounters()] += counters }
            for (queue, earliest) in batch.earliest { repeatScope[queue] = min(repeatScope[queue] ?? earliest, earliest) }
            try await write(batch.rows, on: sql)
        }
        if let worked = pipeline.finishRepeats() { repeatsWhileReading = worked }
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
                let reason = "\"" + issue.reason.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                rejects.write(Data("\(issue.line),\(issue.field),\(reason)\n".utf8))
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
            }
        }
        if deltas.count > 5_000 { try await flushRollups(on: sql) }
        batches += 1
        if let limit = options.failAfterBatch, batches >= limit { throw InjectedImportFailure(batch: batches) }
        await progress(currentProgress)
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
        run.bytesRead = bytesRead
        run.issues = String(decoding: (try? JSONEncoder().encode(issues)) ?? Data("[]".utf8), as: UTF8.self)
    }

    func summary(stored: Bool) -> String {
        if stored {
            return "\(rowsInserted) new and \(rowsUpdated) updated contacts stored from \(rowsRead) rows"
                + (rowsRejected > 0 ? "; \(rowsRejected) bad rows skipped." : ".")
        }
        return "Nothing was imported: \(rowsRejected) of \(rowsRead) rows are bad. Fix them, or import with “accept valid rows” to store the \(rowsRead - rowsRejected) good ones."
    }

    func close() {
        try? rejects?.close()
        rejects = nil
    }
}
