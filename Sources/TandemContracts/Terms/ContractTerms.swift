import Foundation
import TandemPartners

/// What one version of a partner contract says. Field names in validation issues follow the
/// wire format (snake_case), so a form or the JSON API can point at the input to fix.
public struct ContractTerms: Sendable, Equatable {
    /// The first day of the initial term.
    public var start: LocalDate
    /// The last day of the initial term.
    public var initialEnd: LocalDate
    /// Renews by itself at the end of each term unless a side gives notice in time.
    public var autoRenew: Bool
    /// Length of each renewal term in months (used only when `autoRenew`).
    public var renewalTermMonths: Int
    public var notice: NoticePeriods
    public var forCause: TerminationForCause
    /// nil: the contract cannot be ended for convenience at all.
    public var convenience: ConvenienceTermination?
    public var headcount: HeadcountTerms
    public var rates: RateCard
    /// nil: this version has no service credits.
    public var sla: SLASchedule?

    public init(
        start: LocalDate, initialEnd: LocalDate, autoRenew: Bool, renewalTermMonths: Int = 12,
        notice: NoticePeriods, forCause: TerminationForCause = TerminationForCause(cureDays: 30),
        convenience: ConvenienceTermination? = nil, headcount: HeadcountTerms = HeadcountTerms(),
        rates: RateCard = RateCard(), sla: SLASchedule? = nil
    ) {
        self.start = start
        self.initialEnd = initialEnd
        self.autoRenew = autoRenew
        self.renewalTermMonths = renewalTermMonths
        self.notice = notice
        self.forCause = forCause
        self.convenience = convenience
        self.headcount = headcount
        self.rates = rates
        self.sla = sla
    }

    public func validate() -> [ContractIssue] {
        var issues: [ContractIssue] = []
        if initialEnd < start { issues.append(ContractIssue("initial_end", "must not be before start (\(start))")) }
        if autoRenew && renewalTermMonths < 1 {
            issues.append(ContractIssue("renewal_term_months", "must be at least 1 when the contract auto-renews"))
        }
        issues += notice.validate()
        if forCause.cureDays < 0 { issues.append(ContractIssue("cure_days", "must not be negative")) }
        if let convenience { issues += convenience.validate() }
        issues += headcount.validate()
        issues += rates.validate()
        if let sla { issues += sla.validate() }
        return issues
    }
}

/// Days of written notice each side must give to end the contract (or stop a renewal).
public struct NoticePeriods: Sendable, Equatable, Codable {
    public var clientDays: Int
    public var partnerDays: Int

    public init(clientDays: Int, partnerDays: Int) {
        self.clientDays = clientDays
        self.partnerDays = partnerDays
    }

    public func days(for side: ContactSide) -> Int { side == .client ? clientDays : partnerDays }

    func validate() -> [ContractIssue] {
        var issues: [ContractIssue] = []
        if clientDays < 0 { issues.append(ContractIssue("client_notice_days", "must not be negative")) }
        if partnerDays < 0 { issues.append(ContractIssue("partner_notice_days", "must not be negative")) }
        return issues
    }
}

/// Ending for a breach: the breaching side has `cureDays` after written notice to put it right.
public struct TerminationForCause: Sendable, Equatable, Codable {
    public var cureDays: Int
    public init(cureDays: Int) { self.cureDays = cureDays }
}

/// Ending without a breach, by the sides allowed to, at the fee the formula gives.
public struct ConvenienceTermination: Sendable, Equatable {
    public var allowedFor: Set<ContactSide>
    public var fee: ConvenienceFee

    public init(allowedFor: Set<ContactSide> = [.client], fee: ConvenienceFee) {
        self.allowedFor = allowedFor
        self.fee = fee
    }

    func validate() -> [ContractIssue] {
        var issues: [ContractIssue] = []
        if allowedFor.isEmpty { issues.append(ContractIssue("convenience_allowed_for", "must name at least one side (or leave out convenience termination)")) }
        switch fee {
        case .none: break
        case .fixed(let amount):
            if amount < 0 { issues.append(ContractIssue("convenience_fee_amount", "must not be negative")) }
        case .monthsOfAverageBilling(let months, let lookback):
            if months <= 0 { issues.append(ContractIssue("convenience_fee_months", "must be greater than 0")) }
            if lookback < 1 { issues.append(ContractIssue("convenience_fee_lookback_months", "must be at least 1")) }
        case .perRemainingMonth(let amount):
            if amount < 0 { issues.append(ContractIssue("convenience_fee_amount", "must not be negative")) }
        }
        return issues
    }
}

/// How the convenience-exit fee is worked out.
public enum ConvenienceFee: Sendable, Equatable {
    case none
    case fixed(Decimal)
    /// `months` × the average monthly invoice over the last `lookbackMonths` invoiced months
    /// before notice is given.
    case monthsOfAverageBilling(months: Decimal, lookbackMonths: Int)
    /// An amount for every month (a started month counts whole) from the exit date to the end
    /// of the current term.
    case perRemainingMonth(Decimal)
}
