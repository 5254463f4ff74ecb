import Fluent
import Foundation
import TandemPartners
import TandemSelection
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Partnership design: the responsibility matrix, its gaps, the client's capacity and the go-live rule.
@Suite struct DesignTests {
    @Test(arguments: TestDatabase.all)
    func the_matrix_flags_a_gap_and_the_capacity_an_over_commitment(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let path = SiteURL.partnerDesign(.id(ws.partnerA)).path
            let first = try await browser.get(path)
            // Alpha is at the default partial involvement: its proposal, not saved yet, with no gap.
            #expect(first.text.contains("not saved yet") && first.text.contains("No gaps"))

            // Nobody writes SOPs: a gap, and the 6 client hours of SOP writing leave the estimate (35 − 6 = 29 h).
            var form: [String: String] = [:]
            for activity in Activity.allCases {
                let owner = activity == .sopWriting ? ResponsibilityOwner.nobody : ResponsibilityMatrix.proposedOwner(activity, at: .partial)
                form["owner_\(activity.rawValue)"] = owner.rawValue
            }
            #expect(try await browser.post(path, form: form).status == .seeOther)
            let rows = try await ResponsibilityRow.query(on: app.db).filter(\.$partner.$id == ws.partnerA).all()
            #expect(rows.count == Activity.allCases.count)
            #expect(rows.first { $0.activity == .sopWriting }?.owner == .nobody)

            // María gives 12 hours a week and Sam 8: 20 of the 29 needed.
            #expect(try await browser.post(SiteURL.partnerDesignPeople(.id(ws.partnerA)).path, form: ["name": "María López", "role": "Relationship manager", "hoursPerWeek": "12"]).status == .seeOther)
            #expect(try await browser.post(SiteURL.partnerDesignPeople(.id(ws.partnerA)).path, form: ["name": "Sam Rivera", "role": "Trainer", "hoursPerWeek": "8"]).status == .seeOther)
            let page = try await browser.get(path)
            #expect(page.text.contains("1 gap(s): nobody owns SOP writing"))
            #expect(page.text.contains("The design needs 29 h of client time a week; your people have 20 h: 9 h short (145% of what they can give)."))
            let partnerPage = try await browser.get(SiteURL.partner(.id(ws.partnerA)).path)
            #expect(partnerPage.text.contains("Over-committed: needs 29 h of client time a week, the people have 20 h."))
            #expect(partnerPage.text.contains("1 gap(s): nobody owns SOP writing."))

            // The API says the same; a partner's own user sees the matrix and its gap, never the client's people.
            let design = try await APIClient.forUser(app, ws.manager).send(.GET, "/api/v1/partners/\(ws.partnerA)/design")
            let d = try design.json(PartnershipDesignDTO.self)
            #expect(d.gaps == [.sopWriting] && d.clientHoursNeeded == 29)
            #expect(d.capacity?.overCommitted == true && d.capacity?.shortfall == 9 && d.capacity?.availableHours == 20)
            let partnerView = try await APIClient.forUser(app, ws.partnerUserA).send(.GET, "/api/v1/partners/\(ws.partnerA)/design")
            #expect(try partnerView.json(PartnershipDesignDTO.self).gaps == [.sopWriting])
            #expect(!partnerView.text.contains("Sam Rivera") && !partnerView.text.contains("capacity"))
            var partner = try await Browser.signedIn(app, email: "a@partner-a.example")
            let partnerPageView = try await partner.get(path)
            #expect(partnerPageView.status == .ok && partnerPageView.text.contains("Gap: nobody owns it") && !partnerPageView.text.contains("Sam Rivera"))
            #expect(try await partner.post(path, form: form).status == .forbidden)
            #expect(try await partner.get(SiteURL.partnerDesign(.id(ws.partnerB)).path).status == .notFound)
            // The people are the client's: their changes stay off the partner's history page.
            #expect(!(try await partner.get(SiteURL.partnerAudit(.id(ws.partnerA)).path)).text.contains("Sam Rivera"))

            // Low involvement: the client owns far more (66 h a week) and is further over-committed.
            let api = try await APIClient.forUser(app, ws.manager)
            let low = try await api.send(.POST, "/api/v1/partners/\(ws.partnerA)/design/propose", body: ProposeInput(involvement: .low))
            let lowDesign = try low.json(PartnershipDesignDTO.self)
            #expect(lowDesign.involvement == .low && lowDesign.gaps.isEmpty && lowDesign.clientHoursNeeded == 66 && lowDesign.capacity?.shortfall == 46)
            #expect(try await Partner.find(ws.partnerA, on: app.db)?.involvement == .low)
            // Hours typed for a partner-owned activity do not count.
            let edited = try await api.send(.PUT, "/api/v1/partners/\(ws.partnerA)/design", body: ResponsibilityInput(rows: [
                .init(activity: .coaching, owner: .partner, clientHoursPerWeek: 10), .init(activity: .qualityAssurance, owner: .shared, clientHoursPerWeek: nil),
            ]))
            // 66 − coaching 10 − QA 8 + QA shared 4 = 52.
            #expect(try edited.json(PartnershipDesignDTO.self).clientHoursNeeded == 52)
            let sam = try #require(d.capacity?.people.first { $0.name == "Sam Rivera" })
            #expect(try await api.send(.DELETE, "/api/v1/partners/\(ws.partnerA)/design/people/\(sam.id)").status == .noContent)
            #expect(try await CapacityPersonRecord.query(on: app.db).filter(\.$partner.$id == ws.partnerA).count() == 1)
            // The in-house team has no partnership design.
            #expect(try await api.send(.GET, "/api/v1/partners/\(ws.inHouse)/design").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_partner_goes_live_only_with_a_named_relationship_manager(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.admin)
            // Bravo has no relationship manager: it moves to onboarding, not live.
            for status in [PartnerStatus.evaluating, .onboarding] {
                let moved = try await api.send(.PUT, "/api/v1/partners/\(ws.partnerB)", body: PartnerInput(name: "Bravo \(Workspace.markerB) BPO", status: status))
                #expect(moved.status == .ok, "\(status): \(moved.text)")
            }
            let refused = try await api.send(.PUT, "/api/v1/partners/\(ws.partnerB)", body: PartnerInput(name: "Bravo \(Workspace.markerB) BPO", status: .live, goLiveDate: LocalDate("2026-09-01")))
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.json(APIErrorBody.self).fields?["relationshipManagerID"]?.hasPrefix("is required before the partner can go live") == true)
            #expect(try await Partner.find(ws.partnerB, on: app.db)?.status == .onboarding)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            #expect(try await browser.get(SiteURL.partnerDesign(.id(ws.partnerB)).path).text.contains("cannot go live until one is"))

