import Foundation

/// Why the plan's figures differ from one another, with the numbers: the pure half of what
/// the staffing pages explain.
extension CapacityPlan.Result {
    /// Required hours no allocation covers, per queue (a queue with a forecast but no allocation
    /// for some shift, or shares summing below 100%).
    public var unallocatedHoursByQueue: [UUID: Double] {
        var out: [UUID: Double] = [:]
        for line in lines where line.unallocatedFTE > 1e-12 { out[line.queue, default: 0] += line.unallocatedFTE * line.hours }
        return out
    }

    /// The forecast contacts per queue that the plan used.
    public var contactsByQueue: [UUID: Double] {
        var out: [UUID: Double] = [:]
        for line in lines { out[line.queue, default: 0] += line.requirement.contacts }
        return out
    }
}

extension Coverage {
    /// How a team's week can be over its required hours in total and still short where it
    /// matters: the slots in which it scheduled fewer agents than required.
    public struct Shortfall: Sendable, Equatable {
        /// Slots with something required or scheduled.
        public let slots: Int
        /// Slots where scheduled < required.
        public let shortSlots: Int
        /// Σ max(0, required − scheduled) × slot hours.
        public let underHours: Double
        /// Σ max(0, scheduled − required) × slot hours.
        public let overHours: Double
        /// The slot with the largest shortage (agents) and its start, nil when never short.
        public let worstStart: Date?
        public let worstShortAgents: Double

        /// Net over the week (scheduled − required hours).
        public var netHours: Double { overHours - underHours }
        /// Over on the week and yet short in some slots: the surplus sits at the wrong hours.
        public var intervalMismatch: Bool { netHours > 0 && underHours > 0 }
    }
}

extension Coverage.Result {
    public func shortfall(team: UUID) -> Coverage.Shortfall {
        let gaps = teamGaps(team)
        var short = 0, under = 0.0, over = 0.0
        var worst: (Date, Double)? = nil
        for (start, cell) in gaps {
            if cell.gap < -1e-9 {
                short += 1
                under += -cell.gap * slotHours
                if worst == nil || -cell.gap > worst!.1 || (-cell.gap == worst!.1 && start < worst!.0) { worst = (start, -cell.gap) }
            } else if cell.gap > 1e-9 {
                over += cell.gap * slotHours
            }
        }
        return Coverage.Shortfall(slots: gaps.count, shortSlots: short, underHours: under, overHours: over,
                                  worstStart: worst?.0, worstShortAgents: worst?.1 ?? 0)
    }
}
