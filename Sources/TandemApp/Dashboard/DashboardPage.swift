import Foundation
import TandemPartners
import Vapor

/// The landing page: the state of every partnership at a glance, and what needs attention.
enum DashboardPage {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.home.pathComponents, use: show)
    }

    struct Attention: Sendable { let partner: PartnerDTO; let issue: String; let fix: SiteURL }

    @Sendable static func show(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let partners = try await PartnerService.list(scope: principal.scope, on: req.db)
        var attention: [Attention] = []
        let contactCounts = try await PartnerService.keyContactCounts(of: partners.map(\.id), on: req.db)
        for p in partners where p.status != .ended {
            if p.kind == .partner && p.relationshipManager == nil {
                attention.append(.init(partner: p, issue: "No relationship manager owns this partnership day to day.", fix: .partnerEdit(.id(p.id))))
            }
            if p.siteCount == 0 { attention.append(.init(partner: p, issue: "No site recorded.", fix: .siteNew(partner: .id(p.id)))) }
            if contactCounts[p.id, default: 0] == 0 { attention.append(.init(partner: p, issue: "No key contact recorded.", fix: .contactNew(partner: .id(p.id)))) }
        }
        let history = try await AuditQueries.list(.init(partnerID: principal.isPartnerUser ? principal.partnerID : nil, limit: 8), for: principal.scope, on: req.db)
        let alerts = try await AlertService.list(scope: principal.scope, on: req.db)
        let relationship = try await RelationshipPages.attention(scope: principal.scope, on: req.db)
        // A plan that cannot be computed shows on the staffing page; the dashboard stays up.
        let staffing = (try? await StaffingPages.dashboardSection(req, principal: principal)) ?? .empty
        return render(principal: principal, partners: partners, attention: attention, history: history, alerts: alerts,
                      relationship: RelationshipPages.attentionTables(relationship), staffing: staffing, req.pageContext())
    }

    static func render(principal: Principal, partners: [PartnerDTO], attention: [Attention], history: [AuditEntryDTO],
                       alerts: [PerformanceAlertDTO] = [], relationship: HTML = .empty, staffing: HTML = .empty, _ context: PageContext) -> HTML {
        let live = partners.filter { $0.status.isHandlingContacts }
        let seats = partners.reduce(0) { $0 + $1.seats }
        let cards: [HTML] = [
            card("Teams", "\(partners.count)", "\(partners.filter { $0.kind == .partner }.count) partner(s) and \(partners.filter { $0.kind == .inHouse }.count) in-house"),
            card("Handling contacts", "\(live.count)", "live or in notice"),
            card("Seats", "\(seats)", "across \(partners.reduce(0) { $0 + $1.siteCount }) site(s)"),
            card("Needs attention", "\(attention.count)", attention.isEmpty ? "nothing open" : "see below"),
        ]
        let seatBars = SeatChart.render(partners)
        let attentionRows: [[HTML]] = attention.map { a in
            [Components.link(.partner(.id(a.partner.id)), a.partner.name), "\(a.issue)", Components.link(a.fix, "Fix")]
        }
        let emptyWorkspace: HTML = partners.isEmpty && principal.can(.editRegistry)
            ? "<div class=\"empty\">Your workspace is empty. <a href=\"\(SiteURL.partnerNew.path)\">Add your in-house team</a>, then each partner; or run <code>tandem demo</code> to explore with sample data.</div>"
            : .empty
        return Layout.page("Dashboard", context, section: .home, """
        <h1>\(principal.isPartnerUser ? "Your partnership" : "Partnerships at a glance")</h1>
        \(emptyWorkspace)
        <div class="cards">\(cards)</div>
        <section><h2>Seats by team</h2>\(seatBars)</section>
        \(staffing)
        <section><h2>Needs attention</h2>
        \(Components.table(["Team", "What", ""], attentionRows, empty: "Every active team has an owner, a site and a key contact.", id: "attention"))
        </section>
        <section><div class="section-head"><h2>Performance alerts</h2>\(Components.link(.performance, "Scorecards"))</div>
        \(PerformanceViews.alertTable(alerts, incidentCSRF: principal.can(.manageRelationship) ? context.csrf : nil))
        </section>
        <section><div class="section-head"><h2>Relationship: needs attention</h2>\(Components.link(.relationship, "Relationship"))</div>\(relationship)</section>
        <section><h2>Recent changes</h2>\(AuditViews.table(history, empty: "No changes yet."))</section>
        """)
    }

    private static func card(_ title: String, _ figure: String, _ note: String) -> HTML {
        "<div class=\"card\"><div class=\"card-title\">\(title)</div><div class=\"card-figure\">\(figure)</div><div class=\"card-note\">\(note)</div></div>"
    }
}

/// Horizontal bars of seats per team, drawn as inline SVG (no scripts needed).
enum SeatChart {
    static func render(_ partners: [PartnerDTO]) -> HTML {
        let teams = partners.filter { $0.seats > 0 }
        guard !teams.isEmpty else {
            return "<div class=\"empty\">No seats recorded yet: add sites with their seat counts.</div>"
        }
        // One axis from zero to a round number (BarChart), so a single team's bar keeps its true length.
        let bars = teams.map { BarChart.Bar(label: $0.name, value: Double($0.seats), kind: "bar-\($0.kind.rawValue)",
                                            tip: "\($0.name): \($0.seats) seats at \($0.siteCount) site(s)") }
        return """
        \(BarChart.render(bars, axisLabel: "Seats", legend: [("bar-in_house", "In-house team"), ("bar-partner", "Partner")], ariaLabel: "Seats by team"))
        <p class="how">Seats: the sum of each team's site seat counts, as recorded on its sites.</p>
        """
    }
}
