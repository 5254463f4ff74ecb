import Fluent
import Foundation
import TandemPartners
import TandemRelationship

/// The relationship section of a partner's registry page.
enum RelationshipSummary {
    static func section(for partner: Partner, on db: any Database) async throws -> HTML {
        guard partner.kind == .partner else { return .empty }
        let dto = PartnerService.dto(partner)
        let today = RelationshipSupport.today()
        let scope = PartnerScope.only(dto.id)
        let health = try await HealthService.compute(partner: dto, quarter: Quarter(containing: today), today: today, on: db)
        let late = try await CadenceService.lateActions(scope: scope, today: today, on: db).count
        let open = try await Incident.query(on: db).filter(\.$partner.$id == dto.id).filter(\.$status ~~ [.open, .investigating]).count()
        let overdue = try await BroadcastService.overdue(scope: scope, today: today, on: db).count
        return RelationshipViews.partnerSection(partnerID: dto.id, health: health, lateActions: late, openIncidents: open, overdueAcks: overdue)
    }
}
