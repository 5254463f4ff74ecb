import Foundation

/// Who holds a running job: the server's node name, its process id and a token drawn when the
/// process started (process ids are reused, and a container's server is often pid 1 every
/// time). Stored in the job row as `node/pid/token`.
struct WorkerIdentity: Sendable, Equatable, CustomStringConvertible {
    let node: String
    let pid: Int32
    let token: String

    static func current(node: String) -> WorkerIdentity {
        WorkerIdentity(node: node, pid: ProcessInfo.processInfo.processIdentifier, token: String(UUID().uuidString.prefix(8)).lowercased())
    }

    var description: String { "\(node)/\(pid)/\(token)" }

    /// The identity written in a job row; nil for a name this version did not write.
    init?(parsing stored: String) {
        let parts = stored.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, let pid = Int32(parts[1]), !parts[2].isEmpty else { return nil }
        self.init(node: String(parts[0]), pid: pid, token: String(parts[2]))
    }

    init(node: String, pid: Int32, token: String) {
        self.node = node
        self.pid = pid
        self.token = token
    }
}

/// Whether a process with this id exists on this machine (`kill(pid, 0)`: no signal is sent;
/// EPERM means it exists but belongs to someone else).
@Sendable func processExists(_ pid: Int32) -> Bool {
    guard pid > 0 else { return false }
    return kill(pid, 0) == 0 || errno == EPERM
}

/// Deciding which running jobs lost their server. Pure: the caller supplies the clock and how to
/// ask whether a local process exists.
struct OrphanedJobs: Sendable {
    enum Reason: Equatable, Sendable {
        /// An earlier process of this very server (same node) that is gone: taken back at once.
        case previousProcess(pid: Int32)
        /// Another server that stopped sending heartbeats.
        case silent(since: Date)
    }

    let me: WorkerIdentity
    let staleAfter: TimeInterval
    /// SQLite: every server runs on the machine that holds the file, so whether the holder's
    /// process exists is known exactly, and a silent heartbeat proves nothing (a long import's
    /// heartbeats wait behind its own write lock). PostgreSQL: servers elsewhere are judged by
    /// their heartbeats.
    let allWorkersLocal: Bool
    let processExists: @Sendable (Int32) -> Bool

    func reason(worker: String?, heartbeatAt: Date?, now: Date) -> Reason? {
        let last = heartbeatAt ?? .distantPast
        let silent: Reason? = now.timeIntervalSince(last) > staleAfter ? .silent(since: last) : nil
        guard let holder = worker.flatMap(WorkerIdentity.init(parsing:)) else { return silent }  // a name an older version wrote
        if holder == me { return nil }  // running in this process
        if holder.node == me.node || allWorkersLocal {
            if holder.pid == me.pid || !processExists(holder.pid) { return .previousProcess(pid: holder.pid) }
            if allWorkersLocal { return nil }  // alive on this machine
        }
        return silent
    }
}
