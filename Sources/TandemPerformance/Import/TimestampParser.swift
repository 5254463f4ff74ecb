import Foundation

/// ISO 8601 date-times as contact exports write them: `2026-03-01T08:15:00Z`, `…+02:00`, `…+0200`,
/// `2026-03-01 08:15:00.250` (a space for the T, optional seconds and fraction). Without an offset
/// the time is local to a zone the caller supplies. Hand-written: it runs once or twice per row.
public struct ParsedTimestamp: Hashable, Sendable {
    /// Seconds since 1970 of the written wall-clock time read as if it were UTC.
    public let wallClockSeconds: Double
    /// The written offset from UTC in seconds, nil when none was written.
    public let offsetSeconds: Int?

    public static func parse(_ text: String) -> ParsedTimestamp? {
        if let parsed = text.utf8.withContiguousStorageIfAvailable({ parse(bytes: $0) }) { return parsed }
        return Array(text.utf8).withUnsafeBufferPointer { parse(bytes: $0) }
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> ParsedTimestamp? {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 { end -= 1 }
        let utf8 = UnsafeBufferPointer(rebasing: bytes[0..<end])
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= utf8.count else { return nil }
            var value = 0
            for _ in 0..<count {
                let d = Int(utf8[i]) - 48
                guard (0...9).contains(d) else { return nil }
                value = value * 10 + d
                i += 1
            }
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard i < utf8.count, utf8[i] == byte else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2) else { return nil }
        guard (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        guard i < utf8.count, utf8[i] == UInt8(ascii: "T") || utf8[i] == UInt8(ascii: " ") || utf8[i] == UInt8(ascii: "t") else { return nil }
        i += 1
        guard let hour = digits(2), expect(0x3A), let minute = digits(2), hour < 24, minute < 60 else { return nil }
        var second = 0
        var fraction = 0.0
        if expect(0x3A) {
            guard let s = digits(2), s < 60 else { return nil }
            second = s
            if i < utf8.count, utf8[i] == UInt8(ascii: ".") || utf8[i] == UInt8(ascii: ",") {
                i += 1
                var scale = 0.1
                var any = false
                while i < utf8.count, (48...57).contains(utf8[i]) {
                    fraction += Double(utf8[i] - 48) * scale
                    scale /= 10
                    i += 1
                    any = true
                }
                guard any else { return nil }
            }
        }
        var offset: Int? = nil
        if i < utf8.count {
            if utf8[i] == UInt8(ascii: "Z") || utf8[i] == UInt8(ascii: "z") {
                i += 1
                offset = 0
            } else if utf8[i] == UInt8(ascii: "+") || utf8[i] == UInt8(ascii: "-") {
                let sign = utf8[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = digits(2), oh <= 18 else { return nil }
                var om = 0
                if i < utf8.count {
                    _ = expect(0x3A)
                    guard let m = digits(2), m < 60 else { return nil }
                    om = m
                }
                offset = sign * (oh * 3600 + om * 60)
            } else {
                return nil
            }
        }
        guard i == utf8.count else { return nil }
        let days = CivilDate.daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second) + fraction
        return ParsedTimestamp(wallClockSeconds: seconds, offsetSeconds: offset)
    }

    /// The instant, when an offset was written.
    public var instant: Date? {
        offsetSeconds.map { Date(timeIntervalSince1970: wallClockSeconds - Double($0)) }
    }
}

/// Proleptic Gregorian calendar arithmetic on whole days (H. Hinnant's algorithms): fast and exact.
public enum CivilDate {
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Converts wall-clock times of one zone to instants, remembering each quarter hour's offset
/// (zone rules change offsets at most on quarter hours), so a big file costs a handful of look-ups.
public final class LocalTimeConverter {
    private let zone: TimeZone
    private var offsets: [Int: Int] = [:]

    public init(zone: TimeZone) { self.zone = zone }

    public func instant(wallClockSeconds: Double) -> Date {
        let bucket = Int((wallClockSeconds / 900).rounded(.down))
        let offset: Int
        if let cached = offsets[bucket] {
            offset = cached
        } else {
            // Find u with u + offset(u) = wall clock; two rounds settle it, including across a change.
            let guess = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(bucket * 900)))
            offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(bucket * 900 - guess)))
            offsets[bucket] = offset
        }
        return Date(timeIntervalSince1970: wallClockSeconds - Double(offset))
    }
}
