import Fluent
import Foundation
import TandemFrontline
import TandemPartners
import TandemPerformance
import Vapor

/// Tenure and attrition: every team side by side (the in-house team first), and one team's months and cohorts.
enum TenurePages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.frontlineTenure.pathComponents, use: overview)
        routes.get(SiteURL.frontlineTeamTenure(.param).pathComponents, use: team)
    }

    static let attritionNote = "Annualised attrition (domain.md) = leavers in the period ÷ average headcount × 365 ÷ days in the period, average headcount = (opening + closing) ÷ 2; opening = employed at the end of the day before, closing = at the end of the last day; the month in progress counts the days so far. Early-tenure attrition = starters who left within 90 days (start day = day 1) ÷ starters whose first 90 days have passed. Hover a figure for its arithmetic and sample."

    @Sendable static func overview(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        var found: [(Partner, TeamTenureReport)] = []
        for team in try await FrontlineAccess.visibleTeams(principal, on: req.db) {
            found.append((team, try await FrontlineFigures.tenure(req, team)))
        }
        let reports = found
        let body = try await FrontlineFigures.rendered(req, "tenure", scope: principal.scope) { _ in overviewBody(reports) }
        return Layout.page("Tenure and attrition", req.pageContext(), section: .frontline, """
        <h1>Tenure and attrition</h1>
        \(FrontlineViews.sectionTabs(.tenure, principal: principal))
        \(body)
        """)
    }

    static func overviewBody(_ reports: [(Partner, TeamTenureReport)]) -> HTML {
        let rows: [[HTML]] = reports.map { team, r in
            [HTML("\(Components.link(.frontlineTeamTenure(.id(team.id!)), team.name)) \(FrontlineViews.teamBadge(team.kind))"),
             "\(r.employed)", "\(r.overall.movement.hires)", "\(r.overall.movement.leavers)", "\(r.overall.movement.earlyLeavers)",
             FrontlineViews.figure(r.overall.attrition), FrontlineViews.figure(r.earlyTenure.figure),
             HTML(stringLiteral: r.bands.map { "\($0.band): \($0.agents)" }.joined(separator: " · "))]
        }
        let months = reports.first?.1.months.map { String($0.movement.period.first.description.prefix(7)) } ?? []
        let monthlyRows: [[HTML]] = reports.map { team, r in
            [HTML("\(team.name)")] + r.months.map { FrontlineViews.figure($0.attrition) }
        }
        return """
        <p class="lead">The last 12 months to \(UTCDay(Date()).description), from each team's roster.</p>
        \(Components.table(["Team", "Employed", "Hires", "Leavers", "Left within 90 days", "Annualised attrition", "Early-tenure attrition", "Tenure bands (employed)"], rows, empty: "No teams yet.", id: "tenure-teams"))
        \(FrontlineViews.how(attritionNote))
        <section><h2>Headcount over time</h2>
        \(headcountChart(reports.map { ($0.0, $0.1) }))
        </section>
        <section><h2>Annualised attrition by month</h2>
        \(attritionChart(reports.map { ($0.0, $0.1) }))
        \(Components.table(["Team"] + months, monthlyRows, empty: "No teams yet.", id: "tenure-months"))
        </section>
        """
    }

    static func headcountChart(_ reports: [(Partner, TeamTenureReport)]) -> HTML {
        guard let first = reports.first?.1 else { return .empty }
        let labels = first.months.map { String($0.movement.period.last.description.prefix(7)) }
        return FrontlineViews.lineChart(label: "Headcount at the end of each month", xLabels: labels, series: reports.map { team, r in
            FrontlineViews.Series(name: team.name, inHouse: team.kind == .inHouse, values: r.months.map { Double($0.movement.closing) },
                                  tips: r.months.map { "\(team.name), \($0.movement.period.last): \($0.movement.closing) employed (opening \($0.movement.opening) + \($0.movement.hires) hires − \($0.movement.leavers) leavers)" })
        }, format: { String(format: "%.0f", $0) }, floorAtZero: true)
    }

    static func attritionChart(_ reports: [(Partner, TeamTenureReport)]) -> HTML {
        guard let first = reports.first?.1 else { return .empty }
        let labels = first.months.map { String($0.movement.period.first.description.prefix(7)) }
        return FrontlineViews.lineChart(label: "Annualised attrition by month", xLabels: labels, series: reports.map { team, r in
            FrontlineViews.Series(name: team.name, inHouse: team.kind == .inHouse, values: r.months.map { $0.attrition.shownValue },
                                  tips: r.months.map { "\(team.name): \($0.attrition.explanation)" })
        }, format: { String(format: "%.0f%%", $0 * 100) }, floorAtZero: true)
    }

    @Sendable static func team(req: Request) async throws -> HTML {
        let (team, principal) = try await FrontlineAccess.team(req)
        let report = try await FrontlineFigures.tenure(req, team)
        // Side by side with the in-house team, for the client's people (a partner user sees only its own team).
        var compared: [(Partner, TeamTenureReport)] = [(team, report)]
        if !principal.isPartnerUser, team.kind != .inHouse,
           let inHouse = try await Partner.query(on: req.db).filter(\.$kind == .inHouse).sort(\.$name).first() {
            compared.append((inHouse, try await FrontlineFigures.tenure(req, inHouse)))
        }
        let monthRows: [[HTML]] = report.months.map { m in
            let v = m.movement
            return ["\(v.period)", "\(v.opening)", "\(v.hires)", "\(v.leavers)", "\(v.earlyLeavers)", "\(v.closing)", FrontlineViews.figure(m.attrition)]
        }
        let cohortRows: [[HTML]] = report.cohorts.reversed().map { c in
            ["\(c.month.firstDay.description.prefix(7))", "\(c.starters)", "\(c.stillEmployed)", "\(c.leavers)", FrontlineViews.figure(c.earlyTenureAttrition.figure)]
        }
        let side: [[HTML]] = compared.map { t, r in
            [HTML("\(t.name)"), "\(r.employed)", FrontlineViews.figure(r.overall.attrition), FrontlineViews.figure(r.earlyTenure.figure)]
        }
        return Layout.page("Tenure · \(team.name)", req.pageContext(), section: .frontline, """
        <p class="crumbs">\(Components.link(.frontline, "Front line")) · \(Components.link(.frontlineTenure, "Tenure and attrition"))</p>
        <h1>\(team.name) \(FrontlineViews.teamBadge(team.kind))</h1>
        \(FrontlineViews.teamTabs(team.id!, .tenure))
        \(Components.table(["Team", "Employed", "Annualised attrition, 12 months", "Early-tenure attrition"], side, empty: "", id: "tenure-side-by-side"))
        <section><h2>Month by month</h2>
        \(Components.table(["Month", "Opening", "Hires", "Leavers", "of them within 90 days", "Closing", "Annualised attrition"], monthRows, empty: "No months.", id: "tenure-months"))
        \(FrontlineViews.how(attritionNote))
        \(headcountChart(compared))
        </section>
        <section><h2>Cohorts by start month</h2>
        \(Components.table(["Started", "Starters", "Still employed", "Left", "Early-tenure attrition"], cohortRows, empty: "Nobody started in the last 12 months.", id: "tenure-cohorts"))
        <p class="how">\(report.earlyTenure.figure.explanation)</p>
        </section>
        <section><h2>Tenure bands</h2>
        \(Components.table(["Tenure", "Employed agents"], report.bands.map { ["\($0.band)", "\($0.agents)"] }, empty: "", id: "tenure-bands"))
        </section>
        """)
    }
}
