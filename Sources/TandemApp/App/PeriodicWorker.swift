import Foundation
import Vapor

/// A loop that every app server runs in the background for as long as the app runs: one pass at
/// start-up, then one every `interval`. A failed pass is logged and the loop goes on; shutting
/// down cancels the loop and waits for the pass in progress. Jobs, webhook deliveries and the
/// session purge each run in one of these (their work lives in the database, so several servers
/// running the same loop only share it).
final class PeriodicWorker: LifecycleHandler, @unchecked Sendable {
    let name: String
    let interval: Duration
    private let pass: @Sendable (Application) async throws -> Void
    private let lock = NSLock()
    private var task: Task<Void, Never>?

    init(_ name: String, every interval: Duration, pass: @escaping @Sendable (Application) async throws -> Void) {
        self.name = name
        self.interval = interval
        self.pass = pass
    }

    func didBootAsync(_ application: Application) async throws {
        let (name, interval, pass) = (self.name, self.interval, self.pass)
        let started = Task.detached {
            while !Task.isCancelled {
                do { try await pass(application) } catch { application.logger.warning("\(name) pass failed: \(String(describing: error))") }
                try? await Task.sleep(for: interval)
            }
        }
        lock.withLock { task = started }
    }

    func shutdownAsync(_ application: Application) async {
        let running = lock.withLock { task }
        running?.cancel()
        await running?.value
    }
}
