import Fluent
import Foundation
import Vapor

/// Figures derived from stored data (scorecards, staffing plans, health indexes, the dashboard's
/// sections), kept in this server's memory with the data versions they were computed at
/// (`DataVersions`). A figure is computed once per change of its inputs: readers whose versions
/// match share the kept value; concurrent readers of a missing one wait for a single computation;
/// a figure that also depends on the clock (what is late today, when an escalation breaches) says
/// until when it holds. Several app servers each keep their own, and each notices a change made by
/// another through the versions in the database.
///
/// Memory is bounded by `capacity`, in units each figure states (rows, cells): the least recently
/// used go first, and a figure larger than a quarter of it is computed for its readers but not kept.
final class DerivedFigures: @unchecked Sendable {
    private struct Entry {
        let stamp: [Int64]
        let validUntil: Date
        let value: any Sendable
        let cost: Int
        var lastUsed: UInt64
    }

    private typealias Computation = Task<(value: any Sendable, validUntil: Date, cost: Int), any Error>

    private struct Running {
        let stamp: [Int64]
        let task: Computation
    }

    let capacity: Int
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var running: [String: Running] = [:]
    private var clock: UInt64 = 0
    private var held = 0
    private var computed = 0

    init(capacity: Int = 400_000) { self.capacity = capacity }

    /// The figure kept under `key` for these versions of `areas`, or the one `compute` gives, with
    /// the moment it stops holding (`.distantFuture` when only the data can change it) and its cost.
    func value<T: Sendable>(_ key: String, areas: [DataArea], versions: DataVersions, now: Date = Date(),
                            compute: @escaping @Sendable () async throws -> (T, validUntil: Date, cost: Int)) async throws -> T {
        let stamp = versions.stamp(areas)
        let (kept, task): (T?, Computation?) = lock.withLock {
            clock &+= 1
            if var entry = entries[key], entry.stamp == stamp, entry.validUntil > now, let value = entry.value as? T {
                entry.lastUsed = clock
                entries[key] = entry
                return (value, nil)
            }
            if let inFlight = running[key], inFlight.stamp == stamp { return (nil, inFlight.task) }
            // Detached from the request: a reader that goes away does not cancel what others wait for.
            let started = Computation.detached {
                let (value, until, cost) = try await compute()
                return (value as any Sendable, until, cost)
            }
            running[key] = Running(stamp: stamp, task: started)
            computed += 1
            return (nil, started)
        }
        if let kept { return kept }
        guard let task else { throw Abort(.internalServerError) }
        do {
            let result = try await task.value
            lock.withLock {
                if running[key]?.task == task { running[key] = nil }
                keep(key, Entry(stamp: stamp, validUntil: result.validUntil, value: result.value, cost: max(1, result.cost), lastUsed: 0))
            }
            guard let typed = result.value as? T else { throw Abort(.internalServerError, reason: "derived figure \(key) has an unexpected type") }
            return typed
        } catch {
            lock.withLock { if running[key]?.task == task { running[key] = nil } }
            throw error
        }
    }

    /// How many figures were computed (not found kept) since the server started.
    var computations: Int { lock.withLock { computed } }
    var count: Int { lock.withLock { entries.count } }

    /// Drops every kept figure.
    func removeAll() {
        lock.withLock {
            entries.removeAll()
            held = 0
        }
    }

    /// Call with the lock held.
    private func keep(_ key: String, _ entry: Entry) {
        // A reader that started earlier may finish later: never replace a figure of newer versions.
        if let current = entries[key], current.stamp != entry.stamp, zip(current.stamp, entry.stamp).allSatisfy({ $0 >= $1 }) { return }
        guard entry.cost <= capacity / 4 else { return }
        if let old = entries[key] { held -= old.cost }
        clock &+= 1
        var fresh = entry
        fresh.lastUsed = clock
        entries[key] = fresh
        held += fresh.cost
        guard held > capacity else { return }
        for (name, old) in entries.sorted(by: { $0.value.lastUsed < $1.value.lastUsed }) {
            guard held > capacity * 3 / 4 else { break }
            entries[name] = nil
            held -= old.cost
        }
    }
}

extension Application {
    private struct DerivedFiguresKey: StorageKey { typealias Value = DerivedFigures }

    /// This server's kept figures. Created in `configure` (storage is not for concurrent first use).
    var derivedFigures: DerivedFigures {
        if let kept = storage[DerivedFiguresKey.self] { return kept }
        let created = DerivedFigures()
        storage[DerivedFiguresKey.self] = created
        return created
    }
}

extension Request {
    private struct VersionsKey: StorageKey { typealias Value = DataVersions }

    /// The data versions, read once per request (by the first thing that needs them).
    func dataVersions() async throws -> DataVersions {
        if let read = storage[VersionsKey.self] { return read }
        let read = try await DataVersionStore.load(on: db)
        storage[VersionsKey.self] = read
        return read
    }

    /// A derived figure for this request (see `DerivedFigures`), computed on the app's database.
    func derived<T: Sendable>(_ key: String, areas: [DataArea], now: Date = Date(),
                              compute: @escaping @Sendable (any Database) async throws -> (T, validUntil: Date, cost: Int)) async throws -> T {
        let db = application.db
        return try await application.derivedFigures.value(key, areas: areas, versions: try await dataVersions(), now: now) { try await compute(db) }
    }
}
