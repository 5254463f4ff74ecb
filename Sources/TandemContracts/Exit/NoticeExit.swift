import Foundation
import TandemPartners

/// When a contract ends if `side` gives notice on a day, as the exit scenario reads it.
public struct NoticeExit: Sendable, Equatable {
    public let side: ContactSide
    public let noticeGivenOn: LocalDate
    public let noticeDays: Int
    /// The contract's last day: notice day + notice days.
    public let endsOn: LocalDate
    public let explanation: String
}

/// A convenience exit: when it ends and what it costs.
public struct ExitCost: Sendable, Equatable {
    public let exit: NoticeExit
    public let fee: Decimal
    public let explanation: [String]
}

extension ContractTerms {
    public func noticeExit(by side: ContactSide, givenOn day: LocalDate) -> NoticeExit {
        let days = notice.days(for: side)
        let ends = day.adding(days: days)
        return NoticeExit(side: side, noticeGivenOn: day, noticeDays: days, endsOn: ends,
                          explanation: "\(side.rawValue) notice given \(day) + \(days) days = ends \(ends)")
    }

    /// The fee for ending for convenience with notice given on `day`. `billing` holds past
    /// monthly invoice totals (before credits), needed only for the months-of-average-billing formula.
    public func convenienceExit(by side: ContactSide, givenOn day: LocalDate, billing: [BillingMonth: Decimal] = [:]) throws(ContractInputError) -> ExitCost {
        guard let convenience, convenience.allowedFor.contains(side) else {
            throw ContractInputError("convenience_allowed_for", "this contract version does not let the \(side.rawValue) end it for convenience")
        }
        let exit = noticeExit(by: side, givenOn: day)
        var notes = [exit.explanation]
        let fee: Decimal
        switch convenience.fee {
        case .none:
            fee = 0
            notes.append("no convenience fee")
        case .fixed(let amount):
            fee = amount.roundedToCents()
            notes.append("fixed fee \(fee.centsText)")
        case .monthsOfAverageBilling(let months, let lookback):
            let window = (1...lookback).map { BillingMonth(containing: day).advanced(by: -$0) }
            let invoiced = window.compactMap { month in billing[month].map { (month, $0) } }.sorted { $0.0 < $1.0 }
            guard !invoiced.isEmpty else {
                throw ContractInputError("billing_history", "no invoiced month in the \(lookback) months before \(day) to average")
            }
            let sum = invoiced.reduce(Decimal(0)) { $0 + $1.1 }
            fee = (months * sum / Decimal(invoiced.count)).roundedToCents()
            notes.append("invoices \(invoiced.map { "\($0.0) \($0.1.centsText)" }.joined(separator: ", ")) = \(sum.centsText)"
                + (invoiced.count < lookback ? " (only \(invoiced.count) of the \(lookback) months before notice were invoiced)" : ""))
            notes.append("fee = \(months.plainText) × \(sum.centsText) ÷ \(invoiced.count) = \(fee.centsText)")
        case .perRemainingMonth(let amount):
            let remaining = remainingMonths(after: exit.endsOn)
            fee = (amount * Decimal(remaining.months)).roundedToCents()
            notes.append(remaining.text)
            notes.append("fee = \(remaining.months) × \(amount.centsText) = \(fee.centsText)")
        }
        return ExitCost(exit: exit, fee: fee, explanation: notes)
    }

    /// Months from the day after `endsOn` to the end of the term it falls in; a started month counts whole.
    func remainingMonths(after endsOn: LocalDate) -> (months: Int, text: String) {
        guard let period = term(containing: endsOn), endsOn < period.last else {
            return (0, "ends on or after the end of its term: no months remain")
        }
        let from = endsOn.adding(days: 1)
        var months = 0
        while from.adding(months: months) <= period.last { months += 1 }
        return (months, "\(months) months remain from \(from) to the term end \(period.last) (a started month counts whole)")
    }
}
