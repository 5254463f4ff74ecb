import TandemPartners

/// One action item as the commitments arithmetic sees it.
public struct Commitment: Sendable, Equatable {
    public let side: ContactSide
    public let dueOn: LocalDate
    public let status: ActionStatus
    public let completedOn: LocalDate?

    public init(side: ContactSide, dueOn: LocalDate, status: ActionStatus, completedOn: LocalDate?) {
        self.side = side
        self.dueOn = dueOn
        self.status = status
        self.completedOn = completedOn
    }

    /// Done on or before its due date.
    public var wasKept: Bool {
        guard status == .done, let completedOn else { return false }
        return completedOn <= dueOn
    }

    /// Still open after its due date.
    public func isLate(today: LocalDate) -> Bool { status == .open && dueOn < today }
}

/// "Commitments kept" = items done on or before their due date ÷ items that fell due in
/// the period. An item falls due on its due date; items not yet due and cancelled items
/// are left out of both counts.
public struct CommitmentsKept: Sendable, Equatable {
    public let kept: Int
    public let due: Int

    public init(kept: Int, due: Int) {
        self.kept = kept
        self.due = due
    }

    public var ratio: Double? { due == 0 ? nil : Double(kept) / Double(due) }

    public static let formula = "items done on or before their due date ÷ items due in the period (cancelled and not-yet-due items excluded)"

    public static func compute(_ items: [Commitment], side: ContactSide?, from: LocalDate, through: LocalDate, today: LocalDate) -> CommitmentsKept {
        let due = items.filter { item in
            (side == nil || item.side == side) && item.status != .cancelled
                && from <= item.dueOn && item.dueOn <= through && item.dueOn <= today
        }
        return CommitmentsKept(kept: due.filter(\.wasKept).count, due: due.count)
    }
}
