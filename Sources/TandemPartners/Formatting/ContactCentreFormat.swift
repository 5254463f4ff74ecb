import Foundation

/// How every page, alert, export preview and pack writes contact-centre figures, so one
/// figure reads the same everywhere and in the field's own units:
/// - a change of a rate in percentage points ("+6.0 pts"), never a relative change of a rate;
/// - handle times as m:ss or h:mm:ss ("5:32"); ASA in seconds below a minute ("24 s"), m:ss above;
/// - thresholds in their natural unit ("20 s", "5 min", "1 h", "24 h", never "86400 s");
/// - counts with thousands separators ("11,016");
/// - one display date format ("2 Mar 2026"; times "2 Mar 2026, 14:05 UTC"). Inputs, CSV files
///   and the API keep ISO 8601 ("2026-03-02"): `LocalDate.description`.
/// Pure (no locale lookups): the same digits on every machine and in every test.
public enum ContactCentreFormat {
    /// What a person reads where there is no figure.
    public static let none = "—"

    // MARK: Numbers

    /// A whole number with thousands separators: 11016 → "11,016", −1204 → "-1,204".
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// A count given as a double (rounded half away from zero): 11016.4 → "11,016".
    public static func count(_ value: Double) -> String {
        guard value.isFinite else { return none }
        return count(Int(value.rounded()))
    }

    /// A decimal with separators in the whole part: 1204.56 (1 digit) → "1,204.6".
    public static func number(_ value: Double, digits: Int = 1) -> String {
        guard value.isFinite else { return value.isNaN ? none : (value > 0 ? "∞" : "-∞") }
        let text = String(format: "%.\(max(0, digits))f", abs(value))
        let parts = text.split(separator: ".", maxSplits: 1)
        let whole = count(Int(parts[0]) ?? 0)
        let rounded = Double(text) ?? 0
        let sign = value < 0 && rounded != 0 ? "-" : ""
        return sign + whole + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// A fraction (0…1) as a percentage: 0.8125 → "81.3%".
    public static func percent(_ fraction: Double, digits: Int = 1) -> String {
        guard fraction.isFinite else { return none }
        return number(fraction * 100, digits: digits) + "%"
    }

    /// A change of a rate, in percentage points, always signed: 0.0235 → 0.0835 is "+6.0 pts".
    public static func points(fromFraction before: Double, to after: Double, digits: Int = 1) -> String {
        pointsChange((after - before) * 100, digits: digits)
    }

    /// A signed change already in points (QA score, NPS, a percentage): 2.5 → "+2.5 pts".
    public static func pointsChange(_ points: Double, digits: Int = 1) -> String {
        signed(number(points, digits: digits), points, digits: digits) + " pts"
    }

    // MARK: Times

    /// A duration as m:ss below an hour, h:mm:ss from an hour: 332 → "5:32", 3725 → "1:02:05".
    /// Rounded to the whole second.
    public static func duration(seconds: Double) -> String {
        guard seconds.isFinite else { return none }
        let total = Int(abs(seconds).rounded())
        let sign = seconds < 0 && total > 0 ? "-" : ""
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        return sign + (h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s))
    }

    /// A wait (ASA): "24 s" below a minute (one decimal when it is not whole: "24.5 s"), m:ss from a minute.
    public static func wait(seconds: Double) -> String {
        guard seconds.isFinite else { return none }
        if abs(seconds) < 59.95 {
            let rounded = (seconds * 10).rounded() / 10
            return rounded == rounded.rounded() ? "\(Int(rounded)) s" : String(format: "%.1f s", rounded)
        }
        return duration(seconds: seconds)
    }

    /// A signed change of a time: "+12 s" below a minute, "+1:05" from a minute.
    public static func durationChange(seconds: Double) -> String {
        guard seconds.isFinite else { return none }
        let body = abs(seconds) < 59.5 ? "\(Int(abs(seconds).rounded())) s" : duration(seconds: abs(seconds))
        return (seconds.rounded() > 0 ? "+" : seconds.rounded() < 0 ? "-" : "±") + body
    }

    /// A threshold or limit in its natural unit: 20 → "20 s", 300 → "5 min", 3600 → "1 h", 86400 → "24 h", 90 → "90 s".
    public static func threshold(seconds: Double) -> String {
        guard seconds.isFinite else { return none }
        let whole = Int(seconds.rounded())
        guard Double(whole) == seconds, whole > 0 else { return "\(number(seconds, digits: seconds == seconds.rounded() ? 0 : 1)) s" }
        if whole % 3600 == 0 { return "\(count(whole / 3600)) h" }
        if whole % 60 == 0 && whole >= 120 { return "\(whole / 60) min" }
        return "\(count(whole)) s"
    }

    public static func threshold(seconds: Int) -> String { threshold(seconds: Double(seconds)) }

    /// Hours of work (staffing): 1234.56 → "1,234.6 h".
    public static func hours(_ value: Double, digits: Int = 1) -> String { number(value, digits: digits) + " h" }

    // MARK: Dates

    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The one display format of a day: "2 Mar 2026" (unambiguous in every locale; ISO stays in inputs, CSV and the API).
    public static func date(_ day: LocalDate) -> String { "\(day.day) \(monthNames[day.month - 1]) \(day.year)" }

    public static func date(_ day: LocalDate?) -> String { day.map { date($0) } ?? none }

    /// A month: "Mar 2026".
    public static func month(year: Int, month: Int) -> String { "\(monthNames[month - 1]) \(year)" }

    /// A span of days, shortest unambiguous form: "2 – 8 Mar 2026", "28 Feb – 6 Mar 2026", "29 Dec 2025 – 4 Jan 2026".
    public static func dateRange(_ from: LocalDate, through: LocalDate) -> String {
        if from == through { return date(from) }
        if from.year != through.year { return "\(date(from)) – \(date(through))" }
        if from.month != through.month { return "\(from.day) \(monthNames[from.month - 1]) – \(date(through))" }
        return "\(from.day) – \(date(through))"
    }

    /// A moment, to the minute, in UTC: "2 Mar 2026, 14:05 UTC".
    public static func dateTime(_ moment: Date) -> String {
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute], from: moment)
        return "\(c.day!) \(monthNames[c.month! - 1]) \(c.year!), " + String(format: "%02d:%02d UTC", c.hour!, c.minute!)
    }

    public static func dateTime(_ moment: Date?) -> String { moment.map { dateTime($0) } ?? none }

    /// To the second, when seconds matter (heartbeats, job events): "2 Mar 2026, 14:05:09 UTC".
    public static func timestamp(_ moment: Date) -> String {
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: moment)
        return "\(c.day!) \(monthNames[c.month! - 1]) \(c.year!), " + String(format: "%02d:%02d:%02d UTC", c.hour!, c.minute!, c.second!)
    }

    public static func timestamp(_ moment: Date?) -> String { moment.map { timestamp($0) } ?? none }

    // MARK: Helpers

    private static func signed(_ text: String, _ value: Double, digits: Int) -> String {
        let rounded = Double(String(format: "%.\(max(0, digits))f", value)) ?? 0
        if rounded > 0 { return "+" + text }
        if rounded < 0 { return text }
        return "±" + text.replacingOccurrences(of: "-", with: "")
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}

extension LocalDate {
    /// The day as pages write it: "2 Mar 2026" (`description` stays ISO for inputs, CSV and the API).
    public var display: String { ContactCentreFormat.date(self) }
}
