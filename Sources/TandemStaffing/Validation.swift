/// Input checks shared by every entry point, so each rule is written (and worded) once.
enum Check {
    /// Beyond this the searches would walk millions of agent counts; no real queue gets close
    /// (1,000,000 Erlangs is 20 million one-minute calls every 20 minutes).
    static let maxTrafficErlangs = 1_000_000.0

    static func finite(_ value: Double, _ field: StaffingField) throws(StaffingError) {
        guard value.isFinite else { throw .notFinite(field) }
    }

    static func positive(_ value: Double, _ field: StaffingField) throws(StaffingError) {
        try finite(value, field)
        guard value > 0 else { throw .notPositive(field, value) }
    }

    static func nonNegative(_ value: Double, _ field: StaffingField) throws(StaffingError) {
        try finite(value, field)
        guard value >= 0 else { throw .negative(field, value) }
    }

    /// Checks `value` against an interval; `expected` is how the interval reads in the error.
    static func within(
        _ value: Double, _ field: StaffingField,
        above lower: Double, orEqual lowerClosed: Bool,
        below upper: Double, orEqual upperClosed: Bool,
        expected: String
    ) throws(StaffingError) {
        try finite(value, field)
        let aboveLower = lowerClosed ? value >= lower : value > lower
        let belowUpper = upperClosed ? value <= upper : value < upper
        guard aboveLower, belowUpper else { throw .outOfRange(field, value, expected: expected) }
    }

    static func traffic(_ erlangs: Double) throws(StaffingError) {
        try nonNegative(erlangs, .trafficErlangs)
        guard erlangs <= maxTrafficErlangs else {
            throw .outOfRange(.trafficErlangs, erlangs, expected: "[0, 1000000]")
        }
    }

    static func agents(_ count: Int) throws(StaffingError) {
        guard count >= 1 else { throw .notPositive(.agents, Double(count)) }
    }

    /// Erlang A takes `.infinity` to mean "nobody abandons" (the Erlang C limit); only NaN
    /// and non-positive patience are nonsense.
    static func patience(_ seconds: Double) throws(StaffingError) {
        guard !seconds.isNaN else { throw .notFinite(.patienceSeconds) }
        guard seconds > 0 else { throw .notPositive(.patienceSeconds, seconds) }
    }
}
