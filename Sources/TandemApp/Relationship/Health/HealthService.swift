import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor

struct HealthComponentDTO: Codable, Sendable, Equatable {
    let kind: HealthComponentKind
    let label: String
    let weight: Double
    /// Weight after renormalisation over the components with data (0 when excluded), percent.
    let effectiveWeight: Double
    let score: Double?
    let basis: String
    let formula: String
}

struct RelationshipHealthDTO: Content, Equatable {
    let partnerID: UUID
    let quarter: String
    let index: Double?
    let components: [HealthComponentDTO]
    let excluded: [HealthComponentKind]
    /// Components with data, of all components ("1 of 6 components").
    var componentsWithData: Int = 0
    var componentsTotal: Int = HealthComponentKind.allCases.count
    /// Fewer than `HealthIndex.minimumComponents` components had data: shown greyed with its caveat, never as a full score.
    var thin: Bool = false

    /// "1 of 6 components".
    var coverage: String { ThinData.parts(componentsWithData, of: componentsTotal, noun: "component") }
}

/// Gathers each health component for a partner and quarter from the data.
enum HealthService {
    static let explanation = "Index = Σ (weight × score) ÷ Σ weight over the components that have data this quarter. Components without data are left out and the remaining weights are rescaled to 100%; an index from fewer than \(HealthIndex.minimumComponents) of the \(HealthComponentKind.allCases.count) components is greyed and marked “\(ThinData.label)”: it is not a full score."

    /// The index as pages read it: kept until the relationship or performance data or the registry
    /// changes, or the day ends (what is due and late depends on the day).
    static func kept(_ req: Request, partner: PartnerDTO, quarter: Quarter, today: LocalDate) async throws -> RelationshipHealthDTO {
        try await req.derived("health:\(partner.id):\(quarter):\(today)", areas: [.relationship, .performance, .registry]) { db in
            (try await compute(partner: partner, quarter: quarter, today: today, on: db), validUntil: Clock.nextUTCMidnight(), cost: 8)
        }
    }

    static func compute(partner: PartnerDTO, quarter: Quarter, today: LocalDate, on db: any Database) async throws -> RelationshipHealthDTO {
        let from = quarter.firstDay, through = quarter.lastDay
        var components: [HealthComponent] = []

        for (kind, direction) in [(HealthComponentKind.clientRatingOfPartner, SurveyDirection.clientRatesPartner), (.partnerRatingOfClient, .partnerRatesClient)] {
            if let result = try await SurveyService.results(partner: partner, quarter: quarter, direction: direction, on: db) {
                if let overall = result.overall {
                    components.append(.init(kind: kind, score: SurveyScoring.toPercent(overall),
                                            basis: String(format: "mean %.2f of 5 from %d response(s)", overall, result.responses)))
                } else {
                    components.append(.init(kind: kind, score: nil, basis: "not enough responses (\(result.responses) of at least \(result.threshold))"))
                }
            } else {
                components.append(.init(kind: kind, score: nil, basis: "no survey this quarter"))
            }
        }

        let incidents = try await Incident.query(on: db).filter(\.$partner.$id == partner.id).all()
            .filter { quarter.contains(LocalDate(date: $0.openedAt)) }
        let own = incidents.filter { $0.source == .partner }.count
        components.append(.init(kind: .selfReportedIncidents, score: HealthIndex.percent(own, of: incidents.count),
                                basis: incidents.isEmpty ? "no incidents" : "\(own) of \(incidents.count) incident(s) self-reported"))

        let items = try await CadenceService.actionItems(of: partner.id, on: db).map(\.commitment)
        let kept = CommitmentsKept.compute(items, side: nil, from: from, through: through, today: today)
        components.append(.init(kind: .commitmentsKept, score: kept.ratio.map { $0 * 100 },
                                basis: kept.due == 0 ? "no action items due" : "\(kept.kept) of \(kept.due) item(s) done on time"))

        let recipients = try await BroadcastRecipient.query(on: db).filter(\.$partner.$id == partner.id).with(\.$broadcast).all()
            .filter { $0.broadcast.requiresAcknowledgement }
        let dues = recipients.compactMap { r -> AcknowledgementDue? in
            guard let due = LocalDate(r.broadcast.acknowledgeBy ?? r.broadcast.effectiveOn) else { return nil }
            return AcknowledgementDue(dueOn: due, acknowledgedOn: r.acknowledgedAt.map { LocalDate(date: $0) })
        }
        let acks = AcknowledgementTimeliness.compute(dues, from: from, through: through, today: today)
        components.append(.init(kind: .acknowledgementTimeliness, score: HealthIndex.percent(acks.onTime, of: acks.due),
                                basis: acks.due == 0 ? "no acknowledgements due" : "\(acks.onTime) of \(acks.due) on time"))

        components.append(try await kpiAttainment(partnerID: partner.id, quarter: quarter, on: db))

        let index = HealthIndex(components)
        return RelationshipHealthDTO(partnerID: partner.id, quarter: quarter.description, index: index.value,
                         components: index.components.map { c in
                             HealthComponentDTO(kind: c.kind, label: c.kind.label, weight: c.kind.weight, effectiveWeight: index.effectiveWeight(c.kind),
                                                score: c.score, basis: c.basis, formula: c.kind.formula)
                         }, excluded: index.excluded, componentsWithData: index.componentsWithData, componentsTotal: index.components.count,
                         thin: index.isThin)
    }

    /// The share of the partner's weekly KPI figures with a target that met it this quarter
    /// (near counts half); excluded when no figure had a target. See `KPIAttainment`.
    static func kpiAttainment(partnerID: UUID, quarter: Quarter, on db: any Database) async throws -> HealthComponent {
        try await KPIAttainment.component(team: partnerID, quarter: quarter, on: db)
    }

    static func history(partner: PartnerDTO, through quarter: Quarter, count: Int = 4, today: LocalDate, on db: any Database) async throws -> [RelationshipHealthDTO] {
        var out: [RelationshipHealthDTO] = []
        for q in quarter.trailing(count) { out.append(try await compute(partner: partner, quarter: q, today: today, on: db)) }
        return out
    }

    static func keptHistory(_ req: Request, partner: PartnerDTO, through quarter: Quarter, count: Int = 4, today: LocalDate) async throws -> [RelationshipHealthDTO] {
        var out: [RelationshipHealthDTO] = []
        for q in quarter.trailing(count) { out.append(try await kept(req, partner: partner, quarter: q, today: today)) }
        return out
    }
}
