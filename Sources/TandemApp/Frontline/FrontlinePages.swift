import Fluent
import Foundation
import TandemFrontline
import TandemPartners
import TandemPerformance
import Vapor

/// The front line's pages: the teams overview, and each area's pages registered from here.
enum FrontlinePages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.frontline.pathComponents, use: overview)
        RosterPages.register(routes)
        TenurePages.register(routes)
        ProficiencyPages.register(routes)
        RampPages.register(routes)
        RecognitionPages.register(routes)
        CalibrationPages.register(routes)
    }

    @Sendable static func overview(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let teams = try await FrontlineAccess.visibleTeams(principal, on: req.db)
        let today = UTCDay(Date())
        var rows: [[HTML]] = []
        for team in teams {
            let id = try team.requireID()
            let agents = try await RosterAgentRecord.query(on: req.db).filter(\.$team.$id == id).all().map(\.agent)
            let employed = agents.filter { $0.isEmployed(atEndOf: today) }
            let figures = try await FrontlineRefresh.figures(of: id, on: req.db)
            let unknown = (figures?.contactLinks.unknown.count ?? 0) + (figures?.qaLinks.unknown.count ?? 0)
            rows.append([
                HTML("\(Components.link(.frontlineRoster(.id(id)), team.name)) \(FrontlineViews.teamBadge(team.kind))"),
                "\(employed.count)", "\(employed.filter { $0.status == .nesting }.count)",
                unknown > 0 ? Components.badge("\(unknown) unknown agent id\(unknown == 1 ? "" : "s")", "onboarding") : "—",
            ])
        }
        return Layout.page("Front line", req.pageContext(), section: .frontline, """
        <h1>Front line</h1>
        \(FrontlineViews.sectionTabs(.overview, principal: principal))
        <p class="lead">Know the agents by name: each team's roster, tenure and attrition, time to proficiency, ramp waves, recognition and QA calibration, side by side with the in-house team.</p>
        \(Components.table(["Team", "Employed", "Nesting", "Contact / QA agent ids not on the roster"], rows, empty: "No teams yet.", id: "frontline-teams"))
        """)
    }
}
