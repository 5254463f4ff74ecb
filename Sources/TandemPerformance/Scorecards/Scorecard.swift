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

    public var display: String { enoughData || value == nil ? KPILabels.format(value, unit: unit) : "not enough data" }
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

    public func cell(_ kind: KPIKind) -> ScorecardCell? { cells.first { $0.kpi == kind } }
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
