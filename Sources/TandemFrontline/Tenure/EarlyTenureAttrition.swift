import TandemPerformance

/// Early-tenure attrition: of the agents who started in a period, the share who left within their
/// first `windowDays` days (tenure at leaving ≤ windowDays, start day = day 1).
///
/// Only starters whose whole window has passed by `asOf` count: a starter still inside it could
/// yet leave early, and counting them would understate the rate. How many were left out is kept.
public struct EarlyTenureAttrition: Hashable, Sendable, Codable {
    public let teamID: String
    public let starts: DayRange
    public let windowDays: Int
    public let asOf: UTCDay
    /// Starters whose window ended on or before `asOf`.
    public let observedStarters: Int
    public let earlyLeavers: Int
    /// Starters still inside their window on `asOf`, left out of the rate.
    public let startersStillInWindow: Int
    public let figure: FrontlineFigure

    public init(
        teamID: String, agents: [RosterAgent], starts: DayRange, asOf: UTCDay,
        windowDays: Int = FrontlineDefaults.earlyTenureDays, minimumSample: Int = FrontlineDefaults.minimumSample
    ) {
        var observed = 0, early = 0, pending = 0
        for agent in agents where agent.teamID == teamID && starts.contains(agent.startDate) {
            let windowEnd = agent.startDate.adding(days: windowDays - 1)
            guard windowEnd <= asOf else { pending += 1; continue }
            observed += 1
            if let leave = agent.leaveDate, leave <= windowEnd { early += 1 }
        }
        self.teamID = teamID
        self.starts = starts
        self.windowDays = windowDays
        self.asOf = asOf
        self.observedStarters = observed
        self.earlyLeavers = early
        self.startersStillInWindow = pending
        figure = FrontlineFigure(
            value: observed > 0 ? Double(early) / Double(observed) : nil, unit: .fraction,
            formula: "starters who left within \(windowDays) days ÷ starters whose first \(windowDays) days have passed",
            arithmetic: Num.quotient(Double(early), Double(observed))
                + (pending > 0 ? "; \(Num.count(pending, "starter")) still inside their first \(windowDays) days left out" : ""),
            period: "started \(starts), as of \(asOf)", sampleSize: observed, sampleUnit: "starters",
            minimumSample: minimumSample
        )
    }
}
