/// When a failed webhook delivery is tried again: exponential backoff, capped, with a
/// limit after which the delivery is marked failed and listed for an admin.
public struct RetrySchedule: Sendable, Equatable {
    public let baseSeconds: Double
    public let capSeconds: Double
    public let maxAttempts: Int

    public init(baseSeconds: Double = 30, capSeconds: Double = 3_600, maxAttempts: Int = 6) {
        self.baseSeconds = baseSeconds
        self.capSeconds = capSeconds
        self.maxAttempts = maxAttempts
    }

    public static let standard = RetrySchedule()

    /// Seconds to wait after failed attempt number `attempt` (1-based); nil once the
    /// attempts are used up.
    public func delay(afterAttempt attempt: Int) -> Double? {
        guard attempt >= 1, attempt < maxAttempts else { return nil }
        var delay = baseSeconds
        for _ in 1..<attempt { delay *= 2 }
        return min(delay, capSeconds)
    }
}
