import TandemFrontline
import TandemPerformance
import TandemPartners

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

/// The same work every day from `from` for `days` days.
func daily(_ agentID: String, from: String, days: Int, handled: Int, aht: Double, evaluations: Int = 0, qa: Double = 0) -> [AgentDayActivity] {
    daily(agentID, from: day(from), days: days, handled: handled, aht: aht, evaluations: evaluations, qa: qa)
}

func daily(_ agentID: String, from: UTCDay, days: Int, handled: Int, aht: Double, evaluations: Int = 0, qa: Double = 0) -> [AgentDayActivity] {
    (0..<days).map { activity(agentID, from.advanced(by: $0), handled: handled, aht: aht, evaluations: evaluations, qa: qa) }
}

extension UTCDay {
    func advanced(by days: Int) -> UTCDay { UTCDay(daysSince1970: daysSince1970 + days) }
}

/// Tenured T1–T3 handle 40 contacts in February at 280, 300 and 340 s: a median of 300 s.
func tenuredMedianOf300() -> FrontlineFigure {
    let tenured = [agent("T1", start: "2025-01-06"), agent("T2", start: "2025-01-06"), agent("T3", start: "2025-01-06")]
    let february = try! DayRange(first: day("2026-02-01"), last: day("2026-02-28"))
    let rows = [activity("T1", day("2026-02-10"), handled: 40, aht: 280),
                activity("T2", day("2026-02-10"), handled: 40, aht: 300),
                activity("T3", day("2026-02-10"), handled: 40, aht: 340)]
    return TenuredMedianAHT.compute(agents: tenured, activity: rows, period: february)
}

/// The field errors `body` throws, nil if it throws none (or something else).
func fieldErrors(_ body: () throws -> Void) -> FieldErrors? {
    do { try body(); return nil } catch let errors as FieldErrors { return errors } catch { return nil }
}
