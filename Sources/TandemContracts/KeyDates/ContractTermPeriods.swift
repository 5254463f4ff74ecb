import TandemPartners

/// One term of a contract: the initial term, or the n-th automatic renewal.
public struct ContractTermPeriod: Sendable, Equatable {
    /// 0 for the initial term, n for the n-th renewal.
    public let renewal: Int
    public let first: LocalDate
    public let last: LocalDate

    public init(renewal: Int, first: LocalDate, last: LocalDate) {
        self.renewal = renewal
        self.first = first
        self.last = last
    }
}

extension ContractTerms {
    /// The n-th term. Renewals are counted from the day after the initial term in whole months, so
    /// a term ending 30 June renews to 31 July, not 30 July.
    public func term(_ renewal: Int) -> ContractTermPeriod? {
        guard renewal >= 0, renewal == 0 || autoRenew else { return nil }
        guard renewal > 0 else { return ContractTermPeriod(renewal: 0, first: start, last: initialEnd) }
        let firstRenewalDay = initialEnd.adding(days: 1)
        return ContractTermPeriod(
            renewal: renewal,
            first: firstRenewalDay.adding(months: (renewal - 1) * renewalTermMonths),
            last: firstRenewalDay.adding(months: renewal * renewalTermMonths).adding(days: -1)
        )
    }

    /// The term `date` falls in (the initial term before the start too); nil once a contract that
    /// does not auto-renew has ended.
    public func term(containing date: LocalDate) -> ContractTermPeriod? {
        if date <= initialEnd { return term(0) }
        guard autoRenew, renewalTermMonths > 0 else { return nil }
        // Jump close with whole months, then step: month arithmetic clamps at month ends.
        let monthsPast = (BillingMonth(containing: date).index - BillingMonth(containing: initialEnd.adding(days: 1)).index)
        var renewal = max(1, monthsPast / renewalTermMonths)
        while let period = term(renewal), period.first > date { renewal -= 1 }
        while let period = term(renewal), period.last < date { renewal += 1 }
        return term(renewal)
    }
}
