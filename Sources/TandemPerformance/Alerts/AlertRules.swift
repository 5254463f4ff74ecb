/// When a team's figures deserve someone's attention. Evaluated after every import.
public struct AlertRules: Hashable, Sendable, Codable {
    /// Raise an alert when a KPI missed its target this many periods in a row (0 turns the rule off).
    public var consecutiveMissedPeriods: Int
    /// Raise an alert when the latest period is this much worse than the launch baseline, in percent (0 = off).
    public var worseThanBaselinePercent: Double
    /// The period both rules look at.
    public var period: PeriodKind

    public init(consecutiveMissedPeriods: Int = 3, worseThanBaselinePercent: Double = 10, period: PeriodKind = .week) {
        self.consecutiveMissedPeriods = consecutiveMissedPeriods
        self.worseThanBaselinePercent = worseThanBaselinePercent
        self.period = period
    }

    /// True when the last `consecutiveMissedPeriods` statuses (oldest first) are all `missed`.
    /// A period without a trustworthy figure (nil) breaks the run: missing data is not a miss.
    public func missedRun(_ statuses: [TargetStatus?]) -> Bool {
        guard consecutiveMissedPeriods > 0, statuses.count >= consecutiveMissedPeriods else { return false }
        return statuses.suffix(consecutiveMissedPeriods).allSatisfy { $0 == .missed }
    }

    /// The deterioration (a fraction) when `current` is worse than `baseline` by at least the threshold.
    public func deterioration(current: KPIResult, baseline: KPIResult) -> Double? {
        guard worseThanBaselinePercent > 0, current.status == .value, baseline.status == .value,
              let value = current.value, let base = baseline.value, let direction = current.kind.direction,
              let worse = LaunchBaseline.relativeDeterioration(value: value, baseline: base, direction: direction)
        else { return nil }
        return worse * 100 >= worseThanBaselinePercent - 1e-9 ? worse : nil
    }
}
