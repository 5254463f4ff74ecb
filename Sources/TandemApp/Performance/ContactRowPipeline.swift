import Foundation
import TandemPerformance

/// Reads and validates a contact file on a thread of its own, handing batches of valid rows (and
/// the issues of bad ones) to the importer while it writes the previous batches: parsing and
/// storing run on two cores at once. At most `depth` batches wait, so memory stays flat.
final class ContactRowPipeline: @unchecked Sendable {
    struct Batch: Sendable {
        var rows: [ContactStore.Row] = []
        /// The issues of each rejected row, in file order.
        var rejected: [[RowIssue]] = []
        /// Rows read and bytes read from the start of the file, after this batch.
        var rowsRead = 0
        var bytesRead = 0
    }

    private let condition = NSCondition()
    private var ready: [Batch] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private var waiting: CheckedContinuation<Batch?, any Error>?
    private let depth: Int

    /// Starts reading at once.
    init(reader: ContactFileReader, counter: ByteCounter, validator: ContactRowValidator, batchSize: Int, depth: Int = 4) {
        self.depth = depth
        let work = Work(reader: reader, counter: counter, validator: validator, batchSize: batchSize)
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
        /// The directory's ids are UUID strings; a handful of distinct ones, parsed once.
        var uuids: [String: UUID?] = [:]

        init(reader: ContactFileReader, counter: ByteCounter, validator: ContactRowValidator, batchSize: Int) {
            self.reader = reader
            self.counter = counter
            self.validator = validator
            self.batchSize = batchSize
        }

        func uuid(_ text: String) -> UUID? {
            if let known = uuids[text] { return known }
            let parsed = UUID(uuidString: text)
            uuids[text] = parsed
            return parsed
        }
    }

    private func produce(_ work: Work) {
        var rowsRead = 0
        do {
            var batch = Batch()
            batch.rows.reserveCapacity(work.batchSize)
            while let raw = try work.reader.next() {
                rowsRead += 1
                switch work.validator.validate(raw) {
                case .invalid(let issues):
                    batch.rejected.append(issues)
                case .valid(let record):
                    batch.rows.append(ContactStore.Row(record: record, teamID: work.uuid(record.teamID)!, siteID: work.uuid(record.siteID),
                                                       queueID: work.uuid(record.queueID)!, line: raw.line))
                }
                if batch.rows.count + batch.rejected.count >= work.batchSize {
                    batch.rowsRead = rowsRead
                    batch.bytesRead = work.counter.bytes
                    guard hand(batch) else { return }
                    batch = Batch()
                    batch.rows.reserveCapacity(work.batchSize)
                }
            }
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
