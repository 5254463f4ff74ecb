import Fluent
import Foundation
import Testing
import TandemPartners
import Vapor
import VaporTesting
@testable import TandemApp

/// A record that spans partners (an allocation set of a queue two partners share): a partner
/// user sees its own share and nothing the client wrote about the others.
@Suite struct SharedRecordIsolationTests {
    @Test(arguments: TestDatabase.all)
    func an_allocation_note_naming_another_partner_is_not_shown_to_a_partner_user(engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let note = "Overnight coverage from \(Workspace.markerB) site"
            _ = try await AllocationService.create(AllocationInput(queueID: ws.queue, shift: nil, effectiveFrom: LocalDate("2026-11-02")!,
                                                                   shares: [.init(teamID: ws.partnerA, percent: 60), .init(teamID: ws.partnerB, percent: 40)],
                                                                   note: note), by: .cli("test"), on: app.db)
            let page = SiteURL.staffingAllocation(.id(ws.queue)).path
            let api = "/api/v1/staffing/queues/\(ws.queue.uuidString)/allocations"

            var partner = try await Browser.signedIn(app, email: Workspace.emails[.partner]!)
            let seen = try await partner.get(page)
            #expect(seen.status == .ok)
            #expect(seen.text.contains("Alpha Support"), "the partner's own share is shown")
            #expect(!seen.text.contains(Workspace.markerB), "the page shows partner B's name or the note to partner A")
            let partnerAPI = try await APIClient.forUser(app, ws.partnerUserA).send(.GET, api)
            #expect(partnerAPI.status == .ok)
            #expect(!partnerAPI.text.contains(Workspace.markerB), "the API shows partner B's name or the note to partner A")

            // The client's own users still read the note.
            var manager = try await Browser.signedIn(app, email: Workspace.emails[.manager]!)
            #expect(try await manager.get(page).text.contains(HTML.escape(note)))
            #expect(try await APIClient.forUser(app, ws.manager).send(.GET, api).text.contains(Workspace.markerB))
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_note_marked_visible_to_partners_shows_on_the_page_the_api_and_the_history(engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            var manager = try await Browser.signedIn(app, email: Workspace.emails[.manager]!)
            let page = SiteURL.staffingAllocation(.id(ws.queue)).path
            _ = try await manager.get(page)
            let posted = try await manager.post(page, form: ["effectiveFrom": "2026-11-02", "shift": "all",
                                                             "share_\(ws.partnerA.uuidString.lowercased())": "100",
                                                             "note": "Alpha takes the whole queue from November", "noteVisibleToPartners": "on"])
            #expect(posted.status == .seeOther)
            let hidden = "Alpha keeps evenings while the client decides"
            _ = try await AllocationService.create(AllocationInput(queueID: ws.queue, shift: "evening", effectiveFrom: LocalDate("2026-11-09")!,
                                                                   shares: [.init(teamID: ws.partnerA, percent: 100)], note: hidden), by: .cli("test"), on: app.db)
            #expect(try await manager.get(page).text.contains("(client only)"), "the client sees which notes partners cannot read")

            var partner = try await Browser.signedIn(app, email: Workspace.emails[.partner]!)
            let seen = try await partner.get(page).text
            #expect(seen.contains("Alpha takes the whole queue from November") && !seen.contains(hidden))
            let api = try await APIClient.forUser(app, ws.partnerUserA).send(.GET, "/api/v1/staffing/queues/\(ws.queue.uuidString)/allocations")
            let sets = try api.json([AllocationSetDTO].self)
            #expect(sets.map(\.note).sorted() == ["", "Alpha takes the whole queue from November"])
            let history = try await partner.get(SiteURL.partnerAudit(.id(ws.partnerA)).path).text
            #expect(history.contains("Alpha takes the whole queue from November") && !history.contains(hidden))
            let auditAPI = try await APIClient.forUser(app, ws.partnerUserA).send(.GET, "/api/v1/partners/\(ws.partnerA)/audit").text
            #expect(auditAPI.contains("Alpha takes the whole queue from November") && !auditAPI.contains(hidden))
            #expect(try await manager.get(SiteURL.partnerAudit(.id(ws.partnerA)).path).text.contains(hidden), "the client's own history keeps it")
        }
    }

    @Test(arguments: TestDatabase.all)
    func concentration_warnings_are_the_clients_own_view(engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            _ = try await StaffingImportService.importForecast(csv: "queue,interval_start,interval_minutes,contacts,aht_seconds\nbilling-voice,2026-03-02T08:00,30,10,180",
                                                                fileName: "f.csv", by: .cli("test"), on: app.db)
            _ = try await AllocationService.create(AllocationInput(queueID: ws.queue, shift: nil, effectiveFrom: LocalDate("2026-03-01")!,
                                                                   shares: [.init(teamID: ws.partnerA, percent: 100)], note: nil), by: .cli("test"), on: app.db)
            var manager = try await Browser.signedIn(app, email: Workspace.emails[.manager]!)
            #expect(try await manager.get("/staffing?week=2026-03-02").text.contains("Alpha Support holds 100"))
            let managerPlan = try await APIClient.forUser(app, ws.manager).send(.GET, "/api/v1/staffing/plan?week=2026-03-02").json(PlanDTO.self)
            #expect(managerPlan.warnings.count >= 1)
            var partner = try await Browser.signedIn(app, email: Workspace.emails[.partner]!)
            let page = try await partner.get("/staffing?week=2026-03-02").text
            #expect(!page.contains("holds 100") && !page.contains("Concentration"))
            let partnerPlan = try await APIClient.forUser(app, ws.partnerUserA).send(.GET, "/api/v1/staffing/plan?week=2026-03-02").json(PlanDTO.self)
            #expect(partnerPlan.warnings.isEmpty)
        }
    }
}
