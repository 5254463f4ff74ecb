import Fluent
import Foundation
import TandemFrontline
import TandemPerformance
import Vapor

/// The front line's figures as pages and the API read them: tenure and attrition, time to
/// proficiency, each team's head count, and QA calibration, computed once per change of the front
/// line's data (rosters, agent-days, calibration, settings) or the registry, and per UTC day where
/// they count to today, then kept by each server (`DerivedFigures`). Before, every view decoded
/// every roster agent and calibration score again: about 60 page views a second at 100 connections,
/// with `/healthz` waiting up to 0.8 s behind them (docs/load.md).
enum FrontlineFigures {
    static let areas: [DataArea] = [.frontline, .registry]

    /// Tenure and attrition of one team to today.
    static func tenure(_ req: Request, _ team: Partner) async throws -> TeamTenureReport {
        let id = try team.requireID()
        let today = UTCDay(Date())
        return try await req.derived("frontline:tenure:\(id):\(today.daysSince1970)", areas: areas) { db in
            let settings = try await FrontlineSettingsStore.load(on: db)
            let report = try await TenureService.report(team, asOf: today, settings: settings, on: db)
            return (report, validUntil: Clock.nextUTCMidnight(), cost: 20 + report.months.count)
        }
    }

    /// Time to proficiency of one team (agents, cohorts, ramp curves).
    static func proficiency(_ req: Request, _ team: Partner) async throws -> ProficiencyDTO {
        let id = try team.requireID()
        let today = UTCDay(Date())
        return try await req.derived("frontline:proficiency:\(id):\(today.daysSince1970)", areas: areas) { db in
            let dto = try await ProficiencyService.dto(team, on: db)
            return (dto, validUntil: Clock.nextUTCMidnight(), cost: 20 + dto.agents.count + dto.cohorts.count)
        }
    }

    struct Headcount: Sendable {
        let employed: Int
        let nesting: Int
        /// Agent ids in contacts or QA evaluations that are not on the roster.
        let unknownIDs: Int
    }

    /// One team's agents employed today, those nesting, and the unknown agent ids of its data.
    static func headcount(_ req: Request, _ team: Partner) async throws -> Headcount {
        let id = try team.requireID()
        let today = UTCDay(Date())
        return try await req.derived("frontline:headcount:\(id):\(today.daysSince1970)", areas: areas) { db in
            let agents = try await RosterAgentRecord.query(on: db).filter(\.$team.$id == id).all().map(\.agent)
            let employed = agents.filter { $0.isEmployed(atEndOf: today) }
            let figures = try await FrontlineRefresh.figures(of: id, on: db)
            let unknown = (figures?.contactLinks.unknown.count ?? 0) + (figures?.qaLinks.unknown.count ?? 0)
            return (Headcount(employed: employed.count, nesting: employed.filter { $0.status == .nesting }.count, unknownIDs: unknown),
                    validUntil: Clock.nextUTCMidnight(), cost: 1)
        }
    }

    struct Calibration: Sendable {
        let sessions: [CalibrationSessionDTO]
        let trends: CalibrationTrendsDTO
    }

    /// The calibration sessions this person sees (scores shown as their rights allow) and the trends.
    static func calibration(_ req: Request, principal: Principal) async throws -> Calibration {
        // What the sessions show depends on the scope and on whether this person grades (`canScore`).
        let key = "frontline:calibration:\(principal.scope.cacheKey):\(principal.can(.takePartInRelationship)):\(principal.isPartnerUser)"
        return try await req.derived(key, areas: areas) { db in
            let names = try await CalibrationService.teamNames(on: db)
            let sessions = try await CalibrationService.sessions(scope: principal.scope, on: db)
                .map { CalibrationService.dto($0, principal: principal, teamNames: names) }
            let trends = try await CalibrationService.trends(principal: principal, on: db)
            return (Calibration(sessions: sessions, trends: trends), validUntil: .distantFuture,
                    cost: 10 + sessions.reduce(0) { $0 + $1.graders.count * max(1, $1.items.count) })
        }
    }

    /// A page's content that depends only on the front line's figures and the scope (not on who
    /// reads it, and with no forms), rendered once per change and per day: rendering a few hundred
    /// figures with their explanations was most of what was left of these pages' time.
    static func rendered(_ req: Request, _ page: String, scope: PartnerScope,
                         render: @escaping @Sendable (any Database) async throws -> HTML) async throws -> HTML {
        let today = UTCDay(Date())
        return try await req.derived("frontline:html:\(page):\(scope.cacheKey):\(today.daysSince1970)", areas: areas) { db in
            let html = try await render(db)
            return (html, validUntil: Clock.nextUTCMidnight(), cost: html.raw.utf8.count / 1_000 + 1)
        }
    }
}
