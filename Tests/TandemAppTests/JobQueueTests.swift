import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Who may run a job, and what happens to a job whose server died.
@Suite struct JobQueueTests {
    static let here = WorkerIdentity(node: "app-1", pid: 4_000, token: "aaaa")
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// The rule, with a process table the test controls.
    static func rule(me: WorkerIdentity = here, local: Bool, alive: Set<Int32> = []) -> OrphanedJobs {
        OrphanedJobs(me: me, staleAfter: 30, allWorkersLocal: local, processExists: { alive.contains($0) })
    }

    @Test func identity_survives_the_round_trip_through_the_job_row() {
        #expect(WorkerIdentity(parsing: Self.here.description) == Self.here)
        #expect(WorkerIdentity(parsing: "host-123-abcd") == nil, "a name an older version wrote is not an identity")
        #expect(WorkerIdentity(parsing: "a/notapid/x") == nil)
    }

    @Test func a_previous_process_of_this_server_is_taken_back_at_once_whatever_its_heartbeat() {
        let previous = WorkerIdentity(node: "app-1", pid: 3_999, token: "bbbb").description
        let fresh = Self.now.addingTimeInterval(-1)
        #expect(Self.rule(local: false).reason(worker: previous, heartbeatAt: fresh, now: Self.now) == .previousProcess(pid: 3_999))
        // Same pid (a container's server is pid 1 every time) but another token: still a previous process.
        let samePid = WorkerIdentity(node: "app-1", pid: 4_000, token: "cccc").description
        #expect(Self.rule(local: false, alive: [4_000]).reason(worker: samePid, heartbeatAt: fresh, now: Self.now) == .previousProcess(pid: 4_000))
        // This very process: never.
        #expect(Self.rule(local: false).reason(worker: Self.here.description, heartbeatAt: .distantPast, now: Self.now) == nil)
    }

    @Test func another_server_is_judged_by_its_heartbeats_on_postgresql() {
        let other = WorkerIdentity(node: "app-2", pid: 77, token: "dddd").description
        let rule = Self.rule(local: false)
        #expect(rule.reason(worker: other, heartbeatAt: Self.now.addingTimeInterval(-30), now: Self.now) == nil, "exactly at the stale time: still alive")
        let silentSince = Self.now.addingTimeInterval(-31)
        #expect(rule.reason(worker: other, heartbeatAt: silentSince, now: Self.now) == .silent(since: silentSince))
        #expect(rule.reason(worker: "old-style-name", heartbeatAt: silentSince, now: Self.now) == .silent(since: silentSince))
        #expect(rule.reason(worker: "old-style-name", heartbeatAt: Self.now, now: Self.now) == nil)
    }

    @Test func on_sqlite_a_living_local_process_keeps_its_job_however_long_its_heartbeat_waits() {
        let other = WorkerIdentity(node: "app-2", pid: 77, token: "dddd").description
        let longAgo = Self.now.addingTimeInterval(-3_600)
        #expect(Self.rule(local: true, alive: [77]).reason(worker: other, heartbeatAt: longAgo, now: Self.now) == nil)
        #expect(Self.rule(local: true, alive: []).reason(worker: other, heartbeatAt: Self.now, now: Self.now) == .previousProcess(pid: 77))
    }

