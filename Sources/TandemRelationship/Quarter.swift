import TandemPartners

/// A calendar quarter, written "2026-Q3".
public struct Quarter: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int
    public let number: Int

    public init?(year: Int, number: Int) {
        guard (1...9999).contains(year), (1...4).contains(number) else { return nil }
        self.year = year
        self.number = number
    }

    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), parts[1].count == 2, parts[1].first == "Q",
              let number = Int(parts[1].dropFirst()) else { return nil }
        self.init(year: year, number: number)
    }

    public init(containing date: LocalDate) {
        year = date.year
        number = (date.month - 1) / 3 + 1
    }

    public var firstDay: LocalDate { LocalDate(year: year, month: (number - 1) * 3 + 1, day: 1)! }
    public var lastDay: LocalDate { next.firstDay.adding(days: -1) }
    public var next: Quarter { number == 4 ? Quarter(year: year + 1, number: 1)! : Quarter(year: year, number: number + 1)! }
    public var previous: Quarter { number == 1 ? Quarter(year: year - 1, number: 4)! : Quarter(year: year, number: number - 1)! }
    public func contains(_ date: LocalDate) -> Bool { firstDay <= date && date <= lastDay }

    public var description: String { "\(year)-Q\(number)" }

    /// The `count` quarters ending with this one, oldest first.
    public func trailing(_ count: Int) -> [Quarter] {
        var out = [self]
        while out.count < count { out.insert(out[0].previous, at: 0) }
        return out
    }

    public static func < (a: Quarter, b: Quarter) -> Bool { (a.year, a.number) < (b.year, b.number) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let value = Quarter(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a quarter as YYYY-Qn")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
