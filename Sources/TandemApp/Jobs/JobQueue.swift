import Fluent
import Foundation
import SQLKit
import Vapor

/// The database-backed job queue. Any app server may enqueue; any may claim. A claim is a
/// conditional UPDATE (`… WHERE id = ? AND status = 'queued'`) followed by a read of the row:
/// of two servers racing for a job only the one whose name the row carries runs it. Every write
/// a holder makes afterwards (heartbeat, finish) is conditional on the row still carrying its
/// name, so a server that lost its job to another cannot overwrite the other's outcome.
enum JobQueue {
    /// Attempts before a job that keeps losing its server is given up.
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
    static func claimNext(worker: WorkerIdentity, now: Date = Date(), on db: any Database) async throws -> Job? {
        let sql = db as! any SQLDatabase
        let candidates = try await Job.query(on: db).filter(\.$status == .queued).sort(\.$createdAt).limit(5).all()
        for candidate in candidates {
            let id = try candidate.requireID()
            try await sql.update("jobs")
                .set("status", to: Job.Status.running.rawValue)
                .set("worker", to: worker.description)
                .set("started_at", to: now)
                .set("heartbeat_at", to: now)
                .set("attempts", to: SQLBinaryExpression(SQLColumn("attempts"), .add, SQLLiteral.numeric("1")))
                .where("id", .equal, id)
                .where("status", .equal, Job.Status.queued.rawValue)
                .run()
            if let claimed = try await Job.find(id, on: db), claimed.status == .running, claimed.worker == worker.description {
                return claimed
            }
        }
        return nil
    }

    /// A running job whose server is gone, put back in the queue or given up.
    struct Reclaimed: Sendable, Equatable {
        let jobID: UUID
        let kind: String
        let reason: OrphanedJobs.Reason
        /// False: it had used up its attempts and is now failed.
        let requeued: Bool
        let lastHeartbeat: Date?
    }

    /// Puts back in the queue every running job that `rule` finds orphaned, remembering its last
    /// heartbeat; one that has had `maxAttempts` is failed instead. Each change is conditional on
    /// the row still being the one that was judged, so two servers reclaiming at once change it once.
    static func reclaimOrphans(_ rule: OrphanedJobs, now: Date = Date(), on db: any Database) async throws -> [Reclaimed] {
        let sql = db as! any SQLDatabase
        let running = try await Job.query(on: db).filter(\.$status == .running).all()
        var reclaimed: [Reclaimed] = []
        for job in running {
            guard let reason = rule.reason(worker: job.worker, heartbeatAt: job.heartbeatAt, now: now) else { continue }
            let id = try job.requireID()
            let requeue = job.attempts < maxAttempts
            let lastSeen = job.heartbeatAt.map { Components.timestamp($0) } ?? "never"
            let message = requeue
                ? "Interrupted: \(describe(reason)) (last heartbeat \(lastSeen)). Queued again; it starts from the top."
                : "Stopped: interrupted \(job.attempts) times, \(describe(reason)) the last time (last heartbeat \(lastSeen))."
            var update = sql.update("jobs")
                .set("status", to: (requeue ? Job.Status.queued : Job.Status.failed).rawValue)
                .set("message", to: message)
                .set("interrupted_at", to: job.heartbeatAt ?? now)
                .set("worker", to: SQLLiteral.null)
            if !requeue { update = update.set("finished_at", to: now) }
            update = update.where("id", .equal, id).where("status", .equal, Job.Status.running.rawValue)
            update = job.worker.map { update.where("worker", .equal, $0) } ?? update.where("worker", .is, SQLLiteral.null)
            let changed = try await update.returning("id").all()
            if !changed.isEmpty {
                reclaimed.append(Reclaimed(jobID: id, kind: job.kind, reason: reason, requeued: requeue, lastHeartbeat: job.heartbeatAt))
            }
        }
        return reclaimed
    }

    private static func describe(_ reason: OrphanedJobs.Reason) -> String {
        switch reason {
        case .previousProcess(let pid): "the server process running it (pid \(pid)) stopped and this server started again"
        case .silent: "the server running it stopped sending heartbeats"
        }
    }

    /// Tells the other servers that `worker` is still running the job. False when the job is no
    /// longer this worker's (another server took it over, or it ended).
    static func heartbeat(_ jobID: UUID, worker: WorkerIdentity, now: Date = Date(), on db: any Database) async throws -> Bool {
        let rows = try await (db as! any SQLDatabase).update("jobs").set("heartbeat_at", to: now)
            .where("id", .equal, jobID).where("worker", .equal, worker.description).where("status", .equal, Job.Status.running.rawValue)
            .returning("id").all()
        return !rows.isEmpty
    }

    /// Progress in words, shown with the job.
    static func report(_ jobID: UUID, worker: WorkerIdentity, message: String, on db: any Database) async throws {
        try await (db as! any SQLDatabase).update("jobs").set("message", to: message)
            .where("id", .equal, jobID).where("worker", .equal, worker.description).run()
    }

    static func finish(_ jobID: UUID, worker: WorkerIdentity, status: Job.Status, message: String, on db: any Database) async throws {
        try await (db as! any SQLDatabase).update("jobs").set("status", to: status.rawValue).set("message", to: message)
            .set("finished_at", to: Date()).where("id", .equal, jobID).where("worker", .equal, worker.description).run()
    }
}

