import Foundation

/// The concentration rule (domain guide): never let one team hold a whole queue or channel,
/// because if it fails or leaves nobody else knows the work. Shifts in `exemptShifts` (by
/// default overnight, whose hours can be cut for a while) are ignored.
public struct ConcentrationRule: Sendable, Equatable {
    /// A team holding at least this share (0…1] of a queue or channel is warned about.
    /// 1 means "100% is never allowed"; 0.8 would also flag 80/20 splits.
    public var limit: Double
    public var exemptShifts: Set<Shift>

    public init(limit: Double = 1, exemptShifts: Set<Shift> = [.overnight]) {
        self.limit = limit
        self.exemptShifts = exemptShifts
    }

    public var describedLimit: String {
        let percent = (limit * 1000).rounded() / 10
        return percent == percent.rounded() ? "\(Int(percent))%" : "\(percent)%"
    }
}

public enum Concentration {
    public enum Scope: Sendable, Hashable {
        case queue(UUID)
        case channel(UUID)
    }

    public struct Warning: Sendable, Equatable {
        public let scope: Scope
        public let team: UUID
        /// The team's share, 0…1 (for a queue: the largest among the flagged shifts).
        public let share: Double
        /// Shifts where the queue's share reaches the limit (all checked shifts for a channel).
        public let shifts: [Shift]
    }

    /// One queue's allocation and, per shift, how much work it carries in the period (the
    /// plan's required hours); weights only matter for channel shares.
    public struct QueueShares: Sendable {
        public let queue: UUID
        public let channel: UUID
        public let shares: [Shift: [UUID: Double]]
        public let hours: [Shift: Double]

        public init(queue: UUID, channel: UUID, shares: [Shift: [UUID: Double]], hours: [Shift: Double]) {
            self.queue = queue
            self.channel = channel
            self.shares = shares
            self.hours = hours
        }
    }

    static let tolerance = 1e-9

    /// Queue warnings: a team whose share of a checked shift reaches the limit. Channel
    /// warnings: a team whose share of the channel's checked hours reaches it, where the
    /// channel share = Σ hours × share ÷ Σ hours over the channel's queues and checked
    /// shifts (every allocated shift weighs 1 hour when the period has no forecast).
    public static func check(_ queues: [QueueShares], rule: ConcentrationRule) -> [Warning] {
        let checked = Shift.allCases.filter { !rule.exemptShifts.contains($0) }
        var warnings: [Warning] = []
        for queue in queues {
            var flagged: [UUID: (share: Double, shifts: [Shift])] = [:]
            for shift in checked {
                for (team, share) in queue.shares[shift] ?? [:] where share >= rule.limit - tolerance {
                    let old = flagged[team] ?? (0, [])
                    flagged[team] = (max(old.share, share), old.shifts + [shift])
                }
            }
            for (team, hit) in flagged.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                warnings.append(Warning(scope: .queue(queue.queue), team: team, share: hit.share, shifts: hit.shifts))
            }
        }
        let channels = Dictionary(grouping: queues, by: \.channel)
        let anyHours = queues.contains { q in checked.contains { (q.hours[$0] ?? 0) > 0 } }
        for (channel, members) in channels.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            var total = 0.0
            var byTeam: [UUID: Double] = [:]
            for queue in members {
                for shift in checked {
                    let weight = anyHours ? (queue.hours[shift] ?? 0) : (queue.shares[shift] == nil ? 0 : 1)
                    guard weight > 0 else { continue }
                    total += weight
                    for (team, share) in queue.shares[shift] ?? [:] { byTeam[team, default: 0] += weight * share }
                }
            }
            guard total > 0 else { continue }
            for (team, weighted) in byTeam.sorted(by: { $0.key.uuidString < $1.key.uuidString }) where weighted / total >= rule.limit - tolerance {
                warnings.append(Warning(scope: .channel(channel), team: team, share: weighted / total, shifts: checked))
            }
        }
        return warnings
    }
}
