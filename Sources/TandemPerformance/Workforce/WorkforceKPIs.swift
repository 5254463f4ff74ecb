/// The time and people KPIs of domain.md's table, as pure functions over additive totals.
///
/// Each input counts `agentPeriods` (e.g. agent-days), and that count is the sample size: the
/// same "not enough data" rule as contacts applies (default 30), so one small team's single day
/// is flagged rather than trusted.
public enum WorkforceKPIs {}