    @Test(arguments: TestDatabase.all)
    func only_one_worker_wins_a_job(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let job = try await JobQueue.enqueue(kind: "noop", payload: ["x": 1], on: app.db)
            let a = WorkerIdentity(node: "server-a", pid: 1, token: "a")
            let b = WorkerIdentity(node: "server-b", pid: 1, token: "b")
            let first = try await JobQueue.claimNext(worker: a, on: app.db)
            let second = try await JobQueue.claimNext(worker: b, on: app.db)
            #expect(first?.id == job.id && first?.worker == "server-a/1/a" && first?.attempts == 1)
            #expect(second == nil)
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_silent_server_loses_its_job_to_another_and_cannot_record_a_result_afterwards(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let job = try await JobQueue.enqueue(kind: "noop", payload: ["x": 1], on: app.db)
            let a = WorkerIdentity(node: "server-a", pid: 1, token: "a")
            let b = WorkerIdentity(node: "server-b", pid: 1, token: "b")
            let started = Self.now
            _ = try #require(try await JobQueue.claimNext(worker: a, now: started, on: app.db))
            #expect(try await JobQueue.heartbeat(job.requireID(), worker: a, now: started.addingTimeInterval(10), on: app.db))

            let judge = OrphanedJobs(me: b, staleAfter: 30, allWorkersLocal: false, processExists: { _ in true })
            #expect(try await JobQueue.reclaimOrphans(judge, now: started.addingTimeInterval(39), on: app.db).isEmpty, "29 s of silence: not yet")
            let reclaimed = try await JobQueue.reclaimOrphans(judge, now: started.addingTimeInterval(41), on: app.db)
            #expect(reclaimed.map(\.jobID) == [try job.requireID()] && reclaimed.first?.requeued == true)
            #expect(reclaimed.first?.lastHeartbeat == started.addingTimeInterval(10))
            // A second server judging the same row at the same moment changes nothing more.
            #expect(try await JobQueue.reclaimOrphans(judge, now: started.addingTimeInterval(41), on: app.db).isEmpty)

            let requeued = try #require(try await Job.find(job.requireID(), on: app.db))
            #expect(requeued.status == .queued && requeued.worker == nil && requeued.interruptedAt == started.addingTimeInterval(10))
            #expect(requeued.message.contains("stopped sending heartbeats") && requeued.message.contains("Queued again"))

            let taken = try #require(try await JobQueue.claimNext(worker: b, now: started.addingTimeInterval(42), on: app.db))
            #expect(taken.attempts == 2 && taken.worker == b.description)
            // Server A wakes up: its heartbeat tells it the job is gone, and its outcome is not written.
            #expect(try await JobQueue.heartbeat(job.requireID(), worker: a, on: app.db) == false)
            try await JobQueue.finish(job.requireID(), worker: a, status: .failed, message: "A's late failure", on: app.db)
            try await JobQueue.finish(job.requireID(), worker: b, status: .succeeded, message: "done by B", on: app.db)
            let final = try #require(try await Job.find(job.requireID(), on: app.db))
            #expect(final.status == .succeeded && final.message == "done by B")
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_job_that_keeps_losing_its_server_is_given_up_and_its_import_says_so(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            let run = try await ImportService.enqueueUpload(bytes: Data(Perf.handWorked.utf8), fileName: "week.csv", source: "genesys", format: .csv,
                                                            mapping: nil, acceptValid: false, by: .cli("test"), on: app.db)
            let jobID = try #require(run.jobID)
            // Three servers in turn claim it and die (each a process that no longer exists on this node).
            for attempt in 1...JobQueue.maxAttempts {
                let dead = WorkerIdentity(node: app.tandemConfig.nodeName, pid: Int32(4_190_000 + attempt), token: "dead\(attempt)")
                _ = try #require(try await JobQueue.claimNext(worker: dead, on: app.db))
                let reclaimed = try await JobWorker.reclaim(app)
                #expect(reclaimed.count == 1 && reclaimed[0].requeued == (attempt < JobQueue.maxAttempts), "attempt \(attempt)")
            }
            let job = try #require(try await Job.find(jobID, on: app.db))
            #expect(job.status == .failed && job.message.contains("interrupted 3 times"))
            let failed = try #require(try await ImportRun.find(run.requireID(), on: app.db))
            #expect(failed.status == .failed && failed.message.contains("Nothing was stored; upload the file again."))
            #expect(try await StoredUpload.query(on: app.db).count() == 0)
            #expect(try await Perf.contactCount(app) == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func an_import_whose_server_died_is_resumed_by_the_restarted_server_and_the_page_says_so(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            _ = try await browser.get("/performance/imports")
            let response = try await PerformanceWebTests.upload(browser, app, csv: Perf.handWorked, source: "genesys")
            let location = try #require(response.headers.first(name: .location))
            // The previous process of this server claimed it, beat once, and was killed.
            let previous = WorkerIdentity(node: app.tandemConfig.nodeName, pid: 4_190_999, token: "gone")
            let heartbeat = Date(timeIntervalSince1970: 1_800_000_123)
            let claimed = try #require(try await JobQueue.claimNext(worker: previous, now: heartbeat, on: app.db))

            let reclaimed = try await JobWorker.reclaim(app)
            #expect(reclaimed.map(\.jobID) == [try claimed.requireID()] && reclaimed[0].reason == .previousProcess(pid: 4_190_999))
            let waiting = try await browser.get(location)
            #expect(waiting.text.contains("Interrupted, resuming.") && waiting.text.contains("last heartbeat 15 Jan 2027, 08:02:03 UTC"))
            #expect(waiting.text.contains("waiting for a server to pick it up"))
            let api = try await APIClient.forUser(app, ws.manager)
            let polled = try await api.send(.GET, "/api/v1/imports/\(try run(location))").json(ImportRunDTO.self)
            #expect(polled.job?.interruptedAt == heartbeat && polled.job?.status == .queued)

            #expect(try await JobWorker.runPending(app) == 1)
            let done = try await browser.get(location)
            #expect(done.text.contains("succeeded") && done.text.contains("resumed and finished after 2 attempts"))
            #expect(!done.text.contains("Interrupted, resuming."))
            #expect(try await Perf.contactCount(app) == 7)
            #expect(try await Perf.rollupTotals(app).offered == 6, "7 contacts less one short abandon, counted once")
        }
    }

    private func run(_ location: String) throws -> String { try #require(location.split(separator: "/").last.map(String.init)) }
}
