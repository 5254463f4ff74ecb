/// Turning a forecast into offered load, the one input every queueing model shares.
public enum Traffic {
    /// Offered traffic A in Erlangs = contacts × AHT ÷ interval length (both in seconds).
    /// `contacts` is a forecast, so fractions are fine; zero means a quiet interval.
    public static func erlangs(
        contacts: Double, ahtSeconds: Double, intervalSeconds: Double
    ) throws(StaffingError) -> Double {
        try Check.nonNegative(contacts, .contacts)
        try Check.positive(ahtSeconds, .ahtSeconds)
        try Check.positive(intervalSeconds, .intervalSeconds)
        return contacts * ahtSeconds / intervalSeconds
    }

    /// Handle time per chat when one agent carries `concurrency` chats at once.
    ///
    /// An agent on k chats does not work k times as fast: switching between them costs time,
    /// which `efficiency` (0 < e ≤ 1) captures. Effective AHT = AHT ÷ (k × e), and the queue
    /// is then modelled as if each agent took one chat at a time with that handle time.
    /// `concurrency` may be fractional (an average of 2.5 simultaneous chats).
    public static func effectiveChatAHT(
        ahtSeconds: Double, concurrency: Double, efficiency: Double = 1
    ) throws(StaffingError) -> Double {
        try Check.positive(ahtSeconds, .ahtSeconds)
        try Check.finite(concurrency, .concurrency)
        guard concurrency >= 1 else { throw .outOfRange(.concurrency, concurrency, expected: "≥ 1") }
        try Check.within(efficiency, .efficiency, above: 0, orEqual: false, below: 1, orEqual: true, expected: "(0, 1]")
        return ahtSeconds / (concurrency * efficiency)
    }
}
