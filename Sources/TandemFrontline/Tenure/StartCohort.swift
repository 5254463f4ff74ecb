import TandemPerformance

/// The agents who started in one calendar month, followed to `asOf`.
public struct StartCohort: Hashable, Sendable, Codable {
    public let teamID: String
    public let month: ReportingPeriod
    public let agentIDs: [String]
    public let stillEmployed: Int
    public let leavers: Int
    public let earlyTenureAttrition: EarlyTenureAttrition

    public var starters: Int { agentIDs.count }

    /// One cohort per start month that has starters, oldest first, for one team (months after `asOf` are not cohorts yet).
    public static func byStartMonth(
        teamID: String, agents: [RosterAgent], asOf: UTCDay,
        earlyTenureDays: Int = FrontlineDefaults.earlyTenureDays, minimumSample: Int = FrontlineDefaults.minimumSample
    ) -> [StartCohort] {
        let team = agents.filter { $0.teamID == teamID && $0.startDate <= asOf }
        let grouped = Dictionary(grouping: team) { ReportingPeriod(kind: .month, containing: $0.startDate) }
        return grouped.keys.sorted().map { month in
            let members = grouped[month]!
            return StartCohort(
                teamID: teamID, month: month, agentIDs: members.map(\.agentID).sorted(),
                stillEmployed: members.filter { $0.isEmployed(atEndOf: asOf) }.count,
                leavers: members.filter { $0.leaveDate.map { $0 <= asOf } ?? false }.count,
                earlyTenureAttrition: EarlyTenureAttrition(
                    teamID: teamID, agents: members, starts: DayRange(month), asOf: asOf,
                    windowDays: earlyTenureDays, minimumSample: minimumSample
                )
            )
        }
    }
}
