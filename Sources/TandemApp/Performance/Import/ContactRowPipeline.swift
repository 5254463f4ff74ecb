import Foundation
import TandemPerformance

/// Reads and validates a contact file on a thread of its own, handing batches of valid rows (and
/// the issues of bad ones) to the importer while it writes the previous batches: parsing and
/// storing run on two cores at once. At most `depth` batches wait, so memory stays flat.
final class ContactRowPipeline: @unchecked Sendable {
    struct Batch: Sendable {
        var rows: [ContactRecordStore.Row] = []
        /// The issues of each rejected row, in file order.
        var rejected: [[RowIssue]] = []
        /// Rows read and bytes read from the start of the file, after this batch.
        var rowsRead = 0
        var bytesRead = 0
        /// The rollup counters of `rows`, per team × queue × day, as if every row is stored new
        /// (the writer takes back the ones it does not store), and each queue's earliest offered
        /// time (ms): worked out on the reading thread, off the writer's.
        var rollups: [RollupRowKey: RollupCounters] = [:]
        var earliest: [UUID: Int64] = [:]
        /// Source presets: contacts the source says were deleted (applied after the last row).
        var deletions: [ContactDeletion] = []
    }

    /// How rows count in the rollups: each queue's service-level threshold T and the short-abandon threshold S (seconds).
    struct RollupRules: Sendable {
        var thresholds: [UUID: Double]
        var shortAbandonSeconds: Double
    }

    private let condition = NSCondition()
    private var ready: [Batch] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private var waiting: CheckedContinuation<Batch?, any Error>?
    private let depth: Int
    private let work: Work

    /// Starts reading at once. `references`: the directory's id texts (teams, sites, queues) with
    /// their UUIDs and `ContactKeys` numbers. `repeats`: repeat-contact FCR to work out on the
    /// reading thread (queues by key; S in seconds), or nil.
    init(reader: ContactFileReader, counter: ByteCounter, validator: ContactRowValidator, batchSize: Int,
         references: [String: (UUID, Int64)], rollupRules: RollupRules, repeats: FileRepeatContacts? = nil, depth: Int = 4) {
        self.depth = depth
        let work = Work(reader: reader, counter: counter, validator: validator, batchSize: batchSize, references: references,
                        rollupRules: rollupRules, repeats: repeats)
        self.work = work
        let thread = Thread { [self] in produce(work) }
        thread.name = "tandem-import-reader"
        thread.start()
    }

