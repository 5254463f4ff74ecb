import TandemPerformance

/// One week of tenure on a team's ramp curve: the median agent's AHT and QA in that week.
public struct RampCurvePoint: Hashable, Sendable, Codable {
    /// 1 = the agent's first seven days (start day included).
    public let week: Int
    public let medianAHT: FrontlineFigure
    public let medianQA: FrontlineFigure
}

public enum RampCurve {
    /// Median AHT and QA by week of tenure over `agents` (one partner's, or the in-house team's).
    /// Each agent contributes their own week's Σ handle ÷ handled and Σ score ÷ evaluations; an
    /// agent with no contacts (or no evaluations) that week is not in that median. The samples are
    /// the contacts and evaluations behind the medians.
    public static func byTenureWeek(
        agents: [RosterAgent], activity: [AgentDayActivity], weeks: Int, asOf: UTCDay,
        minimumSample: Int = FrontlineDefaults.minimumSample
    ) -> [RampCurvePoint] {
        let byID = Dictionary(agents.map { ($0.agentID, $0) }, uniquingKeysWith: { first, _ in first })
        var cells: [Int: [String: ActivityTotals]] = [:]
        for row in activity {
            guard let agent = byID[row.agentID], row.day >= agent.startDate, row.day <= agent.lastObservedDay(asOf: asOf) else { continue }
            let week = row.day.days(since: agent.startDate) / 7 + 1
            guard week <= weeks else { continue }
            cells[week, default: [:]][row.agentID, default: ActivityTotals()].add(row)
        }
        return (1...max(1, weeks)).map { week in
            let perAgent = Array((cells[week] ?? [:]).values)
            let label = "week \(week) of tenure, as of \(asOf)"
            return RampCurvePoint(
                week: week,
                medianAHT: medianFigure(perAgent.compactMap(\.averageHandleTime), sample: perAgent.reduce(0) { $0 + $1.handled },
                                        unit: .seconds, what: "AHT", sampleUnit: "contacts", period: label, minimumSample: minimumSample),
                medianQA: medianFigure(perAgent.compactMap(\.qaScore), sample: perAgent.reduce(0) { $0 + $1.evaluations },
                                       unit: .points, what: "QA", sampleUnit: "evaluations", period: label, minimumSample: minimumSample)
            )
        }
    }

    private static func medianFigure(
        _ values: [Double], sample: Int, unit: FigureUnit, what: String, sampleUnit: String, period: String, minimumSample: Int
    ) -> FrontlineFigure {
        let median = Median.of(values)
        let listed = values.count <= 10 ? " (" + values.sorted().map { Num.text($0) }.joined(separator: ", ") + ")" : ""
        return FrontlineFigure(
            value: median, unit: unit, formula: "median of each agent's \(what) in the week",
            arithmetic: "median of \(values.count) agents\(listed) = \(median.map { Num.text($0) } ?? "none")",
            period: period, sampleSize: sample, sampleUnit: sampleUnit, minimumSample: minimumSample
        )
    }
}
