import TandemPartners

/// One version of a contract: the terms in force from `effectiveFrom` through
/// `effectiveThrough` (inclusive; nil while it is the version in force with no successor).
public struct ContractVersion: Sendable, Equatable {
    public let number: Int
    public let effectiveFrom: LocalDate
    public let effectiveThrough: LocalDate?
    public let terms: ContractTerms

    public init(number: Int, effectiveFrom: LocalDate, effectiveThrough: LocalDate? = nil, terms: ContractTerms) {
        self.number = number
        self.effectiveFrom = effectiveFrom
        self.effectiveThrough = effectiveThrough
        self.terms = terms
    }

    public func isEffective(on date: LocalDate) -> Bool {
        effectiveFrom <= date && (effectiveThrough.map { date <= $0 } ?? true)
    }

    var rangeText: String { "\(effectiveFrom) to \(effectiveThrough?.description ?? "open end")" }
}

/// All versions of one contract, kept (amendments never overwrite history). At most one version
/// is in force on any day; days between versions have none.
public struct ContractHistory: Sendable, Equatable {
    /// Sorted by effective date.
    public let versions: [ContractVersion]

    /// Rejects duplicate version numbers, reversed effective ranges, overlapping versions and
    /// invalid terms; issues name the version by its number in `row`.
    public init(versions: [ContractVersion]) throws(ContractInputError) {
        var issues: [ContractIssue] = []
        var seen = Set<Int>()
        for version in versions {
            if !seen.insert(version.number).inserted {
                issues.append(ContractIssue("version", row: version.number, "appears more than once"))
            }
            if let through = version.effectiveThrough, through < version.effectiveFrom {
                issues.append(ContractIssue("effective_through", row: version.number, "must not be before effective_from (\(version.effectiveFrom))"))
            }
            issues += version.terms.validate().map { ContractIssue($0.field, row: version.number, $0.reason) }
        }
        let sorted = versions.sorted { ($0.effectiveFrom, $0.number) < ($1.effectiveFrom, $1.number) }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) {
            if earlier.effectiveThrough.map({ $0 >= later.effectiveFrom }) ?? true {
                issues.append(ContractIssue("effective_from", row: later.number,
                    "overlaps version \(earlier.number) (\(earlier.rangeText)); end version \(earlier.number) on or before \(later.effectiveFrom.adding(days: -1))"))
            }
        }
        try ContractInputError.check(issues)
        self.versions = sorted
    }

    /// The version in force on `date`, nil before the first or in a gap.
    public func version(on date: LocalDate) -> ContractVersion? {
        versions.last { $0.isEffective(on: date) }
    }

    /// The version whose terms (rates, SLA schedule) govern a month: the one in force on its
    /// first day, so an amendment signed mid-month applies from the next invoice on.
    public func version(for month: BillingMonth) -> ContractVersion? { version(on: month.firstDay) }
}
