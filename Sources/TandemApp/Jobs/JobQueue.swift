import Fluent
import Foundation
import SQLKit
import Vapor

/// The database-backed job queue. Any app server may enqueue; any may claim. A claim is a
/// conditional UPDATE (`… WHERE id = ? AND status = 'queued'`) followed by a read of the row:
/// of two servers racing for a job only the one whose name the row carries runs it. A running job
/// whose server stopped sending heartbeats is put back in the queue.
enum JobQueue {
    /// A job whose heartbeat is older than this is presumed orphaned (its server died).
    static let staleAfter: TimeInterval = 10 * 60
    static let maxAttempts = 3

    static func enqueue(kind: String, payload: some Encodable, on db: any Database) async throws -> Job {
        let job = Job()
        job.kind = kind
        job.status = .queued
        job.payload = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
        job.attempts = 0
        job.message = ""
        try await job.create(on: db)
        return job
    }

    /// Claims the oldest queued job, or nil when there is none (or another server won every race).
    static func claimNext(worker: String, on db: any Database) async throws -> Job? {
        let sql = db as! any SQLDatabase
        let now = Date()
        // Orphans go back to the queue (or fail after too many attempts).
        try await sql.update("jobs").set("status", to: Job.Status.queued.rawValue)
            .where("status", .equal, Job.Status.running.rawValue)
            .where("heartbeat_at", .lessThan, now.addingTimeInterval(-staleAfter))
            .where("attempts", .lessThan, maxAttempts)
            .run()
        let candidates = try await Job.query(on: db).filter(\.$status == .queued).sort(\.$createdAt).limit(5).all()
        for candidate in candidates {
            let id = try candidate.requireID()
            try await sql.update("jobs")
                .set("status", to: Job.Status.running.rawValue)
                .set("worker", to: worker)
                .set("started_at", to: now)
                .set("heartbeat_at", to: now)
                .set("attempts", to: SQLBinaryExpression(SQLColumn("attempts"), .add, SQLLiteral.numeric("1")))
                .where("id", .equal, id)
                .where("status", .equal, Job.Status.queued.rawValue)
                .run()
            if let claimed = try await Job.find(id, on: db), claimed.status == .running, claimed.worker == worker {
                return claimed
            }
        }
        return nil
    }

    static func heartbeat(_ jobID: UUID, message: String, on db: any Database) async throws {
        try await (db as! any SQLDatabase).update("jobs").set("heartbeat_at", to: Date()).set("message", to: message)
            .where("id", .equal, jobID).run()
    }

    static func finish(_ jobID: UUID, status: Job.Status, message: String, on db: any Database) async throws {
        try await (db as! any SQLDatabase).update("jobs").set("status", to: status.rawValue).set("message", to: message)
            .set("finished_at", to: Date()).where("id", .equal, jobID).run()
    }
}

/// What a kind of job does. Handlers are registered once at start-up.
struct JobHandlers: Sendable {
    typealias Handler = @Sendable (Application, Job) async throws -> String
    private(set) var handlers: [String: Handler] = [:]
    mutating func register(_ kind: String, _ handler: @escaping Handler) { handlers[kind] = handler }
}

extension Application {
    private struct JobHandlersKey: StorageKey { typealias Value = JobHandlers }

    var jobHandlers: JobHandlers {
        get { storage[JobHandlersKey.self] ?? JobHandlers() }
        set { storage[JobHandlersKey.self] = newValue }
    }
}

/// Runs queued jobs. `serve` starts the loop; tests and the CLI call `runPending` directly.
enum JobWorker {
    static let workerName = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"

    /// Claims and runs jobs until none is left; returns how many ran.
    @discardableResult
    static func runPending(_ app: Application, worker: String = workerName) async throws -> Int {
        var ran = 0
        while let job = try await JobQueue.claimNext(worker: worker, on: app.db) {
            try await run(job, app)
            ran += 1
        }
        return ran
    }

    static func run(_ job: Job, _ app: Application) async throws {
        let id = try job.requireID()
        guard let handler = app.jobHandlers.handlers[job.kind] else {
            try await JobQueue.finish(id, status: .failed, message: "No handler for jobs of kind \(job.kind).", on: app.db)
            return
        }
        do {
            let message = try await handler(app, job)
            try await JobQueue.finish(id, status: .succeeded, message: message, on: app.db)
        } catch {
            app.logger.report(error: error)
            try await JobQueue.finish(id, status: .failed, message: "\(error)", on: app.db)
        }
    }

    /// Polls for work every `interval` seconds until the app shuts down.
    static func start(_ app: Application, interval: Double = 1) {
        let task = Task {
            while !Task.isCancelled {
                do { try await runPending(app) } catch { app.logger.report(error: error) }
                try? await Task.sleep(for: .seconds(interval))
            }
        }
        app.lifecycle.use(JobWorkerLifecycle(task: task))
    }
}

private struct JobWorkerLifecycle: LifecycleHandler {
    let task: Task<Void, Never>
    func shutdownAsync(_ application: Application) async { task.cancel() }
}
