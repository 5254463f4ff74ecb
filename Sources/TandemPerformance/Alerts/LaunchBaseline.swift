/// A partner's launch baseline: its figures over the first N full weeks after go-live, so
/// "worse than at launch" can be seen. Weeks start on Mondays; the week go-live falls in counts
/// only when go-live is its Monday (a part week would not be a fair sample).
public enum LaunchBaseline {
    public static let defaultWeeks = 8

    /// The weeks (Monday-based week indices) the baseline covers.
    public static func weeks(goLive: UTCDay, count: Int = defaultWeeks) -> Range<Int> {
        let containing = ReportingPeriod.weekIndex(goLive.daysSince1970)
        let first = ReportingPeriod(kind: .week, index: containing).firstDay == goLive ? containing : containing + 1
        return first..<(first + max(0, count))
    }

    /// How much worse `value` is than `baseline`, as a fraction of |baseline| (0.1 = 10% worse;
    /// negative = better). nil when the baseline is 0 (no relative change can be stated).
    public static func relativeDeterioration(value: Double, baseline: Double, direction: TargetDirection) -> Double? {
        guard baseline != 0 else { return nil }
        switch direction {
        case .higherIsBetter: return (baseline - value) / abs(baseline)
        case .lowerIsBetter: return (value - baseline) / abs(baseline)
        }
    }
}
