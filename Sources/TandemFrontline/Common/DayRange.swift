import Foundation
import TandemPartners
import TandemPerformance

/// Consecutive UTC days, both ends included: the period a front-line figure covers.
public struct DayRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public let first: UTCDay
    public let last: UTCDay

    /// Throws when `last` is before `first`, naming `field`.
    public init(first: UTCDay, last: UTCDay, field: String = "period") throws(FieldErrors) {
        guard last >= first else { throw FieldErrors([field: "ends (\(last)) before it starts (\(first))"]) }
        self.first = first
        self.last = last
    }

    /// A calendar month or ISO week.
    public init(_ period: ReportingPeriod) {
        first = period.firstDay
        last = UTCDay(daysSince1970: period.endDay.daysSince1970 - 1)
    }

    public var dayCount: Int { last.daysSince1970 - first.daysSince1970 + 1 }

    public func contains(_ day: UTCDay) -> Bool { first <= day && day <= last }

    /// The part of this range on or before `day`, nil when the range starts after it.
    public func clipped(through day: UTCDay) -> DayRange? {
        guard day >= first else { return nil }
        return try? DayRange(first: first, last: min(last, day))
    }

    public var description: String { "\(first) to \(last)" }
}

extension UTCDay {
    /// The roster's calendar dates (start, leave) meet the contacts' UTC days here.
    public init(_ date: LocalDate) { self.init(daysSince1970: CivilDate.daysFromCivil(year: date.year, month: date.month, day: date.day)) }

    /// Parses exactly `YYYY-MM-DD`.
    public static func parse(_ text: String) -> UTCDay? { LocalDate(text).map(UTCDay.init) }

    func adding(days: Int) -> UTCDay { UTCDay(daysSince1970: daysSince1970 + days) }

    func days(since other: UTCDay) -> Int { daysSince1970 - other.daysSince1970 }
}
