import Fluent
import Foundation
import TandemContracts
import TandemPartners
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Cost per handled contact and resolution, the in-house team beside the partners.
@Suite struct CostTests {
    @Test(arguments: TestDatabase.all)
    func cost_per_contact_puts_the_in_house_team_beside_the_partners(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let manager = try await APIClient.forUser(app, ws.manager)
            // In-house: 10 FTE × (4,000 × 1.25 + 500 + 300 + 700) = 10 × 6,500 = 65,000.00.
            let entry = InHouseCostInput(month: "2026-03", fte: "10", salary: "4000", benefitsLoadPercent: "25", facilities: "500", technology: "300",
                                         managementOverhead: "700", note: nil)
            let saved = try await manager.send(.PUT, "/api/v1/in-house-costs", body: entry)
            #expect(saved.status == .ok, "\(saved.text)")
            #expect(try saved.json(InHouseCostDTO.self).perFTEMonth == "6500.00" && (try saved.json(InHouseCostDTO.self)).monthlyCost == "65000.00")
            var bad = entry
            bad.salary = "4.000,00"
            bad.benefitsLoadPercent = "-5"
            let refused = try await manager.send(.PUT, "/api/v1/in-house-costs", body: bad)
            let fields = try refused.json(APIErrorBody.self).fields ?? [:]
            #expect(refused.status == .unprocessableEntity && fields["salary"] != nil && fields["benefits_load_percent"] == "must not be negative")
            #expect(try await InHouseCost.query(on: app.db).count() == 1)
            let viewer = try await APIClient.forUser(app, ws.viewer)
            #expect(try await viewer.send(.PUT, "/api/v1/in-house-costs", body: entry).status == .forbidden)

            // Handled in March: Alpha 10 contacts (8 resolved), Our Team 10 contacts.
            try await Perf.importCSV(app, SLAEvaluationTests.contacts("2026-03", waits: Array(repeating: 10, count: 10), resolved: 8, abandons: 0))
            try await Perf.importCSV(app, SLAEvaluationTests.contacts("2026-03", waits: Array(repeating: 10, count: 10), resolved: 5, abandons: 0)
                .replacingOccurrences(of: "Alpha Support", with: "Our Team").replacingOccurrences(of: "2026-03-a", with: "2026-03-h"))
            // Alpha's March invoice: 52 h × 20 + 12 × 1.10 = 1,053.20.
            let partner = try #require(try await Partner.find(ws.partnerA, on: app.db))
            let lines = try InvoiceService.parseCSV("team,unit,quantity,rate\nAlpha Support,productive_hour,52,20\nAlpha Support,handled_contact,12,1.10\n", partner: partner)
            _ = try await InvoiceService.save(lines, month: BillingMonth("2026-03")!, reference: nil, partner: partner, by: .cli("test"), on: app.db)

            let report = try await manager.send(.GET, "/api/v1/costs?from=2026-02&through=2026-03").json(CostReportDTO.self)
            #expect(report.months == ["2026-02", "2026-03"])
            let alpha = try #require(report.rows.first { $0.teamID == ws.partnerA && $0.month == "2026-03" })
            // 1,053.20 ÷ 10 handled = 105.32; ÷ 8 resolved = 131.65.
            #expect(alpha.cost == "1053.20" && alpha.handled == 10 && alpha.perContact == "105.32" && alpha.resolutions == 8 && alpha.perResolution == "131.65")
            #expect(alpha.perContactExplanation == "1053.20 ÷ 10 handled contacts = 105.32")
            let inHouse = try #require(report.rows.first { $0.teamID == ws.inHouse && $0.month == "2026-03" })
            // 65,000.00 ÷ 10 = 6,500.00 per contact; ÷ 5 resolved = 13,000.00.
            #expect(inHouse.cost == "65000.00" && inHouse.perContact == "6500.00" && inHouse.perResolution == "13000.00")
            let february = try #require(report.rows.first { $0.teamID == ws.partnerA && $0.month == "2026-02" })
            #expect(february.cost == nil && february.perContact == nil, "no invoice: no figure, never zero")

            // A partner user sees its own rows only; the in-house figures are the client's.
            let partnerA = try await APIClient.forUser(app, ws.partnerUserA)
            let own = try await partnerA.send(.GET, "/api/v1/costs?from=2026-03&through=2026-03").json(CostReportDTO.self)
            #expect(Set(own.rows.map(\.teamID)) == [ws.partnerA])
            #expect(try await partnerA.send(.GET, "/api/v1/in-house-costs").status == .forbidden)
            var browser = try await Browser.signedIn(app, email: Workspace.emails[.viewer]!)
            let page = try await browser.get(SiteURL.costs.path + "?from=2026-02&through=2026-03")
            #expect(page.status == .ok && page.text.contains("105.32") && page.text.contains("6500.00"))
        }
    }
}
