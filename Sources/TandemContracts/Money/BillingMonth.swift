import Foundation
import TandemPartners
import TandemPerformance

/// A calendar month ("2026-03"): invoices, SLA measurement periods and billing averages are monthly.
public struct BillingMonth: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// year × 12 + month − 1, the same index `ReportingPeriod` uses for months.
    public let index: Int

    public init(index: Int) { self.index = index }

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        index = year * 12 + month - 1
    }

    public init(containing date: LocalDate) { index = date.year * 12 + date.month - 1 }

    /// Parses exactly `YYYY-MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]) else { return nil }
        self.init(year: year, month: month)
    }

    public var year: Int { index / 12 }
    public var month: Int { index % 12 + 1 }
    public var firstDay: LocalDate { LocalDate(year: year, month: month, day: 1)! }
    public var lastDay: LocalDate { advanced(by: 1).firstDay.adding(days: -1) }
    public var dayCount: Int { lastDay.day }

    public func advanced(by months: Int) -> BillingMonth { BillingMonth(index: index + months) }

    /// The scorecard period whose KPI results an SLA evaluation of this month reads.
    public var reportingPeriod: ReportingPeriod { ReportingPeriod(kind: .month, index: index) }

    public var description: String { String(format: "%04d-%02d", year, month) }

    public static func < (a: BillingMonth, b: BillingMonth) -> Bool { a.index < b.index }
}

extension LocalDate {
    /// The same day `months` later; a day the target month lacks becomes its last day
    /// (31 January + 1 month = 28 or 29 February), as contract terms are read.
    public func adding(months: Int) -> LocalDate {
        let target = BillingMonth(containing: self).advanced(by: months)
        return LocalDate(year: target.year, month: target.month, day: min(day, target.dayCount))!
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    public func days(until other: LocalDate) -> Int {
        Int((other.startOfDayUTC.timeIntervalSince(startOfDayUTC) / 86_400).rounded())
    }
}
