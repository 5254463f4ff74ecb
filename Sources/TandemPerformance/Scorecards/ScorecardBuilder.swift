import Foundation
import TandemPartners

/// Builds a period's scorecard from summed rollups: every team appears (side by side, in the
/// order given) even without data, segments only where data exists; each cell carries its
/// formula, sample, target status and launch baseline; comparable rows are ranked.
public struct ScorecardBuilder: Sendable {
    /// A scorecard row's identity: a team, and a queue or a channel when the grouping cuts by one.
    public struct RowKey: Hashable, Sendable {
        public let teamID: UUID
        public let queueID: UUID?
        public let channelID: UUID?

        public init(teamID: UUID, queueID: UUID?, channelID: UUID?) {
            self.teamID = teamID
            self.queueID = queueID
            self.channelID = channelID
        }
    }

    /// Σ QA score points and evaluations scored, for one team in one period.
    public struct QATotals: Sendable, Equatable {
        public var points: Double
        public var scored: Int

        public init(points: Double, scored: Int) {
            self.points = points
            self.scored = scored
        }
    }

    /// The target that applies to a KPI on a row (team, queue and its channel, or a channel), nil when none.
    public typealias TargetLookup = @Sendable (KPIKind, _ team: UUID, _ queue: ScorecardQueue?, _ channelID: UUID?) -> Double?

    public let teams: [ScorecardTeam]
    public let queues: [ScorecardQueue]
    public let kpiSettings: KPISettings
    public let nearBand: NearBand
    public let target: TargetLookup

    public init(teams: [ScorecardTeam], queues: [ScorecardQueue], kpiSettings: KPISettings, nearBand: NearBand, target: @escaping TargetLookup) {
        self.teams = teams
        self.queues = queues
        self.kpiSettings = kpiSettings
        self.nearBand = nearBand
        self.target = target
    }

    public func rowKey(team: UUID, queue: UUID, grouping: ScorecardGrouping) -> RowKey {
        switch grouping {
        case .team: RowKey(teamID: team, queueID: nil, channelID: nil)
        case .queue: RowKey(teamID: team, queueID: queue, channelID: nil)
        case .channel: RowKey(teamID: team, queueID: nil, channelID: queues.first { $0.id == queue }?.channelID)
        }
    }

    public func build(period: ReportingPeriod, grouping: ScorecardGrouping, rollups: [RowKey: KPIRollup], qa: [UUID: QATotals],
                      baselines: [RowKey: KPIRollup]) -> Scorecard {
        var keys: [RowKey] = []
        for team in teams {
            switch grouping {
            case .team: keys.append(RowKey(teamID: team.id, queueID: nil, channelID: nil))
            case .queue:
                keys += queues.map { RowKey(teamID: team.id, queueID: $0.id, channelID: nil) }.filter { rollups[$0] != nil }
            case .channel:
                var seen = Set<UUID>()
                for queue in queues where seen.insert(queue.channelID).inserted {
                    let key = RowKey(teamID: team.id, queueID: nil, channelID: queue.channelID)
                    if rollups[key] != nil { keys.append(key) }
                }
            }
        }
        var rows: [ScorecardRow] = keys.compactMap { key in
            guard let team = teams.first(where: { $0.id == key.teamID }) else { return nil }
            let queue = key.queueID.flatMap { id in queues.first { $0.id == id } }
            let channelName = key.channelID.flatMap { id in queues.first { $0.channelID == id }?.channelName }
            let kpis = ContactKPIs(rollup: rollups[key] ?? .empty, settings: kpiSettings)
            let baseline = baselines[key].map { ContactKPIs(rollup: $0, settings: kpiSettings) }
            let cells: [ScorecardCell] = KPILabels.scorecardKPIs.compactMap { kind in
                let result: KPIResult
                var baseResult: KPIResult? = nil
                if kind == .qaScore {
                    guard grouping == .team else { return nil }
                    let totals = qa[key.teamID] ?? QATotals(points: 0, scored: 0)
                    result = QAEvaluation.averageScore(totalPoints: totals.points, scored: totals.scored, minimumSample: kpiSettings.minimumSample)
                } else {
                    guard let found = kpis.all.first(where: { $0.kind == kind }) else { return nil }
                    result = found
                    baseResult = baseline?.all.first(where: { $0.kind == kind })
                }
                let goal = target(kind, key.teamID, queue, key.channelID)
                let status = goal.flatMap { t in kind.direction.map { KPITarget(target: t, direction: $0, nearBand: nearBand).status(of: result) } } ?? nil
                return ScorecardCell(kpi: kind, value: result.value, numerator: result.numerator, denominator: result.denominator,
                                     sampleSize: result.sampleSize, enoughData: result.status == .value, formula: result.formula, unit: result.unit,
                                     target: goal, status: status,
                                     baseline: baseResult.flatMap { $0.status == .value ? $0.value : nil }, rank: nil)
            }
            return ScorecardRow(teamID: team.id, teamName: team.name, teamKind: team.kind, queueID: key.queueID, channelID: key.channelID,
                                segment: queue?.name ?? channelName, cells: cells)
        }
        Self.rank(&rows)
        return Scorecard(period: period, grouping: grouping, kpis: KPILabels.scorecardKPIs.filter { grouping == .team || $0 != .qaScore }, rows: rows)
    }

    /// Ranks rows that measure the same thing (same queue or channel) on each KPI with a direction;
    /// only trustworthy figures are ranked (below the minimum sample a figure is never ranked, and
    /// "of N" counts only the ranked ones), and only when at least two are. Ties share a rank. Rank over every team the client sees,
    /// then narrow a partner user's view with `Scorecard.restricted(to:)`.
    public static func rank(_ rows: inout [ScorecardRow]) {
        let groups = Dictionary(grouping: rows.indices) { "\(rows[$0].queueID?.uuidString ?? "")|\(rows[$0].channelID?.uuidString ?? "")" }
        for indices in groups.values {
            for (cellIndex, kind) in (rows.first?.cells.map(\.kpi) ?? []).enumerated() {
                guard let direction = kind.direction else { continue }
                let ranked = indices.compactMap { index -> (Int, Double)? in
                    guard cellIndex < rows[index].cells.count, rows[index].cells[cellIndex].enoughData, let value = rows[index].cells[cellIndex].value else { return nil }
                    return (index, value)
                }
                // A rank needs someone to be ranked against: a lone figure gets none ("1 of 1" says nothing).
                guard ranked.count > 1 else { continue }
                for (index, value) in ranked {
                    let better = ranked.filter { direction == .higherIsBetter ? $0.1 > value : $0.1 < value }.count
                    rows[index].cells[cellIndex].rank = better + 1
                    rows[index].cells[cellIndex].rankOf = ranked.count
                }
            }
        }
    }
}
