import Fluent
import Foundation
import TandemPartners
import TandemSelection
import Testing
import Vapor
@testable import TandemApp

/// What the demo's selection and design must show (called from `DemoWorkspaceTests`, which loads the demo once).
enum SelectionDemoChecks {
    static func verify(_ app: Application) async throws {
        let db = app.db
        let event = try #require(try await SourcingEvent.query(on: db).first())
        let dto = try await SourcingService.dto(event, on: db)
        #expect(dto.status == .decided && dto.candidates.count == 3 && dto.evaluators.count == 3)
        #expect(dto.candidates.allSatisfy { $0.submitted == 3 })
        let c = try await ComparisonService.build(event, on: db)
        // One disagreement: Andes' culture, scored 5, 2 and 4.
        let flagged = c.candidates.flatMap { cand in cand.criteria.filter(\.disagreement).map { (cand.name, $0.spread) } }
        #expect(flagged.count == 1 && flagged.first?.0 == "Andes Contact Group" && flagged.first?.1 == 3)
        // Andes 73.75, Kestrel 71.25, Pacific Crest 63.75 (see SelectionDemo's scores).
        #expect(c.candidates.map(\.name) == ["Andes Contact Group", "Kestrel Customer Care", "Pacific Crest BPO"])
        #expect(zip(c.candidates.compactMap(\.total), [73.75, 71.25, 63.75]).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(!c.sensitivity.isEmpty)
        let references = try await ReferenceCheck.query(on: db).count(), visits = try await SiteVisit.query(on: db).count(), photos = try await VisitPhoto.query(on: db).count()
        #expect(references == 2 && visits == 1 && photos == 1)
        let decision = try #require(try await DiligenceService.decision(eventID: event.requireID(), on: db))
        #expect(decision.partner.name == "Andes Contact Group" && decision.partner.status == .onboarding)
        let others = try await Partner.query(on: db).filter(\.$name ~~ ["Kestrel Customer Care", "Pacific Crest BPO"]).all()
        #expect(others.count == 2 && others.allSatisfy { $0.status == .prospect })

        // A design per live partner: one gap (Meridian's knowledge base) and one over-commitment (Harborline).
        let live = try await Partner.query(on: db).filter(\.$kind == .partner).filter(\.$status == .live).all()
        var gaps: [String] = [], overCommitted: [String] = []
        for partner in live {
            let design = try await DesignService.dto(partner, scope: .all, on: db)
            #expect(design.saved, "\(partner.name) has no saved design")
            gaps += design.gaps.map { "\(partner.name): \($0.rawValue)" }
            if design.capacity?.overCommitted == true { overCommitted.append(partner.name) }
        }
        #expect(gaps == ["Meridian CX: knowledge_base"])
        #expect(overCommitted == ["Harborline Contact Services"])

        // SMART goals, exactly one at risk.
        var statuses: [GoalStatus] = []
        for partner in live { statuses += try await GoalService.list(partnerID: partner.requireID(), today: LocalDate(date: Date()), on: db).map(\.status) }
        #expect(statuses.count == 3 && statuses.filter { $0 == .atRisk }.count == 1, "\(statuses)")
    }
}
