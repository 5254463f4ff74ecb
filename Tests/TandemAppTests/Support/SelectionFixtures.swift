import Fluent
import Foundation
import TandemPartners
import TandemSelection
import TandemStaffing
import Testing
import Vapor
@testable import TandemApp

/// Selection records for the tests: a template (culture 30, cost 50, security 20 with a pass
/// mark of 3, all on 1–5) and, for the access walk, a sourcing event whose only candidate is
/// partner B, with partner B's reference check, site visit and photo (marked with `Workspace.markerB`).
enum SelectionFixture {
    static func template(on db: any Database, name: String = "Voice partner") async throws -> EvaluationTemplate {
        try await TemplateService.create(.init(name: name, description: "", disagreementThreshold: 0.25, minimumCoverage: 0.5, criteria: [
            .init(id: nil, group: "Fit", name: "Culture and values fit", guidance: nil, weight: 30, scaleMin: 1, scaleMax: 5, passMark: nil),
            .init(id: nil, group: "Commercial", name: "Cost", guidance: nil, weight: 50, scaleMin: 1, scaleMax: 5, passMark: nil),
            .init(id: nil, group: "Risk", name: "Security and compliance", guidance: nil, weight: 20, scaleMin: 1, scaleMax: 5, passMark: 3),
        ]), by: .cli("fixtures"), on: db)
    }

    static func eventInput(_ title: String, template: UUID) -> SourcingEventInput {
        SourcingEventInput(title: title, templateID: template, scope: "Orders chat", channels: [.chat], shifts: [.day, .evening], monthlyVolume: 12_000,
                           languages: ["en", "es-MX"], locationPreference: [.nearshore, .offshore], monthlyBudget: "85000.00", currency: "USD",
                           startDate: LocalDate("2027-03-01")!, rfpQuestions: ["Which site would serve us?", "Your attrition last year?"], notes: "BUDGET-NOTE")
    }

    static func event(_ title: String, template: EvaluationTemplate, candidates: [UUID], evaluators: [UUID], on db: any Database) async throws -> SourcingEvent {
        let actor = Actor.cli("fixtures")
        let event = try await SourcingService.save(eventInput(title, template: try template.requireID()), event: nil, by: actor, on: db)
        for c in candidates { try await SourcingService.addCandidate(c, to: event, by: actor, on: db) }
        for e in evaluators { try await SourcingService.addEvaluator(e, to: event, by: actor, on: db) }
        return event
    }

    static func principal(_ id: UUID, on db: any Database) async throws -> Principal {
        let user = try #require(try await User.find(id, on: db))
        return Principal(userID: id, name: user.name, email: user.email, role: user.role, partnerID: user.$partner.id)
    }

    /// Criterion ids by name.
    static func criteria(_ template: EvaluationTemplate, on db: any Database) async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await TemplateService.criteria(of: template.requireID(), on: db).map { ($0.name, $0.id!.uuidString) })
    }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]

    /// Ids for `AccessControlTests.fill` and the OpenAPI response check.
    static func records(_ app: Application, _ ws: Workspace) async throws -> [String: (id: UUID, touchesPartnerB: Bool)] {
        let db = app.db
        let template = try await template(on: db, name: "Access template")
        let event = try await event("\(Workspace.markerB) selection", template: template, candidates: [ws.partnerB], evaluators: [ws.manager], on: db)
        let partnerB = try await PartnerService.require(ws.partnerB, scope: .all, on: db)
        let manager = try await principal(ws.manager, on: db)
        let ids = try await criteria(template, on: db)
        _ = try await EvaluationService.save(.init(scores: [ids["Cost"]!: 4], comment: "\(Workspace.markerB) score note", submit: true),
                                             event: event, partner: partnerB, principal: manager, on: db)
        let reference = try await DiligenceService.saveReference(.init(refereeName: "\(Workspace.markerB) referee", refereeCompany: "Acme", refereeRole: nil,
                                                                       checkedOn: LocalDate("2026-05-01")!, answers: nil, redFlags: ["\(Workspace.markerB) flag"]),
                                                                 reference: nil, event: event, partner: partnerB, principal: manager, on: db)
        let visit = try await DiligenceService.saveVisit(.init(siteID: ws.siteB, location: nil, visitedOn: LocalDate("2026-05-02")!, visitors: "manager",
                                                               notes: "\(Workspace.markerB) visit", observations: nil),
                                                         visit: nil, event: event, partner: partnerB, principal: manager, on: db)
        let photo = try await DiligenceService.addPhoto(png, fileName: "floor.png", caption: "\(Workspace.markerB) floor", visit: visit, principal: manager, on: db)
        let person = try await DesignService.addPerson(.init(name: "\(Workspace.markerB) person", role: "Trainer", hoursPerWeek: 6), partner: partnerB, by: .cli("fixtures"), on: db)
        let goal = try await GoalService.save(.init(title: "\(Workspace.markerB) goal", kpi: .serviceLevel, unit: nil, manualValue: nil, manualAsOf: nil, baseline: 0.7, target: 0.8,
                                                    startDate: LocalDate("2026-01-01")!, deadline: LocalDate("2026-12-31")!, owner: "\(Workspace.markerB) owner", ownerSide: .partner),
                                              goal: nil, partner: partnerB, by: .cli("fixtures"), on: db)
        return ["goalID": (try goal.requireID(), true), "templateID": (try template.requireID(), false), "eventID": (try event.requireID(), true), "referenceID": (try reference.requireID(), true),
                "visitID": (try visit.requireID(), true), "photoID": (try photo.requireID(), true), "personID": (try person.requireID(), true)]
    }
}
