import Foundation
import Testing
import TandemPartners

/// The field's units, as a CX leader reads them in any WFM or analytics tool.
@Suite struct ContactCentreFormatTests {
    typealias F = ContactCentreFormat

    @Test func a_change_of_a_rate_is_in_points_not_a_relative_change() {
        // Abandon rate 2.35% at launch, 8.35% now: 6 points worse (a relative change would say 255%).
        #expect(F.points(fromFraction: 0.0235, to: 0.0835) == "+6.0 pts")
        #expect(F.points(fromFraction: 0.80, to: 0.725) == "-7.5 pts")
        #expect(F.points(fromFraction: 0.80, to: 0.80) == "±0.0 pts")
        #expect(F.pointsChange(2.25, digits: 2) == "+2.25 pts")
    }

    @Test func handle_times_are_minutes_and_seconds() {
        #expect(F.duration(seconds: 332) == "5:32")            // 5 × 60 + 32
        #expect(F.duration(seconds: 331.6) == "5:32")          // rounded to the second
        #expect(F.duration(seconds: 59) == "0:59")
        #expect(F.duration(seconds: 3_725) == "1:02:05")       // 3600 + 2 × 60 + 5
        #expect(F.duration(seconds: 0) == "0:00")
    }

    @Test func asa_is_seconds_below_a_minute_and_minutes_above() {
        #expect(F.wait(seconds: 24) == "24 s")
        #expect(F.wait(seconds: 24.46) == "24.5 s")
        #expect(F.wait(seconds: 59.9) == "59.9 s")
        #expect(F.wait(seconds: 60) == "1:00")
        #expect(F.wait(seconds: 95) == "1:35")
    }

    @Test func a_change_of_a_time_is_signed_in_seconds_or_minutes() {
        #expect(F.durationChange(seconds: 12.4) == "+12 s")
        #expect(F.durationChange(seconds: -65) == "-1:05")
        #expect(F.durationChange(seconds: 0.2) == "±0 s")
    }

    @Test func thresholds_are_in_their_natural_unit() {
        #expect(F.threshold(seconds: 20) == "20 s")
        #expect(F.threshold(seconds: 90) == "90 s")
        #expect(F.threshold(seconds: 300) == "5 min")
        #expect(F.threshold(seconds: 3_600) == "1 h")
        #expect(F.threshold(seconds: 86_400) == "24 h")      // never "86400 s"
        #expect(F.threshold(seconds: 172_800) == "48 h")
        #expect(F.threshold(seconds: 7.5) == "7.5 s")
    }

    @Test func counts_have_thousands_separators() {
        #expect(F.count(11_016) == "11,016")
        #expect(F.count(999) == "999")
        #expect(F.count(1_000) == "1,000")
        #expect(F.count(-1_234_567) == "-1,234,567")
        #expect(F.count(11_015.6) == "11,016")
        #expect(F.number(1_204.56) == "1,204.6")
        #expect(F.number(-0.04) == "0.0")
        #expect(F.hours(143.04) == "143.0 h")
        #expect(F.percent(0.8126) == "81.3%")
        #expect(F.percent(0.5, digits: 0) == "50%")
    }

    @Test func one_display_date_format() {
        let day = LocalDate("2026-03-02")!
        #expect(F.date(day) == "2 Mar 2026")
        #expect(F.date(nil as LocalDate?) == "—")
        #expect(F.month(year: 2026, month: 7) == "Jul 2026")
        #expect(F.dateRange(day, through: LocalDate("2026-03-08")!) == "2 – 8 Mar 2026")
        #expect(F.dateRange(LocalDate("2026-02-23")!, through: LocalDate("2026-03-01")!) == "23 Feb – 1 Mar 2026")
        #expect(F.dateRange(LocalDate("2025-12-29")!, through: LocalDate("2026-01-04")!) == "29 Dec 2025 – 4 Jan 2026")
        let moment = day.startOfDayUTC.addingTimeInterval(14 * 3_600 + 5 * 60 + 9)
        #expect(F.dateTime(moment) == "2 Mar 2026, 14:05 UTC")
        #expect(F.timestamp(moment) == "2 Mar 2026, 14:05:09 UTC")
        // Inputs, CSV and the API keep ISO 8601.
        #expect(day.description == "2026-03-02")
    }
}
