import TandemPartners

public enum KeyDateKind: String, Sendable, Codable {
    /// The last day a side can give notice so the contract does not renew.
    case noticeDeadline = "notice_deadline"
    /// The first day of a renewal term.
    case renews
    /// The last day of a contract that does not renew.
    case expires
}

/// A date someone must act on or know about, and why it falls where it does.
public struct KeyDate: Sendable, Equatable {
    public let kind: KeyDateKind
    public let date: LocalDate
    /// The side that must act, for a notice deadline.
    public let side: ContactSide?
    /// The last day of the term the date belongs to.
    public let termEnd: LocalDate
    public let daysAway: Int
    public let explanation: String
}

extension ContractTerms {
    /// The last day `side` can give notice to stop the renewal after `termEnd`: its notice period
    /// must run out by the end of the term, so the day is termEnd − notice days.
    public func noticeDeadline(for side: ContactSide, termEnd: LocalDate) -> LocalDate {
        termEnd.adding(days: -notice.days(for: side))
    }

    /// Renewal dates, notice deadlines and expiry from `today` through `today + horizonDays`,
    /// earliest first. A deadline already past is left out: that term renews.
    public func keyDates(from today: LocalDate, horizonDays: Int) -> [KeyDate] {
        let horizon = today.adding(days: max(0, horizonDays))
        var dates: [KeyDate] = []
        func add(_ kind: KeyDateKind, _ date: LocalDate, _ side: ContactSide?, _ termEnd: LocalDate, _ text: String) {
            guard today <= date, date <= horizon else { return }
            dates.append(KeyDate(kind: kind, date: date, side: side, termEnd: termEnd, daysAway: today.days(until: date), explanation: text))
        }
        // A deadline can fall inside the horizon while its term ends beyond it: look one notice period further.
        let lookAhead = horizon.adding(days: max(notice.clientDays, notice.partnerDays))
        guard var index = term(containing: today)?.renewal else { return [] }
        while let period = term(index) {
            let end = period.last
            if autoRenew {
                let next = end.adding(days: 1)
                for side in ContactSide.allCases {
                    let deadline = noticeDeadline(for: side, termEnd: end)
                    add(.noticeDeadline, deadline, side, end,
                        "last day for the \(side.rawValue) to give notice to stop the renewal on \(next): term ends \(end) − \(notice.days(for: side)) days' notice = \(deadline)")
                }
                add(.renews, next, nil, end, "renews on \(next) for \(renewalTermMonths) months unless either side gives notice in time (term ends \(end))")
            } else {
                add(.expires, end, nil, end, "ends on \(end) and does not renew")
            }
            if !autoRenew || period.last > lookAhead { break }
            index += 1
        }
        return dates.sorted { ($0.date, $0.kind.rawValue, $0.side?.rawValue ?? "") < ($1.date, $1.kind.rawValue, $1.side?.rawValue ?? "") }
    }
}
