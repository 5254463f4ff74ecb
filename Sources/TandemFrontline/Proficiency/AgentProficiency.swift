import TandemPerformance

public enum ProficiencyStatus: Hashable, Sendable, Codable {
    /// First met the rule on `on`, `days` days after starting.
    case proficient(on: UTCDay, days: Int)
    /// Still employed and not yet proficient as of the evaluation day.
    case notYet
    /// Left (on their leave date) without ever meeting the rule.
    case leftBeforeProficiency(on: UTCDay)
}

/// One agent's time to proficiency, with the window that made them proficient as its proof.
public struct AgentProficiency: Hashable, Sendable, Codable {
    public let agentID: String
    public let teamID: String
    public let startDate: UTCDay
    public let status: ProficiencyStatus
    /// Days of tenure the evaluation could see: start through the leave date or `asOf` (start day = day 1).
    public let observedDays: Int
    /// The rolling window on the proficient day; nil otherwise.
    public let reachingWindow: BarCheck?

    public var daysToProficiency: Int? {
        if case .proficient(_, let days) = status { return days }
        return nil
    }

    /// Scans the agent's days from the start, keeping the rolling window's sums (add today, drop the
    /// day that falls out), and stops at the first day the rule is met. Activity before the start
    /// date is ignored: it cannot be ramp-up. A window is never judged on fewer data than the bar's minimums.
    public static func evaluate(
        _ agent: RosterAgent, activity: [AgentDayActivity], rule: ProficiencyRule, asOf: UTCDay
    ) -> AgentProficiency {
        let last = agent.lastObservedDay(asOf: asOf)
        let observed = max(0, last.days(since: agent.startDate) + 1)
        var byDay: [Int: ActivityTotals] = [:]
        for row in activity where row.agentID == agent.agentID && row.day >= agent.startDate && row.day <= last {
            byDay[row.day.daysSince1970, default: ActivityTotals()].add(row)
        }
        var window = ActivityTotals()
        if observed > 0 {
            for offset in 0..<observed {
                let today = agent.startDate.adding(days: offset)
                if let totals = byDay[today.daysSince1970] { window = window + totals }
                if offset >= rule.windowDays, let dropped = byDay[today.daysSince1970 - rule.windowDays] { window = window - dropped }
                let range = try! DayRange(first: agent.startDate.adding(days: max(0, offset - rule.windowDays + 1)), last: today)
                let check = rule.bar.check(window, over: range)
                if check.meets == true {
                    return AgentProficiency(agentID: agent.agentID, teamID: agent.teamID, startDate: agent.startDate,
                                            status: .proficient(on: today, days: offset), observedDays: observed, reachingWindow: check)
                }
            }
        }
        let status: ProficiencyStatus = agent.leaveDate.map { $0 <= asOf } == true ? .leftBeforeProficiency(on: agent.leaveDate!) : .notYet
        return AgentProficiency(agentID: agent.agentID, teamID: agent.teamID, startDate: agent.startDate,
                                status: status, observedDays: observed, reachingWindow: nil)
    }

    /// "proficient on 2026-03-20, 18 days after starting 2026-03-02 (…window arithmetic…)".
    public var explanation: String {
        switch status {
        case .proficient(let on, let days):
            return "proficient on \(on), \(days) days after starting \(startDate) (\(reachingWindow?.arithmetic ?? ""))"
        case .notYet:
            return "not yet proficient after \(observedDays) days since starting \(startDate)"
        case .leftBeforeProficiency(let on):
            return "left on \(on) after \(observedDays) days without reaching proficiency"
        }
    }
}

extension ActivityTotals {
    static func + (lhs: Self, rhs: Self) -> Self {
        var result = lhs
        result.handled += rhs.handled
        result.handleSeconds += rhs.handleSeconds
        result.evaluations += rhs.evaluations
        result.qaScoreSum += rhs.qaScoreSum
        return result
    }
}
