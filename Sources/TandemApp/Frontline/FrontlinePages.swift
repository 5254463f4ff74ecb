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
        var rows: [[HTML]] = []
        for team in teams {
            let id = try team.requireID()
            let count = try await FrontlineFigures.headcount(req, team)
            let unknown = count.unknownIDs
            rows.append([
                HTML("\(Components.link(.frontlineRoster(.id(id)), team.name)) \(FrontlineViews.teamBadge(team.kind))"),
                "\(count.employed)", "\(count.nesting)",
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
