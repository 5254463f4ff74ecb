import Foundation

/// One rung of a partner's escalation ladder.
public struct EscalationStep: Sendable, Equatable {
    public let position: Int
    public let person: String
    public let responseMinutes: Int

    public init(position: Int, person: String, responseMinutes: Int) {
        self.position = position
        self.person = person
        self.responseMinutes = responseMinutes
    }
}

/// The escalation clock of one incident.
///
/// It starts when the incident is opened. Level 1 must respond within its target; if it
/// does not, that level is breached and the incident moves to level 2, whose target runs
/// from level 1's deadline, and so on. Level k's deadline is therefore
/// opened + Σ targets of levels 1…k. The clock stops at the first response (or at
/// resolution, whichever is first); until then it runs against `now`.
public struct EscalationClock: Sendable, Equatable {
    public struct Deadline: Sendable, Equatable {
        public let step: EscalationStep
        public let due: Date
        public let breached: Bool
    }

    public let deadlines: [Deadline]
    /// When the clock stopped; nil while it is still running.
    public let stoppedAt: Date?

    public var breaches: [Deadline] { deadlines.filter(\.breached) }
    public var isBreached: Bool { !breaches.isEmpty }
    /// The level holding the incident: the first not yet breached (the last when all are).
    public var currentLevel: EscalationStep? { (deadlines.first { !$0.breached } ?? deadlines.last)?.step }
    /// The deadline still ahead, if the clock runs and a level remains.
    public var nextDeadline: Date? { stoppedAt == nil ? deadlines.first { !$0.breached }?.due : nil }

    public static let rule = "Level k must respond by opened + the sum of the response targets of levels 1 to k; the clock stops at the first response or resolution."

    public static func evaluate(openedAt: Date, respondedAt: Date?, resolvedAt: Date?, steps: [EscalationStep], now: Date) -> EscalationClock {
        let stop = [respondedAt, resolvedAt].compactMap { $0 }.min()
        let measuredAt = stop ?? now
        var elapsed = 0
        let deadlines = steps.sorted { $0.position < $1.position }.map { step -> Deadline in
            elapsed += step.responseMinutes
            let due = openedAt.addingTimeInterval(Double(elapsed) * 60)
            return Deadline(step: step, due: due, breached: measuredAt > due)
        }
        return EscalationClock(deadlines: deadlines, stoppedAt: stop)
    }
}