    /// The next batch, or nil after the last. Rethrows a reading error. Suspends (without holding
    /// a thread) while the reader catches up.
    func next() async throws -> Batch? {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Batch?, any Error>) in
            condition.lock()
            defer { condition.unlock() }
            if let result = takeLocked() {
                continuation.resume(with: result)
            } else {
                waiting = continuation
            }
        }
    }

    /// What `next` returns now, if anything is decided (caller holds the lock).
    private func takeLocked() -> Result<Batch?, any Error>? {
        if let failure { return .failure(failure) }
        if !ready.isEmpty {
            let batch = ready.removeFirst()
            condition.broadcast()
            return .success(batch)
        }
        return finished ? .success(nil) : nil
    }

    /// Resumes a waiting `next` if there is now something to give it (caller holds the lock).
    private func wakeConsumerLocked() {
        guard let continuation = waiting, let result = takeLocked() else { return }
        waiting = nil
        continuation.resume(with: result)
    }

    /// Stops the reader thread (after an error on the writing side); safe to call more than once.
    func cancel() {
        condition.lock()
        cancelled = true
        ready.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    private final class Work: @unchecked Sendable {
        var reader: ContactFileReader
        let counter: ByteCounter
        let validator: ContactRowValidator
        let batchSize: Int
        let references: [String: (UUID, Int64)]
        let rules: RollupRules
        var repeats: FileRepeatContacts?

        init(reader: ContactFileReader, counter: ByteCounter, validator: ContactRowValidator, batchSize: Int, references: [String: (UUID, Int64)],
             rollupRules: RollupRules, repeats: FileRepeatContacts?) {
            self.reader = reader
            self.counter = counter
            self.validator = validator
            self.batchSize = batchSize
            self.references = references
            self.rules = rollupRules
            self.repeats = repeats
        }
    }

    /// The repeat-contact FCR worked out while reading: counts per queue key (tagged as
    /// `RepeatContactRecompute.repeatTag`); queues given up on are absent. Only after `next` returned nil.
    func finishRepeats() -> [Int: FileRepeatContacts.Counts]? {
        condition.lock()
        defer { condition.unlock() }
        precondition(finished, "the reader has not finished")
        guard var repeats = work.repeats else { return nil }
        work.repeats = nil
        return repeats.finish()
    }

    /// Records the reader left out on purpose, by reason. Only after `next` returned nil.
    func skippedRecords() -> [String: Int] {
        condition.lock()
        defer { condition.unlock() }
        precondition(finished, "the reader has not finished")
        return work.reader.skippedRecords
    }

    /// A directory id the validator handed out, which `references` must know.
    private struct UnknownReference: Error, CustomStringConvertible {
        let text: String
        var description: String { "the directory has no number for id \(text)" }
    }

    /// Directory id texts → (UUID, `ContactKeys` number), remembering the last hit of each kind.
    /// The validator hands out the directory's own id strings, so a repeat of the last one compares
    /// equal without reading its characters (same storage), and files grouped by team or queue skip
    /// hashing a 36-character id; any other id costs one comparison more than the dictionary alone.
    private struct ReferenceLookup {
        let all: [String: (UUID, Int64)]
        var last: (text: String, value: (UUID, Int64))?

        mutating func callAsFunction(_ text: String) throws -> (UUID, Int64) {
            if let last, last.text == text { return last.value }
            guard let known = all[text] else { throw UnknownReference(text: text) }
            last = (text, known)
            return known
        }
    }

    /// Rollup counters of consecutive rows with the same team × queue × day, added to the batch's
    /// dictionary when the key changes (one hash per run of rows, not per row).
    private struct RollupRun {
        var key: RollupRowKey
        var counters = RollupCounters()
        var earliest: Int64
        var threshold: Double

        func flush(into batch: inout Batch) {
            batch.rollups[key, default: RollupCounters()] += counters
            batch.earliest[key.queueID] = min(batch.earliest[key.queueID] ?? earliest, earliest)
        }
    }

    private func produce(_ work: Work) {
        var rowsRead = 0
        do {
            var batch = Batch()
            batch.rows.reserveCapacity(work.batchSize)
            var teams = ReferenceLookup(all: work.references), queues = teams, sites = teams
            var run: RollupRun?
            while let raw = try work.reader.next() {
                rowsRead += 1
                if raw.isDeletion, let id = raw[.externalID] {
                    batch.deletions.append(ContactDeletion(externalID: id, version: raw.version, line: raw.line))
                    continue
                }
                switch work.validator.validate(raw) {
                case .invalid(let issues):
                    batch.rejected.append(issues)
                case .valid(let record):
                    let team = try teams(record.teamID), queue = try queues(record.queueID)
                    let site = record.siteID.isEmpty ? nil : try sites(record.siteID)
                    batch.rows.append(ContactRecordStore.Row(record: record, teamID: team.0, siteID: site?.0, queueID: queue.0,
                                                       teamKey: team.1, siteKey: site?.1, queueKey: queue.1, line: raw.line, version: raw.version))
                    let offered = record.offeredAt.milliseconds
                    let day = UTCDay(record.offeredAt).daysSince1970
                    let key = RollupRowKey(teamID: team.0, queueID: queue.0, day: day)
                    if run?.key != key {
                        run?.flush(into: &batch)
                        let threshold = run?.key.queueID == queue.0 ? run!.threshold : work.rules.thresholds[queue.0] ?? 20
                        run = RollupRun(key: key, earliest: offered, threshold: threshold)
                    }
                    run!.counters.add(record, serviceLevelThreshold: run!.threshold, shortAbandonThreshold: work.rules.shortAbandonSeconds)
                    run!.earliest = min(run!.earliest, offered)
                    if work.repeats != nil {
                        // Judged on the values as stored, as the stored-contact tally judges them.
                        let short = RepeatContactRecompute.isShortAbandon(answered: record.answeredAt != nil, abandoned: record.abandoned,
                                                                waitMilliseconds: Int64((record.waitSeconds * 1000).rounded()),
                                                                shortAbandonSeconds: work.rules.shortAbandonSeconds)
                        work.repeats!.add(queue: Int(queue.1), customer: record.customerKey, offeredAt: offered, answered: record.answeredAt != nil,
                                          shortAbandon: short, tag: RepeatContactRecompute.repeatTag(teamKey: team.1, day: day))
                    }
                }
                if batch.rows.count + batch.rejected.count >= work.batchSize {
                    run?.flush(into: &batch)
                    run = nil
                    batch.rowsRead = rowsRead
                    batch.bytesRead = work.counter.bytes
                    guard hand(batch) else { return }
                    batch = Batch()
                    batch.rows.reserveCapacity(work.batchSize)
                }
            }
            run?.flush(into: &batch)
            batch.rowsRead = rowsRead
            batch.bytesRead = work.counter.bytes
            guard hand(batch) else { return }
            condition.lock()
            finished = true
            wakeConsumerLocked()
            condition.unlock()
        } catch {
            condition.lock()
            failure = error
            wakeConsumerLocked()
            condition.unlock()
        }
    }

    /// Queues a batch, waiting while `depth` are queued; false once cancelled.
    private func hand(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= depth && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        ready.append(batch)
        wakeConsumerLocked()
        return true
    }
}

/// A contact a source preset's record says was deleted at the source.
struct ContactDeletion: Sendable {
    let externalID: String
    let version: Int64?
    let line: Int
}
