import Foundation
import TandemPartners
import TandemPerformance

/// How staffing figures are written on pages, in CSV and in the CLI, so every face shows
/// the same digits.
enum StaffingFormat {
    static func percent(_ fraction: Double, digits: Int = 1) -> String {
        guard fraction.isFinite else { return "—" }
        return String(format: "%.\(digits)f%%", fraction * 100)
    }

    static func number(_ value: Double, digits: Int = 1) -> String {
        guard value.isFinite else { return "∞" }
        let text = String(format: "%.\(digits)f", value)
        return text == "-0.0" || text == "-0.00" ? String(text.dropFirst()) : text
    }

    /// A wait (ASA) in the field's unit: "24.5 s" below a minute, m:ss above (`ContactCentreFormat.wait`).
    static func seconds(_ value: Double) -> String {
        value.isFinite ? ContactCentreFormat.wait(seconds: value) : "∞"
    }

    static func hours(_ value: Double) -> String { "\(number(value)) h" }

    /// Keeps trailing zeros out of form values ("0.8" not "0.800000").
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// Plan time: wall-clock times as written in the files, stored as whole minutes since
/// 1970 read as UTC. No time zone is applied anywhere, so 08:00 in a file is 08:00 on
/// every page.
enum PlanTime {
    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func date(minute: Int) -> Date { Date(timeIntervalSince1970: Double(minute) * 60) }
    static func minute(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 60).rounded(.down)) }
    static func minute(_ day: LocalDate) -> Int { minute(day.startOfDayUTC) }

    /// `YYYY-MM-DDTHH:MM`, `YYYY-MM-DD HH:MM`, optionally with `:00` seconds.
    static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count == 16 || trimmed.count == 19 else { return nil }
        let chars = Array(trimmed)
        guard chars[10] == "T" || chars[10] == " ", chars[13] == ":" else { return nil }
        if chars.count == 19 { guard chars[16] == ":", String(chars[17...18]) == "00" else { return nil } }
        guard let day = LocalDate(String(chars[0..<10])), let hour = Int(String(chars[11...12])), let minute = Int(String(chars[14...15])),
              (0...23).contains(hour), (0...59).contains(minute), chars[11...12].allSatisfy(\.isNumber), chars[14...15].allSatisfy(\.isNumber)
        else { return nil }
        return self.minute(day) + hour * 60 + minute
    }

    static func format(minute: Int) -> String {
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute], from: date(minute: minute))
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    static func clock(minuteOfDay: Int) -> String { String(format: "%02d:%02d", minuteOfDay / 60, minuteOfDay % 60) }

    static func day(ofMinute minute: Int) -> LocalDate { LocalDate(date: date(minute: minute)) }

    /// The Monday on or before `day`.
    static func monday(of day: LocalDate) -> LocalDate {
        let weekday = utc.component(.weekday, from: day.startOfDayUTC)  // 1 = Sunday
        return day.adding(days: -((weekday + 5) % 7))
    }

    static func weekdayName(_ day: LocalDate) -> String {
        ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][utc.component(.weekday, from: day.startOfDayUTC) - 1]
    }
}

/// A staffing file (forecast or schedule) as header and records, read by the product's one CSV
/// reader (`CSVRecordReader`: RFC 4180, byte-order mark, CRLF). Each record keeps the line it
/// started on, for error messages; lines holding only spaces are skipped like blank ones.
struct StaffingCSV {
    struct Record {
        let line: Int
        let fields: [String]
    }

    let header: [String]
    let records: [Record]

    init(_ text: String) {
        var reader = CSVRecordReader(MemoryChunkSource(text))
        var records: [Record] = []
        // An in-memory source cannot fail to read.
        while let record = try? reader.next() {
            let fields = record.fields.map { $0 ?? "" }
            if fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            records.append(Record(line: record.line, fields: fields))
        }
        header = records.first?.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? []
        self.records = Array(records.dropFirst())
    }
}
