import Foundation
import TandemPartners

/// How a scorecard's rows are cut.
public enum ScorecardGrouping: String, CaseIterable, Codable, Sendable {
    case team, queue, channel

    public var label: String {
        switch self {
        case .team: "Team"
        case .queue: "Team × queue"
        case .channel: "Team × channel"
        }
    }
}

/// One figure on a scorecard: the result (with formula and sample), its target and status, the
/// launch baseline, and the rank among comparable rows.
public struct ScorecardCell: Codable, Sendable, Equatable {
    public let kpi: KPIKind
    public let value: Double?
    public let numerator: Double
    public let denominator: Double
    public let sampleSize: Int
    public let enoughData: Bool
    public let formula: String
    public let unit: KPIUnit
    public let target: Double?
    public let status: TargetStatus?
    public let baseline: Double?
    /// 1 = best among the rows compared (same queue/channel), nil when not ranked.
    public var rank: Int?
    /// How many rows were ranked with it ("2 of 4"): always every team the client sees, so a
    /// partner user's rank reads the same as the client's view of it. nil when not ranked.
    public var rankOf: Int? = nil

    public init(kpi: KPIKind, value: Double?, numerator: Double, denominator: Double, sampleSize: Int, enoughData: Bool, formula: String,
                unit: KPIUnit, target: Double?, status: TargetStatus?, baseline: Double?, rank: Int?, rankOf: Int? = nil) {
        self.kpi = kpi
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.sampleSize = sampleSize
        self.enoughData = enoughData
        self.formula = formula
        self.unit = unit
        self.target = target
        self.status = status
        self.baseline = baseline
        self.rank = rank
        self.rankOf = rankOf
    }

    /// The figure in the field's units, or "too little data" below the minimum sample (`ThinData`).
    public var display: String { enoughData || value == nil ? KPILabels.format(value, kind: kpi, unit: unit) : ThinData.label }

    /// A value exists but rests on fewer contacts than the workspace's minimum sample: shown greyed,
    /// never ranked, never judged against its target.
    public var isThin: Bool { value != nil && !enoughData }

    /// "2 of 4", nil when not ranked.
    public var rankText: String? { rank.map { r in rankOf.map { "\(r) of \($0)" } ?? "\(r)" } }
}

public struct ScorecardRow: Codable, Sendable, Equatable {
    public let teamID: UUID
    public let teamName: String
    public let teamKind: TeamKind
    public let queueID: UUID?
    public let channelID: UUID?
    /// Queue or channel name; nil for team rows.
    public let segment: String?
    public var cells: [ScorecardCell]

    public init(teamID: UUID, teamName: String, teamKind: TeamKind, queueID: UUID?, channelID: UUID?, segment: String?, cells: [ScorecardCell]) {
        self.teamID = teamID
        self.teamName = teamName
        self.teamKind = teamKind
        self.queueID = queueID
        self.channelID = channelID
        self.segment = segment
        self.cells = cells
    }

    public func cell(_ kind: KPIKind) -> ScorecardCell? { cells.first { $0.kpi == kind } }
}

extension Scorecard {
    /// The rows of `teams` only, with the ranks they had among every team: build the scorecard over
    /// all teams, then keep a partner user's own rows, so "2 of 4" means the same on both sides.
    public func restricted(to teams: Set<UUID>) -> Scorecard {
        Scorecard(period: period, grouping: grouping, kpis: kpis, rows: rows.filter { teams.contains($0.teamID) })
    }

    /// The same rows without ranks (a workspace may hide ranks from partner users).
    public func withoutRanks() -> Scorecard {
        Scorecard(period: period, grouping: grouping, kpis: kpis, rows: rows.map { row in
            var row = row
            for index in row.cells.indices { row.cells[index].rank = nil; row.cells[index].rankOf = nil }
            return row
        })
    }
}

public struct Scorecard: Codable, Sendable, Equatable {
    public let period: ReportingPeriod
    public let grouping: ScorecardGrouping
    public let kpis: [KPIKind]
    public let rows: [ScorecardRow]

    public init(period: ReportingPeriod, grouping: ScorecardGrouping, kpis: [KPIKind], rows: [ScorecardRow]) {
        self.period = period
        self.grouping = grouping
        self.kpis = kpis
        self.rows = rows
    }
}

/// A team as scorecards list it (in-house first).
public struct ScorecardTeam: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let kind: TeamKind
    public let goLive: LocalDate?

    public init(id: UUID, name: String, kind: TeamKind, goLive: LocalDate?) {
        self.id = id
        self.name = name
        self.kind = kind
        self.goLive = goLive
    }
}

/// A queue as scorecards list it, with its channel and service-level threshold T.
public struct ScorecardQueue: Sendable, Equatable {
    public let id: UUID
    public let code: String
    public let name: String
    public let channelID: UUID
    public let channelName: String
    public let serviceLevelSeconds: Int

    public init(id: UUID, code: String, name: String, channelID: UUID, channelName: String, serviceLevelSeconds: Int) {
        self.id = id
        self.code = code
        self.name = name
        self.channelID = channelID
        self.channelName = channelName
        self.serviceLevelSeconds = serviceLevelSeconds
    }
}
