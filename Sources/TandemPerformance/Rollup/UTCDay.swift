import Foundation

/// A calendar day in UTC (offered_at is UTC), the day part of a rollup key.
public struct UTCDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let daysSince1970: Int

    public init(daysSince1970: Int) { self.daysSince1970 = daysSince1970 }

    public init(_ date: Date) {
        daysSince1970 = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    public var start: Date { Date(timeIntervalSince1970: TimeInterval(daysSince1970) * 86_400) }

    /// yyyy-MM-dd.
    public var description: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: start)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    public static func < (lhs: UTCDay, rhs: UTCDay) -> Bool { lhs.daysSince1970 < rhs.daysSince1970 }
}