/// What a kind of job does, and what to do when it is given up. Registered once at start-up.
struct JobHandlers: Sendable {
    typealias Handler = @Sendable (Application, Job) async throws -> String
    /// Called with the job's id and the reason when the job fails without its handler finishing.
    typealias GiveUp = @Sendable (Application, Job, String) async throws -> Void
    private(set) var handlers: [String: Handler] = [:]
    private(set) var giveUps: [String: GiveUp] = [:]
    mutating func register(_ kind: String, _ handler: @escaping Handler, onGiveUp: GiveUp? = nil) {
        handlers[kind] = handler
        giveUps[kind] = onGiveUp
    }
}

extension Application {
    private struct JobHandlersKey: StorageKey { typealias Value = JobHandlers }
    private struct WorkerIdentityKey: StorageKey { typealias Value = WorkerIdentity }

    var jobHandlers: JobHandlers {
        get { storage[JobHandlersKey.self] ?? JobHandlers() }
        set { storage[JobHandlersKey.self] = newValue }
    }

    /// This app's name on the jobs it claims: drawn once per app (in production, once per process).
    var workerIdentity: WorkerIdentity {
        if let identity = storage[WorkerIdentityKey.self] { return identity }
        let identity = WorkerIdentity.current(node: tandemConfig.nodeName)
        storage[WorkerIdentityKey.self] = identity
        return identity
    }
}

/// Runs queued jobs. `serve` (and `tandem jobs work`) run it in a `PeriodicWorker`; tests call
/// `pass` and `runPending` directly.
enum JobWorker {
    /// How often the loop looks for work.
    static let pollInterval: Duration = .seconds(1)

    static func heartbeatInterval(staleAfter: TimeInterval) -> TimeInterval { max(1, staleAfter / 10) }

    static func orphanRule(_ app: Application) -> OrphanedJobs {
        OrphanedJobs(me: app.workerIdentity, staleAfter: app.tandemConfig.jobStaleAfter,
                     allWorkersLocal: Engine(app.db) == .sqlite, processExists: processExists)
    }

    /// One pass of the loop: take back orphaned jobs, then run what is queued.
    @discardableResult
    static func pass(_ app: Application) async throws -> Int {
        try await reclaim(app)
        return try await runPending(app)
    }

    /// Takes back the jobs whose server is gone; a job given up is reported to its kind's handler.
    @discardableResult
    static func reclaim(_ app: Application, now: Date = Date()) async throws -> [JobQueue.Reclaimed] {
        let reclaimed = try await JobQueue.reclaimOrphans(orphanRule(app), now: now, on: app.backgroundDB)
        for job in reclaimed {
            app.logger.warning("Job \(job.jobID) (\(job.kind)) \(job.requeued ? "queued again" : "given up"): its server is gone (\(job.reason)).")
            if !job.requeued, let giveUp = app.jobHandlers.giveUps[job.kind], let stored = try await Job.find(job.jobID, on: app.backgroundDB) {
                try await giveUp(app, stored, stored.message)
            }
        }
        return reclaimed
    }

    /// Claims and runs jobs until none is left; returns how many ran.
    @discardableResult
    static func runPending(_ app: Application) async throws -> Int {
        var ran = 0
        while let job = try await JobQueue.claimNext(worker: app.workerIdentity, on: app.backgroundDB) {
            try await run(job, app)
            ran += 1
        }
        return ran
    }

    /// Runs one claimed job, sending heartbeats while it runs.
    static func run(_ job: Job, _ app: Application) async throws {
        let id = try job.requireID()
        let me = app.workerIdentity
        guard let handler = app.jobHandlers.handlers[job.kind] else {
            try await JobQueue.finish(id, worker: me, status: .failed, message: "No handler for jobs of kind \(job.kind).", on: app.backgroundDB)
            return
        }
        let beat = heartbeatInterval(staleAfter: app.tandemConfig.jobStaleAfter)
        let db = app.backgroundDB
        let heartbeats = Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(beat))
                guard !Task.isCancelled else { return }
                // One beat at a time: on SQLite a beat may wait behind the import's write lock.
                if let held = try? await JobQueue.heartbeat(id, worker: me, on: db), !held {
                    app.logger.warning("Job \(id) (\(job.kind)) was taken over by another server; this server's result will not be recorded.")
                    return
                }
            }
        }
        defer { heartbeats.cancel() }
        do {
            let message = try await handler(app, job)
            heartbeats.cancel()
            try await JobQueue.finish(id, worker: me, status: .succeeded, message: message, on: app.backgroundDB)
        } catch {
            heartbeats.cancel()
            app.logger.report(error: error)
            try await JobQueue.finish(id, worker: me, status: .failed, message: "\(error)", on: app.backgroundDB)
        }
    }

    /// The background loop, for `serve` and `tandem jobs work`.
    static func loop() -> PeriodicWorker {
        PeriodicWorker("Job worker", every: pollInterval) { try await pass($0) }
    }
}

/// What the pages show about the job behind an import (or any other job).
struct JobStateDTO: Content, Equatable {
    let status: Job.Status
    let attempts: Int
    let heartbeatAt: Date?
    /// The last heartbeat of an attempt whose server died; nil when no attempt was interrupted.
    let interruptedAt: Date?
    let message: String

    init(_ job: Job) {
        status = job.status
        attempts = job.attempts
        heartbeatAt = job.heartbeatAt
        interruptedAt = job.interruptedAt
        message = job.message
    }
}
