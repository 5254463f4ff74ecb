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
    /// matters: the queue × slot cells in which it scheduled fewer agents than required.
    public struct Shortfall: Sendable, Equatable {
        /// Queue × slot cells with something required or scheduled.
        public let slots: Int
        /// Queue × slot cells where scheduled < required.
        public let shortSlots: Int
        /// Σ max(0, required − scheduled) × slot hours.
        public let underHours: Double
        /// Σ max(0, scheduled − required) × slot hours.
        public let overHours: Double
        /// The slot with the largest shortage (agents) and its start, nil when never short.
        public let worstStart: Date?
        public let worstQueue: UUID?
        public let worstShortAgents: Double

        /// Net over the week (scheduled − required hours).
        public var netHours: Double { overHours - underHours }
        /// Over on the week and yet short in some slots: the surplus sits at the wrong hours.
        public var intervalMismatch: Bool { netHours > 0 && underHours > 0 }
    }
}

extension Coverage.Result {
    /// Judged queue by queue and slot by slot, like the under and over hours of `totals()`: a
    /// surplus on email at 08:30 does not answer the voice calls waiting then.
    public func shortfall(team: UUID) -> Coverage.Shortfall {
        var slots = 0, short = 0, under = 0.0, over = 0.0
        var worst: (Date, UUID, Double)? = nil
        for (key, cell) in cells where key.team == team {
            guard cell.required > 1e-9 || cell.scheduled > 1e-9 else { continue }
            slots += 1
            if cell.gap < -1e-9 {
                short += 1
                under += -cell.gap * slotHours
                if worst == nil || -cell.gap > worst!.2 || (-cell.gap == worst!.2 && key.start < worst!.0) { worst = (key.start, key.queue, -cell.gap) }
            } else if cell.gap > 1e-9 {
                over += cell.gap * slotHours
            }
        }
        return Coverage.Shortfall(slots: slots, shortSlots: short, underHours: under, overHours: over,
                                  worstStart: worst?.0, worstQueue: worst?.1, worstShortAgents: worst?.2 ?? 0)
    }
}
