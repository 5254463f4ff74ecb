/// The inputs a staffing calculation can reject, named the way the API spells them so an
/// error message points straight at the argument or target field to fix.
public enum StaffingField: String, Sendable, CaseIterable {
    case contacts
    case intervalSeconds
    case ahtSeconds
    case trafficErlangs
    case agents
    case maxAgents
    case patienceSeconds
    case answerWithinSeconds
    case serviceLevel
    case maxASASeconds
    case maxOccupancy
    case maxAbandonRate
    case shrinkage
    case concurrency
    case efficiency
    case fractionalAgents
}

/// Why a staffing calculation refused its inputs or could not find an answer.
public enum StaffingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// NaN or ±infinity where a real number is needed. (The value is not carried: NaN would
    /// make two equal errors compare unequal.)
    case notFinite(StaffingField)
    /// Must be strictly greater than zero.
    case notPositive(StaffingField, Double)
    /// Must be zero or more.
    case negative(StaffingField, Double)
    /// Outside the interval written in `expected`, e.g. "(0, 1)" or "≥ 1".
    case outOfRange(StaffingField, Double, expected: String)
    /// A `StaffingTarget` with no constraint at all: "the smallest N meeting nothing" is not
    /// a question worth answering silently.
    case noTarget
    /// No agent count up to `maxAgents` meets the target.
    case targetUnreachable(maxAgents: Int, trafficErlangs: Double)

    public var description: String {
        switch self {
        case .notFinite(let field):
            "\(field.rawValue) must be a finite number"
        case .notPositive(let field, let value):
            "\(field.rawValue) must be greater than 0 (got \(value))"
        case .negative(let field, let value):
            "\(field.rawValue) must not be negative (got \(value))"
        case .outOfRange(let field, let value, let expected):
            "\(field.rawValue) must be in \(expected) (got \(value))"
        case .noTarget:
            "the staffing target is empty: give a service level, max ASA, max occupancy or max abandon rate"
        case .targetUnreachable(let maxAgents, let traffic):
            "the target cannot be met with at most \(maxAgents) agents for \(traffic) Erlangs"
        }
    }
}
