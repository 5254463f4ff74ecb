import TandemPerformance

/// Where an agent is in their working life at the team.
public enum AgentStatus: String, CaseIterable, Hashable, Sendable, Codable {
    /// In training or a nesting bay: employed, not yet in full production.
    case nesting
    case production
    /// On leave of absence: still employed and in headcount.
    case leave
    /// Gone; the leave date says when.
    case left
}

/// One agent on a team's roster (a partner's or the in-house team's).
///
/// `leaveDate` is the agent's last day employed: they count in headcount on that day and not after.
public struct RosterAgent: Hashable, Sendable, Codable {
    /// The team (partner or in-house) the agent works for, as contact and QA rows name it.
    public var teamID: String
    /// The agent's id exactly as it appears in contact and QA files.
    public var agentID: String
    public var name: String
    public var site: String?
    public var startDate: UTCDay
    public var queues: [String]
    public var status: AgentStatus
    public var leaveDate: UTCDay?
    public var leaveReason: String?

    public init(
        teamID: String, agentID: String, name: String, site: String? = nil, startDate: UTCDay,
        queues: [String] = [], status: AgentStatus, leaveDate: UTCDay? = nil, leaveReason: String? = nil
    ) {
        self.teamID = teamID
        self.agentID = agentID
        self.name = name
        self.site = site
        self.startDate = startDate
        self.queues = queues
        self.status = status
        self.leaveDate = leaveDate
        self.leaveReason = leaveReason
    }

    /// Employed at the end of `day`: started on or before it and not left on or before it.
    public func isEmployed(atEndOf day: UTCDay) -> Bool {
        startDate <= day && (leaveDate.map { $0 > day } ?? true)
    }

    /// Days employed counting the start day as day 1: an agent who starts and leaves on the same day has tenure 1.
    public func tenureDays(on day: UTCDay) -> Int { day.days(since: startDate) + 1 }

    /// The last day the agent's data can be about: the leave date, or `asOf` for someone still employed.
    func lastObservedDay(asOf: UTCDay) -> UTCDay { leaveDate.map { min($0, asOf) } ?? asOf }
}
