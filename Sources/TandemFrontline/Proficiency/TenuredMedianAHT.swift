import TandemPerformance

/// The AHT new agents are measured against: the median of tenured agents' own AHT over a period.
///
/// Tenured = more than `tenuredAfterDays` days in on the period's first day and not nesting. Each
/// agent's AHT is Σ handle ÷ handled over the period; agents with fewer than
/// `minimumContactsPerAgent` contacts are left out (their AHT is noise), and counted. The sample
/// is the contacts behind the counted agents.
public enum TenuredMedianAHT {
    public static func compute(
        agents: [RosterAgent], activity: [AgentDayActivity], period: DayRange,
        tenuredAfterDays: Int = FrontlineDefaults.earlyTenureDays,
        minimumContactsPerAgent: Int = FrontlineDefaults.minimumSample,
        minimumSample: Int = FrontlineDefaults.minimumSample
    ) -> FrontlineFigure {
        let tenured = Set(agents.filter { $0.status != .nesting && $0.tenureDays(on: period.first) > tenuredAfterDays }.map(\.agentID))
        var totals: [String: ActivityTotals] = [:]
        for row in activity where tenured.contains(row.agentID) && period.contains(row.day) {
            totals[row.agentID, default: ActivityTotals()].add(row)
        }
        let counted = totals.filter { $0.value.handled >= minimumContactsPerAgent }
        let values = counted.values.compactMap(\.averageHandleTime)
        let contacts = counted.values.reduce(0) { $0 + $1.handled }
        let median = Median.of(values)
        let listed = values.count <= 10 ? " (" + values.sorted().map(Num.seconds).joined(separator: ", ") + ")" : ""
        return FrontlineFigure(
            value: median, unit: .seconds,
            formula: "median of tenured agents' AHT (more than \(tenuredAfterDays) days in, at least \(minimumContactsPerAgent) contacts each)",
            arithmetic: "median of \(values.count) agents' AHT\(listed) = " + (median.map(Num.seconds) ?? "none")
                + "; \(Num.count(totals.count - counted.count, "tenured agent")) with fewer contacts left out",
            period: period.description, sampleSize: contacts, sampleUnit: "contacts", minimumSample: minimumSample
        )
    }
}
