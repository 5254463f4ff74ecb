import TandemPerformance

/// Who was there, who came and who went over a period, for one team.
///
/// Opening = employed at the end of the day before the period; hires = started in it; leavers =
/// leave date in it; closing = employed at the end of its last day. So closing = opening + hires − leavers.
public struct HeadcountMovement: Hashable, Sendable, Codable {
    public let teamID: String
    public let period: DayRange
    public let opening: Int
    public let hires: Int
    public let leavers: Int
    /// Leavers whose tenure at leaving was at most `earlyTenureDays` (start day = day 1).
    public let earlyLeavers: Int
    public let earlyTenureDays: Int
    public let closing: Int

    public init(
        teamID: String, agents: [RosterAgent], period: DayRange,
        earlyTenureDays: Int = FrontlineDefaults.earlyTenureDays
    ) {
        let dayBefore = period.first.adding(days: -1)
        var opening = 0, hires = 0, leavers = 0, early = 0, closing = 0
        for agent in agents where agent.teamID == teamID {
            if agent.isEmployed(atEndOf: dayBefore) { opening += 1 }
            if period.contains(agent.startDate) { hires += 1 }
            if let leave = agent.leaveDate, period.contains(leave), leave >= agent.startDate {
                leavers += 1
                if agent.tenureDays(on: leave) <= earlyTenureDays { early += 1 }
            }
            if agent.isEmployed(atEndOf: period.last) { closing += 1 }
        }
        self.teamID = teamID
        self.period = period
        self.opening = opening
        self.hires = hires
        self.leavers = leavers
        self.earlyLeavers = early
        self.earlyTenureDays = earlyTenureDays
        self.closing = closing
    }

    /// domain.md: leavers in period ÷ average headcount × 365 ÷ days in period, average = (start + end) ÷ 2.
    /// The sample is the average headcount rounded up: the people the rate is about.
    public func annualisedAttrition(minimumSample: Int = FrontlineDefaults.minimumSample) -> FrontlineFigure {
        let kpi = WorkforceKPIs.annualizedAttrition(
            HeadcountPeriod(leavers: leavers, startHeadcount: opening, endHeadcount: closing, days: period.dayCount),
            minimumSample: minimumSample
        )
        let average = Double(opening + closing) / 2
        let arithmetic = "\(leavers) ÷ ((\(opening) + \(closing)) ÷ 2 = \(Num.text(average))) × 365 ÷ \(period.dayCount)"
            + (kpi.value.map { " = \(Num.text($0))" } ?? " (no headcount)")
        return FrontlineFigure(
            value: kpi.value, unit: .fraction, formula: "leavers ÷ average headcount × 365 ÷ days in period",
            arithmetic: arithmetic, period: period.description, sampleSize: kpi.sampleSize,
            sampleUnit: "people (average headcount)", minimumSample: minimumSample
        )
    }

    /// Monthly movements for a team from `firstMonth` through the month holding `asOf`; the last
    /// month stops at `asOf` so a month in progress is annualised over the days actually seen.
    public static func monthly(
        teamID: String, agents: [RosterAgent], from firstMonth: ReportingPeriod, asOf: UTCDay,
        earlyTenureDays: Int = FrontlineDefaults.earlyTenureDays
    ) -> [HeadcountMovement] {
        var result: [HeadcountMovement] = []
        var month = ReportingPeriod(kind: .month, containing: firstMonth.firstDay)
        while let range = DayRange(month).clipped(through: asOf) {
            result.append(HeadcountMovement(teamID: teamID, agents: agents, period: range, earlyTenureDays: earlyTenureDays))
            month = month.advanced(by: 1)
        }
        return result
    }
}
