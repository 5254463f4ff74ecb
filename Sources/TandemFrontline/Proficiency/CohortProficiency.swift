import TandemPerformance

/// Time to proficiency for a group of agents (a start cohort, a partner's team, a ramp wave).
public struct CohortProficiency: Hashable, Sendable, Codable {
    public let label: String
    public let agents: [AgentProficiency]

    public init(label: String, agents: [AgentProficiency]) {
        self.label = label
        self.agents = agents
    }

    public static func evaluate(
        label: String, agents: [RosterAgent], activity: [AgentDayActivity], rule: ProficiencyRule, asOf: UTCDay
    ) -> CohortProficiency {
        let byAgent = Dictionary(grouping: activity, by: \.agentID)
        return CohortProficiency(label: label, agents: agents.map {
            AgentProficiency.evaluate($0, activity: byAgent[$0.agentID] ?? [], rule: rule, asOf: asOf)
        })
    }

    var stillRamping: Int { agents.filter { $0.status == .notYet }.count }
    var leftBefore: Int { agents.filter { if case .leftBeforeProficiency = $0.status { true } else { false } }.count }

    /// The median days to proficiency of those who reached it. The agents still ramping and those
    /// who left are named beside it: a median of the fast ones alone flatters the cohort.
    public func medianDaysToProficiency(minimumSample: Int = FrontlineDefaults.minimumSample) -> FrontlineFigure {
        let days = agents.compactMap(\.daysToProficiency).map(Double.init)
        let median = Median.of(days)
        let listed = days.count <= 10 ? " (" + days.sorted().map { Num.text($0) }.joined(separator: ", ") + ")" : ""
        return FrontlineFigure(
            value: median, unit: .days, formula: "median days from start to proficiency, of the agents who reached it",
            arithmetic: "median of \(days.count) agents' days\(listed) = \(median.map { Num.text($0) } ?? "none")"
                + "; of \(Num.count(agents.count, "agent")) \(stillRamping) still ramping, \(leftBefore) left before proficiency",
            period: label, sampleSize: days.count, sampleUnit: "proficient agents", minimumSample: minimumSample
        )
    }

    /// Proficient by the end of tenure week `week` (days to proficiency < 7 × week) ÷ agents whose
    /// answer is known: proficient at any time, left without it, or observed through that week.
    /// Agents still ramping who have not yet lived through the week are left out, and counted.
    public func shareProficient(byWeek week: Int, minimumSample: Int = FrontlineDefaults.minimumSample) -> FrontlineFigure {
        let cutoff = 7 * week
        var reached = 0, known = 0
        for agent in agents {
            switch agent.status {
            case .proficient(_, let days):
                known += 1
                if days < cutoff { reached += 1 }
            case .leftBeforeProficiency:
                known += 1
            case .notYet:
                if agent.observedDays >= cutoff { known += 1 }
            }
        }
        let unknown = agents.count - known
        return FrontlineFigure(
            value: known > 0 ? Double(reached) / Double(known) : nil, unit: .fraction,
            formula: "agents proficient by the end of week \(week) of tenure ÷ agents observed through week \(week) or already decided",
            arithmetic: Num.quotient(Double(reached), Double(known))
                + (unknown > 0 ? "; \(Num.count(unknown, "agent")) not yet \(cutoff) days in left out" : ""),
            period: label, sampleSize: known, sampleUnit: "agents", minimumSample: minimumSample
        )
    }

    /// The share proficient by each week 1…`weeks`: the cohort's "proficient by week N" curve.
    public func shareCurve(weeks: Int, minimumSample: Int = FrontlineDefaults.minimumSample) -> [FrontlineFigure] {
        (1...max(1, weeks)).map { shareProficient(byWeek: $0, minimumSample: minimumSample) }
    }
}