            let live = try await api.send(.PUT, "/api/v1/partners/\(ws.partnerB)", body: PartnerInput(name: "Bravo \(Workspace.markerB) BPO", status: .live,
                                                                                                    goLiveDate: LocalDate("2026-09-01"), relationshipManagerID: ws.manager))
            #expect(live.status == .ok)
            // Live, it keeps its relationship manager.
            let dropped = try await api.send(.PUT, "/api/v1/partners/\(ws.partnerB)", body: PartnerInput(name: "Bravo \(Workspace.markerB) BPO", status: .live, goLiveDate: LocalDate("2026-09-01")))
            #expect(dropped.status == .unprocessableEntity)
            // A new partner cannot start live without one either; the in-house team needs none.
            let created = try await api.send(.POST, "/api/v1/partners", body: PartnerInput(name: "Delta", status: .live, goLiveDate: LocalDate("2026-01-05")))
            #expect(try created.json(APIErrorBody.self).fields?.keys.contains("relationshipManagerID") == true)
        }
    }

    @Test func every_design_url_is_routed() async throws {
        try await withApp(.sqlite) { app in
            let registered = Set(app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") })
            let id = SiteURL.Ref.param
            for url in [SiteURL.partnerDesign(id), .partnerDesignPropose(id), .partnerDesignPeople(id), .partnerDesignPersonDelete(partner: id, person: id)] {
                #expect(registered.contains(url.path), "\(url.path) is linked but not routed")
            }
        }
    }
}
