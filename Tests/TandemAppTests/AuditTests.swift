import Fluent
import Foundation
import TandemPartners
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite struct AuditTests {
    @Test(arguments: TestDatabase.all)
    func every_change_is_recorded_with_the_acting_user_and_the_fields_it_changed(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.manager)
            let start = try await AuditEntry.query(on: app.db).count()

            let created = try await api.send(.POST, "/api/v1/partners", body: PartnerInput(name: "Delta Care", status: .prospect))
            let partner = try created.json(PartnerDTO.self)
            _ = try await api.send(.PUT, "/api/v1/partners/\(partner.id)", body: PartnerInput(name: "Delta Care", status: .evaluating, notes: "RFP sent"))
            _ = try await api.send(.PUT, "/api/v1/partners/\(partner.id)", body: PartnerInput(name: "Delta Care", status: .evaluating, notes: "RFP sent"))
            let site = try await api.send(.POST, "/api/v1/partners/\(partner.id)/sites", body: SiteInput(name: "Lima", city: "Lima", country: "PE", locationType: .nearshore, timeZone: "America/Lima", languages: ["es"], seats: 30))
            #expect(site.status == .created)
            _ = try await api.send(.DELETE, "/api/v1/partners/\(partner.id)")

            let entries = try await AuditQueries.list(.init(partnerID: partner.id, limit: 100), for: .all, on: app.db).reversed().map { $0 }
            #expect(try await AuditEntry.query(on: app.db).count() == start + 5, "create, one real update (the no-op is not recorded), site create, site delete, partner delete")
            #expect(entries.map(\.action) == [.create, .update, .create, .delete, .delete])
            #expect(entries.allSatisfy { $0.actorID == ws.manager && $0.actorName == "manager <manager@test.example>" })
            let update = entries[1]
            #expect(update.changes == [AuditChange(field: "notes", before: "", after: "RFP sent"), AuditChange(field: "status", before: "prospect", after: "evaluating")])
            #expect(entries[3].entityType == "site" && entries[3].changes.contains(AuditChange(field: "city", before: "Lima", after: nil)))
        }
    }

    @Test(arguments: TestDatabase.all)
    func partner_history_and_full_log_are_visible_to_the_right_people(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            var admin = try await Browser.signedIn(app, email: "admin@test.example")
            let full = try await admin.get("/audit")
            #expect(full.status == .ok && full.text.contains("Alpha Support") && full.text.contains("fixtures"))
            var partnerA = try await Browser.signedIn(app, email: "a@partner-a.example")
            let history = try await partnerA.get("/partners/\(ws.partnerA.uuidString.lowercased())/history")
            #expect(history.status == .ok && history.text.contains("Alpha HQ"))
            #expect(try await partnerA.get("/audit").status == .forbidden)
            let api = try await APIClient.forUser(app, ws.admin)
            let byPartner = try await api.send(.GET, "/api/v1/audit?partnerID=\(ws.partnerA)&entityType=site")
            let entries = try byPartner.json([AuditEntryDTO].self)
            #expect(entries.count == 1 && entries[0].entityLabel == "Alpha HQ (Austin)")
        }
    }
    @Test(arguments: TestDatabase.all)
    func an_entry_with_unreadable_changes_says_so_instead_of_showing_none(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let broken = AuditEntry()
            broken.occurredAt = Date().addingTimeInterval(60)
            broken.actorName = "someone"
            broken.action = .update
            broken.entityType = "partner"
            broken.entityID = ws.partnerA
            broken.entityLabel = "Alpha Support"
            broken.partnerID = ws.partnerA
            broken.changes = "{not json"
            try await broken.create(on: app.db)

            let entries = try await AuditQueries.list(.init(partnerID: ws.partnerA, limit: 100), for: .all, on: app.db)

            let shown = try #require(entries.first { $0.id == broken.id })
            #expect(shown.changesUnreadable && shown.changes.isEmpty)
            #expect(entries.filter { $0.id != broken.id }.allSatisfy { !$0.changesUnreadable && !$0.changes.isEmpty })
            var admin = try await Browser.signedIn(app, email: "admin@test.example")
            let page = try await admin.get("/audit")
            #expect(page.text.contains("changes unreadable"))
            let api = try await APIClient.forUser(app, ws.admin)
            let listed = try await api.send(.GET, "/api/v1/audit?partnerID=\(ws.partnerA)").json([AuditEntryDTO].self)
            #expect(listed.first { $0.id == broken.id }?.changesUnreadable == true)
        }
    }
}
