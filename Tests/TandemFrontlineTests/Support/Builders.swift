import TandemFrontline
import TandemPerformance

/// "2026-03-01" as a UTC day; traps on a typo so a test's dates read like the page's.
func day(_ text: String) -> UTCDay {
    guard let day = UTCDay.parse(text) else { fatalError("bad test date \(text)") }
    return day
}

func agent(
    _ id: String, team: String = "harborline", start: String, left: String? = nil,
    status: AgentStatus? = nil
) -> RosterAgent {
    RosterAgent(
        teamID: team, agentID: id, name: "Agent \(id)", startDate: day(start),
        status: status ?? (left == nil ? .production : .left), leaveDate: left.map(day)
    )
}

/// One agent-day of work: `handled` contacts averaging `aht` seconds, `evaluations` QA evaluations averaging `qa`.
func activity(_ agentID: String, _ on: UTCDay, handled: Int = 0, aht: Double = 0, evaluations: Int = 0, qa: Double = 0) -> AgentDayActivity {
    try! AgentDayActivity(
        agentID: agentID, day: on, handled: handled, handleSeconds: Double(handled) * aht,
        evaluations: evaluations, qaScoreSum: Double(evaluations) * qa
    )
}

func isClose(_ value: Double?, _ expected: Double, tolerance: Double = 1e-9) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= tolerance
}
