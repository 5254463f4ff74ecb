import TandemPartners

/// One required acknowledgement: the day it was due and the day it came (if it did).
public struct AcknowledgementDue: Sendable, Equatable {
    public let dueOn: LocalDate
    public let acknowledgedOn: LocalDate?

    public init(dueOn: LocalDate, acknowledgedOn: LocalDate?) {
        self.dueOn = dueOn
        self.acknowledgedOn = acknowledgedOn
    }
}

/// Acknowledgements given on or before their day ÷ acknowledgements due in the period.
/// One that is not yet due and not yet given is left out; one given early counts at once.
public enum AcknowledgementTimeliness {
    public static func compute(_ items: [AcknowledgementDue], from: LocalDate, through: LocalDate, today: LocalDate) -> (onTime: Int, due: Int) {
        let due = items.filter { from <= $0.dueOn && $0.dueOn <= through && ($0.dueOn < today || $0.acknowledgedOn != nil) }
        return (due.filter { item in item.acknowledgedOn.map { $0 <= item.dueOn } ?? false }.count, due.count)
    }
}
