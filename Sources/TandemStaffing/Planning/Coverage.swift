import Foundation

/// Required vs scheduled: each team's required FTE (from the plan) against the agents it
/// scheduled, compared on a common grid of slots so 15-, 30- and 60-minute files mix: an
/// interval's value holds for every slot it spans. Gap = scheduled − required (negative is
/// under-staffed). Hours = agents × slot length.
public enum Coverage {
    public struct Key: Hashable, Sendable {
        public let team: UUID
        public let queue: UUID
        public let start: Date
        public init(team: UUID, queue: UUID, start: Date) {
            self.team = team
            self.queue = queue
            self.start = start
        }
    }

    /// Agents scheduled by one team on one queue over one interval.
    public struct Scheduled: Sendable, Equatable {
        public let team: UUID
        public let queue: UUID
        public let start: Date
        public let minutes: Int
        public let agents: Double
        public init(team: UUID, queue: UUID, start: Date, minutes: Int, agents: Double) {
            self.team = team
            self.queue = queue
            self.start = start
            self.minutes = minutes
            self.agents = agents
        }
    }

    public struct Cell: Sendable, Equatable {
        public let required: Double
        public let scheduled: Double
        public var gap: Double { scheduled - required }
    }

    public struct TeamTotals: Sendable, Equatable {
        public var requiredHours = 0.0
        public var scheduledHours = 0.0
        /// Σ max(0, required − scheduled) × hours.
        public var underHours = 0.0
        /// Σ max(0, scheduled − required) × hours.
        public var overHours = 0.0
        public var netHours: Double { scheduledHours - requiredHours }

        public init() {}
    }

    public struct Result: Sendable {
        public let slotMinutes: Int
        /// Team × queue × slot start.
        public let cells: [Key: Cell]

        public var slotHours: Double { Double(slotMinutes) / 60 }

        public func totals() -> [UUID: TeamTotals] {
            var out: [UUID: TeamTotals] = [:]
            for (key, cell) in cells {
                var t = out[key.team] ?? TeamTotals()
                t.requiredHours += cell.required * slotHours
                t.scheduledHours += cell.scheduled * slotHours
                t.underHours += max(0, -cell.gap) * slotHours
                t.overHours += max(0, cell.gap) * slotHours
                out[key.team] = t
            }
            return out
        }

        /// One team's gap per slot start, summed over its queues (the heatmap's cells).
        public func teamGaps(_ team: UUID) -> [Date: Cell] {
            var out: [Date: Cell] = [:]
            for (key, cell) in cells where key.team == team {
                let old = out[key.start] ?? Cell(required: 0, scheduled: 0)
                out[key.start] = Cell(required: old.required + cell.required, scheduled: old.scheduled + cell.scheduled)
            }
            return out
        }

        /// Required and scheduled hours per team and channel, given each queue's channel.
        public func teamChannelHours(channelOf: [UUID: UUID]) -> [UUID: [UUID: (required: Double, scheduled: Double)]] {
            var out: [UUID: [UUID: (required: Double, scheduled: Double)]] = [:]
            for (key, cell) in cells {
                guard let channel = channelOf[key.queue] else { continue }
                let old = out[key.team]?[channel] ?? (0, 0)
                out[key.team, default: [:]][channel] = (old.required + cell.required * slotHours, old.scheduled + cell.scheduled * slotHours)
            }
            return out
        }
    }

    public static func compare(plan: [CapacityPlan.Line], scheduled: [Scheduled]) -> Result {
        let lengths = plan.map(\.minutes) + scheduled.map(\.minutes)
        let slot = lengths.reduce(0) { gcd($0, $1) }
        let slotMinutes = slot > 0 ? slot : 30
        var cells: [Key: Cell] = [:]
        func add(_ team: UUID, _ queue: UUID, _ start: Date, _ minutes: Int, required: Double, scheduled: Double) {
            for part in 0..<max(1, minutes / slotMinutes) {
                let key = Key(team: team, queue: queue, start: start.addingTimeInterval(Double(part * slotMinutes * 60)))
                let old = cells[key] ?? Cell(required: 0, scheduled: 0)
                cells[key] = Cell(required: old.required + required, scheduled: old.scheduled + scheduled)
            }
        }
        for line in plan { for (team, fte) in line.teamFTE { add(team, line.queue, line.start, line.minutes, required: fte, scheduled: 0) } }
        for s in scheduled { add(s.team, s.queue, s.start, s.minutes, required: 0, scheduled: s.agents) }
        return Result(slotMinutes: slotMinutes, cells: cells)
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
