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
        let scope = principal.scope
        // Every section is a kept figure (`DerivedFigures`): computed once per change of its data.
        let partners = try await PartnerService.kept(req, scope: scope)
        let attention = try await registryAttention(req, scope: scope)
        // The sections' HTML is kept with their figures: rendering them took a third of a page view.
        let history = try await req.derived("dashboard:history:\(scope.cacheKey)", areas: [.audit]) { db in
            let entries = try await AuditQueries.list(.init(partnerID: scope.partnerID, limit: 8), for: scope, on: db)
            return (AuditViews.table(entries, empty: "No changes yet."), validUntil: .distantFuture, cost: entries.count)
        }
        let alerts = try await AlertService.kept(req, scope: scope)
        let canManage = principal.can(.manageRelationship)
        // Rendered with a stand-in for the session's CSRF token, put in per request.
        let alertTable = try await req.derived("dashboard:alerts-html:\(scope.cacheKey):\(canManage)", areas: AlertService.keptAreas) { _ in
            (PerformanceViews.groupedAlertTable(alerts, incidentCSRF: canManage ? csrfStandIn : nil), validUntil: .distantFuture, cost: alerts.count)
        }
        let relationship = try await RelationshipPages.keptAttentionAndTables(req, scope: scope)
        // A plan that cannot be computed shows on the staffing page; the dashboard stays up.
        let staffing = (try? await StaffingPages.dashboardSection(req, principal: principal)) ?? .empty
        // Contract key dates (renewals, notice deadlines) depend on the day too.
        let today = LocalDate(date: Date())
        let keyDates = try await req.derived("dashboard:key-dates:\(scope.cacheKey):\(today)", areas: [.contracts, .registry]) { db in
            (try await ContractSummary.dashboardSection(scope: scope, on: db), validUntil: Clock.nextUTCMidnight(), cost: 10)
        }
        let context = req.pageContext()
        return render(principal: principal, partners: partners, attention: attention, history: history, alerts: alerts,
                      alertTable: HTML(raw: alertTable.raw.replacingOccurrences(of: csrfStandIn, with: HTML.escape(context.csrf))),
                      relationship: relationship.tables, relationshipCounts: .init(relationship.attention), staffing: staffing,
                      keyDates: keyDates, context)
    }

    private static let csrfStandIn = "@@tandem-csrf@@"

    /// Active teams without an owner, a site or a key contact.
    static func registryAttention(_ req: Request, scope: PartnerScope) async throws -> [Attention] {
        let partners = try await PartnerService.kept(req, scope: scope)
        return try await req.derived("dashboard:registry-attention:\(scope.cacheKey)", areas: [.registry, .people]) { db in
            var attention: [Attention] = []
            let contactCounts = try await PartnerService.keyContactCounts(of: partners.map(\.id), on: db)
            for p in partners where p.status != .ended {
                if p.kind == .partner && p.relationshipManager == nil {
                    attention.append(.init(partner: p, issue: "No relationship manager owns this partnership day to day.", fix: .partnerEdit(.id(p.id))))
                }
                if p.siteCount == 0 { attention.append(.init(partner: p, issue: "No site recorded.", fix: .siteNew(partner: .id(p.id)))) }
                if contactCounts[p.id, default: 0] == 0 { attention.append(.init(partner: p, issue: "No key contact recorded.", fix: .contactNew(partner: .id(p.id)))) }
            }
            return (attention, validUntil: .distantFuture, cost: attention.count)
        }
    }

    static func render(principal: Principal, partners: [PartnerDTO], attention: [Attention], history: HTML,
                       alerts: [PerformanceAlertDTO] = [], alertTable: HTML? = nil, relationship: HTML = .empty, relationshipCounts: RelationshipCounts = .init(),
                       staffing: HTML = .empty, keyDates: HTML = .empty, _ context: PageContext) -> HTML {
        let live = partners.filter { $0.status.isHandlingContacts }
        let seats = partners.reduce(0) { $0 + $1.seats }
        let cards: [HTML] = [
            card("Teams", "\(partners.count)", "\(partners.filter { $0.kind == .partner }.count) partner(s) and \(partners.filter { $0.kind == .inHouse }.count) in-house"),
            card("Handling contacts", "\(live.count)", "live or in notice"),
            card("Seats", "\(seats)", "across \(partners.reduce(0) { $0 + $1.siteCount }) site(s)"),
            attentionCard(registry: attention.count, alerts: alerts, relationship: relationshipCounts),
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
        <div id="needs-attention">
        <section id="team-setup"><h2>Needs attention: team set-up</h2>
        \(Components.table(["Team", "What", ""], attentionRows, empty: "Every active team has an owner, a site and a key contact.", id: "attention"))
        </section>
        <section id="alerts"><div class="section-head"><h2>Performance alerts</h2>\(Components.link(.performance, "Scorecards"))</div>
        \(alertTable ?? PerformanceViews.groupedAlertTable(alerts, incidentCSRF: principal.can(.manageRelationship) ? context.csrf : nil))
        </section>
        <section id="relationship-attention"><div class="section-head"><h2>Relationship: needs attention</h2>\(Components.link(.relationship, "Relationship"))</div>\(relationship)</section>
        </div>
        \(keyDates)
        <section><h2>Recent changes</h2>\(history)</section>
        """)
    }

    /// How many of each kind of item the relationship block lists.
    struct RelationshipCounts: Sendable {
        var overdueAcknowledgements = 0, breachedEscalations = 0, lateActions = 0
        init() {}
        init(_ a: RelationshipPages.Attention) {
            overdueAcknowledgements = a.overdueAcknowledgements.count
            breachedEscalations = a.breachedIncidents.count
            lateActions = a.lateActions.count
        }
    }

    /// The headline: every item the page lists below (team set-up gaps, performance alerts,
    /// breached escalations, overdue acknowledgements, late action items), each kind linked to its table.
    static func attentionCard(registry: Int, alerts: [PerformanceAlertDTO], relationship r: RelationshipCounts) -> HTML {
        let alertTeams = Set(alerts.map(\.teamID)).count
        let parts: [(Int, String, String)] = [
            (registry, registry == 1 ? "team set-up gap" : "team set-up gaps", "#team-setup"),
            (alerts.count, (alerts.count == 1 ? "performance alert" : "performance alerts") + " (\(alertTeams) team\(alertTeams == 1 ? "" : "s"))", "#alerts"),
            (r.breachedEscalations, r.breachedEscalations == 1 ? "breached escalation" : "breached escalations", "#breached-escalations"),
            (r.overdueAcknowledgements, r.overdueAcknowledgements == 1 ? "overdue acknowledgement" : "overdue acknowledgements", "#overdue-acknowledgements"),
            (r.lateActions, r.lateActions == 1 ? "late action item" : "late action items", "#late-actions"),
        ]
        let total = parts.reduce(0) { $0 + $1.0 }
        let note: HTML = total == 0
            ? "nothing open: no set-up gap, performance alert, breached escalation, overdue acknowledgement or late action item"
            : HTML(raw: parts.filter { $0.0 > 0 }.map { "<a href=\"\($0.2)\">\($0.0) \(HTML.escape($0.1))</a>" }.joined(separator: " · "))
        return "<div class=\"card\" id=\"attention-card\"><div class=\"card-title\">Needs attention</div><div class=\"card-figure\"><a href=\"#needs-attention\">\(total)</a></div><div class=\"card-note\">\(note)</div></div>"
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
