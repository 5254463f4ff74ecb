import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// The dashboard's headline "Needs attention" counts exactly what the page lists below it.
@Suite struct DashboardAttentionTests {
    @Test(arguments: TestDatabase.all)
    func the_headline_counts_what_the_page_lists_and_alerts_are_grouped_by_team_worst_first(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await DemoWorkspace.load(on: app)
            for email in ["maria.lopez@northwind.example", "pm@harborline.example"] {
                var browser = Browser(app)
                #expect(try await browser.signIn(email: email, password: DemoWorkspace.logins.first { $0.email == email }!.password).status == .seeOther)
                let html = try await browser.get("/").text
                let setup = Self.rows(html, table: "attention")
                let breached = Self.rows(html, table: "breached-escalations")
                let acks = Self.rows(html, table: "overdue-acknowledgements")
                let late = Self.rows(html, table: "late-actions")
                let alertRows = Self.tableBody(html, table: "performance-alerts")
                let alerts = alertRows.map { Self.count("<li>", in: $0) }.reduce(0, +)
                let card = try #require(html.components(separatedBy: "id=\"attention-card\"").dropFirst().first?.components(separatedBy: "</div></div>").first)
                let figure = try #require(card.components(separatedBy: "<a href=\"#needs-attention\">").dropFirst().first?.components(separatedBy: "</a>").first)
                let listed: Int = setup + alerts + breached + acks + late
                #expect(Int(figure) == listed, "\(email): headline \(figure), page lists \(setup) + \(alerts) + \(breached) + \(acks) + \(late)")
                #expect(html.contains("id=\"needs-attention\""), "the headline links to the lists")

                // The alerts the page lists are exactly the open alerts the user may see, one row per team, most alerts first.
                let user = try #require(try await User.query(on: app.db).filter(\.$email == email).first())
                let loaded = try await PrincipalLoader.load(userID: try user.requireID(), on: app.db)
                let principal = try #require(loaded)
                let open = try await AlertService.list(scope: principal.scope, on: app.db)
                #expect(alerts == open.count)
                #expect(alertRows.count == Set(open.map(\.teamID)).count)
                let perRow = alertRows.map { Self.count("<li>", in: $0) }
                #expect(perRow == perRow.sorted(by: >), "worst team first: \(perRow)")
                if email.hasPrefix("maria") {
                    #expect(alerts > 0 && breached + acks + late > 0, "the demo has alerts and relationship items to show")
                    #expect(alertRows.count < alerts, "alerts of one team share a row")
                    if listed > 0 { #expect(!card.contains("nothing open")) }
                }
            }
        }
    }

    @Test func an_empty_list_says_nothing_is_open() {
        let card = DashboardPage.attentionCard(registry: 0, alerts: [], relationship: .init()).raw
        #expect(card.contains("<a href=\"#needs-attention\">0</a>") && card.contains("nothing open"))
        let alert = PerformanceAlertDTO(id: UUID(), teamID: UUID(), teamName: "T", kpi: .serviceLevel, rule: "missed_run", message: "m", periodStart: "2026-01-05")
        var counts = DashboardPage.RelationshipCounts()
        counts.lateActions = 3
        let some = DashboardPage.attentionCard(registry: 1, alerts: [alert, alert], relationship: counts).raw
        #expect(some.contains("<a href=\"#needs-attention\">6</a>"))
        #expect(some.contains("<a href=\"#alerts\">2 performance alerts (1 team)</a>") && some.contains("<a href=\"#late-actions\">3 late action items</a>"))
    }

    static func tableBody(_ html: String, table id: String) -> [String] {
        guard let table = html.components(separatedBy: "<table id=\"\(id)\">").dropFirst().first?.components(separatedBy: "</table>").first,
              let body = table.components(separatedBy: "<tbody>").dropFirst().first else { return [] }
        return body.components(separatedBy: "<tr>").dropFirst().map { $0 }
    }

    static func rows(_ html: String, table id: String) -> Int { tableBody(html, table: id).count }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
}
