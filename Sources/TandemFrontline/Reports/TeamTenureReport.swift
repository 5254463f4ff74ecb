import TandemPerformance

/// Agents per tenure band on one day.
public struct TenureBandCount: Hashable, Sendable, Codable {
    public let band: String
    public let agents: Int
}

/// One team's headcount, attrition and cohorts over the last `months` months to `asOf`, as the
/// tenure pages show them (domain.md's annualised attrition; docs/front-line.md's early tenure).
public struct TeamTenureReport: Hashable, Sendable, Codable {
    public struct Month: Hashable, Sendable, Codable {
        public let movement: HeadcountMovement
        public let attrition: FrontlineFigure
    }

    public let teamID: String
    public let asOf: UTCDay
    /// Oldest first; the last month stops at `asOf`.
    public let months: [Month]
    /// The whole span of `months` as one period: leavers over it, annualised.
    public let overall: Month
    /// Starters in the span whose first 90 days have passed, and how many of them left inside them.
    public let earlyTenure: EarlyTenureAttrition
    /// Start-month cohorts of the span, oldest first.
    public let cohorts: [StartCohort]
    public let bands: [TenureBandCount]
    public let employed: Int

    public init(
        teamID: String, agents: [RosterAgent], asOf: UTCDay, months count: Int = 12, bands: TenureBands = .standard,
        earlyTenureDays: Int = FrontlineDefaults.earlyTenureDays, minimumSample: Int = FrontlineDefaults.minimumSample
    ) {
        let current = ReportingPeriod(kind: .month, containing: asOf)
        let first = current.advanced(by: -(max(1, count) - 1))
        self.teamID = teamID
        self.asOf = asOf
        months = HeadcountMovement.monthly(teamID: teamID, agents: agents, from: first, asOf: asOf, earlyTenureDays: earlyTenureDays)
            .map { Month(movement: $0, attrition: $0.annualisedAttrition(minimumSample: minimumSample)) }
        let span = try! DayRange(first: first.firstDay, last: asOf)
        let whole = HeadcountMovement(teamID: teamID, agents: agents, period: span, earlyTenureDays: earlyTenureDays)
        overall = Month(movement: whole, attrition: whole.annualisedAttrition(minimumSample: minimumSample))
        earlyTenure = EarlyTenureAttrition(teamID: teamID, agents: agents, starts: span, asOf: asOf, windowDays: earlyTenureDays,
                                           minimumSample: minimumSample)
        cohorts = StartCohort.byStartMonth(teamID: teamID, agents: agents, asOf: asOf, earlyTenureDays: earlyTenureDays,
                                           minimumSample: minimumSample).filter { $0.month >= first }
        self.bands = bands.headcount(teamID: teamID, agents: agents, on: asOf).map { TenureBandCount(band: $0.band, agents: $0.agents) }
        employed = agents.filter { $0.teamID == teamID && $0.isEmployed(atEndOf: asOf) }.count
    }
}
