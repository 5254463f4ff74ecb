import Foundation

public struct RecurrenceRule: Sendable, Equatable {
    public enum Frequency: String, Sendable { case weekly = "WEEKLY", monthly = "MONTHLY" }
    public let frequency: Frequency
    public let interval: Int

    public var text: String { interval == 1 ? "FREQ=\(frequency.rawValue)" : "FREQ=\(frequency.rawValue);INTERVAL=\(interval)" }
}

/// One VEVENT.
public struct CalendarEvent: Sendable, Equatable {
    public let uid: String
    public let summary: String
    public let description: String
    public let start: Date
    public let durationMinutes: Int
    public let recurrence: RecurrenceRule?
    public let url: String?

    public init(uid: String, summary: String, description: String, start: Date, durationMinutes: Int, recurrence: RecurrenceRule? = nil, url: String? = nil) {
        self.uid = uid
        self.summary = summary
        self.description = description
        self.start = start
        self.durationMinutes = durationMinutes
        self.recurrence = recurrence
        self.url = url
    }
}

/// Renders an iCalendar (RFC 5545) document: CRLF line ends, TEXT values escaped
/// (backslash, semicolon, comma, newline) and content lines folded at 75 octets.
public enum ICalendar {
    public static func render(name: String, events: [CalendarEvent], stamp: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tandem//Relationship cadence//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(name),
        ]
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:" + escape(event.uid), "DTSTAMP:" + timestamp(stamp), "DTSTART:" + timestamp(event.start),
                      "DURATION:PT\(event.durationMinutes)M"]
            if let rule = event.recurrence { lines.append("RRULE:" + rule.text) }
            lines.append("SUMMARY:" + escape(event.summary))
            if !event.description.isEmpty { lines.append("DESCRIPTION:" + escape(event.description)) }
            if let url = event.url { lines.append("URL:" + url) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// UTC date-time in the basic format, e.g. 20260707T150000Z.
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": break
            default: out.append(character)
            }
        }
        return out
    }

    /// Splits a content line into chunks of at most 75 octets (the first) and 74 plus the
    /// leading space (the rest), never inside a UTF-8 sequence.
    public static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var chunks: [String] = []
        var current = ""
        var octets = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if octets + size > limit {
                chunks.append(current)
                current = ""
                octets = 0
                limit = 74
            }
            current.unicodeScalars.append(scalar)
            octets += size
        }
        chunks.append(current)
        return chunks.joined(separator: "\r\n ")
    }
}
