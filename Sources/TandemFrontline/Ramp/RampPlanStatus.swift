import TandemPerformance

public enum WaveStatus: Hashable, Sendable, Codable {
    case open(on: UTCDay)
    /// May open: wave 1 (no gate), or the previous wave met the gate on `gateMetOn`.
    case ready(gateMetOn: UTCDay?)
    /// May open: the gate is not met, but a manager overrode it.
    case overridden(GateOverride)
    /// The previous wave is running and has not met the gate.
    case blocked
    /// The previous wave has not opened, so its gate cannot even start.
    case waiting(forWave: Int)
}

/// One wave as the plan page shows it: status, the gate weeks behind it, what blocks it and when it could open.
public struct WaveReport: Hashable, Sendable, Codable {
    public let number: Int
    public let headcount: Int
    public let agentsOnRoster: Int
    public let targetStart: UTCDay
    public let status: WaveStatus
    /// The previous wave's complete weeks measured against the gate, oldest first (empty for wave 1).
    public let gateWeeks: [BarCheck]
    public let blockers: [String]
    /// Actual opening day once open; otherwise the earliest day it could open if every remaining gate week is met.
    public let projectedOpen: UTCDay?
    /// Anything the reviewer should know, e.g. a wave opened before its gate was met without an override.
    public let notes: [String]
}

public enum RampPlanStatus {
    /// Measures each wave's gate on the previous wave's agents, in 7-day weeks counted from the day
    /// that wave opened; only weeks complete by `asOf` count. The gate is met at the end of the first
    /// run of `consecutiveWeeks` weeks that all meet the bar, and stays met.
    public static func evaluate(_ plan: RampPlan, activity: [AgentDayActivity], asOf: UTCDay) -> [WaveReport] {
        let byAgent = Dictionary(grouping: activity, by: \.agentID)
        var reports: [WaveReport] = []
        for (index, wave) in plan.waves.enumerated() {
            let number = index + 1
            guard index > 0 else {
                reports.append(WaveReport(
                    number: 1, headcount: wave.headcount, agentsOnRoster: wave.agentIDs.count, targetStart: wave.targetStart,
                    status: wave.openedOn.map { .open(on: $0) } ?? .ready(gateMetOn: nil), gateWeeks: [], blockers: [],
                    projectedOpen: wave.openedOn ?? max(wave.targetStart, asOf), notes: []
                ))
                continue
            }
            let previous = plan.waves[index - 1]
            let weeks = previous.openedOn.map { gateWeeks(agentIDs: previous.agentIDs, byAgent: byAgent, from: $0, gate: plan.gate, asOf: asOf) } ?? []
            let gateMet = firstMet(weeks, needed: plan.gate.consecutiveWeeks)
            var blockers: [String] = []
            var notes: [String] = []
            let status: WaveStatus
            let projected: UTCDay?
            if let opened = wave.openedOn {
                status = .open(on: opened)
                projected = opened
                if gateMet.map({ $0 >= opened }) ?? true, wave.gateOverride == nil {
                    notes.append("opened on \(opened) before wave \(index)'s gate was met, without an override")
                }
            } else if let met = gateMet {
                status = .ready(gateMetOn: met)
                projected = max(wave.targetStart, asOf)
            } else if let override = wave.gateOverride {
                status = .overridden(override)
                projected = max(wave.targetStart, asOf)
                notes.append("gate overridden by \(override.by) on \(override.on): \(override.reason)")
            } else if let previousOpened = previous.openedOn {
                status = .blocked
                let streak = trailingStreak(weeks)
                let needed = plan.gate.consecutiveWeeks - streak
                let lastComplete = weeks.last?.period.last ?? previousOpened.adding(days: -1)
                projected = max(wave.targetStart, lastComplete.adding(days: 7 * needed + 1))
                if weeks.isEmpty {
                    blockers.append("wave \(index) opened on \(previousOpened) and has no complete week yet")
                } else if let latest = weeks.last, latest.meets != true {
                    blockers.append("week \(weeks.count) (\(latest.period)): " + latest.shortfalls.joined(separator: "; "))
                }
                blockers.append("needs \(needed) more consecutive week\(needed == 1 ? "" : "s") of \(plan.gate.bar.description)")
            } else {
                status = .waiting(forWave: index)
                projected = reports[index - 1].projectedOpen.map { max(wave.targetStart, $0.adding(days: 7 * plan.gate.consecutiveWeeks)) }
                blockers.append("wave \(index) has not opened yet")
            }
            reports.append(WaveReport(
                number: number, headcount: wave.headcount, agentsOnRoster: wave.agentIDs.count, targetStart: wave.targetStart,
                status: status, gateWeeks: weeks, blockers: blockers, projectedOpen: projected, notes: notes
            ))
        }
        return reports
    }

    private static func gateWeeks(
        agentIDs: [String], byAgent: [String: [AgentDayActivity]], from opened: UTCDay, gate: WaveGate, asOf: UTCDay
    ) -> [BarCheck] {
        var checks: [BarCheck] = []
        var first = opened
        while first.adding(days: 6) <= asOf {
            let week = try! DayRange(first: first, last: first.adding(days: 6))
            var totals = ActivityTotals()
            for id in agentIDs {
                for row in byAgent[id] ?? [] where week.contains(row.day) { totals.add(row) }
            }
            checks.append(gate.bar.check(totals, over: week))
            first = first.adding(days: 7)
        }
        return checks
    }

    private static func firstMet(_ weeks: [BarCheck], needed: Int) -> UTCDay? {
        var run = 0
        for week in weeks {
            run = week.meets == true ? run + 1 : 0
            if run >= needed { return week.period.last }
        }
        return nil
    }

    private static func trailingStreak(_ weeks: [BarCheck]) -> Int {
        weeks.reversed().prefix { $0.meets == true }.count
    }
}
