/// The three shifts allocations and the concentration rule speak of. Which hours belong to
/// which shift is a workspace setting (`ShiftHours`); by default day is 08:00–16:00,
/// evening 16:00–24:00 and overnight 00:00–08:00, in plan time (the times written in the
/// forecast and schedule files).
public enum Shift: String, Sendable, CaseIterable, Codable, Comparable {
    case day, evening, overnight

    public var label: String { rawValue.capitalized }

    public static func < (a: Shift, b: Shift) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// When each shift starts, as an hour of the day (0–23). An interval belongs to the shift
/// whose start is the latest one at or before the interval's start, wrapping past midnight.
public struct ShiftHours: Sendable, Equatable, Codable {
    public var dayStartsAt: Int
    public var eveningStartsAt: Int
    public var overnightStartsAt: Int

    public init(dayStartsAt: Int = 8, eveningStartsAt: Int = 16, overnightStartsAt: Int = 0) {
        self.dayStartsAt = dayStartsAt
        self.eveningStartsAt = eveningStartsAt
        self.overnightStartsAt = overnightStartsAt
    }

    public static let standard = ShiftHours()

    /// Three different hours from 0 to 23.
    public var isValid: Bool {
        let hours = [dayStartsAt, eveningStartsAt, overnightStartsAt]
        return hours.allSatisfy { (0...23).contains($0) } && Set(hours).count == 3
    }

    public func shift(atMinuteOfDay minute: Int) -> Shift {
        let starts: [(Int, Shift)] = [(dayStartsAt * 60, .day), (eveningStartsAt * 60, .evening), (overnightStartsAt * 60, .overnight)]
            .sorted { $0.0 < $1.0 }
        return starts.last(where: { $0.0 <= minute })?.1 ?? starts.last!.1
    }

    /// "08:00–16:00" for each shift, for pages that must say how hours were split.
    public func span(of shift: Shift) -> String {
        let start: Int
        switch shift {
        case .day: start = dayStartsAt
        case .evening: start = eveningStartsAt
        case .overnight: start = overnightStartsAt
        }
        let others = [dayStartsAt, eveningStartsAt, overnightStartsAt].filter { $0 != start }
        let end = others.filter { $0 > start }.min() ?? others.min()!
        func hh(_ h: Int) -> String { h < 10 ? "0\(h):00" : "\(h):00" }
        return "\(hh(start))–\(end == 0 ? "24:00" : hh(end))"
    }
}
