import Fluent
import Foundation
import TandemFrontline
import TandemPerformance
import Vapor

struct MovementDTO: Content, Equatable {
    let first: String
    let last: String
    let days: Int
    let opening: Int
    let hires: Int
    let leavers: Int
    /// Leavers whose tenure at leaving was at most 90 days.
    let earlyLeavers: Int
    let closing: Int
    /// domain.md: leavers ÷ ((opening + closing) ÷ 2) × 365 ÷ days.
    let attrition: FigureDTO

    init(_ month: TeamTenureReport.Month) {
        let m = month.movement
        first = m.period.first.description
        last = m.period.last.description
        days = m.period.dayCount
        opening = m.opening
        hires = m.hires
        leavers = m.leavers
        earlyLeavers = m.earlyLeavers
        closing = m.closing
        attrition = FigureDTO(month.attrition)
    }
}

struct CohortTenureDTO: Content, Equatable {
    /// YYYY-MM.
    let month: String
    let starters: Int
    let stillEmployed: Int
    let leavers: Int
    let earlyTenureAttrition: FigureDTO
}

struct EarlyTenureDTO: Content, Equatable {
    let observedStarters: Int
    let earlyLeavers: Int
    let startersStillInWindow: Int
    let figure: FigureDTO
}

struct TeamTenureDTO: Content, Equatable {
    let team: TeamRefDTO
    let asOf: String
    let employed: Int
    /// The last 12 months, oldest first; the current month stops at `asOf`.
    let months: [MovementDTO]
    /// The 12 months as one period.
    let overall: MovementDTO
    let earlyTenure: EarlyTenureDTO
    let cohorts: [CohortTenureDTO]
    let bands: [TenureBandDTO]
}

struct TenureBandDTO: Content, Equatable {
    let band: String
    let agents: Int
}

/// Headcount, attrition and cohorts from the roster (start and leave dates), as of today. The roster
/// is small (hundreds of agents), so the figures are worked out when asked, for the day asked.
enum TenureService {
    static func report(_ team: Partner, asOf: UTCDay = UTCDay(Date()), settings: FrontlineSettings, on db: any Database) async throws -> TeamTenureReport {
        let id = try team.requireID()
        let agents = try await RosterAgentRecord.query(on: db).filter(\.$team.$id == id).all().map(\.agent)
        return TeamTenureReport(teamID: id.uuidString, agents: agents, asOf: asOf, months: 12, minimumSample: settings.minimumSample)
    }

    static func dto(_ report: TeamTenureReport, team: Partner) -> TeamTenureDTO {
        TeamTenureDTO(
            team: TeamRefDTO(id: team.id!, name: team.name, kind: team.kind), asOf: report.asOf.description, employed: report.employed,
            months: report.months.map(MovementDTO.init), overall: MovementDTO(report.overall),
            earlyTenure: EarlyTenureDTO(observedStarters: report.earlyTenure.observedStarters, earlyLeavers: report.earlyTenure.earlyLeavers,
                                        startersStillInWindow: report.earlyTenure.startersStillInWindow, figure: FigureDTO(report.earlyTenure.figure)),
            cohorts: report.cohorts.map { c in
                CohortTenureDTO(month: String(c.month.firstDay.description.prefix(7)), starters: c.starters, stillEmployed: c.stillEmployed,
                                leavers: c.leavers, earlyTenureAttrition: FigureDTO(c.earlyTenureAttrition.figure))
            },
            bands: report.bands.map { TenureBandDTO(band: $0.band, agents: $0.agents) })
    }
}
