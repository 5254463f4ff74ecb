import Foundation
import TandemPartners

/// Scorecard periods over UTC days: ISO weeks (Monday to Sunday) and calendar months.
public enum PeriodKind: String, CaseIterable, Hashable, Sendable, Codable {
    case week, month
}

public struct ReportingPeriod: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let kind: PeriodKind
    /// Weeks: Monday-based weeks since 1970 (week 0 began Monday 1969-12-29). Months: year × 12 + month − 1.
    public let index: Int

    public init(kind: PeriodKind, index: Int) {
        self.kind = kind
        self.index = index
    }

    public init(kind: PeriodKind, containing day: UTCDay) {
        self.kind = kind
        switch kind {
        case .week: index = Self.weekIndex(day.daysSince1970)
        case .month:
            let civil = CivilDate.civil(fromDays: day.daysSince1970)
            index = civil.year * 12 + civil.month - 1
        }
    }

    /// Floor division so days before 1970 land in the right week too.
    public static func weekIndex(_ daysSince1970: Int) -> Int {
        let shifted = daysSince1970 + 3
        return shifted >= 0 ? shifted / 7 : (shifted - 6) / 7
    }

    public static func monthIndex(_ daysSince1970: Int) -> Int {
        let civil = CivilDate.civil(fromDays: daysSince1970)
        return civil.year * 12 + civil.month - 1
    }

    /// First day in the period.
    public var firstDay: UTCDay {
        switch kind {
        case .week: return UTCDay(daysSince1970: index * 7 - 3)
        case .month: return UTCDay(daysSince1970: CivilDate.daysFromCivil(year: index / 12, month: index % 12 + 1, day: 1))
        }
    }

    /// Day after the last day in the period.
    public var endDay: UTCDay { advanced(by: 1).firstDay }

    public var dayCount: Int { endDay.daysSince1970 - firstDay.daysSince1970 }

    public func advanced(by periods: Int) -> ReportingPeriod { ReportingPeriod(kind: kind, index: index + periods) }

    /// "Week of 2026-03-02" / "2026-03".
    public var description: String {
        switch kind {
        case .week: return "week of \(firstDay)"
        case .month: return String(format: "%04d-%02d", index / 12, index % 12 + 1)
        }
    }

    /// "2026-03-02 to 2026-03-08".
    public var rangeText: String {
        "\(firstDay) to \(UTCDay(daysSince1970: endDay.daysSince1970 - 1))"
    }

    public static func < (lhs: ReportingPeriod, rhs: ReportingPeriod) -> Bool { (lhs.kind.rawValue, lhs.index) < (rhs.kind.rawValue, rhs.index) }
}

/// How a period is written on pages (`ContactCentreFormat`); `description` and `rangeText` stay
/// ISO for CSV files, the API and stored messages' keys.
extension ReportingPeriod {
    public var firstLocalDay: LocalDate { LocalDate(date: firstDay.start) }
    public var lastLocalDay: LocalDate { LocalDate(date: UTCDay(daysSince1970: endDay.daysSince1970 - 1).start) }

    /// "2 – 8 Mar 2026".
    public var displayRange: String { ContactCentreFormat.dateRange(firstLocalDay, through: lastLocalDay) }

    /// "week of 2 Mar 2026" / "Mar 2026".
    public var displayName: String {
        switch kind {
        case .week: "week of \(ContactCentreFormat.date(firstLocalDay))"
        case .month: ContactCentreFormat.month(year: index / 12, month: index % 12 + 1)
        }
    }
}
