import TandemPartners
import TandemPerformance

/// One group of starters (a start month, or the whole team) as the proficiency pages show it.
public struct CohortSummary: Hashable, Sendable, Codable {
    public let label: String
    /// The start month, nil for the whole team.
    public let month: ReportingPeriod?
    public let agents: Int
    public let proficient: Int
    public let stillRamping: Int
    public let leftBeforeProficiency: Int
    public let medianDays: FrontlineFigure
    /// Share proficient by the end of tenure week 1, 2, … (`shareByWeek[0]` is week 1).
    public let shareByWeek: [FrontlineFigure]

    init(label: String, month: ReportingPeriod?, cohort: CohortProficiency, weeks: Int, minimumSample: Int) {
        self.label = label
        self.month = month
        agents = cohort.agents.count
        proficient = cohort.agents.filter { $0.daysToProficiency != nil }.count
        stillRamping = cohort.stillRamping
        leftBeforeProficiency = cohort.leftBefore
        medianDays = cohort.medianDaysToProficiency(minimumSample: minimumSample)
        shareByWeek = cohort.shareCurve(weeks: weeks, minimumSample: minimumSample)
    }
}

/// Everything the proficiency pages show for one team, computed once when its data arrives
/// (a contact, QA or roster import) and stored: the rule with the tenured median it used, every
/// ramping agent's time to proficiency, start-month cohorts, the team as a whole and its ramp curve.
///
/// Only agents who started on or after `observedFrom` (the team's first day of data) and have any
/// contact or evaluation since are ramping agents here: an agent who started before the data
/// begins ramped where nobody could see it, and one without any data cannot be measured (they are
/// counted in `startersWithoutData`, never taken as "still ramping").
public struct TeamProficiencyReport: Hashable, Sendable, Codable {
    public let teamID: String
    public let asOf: UTCDay
    public let observedFrom: UTCDay
    public let tenuredMedian: FrontlineFigure
    /// Whose tenured agents the median is over, e.g. "this team's" or "every team's (…)".
    public let tenuredMedianSource: String
    /// nil when no rule could be formed; `ruleProblem` says why.
    public let rule: ProficiencyRule?
    public let ruleProblem: String?
    public let agents: [AgentProficiency]
    /// Starters since `observedFrom` with no contact or evaluation at all: left out, and counted.
    public let startersWithoutData: Int
    public let team: CohortSummary?
    /// Oldest start month first.
    public let cohorts: [CohortSummary]
    public let rampCurve: [RampCurvePoint]

    public var ruleDescription: String {
        guard let rule else { return ruleProblem ?? "no rule" }
        return "rolling \(rule.windowDays)-day \(rule.bar.description), QA on at least \(Num.count(rule.bar.minimumEvaluations, "evaluation")) and AHT on at least \(Num.count(rule.bar.minimumContacts, "contact"))"
    }

    public init(
        teamID: String, agents: [RosterAgent], activity: [AgentDayActivity], tenuredMedian: FrontlineFigure, tenuredMedianSource: String,
        qaMinimum: Double, ahtMultiplier: Double = FrontlineDefaults.ahtMultiplier, windowDays: Int = FrontlineDefaults.proficiencyWindowDays,
        minimumContacts: Int = FrontlineDefaults.minimumSample, minimumEvaluations: Int = FrontlineDefaults.minimumSample,
        observedFrom: UTCDay, asOf: UTCDay, weeks: Int = 12, minimumSample: Int = FrontlineDefaults.minimumSample
    ) {
        self.teamID = teamID
        self.asOf = asOf
        self.observedFrom = observedFrom
        self.tenuredMedian = tenuredMedian
        self.tenuredMedianSource = tenuredMedianSource
        let starters = agents.filter { $0.teamID == teamID && $0.startDate >= observedFrom && $0.startDate <= asOf }
        let lastActivity = Dictionary(activity.map { ($0.agentID, $0.day) }, uniquingKeysWith: { max($0, $1) })
        let ramping = starters.filter { agent in lastActivity[agent.agentID].map { $0 >= agent.startDate } ?? false }
            .sorted { ($0.startDate, $0.agentID) < ($1.startDate, $1.agentID) }
        startersWithoutData = starters.count - ramping.count
        rampCurve = RampCurve.byTenureWeek(agents: ramping, activity: activity, weeks: weeks, asOf: asOf, minimumSample: minimumSample)
        let rule: ProficiencyRule
        do {
            let bar = try QualityBar(qaMinimum: qaMinimum, tenuredMedian: tenuredMedian, ahtMultiplier: ahtMultiplier,
                                     minimumContacts: minimumContacts, minimumEvaluations: minimumEvaluations)
            rule = try ProficiencyRule(bar: bar, windowDays: windowDays)
        } catch {
            self.rule = nil
            ruleProblem = "no proficiency rule: " + error.summary
            self.agents = []
            team = nil
            cohorts = []
            return
        }
        self.rule = rule
        ruleProblem = nil
        let whole = CohortProficiency.evaluate(label: "every agent who started from \(observedFrom)", agents: ramping,
                                               activity: activity, rule: rule, asOf: asOf)
        self.agents = whole.agents
        team = CohortSummary(label: whole.label, month: nil, cohort: whole, weeks: weeks, minimumSample: minimumSample)
        let byID = Dictionary(whole.agents.map { ($0.agentID, $0) }, uniquingKeysWith: { first, _ in first })
        let months = Dictionary(grouping: ramping) { ReportingPeriod(kind: .month, containing: $0.startDate) }
        cohorts = months.keys.sorted().map { month in
            let members = months[month]!.compactMap { byID[$0.agentID] }
            let label = "started \(DayRange(month))"
            return CohortSummary(label: label, month: month, cohort: CohortProficiency(label: label, agents: members),
                                 weeks: weeks, minimumSample: minimumSample)
        }
    }
}
