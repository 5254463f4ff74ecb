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
}
