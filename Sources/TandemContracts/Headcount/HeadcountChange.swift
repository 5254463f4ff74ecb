import TandemPartners

/// Why a headcount change is outside the contract.
public enum HeadcountProblem: Sendable, Equatable, CustomStringConvertible {
    case belowMinimum(requested: Int, minimum: Int)
    case increaseTooLarge(change: Int, allowed: Int)
    case decreaseTooLarge(change: Int, allowed: Int)
    case noticeTooShort(givenDays: Int, requiredDays: Int, earliest: LocalDate)

    public var description: String {
        switch self {
        case .belowMinimum(let requested, let minimum): "\(requested) heads is below the contract minimum of \(minimum)"
        case .increaseTooLarge(let change, let allowed): "an increase of \(change) heads exceeds the \(allowed) the flex allows"
        case .decreaseTooLarge(let change, let allowed): "a decrease of \(change) heads exceeds the \(allowed) the flex allows"
        case .noticeTooShort(let given, let required, let earliest): "\(given) days' notice is shorter than the \(required) required: earliest \(earliest)"
        }
    }
}

public struct HeadcountChangeCheck: Sendable, Equatable {
    public let current: Int
    public let requested: Int
    public let problems: [HeadcountProblem]
    public let explanation: [String]
    public var isAllowed: Bool { problems.isEmpty }
}

extension HeadcountTerms {
    /// Checks a change from `current` to `requested` heads, asked on `askedOn` to take effect on `effectiveOn`.
    public func check(current: Int, requested: Int, askedOn: LocalDate, effectiveOn: LocalDate) throws(ContractInputError) -> HeadcountChangeCheck {
        var issues: [ContractIssue] = []
        if current < 0 { issues.append(ContractIssue("current_headcount", "must not be negative")) }
        if requested < 0 { issues.append(ContractIssue("requested_headcount", "must not be negative")) }
        if effectiveOn < askedOn { issues.append(ContractIssue("effective_on", "must not be before the day it is asked (\(askedOn))")) }
        try ContractInputError.check(issues)

        var problems: [HeadcountProblem] = []
        var notes = ["\(current) → \(requested) heads, asked \(askedOn), effective \(effectiveOn)"]
        if let minimum {
            if requested < minimum { problems.append(.belowMinimum(requested: requested, minimum: minimum)) }
            notes.append("minimum headcount \(minimum)")
        } else {
            notes.append("no minimum headcount")
        }
        let change = requested - current
        if change > 0 {
            if let maxIncrease {
                let allowed = maxIncrease.allowedHeads(current: current)
                notes.append("increase of \(change) against a flex of \(maxIncrease.text(current: current))")
                if change > allowed { problems.append(.increaseTooLarge(change: change, allowed: allowed)) }
            } else { notes.append("increases are not restricted") }
        } else if change < 0 {
            if let maxDecrease {
                let allowed = maxDecrease.allowedHeads(current: current)
                notes.append("decrease of \(-change) against a flex of \(maxDecrease.text(current: current))")
                if -change > allowed { problems.append(.decreaseTooLarge(change: -change, allowed: allowed)) }
            } else { notes.append("decreases are not restricted") }
        }
        if change != 0 {
            let given = askedOn.days(until: effectiveOn)
            notes.append("notice \(askedOn) to \(effectiveOn) = \(given) days, \(flexNoticeDays) required")
            if given < flexNoticeDays {
                problems.append(.noticeTooShort(givenDays: given, requiredDays: flexNoticeDays, earliest: askedOn.adding(days: flexNoticeDays)))
            }
        }
        return HeadcountChangeCheck(current: current, requested: requested, problems: problems, explanation: notes)
    }
}
