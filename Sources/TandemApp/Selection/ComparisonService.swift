import Fluent
import Foundation
import TandemPartners
import TandemSelection
import Vapor

/// The side-by-side comparison: totals, spread per criterion, ranking, sensitivity, references and visits.
struct ComparisonDTO: Content, Equatable {
    struct CriterionFigure: Codable, Sendable, Equatable {
        let criterionID: UUID
        let scores: [Double]
        let mean: Double?
        let spread: Double?
        let standardDeviation: Double?
        let disagreement: Bool
        /// Knock-out criteria: below the pass mark (true), at or above it (false), unscored (absent).
        let knockedOut: Bool?
    }
    struct Candidate: Codable, Sendable, Equatable {
        let partnerID: UUID
        let name: String
        /// 0–100; absent when nothing was scored.
        let total: Double?
        /// Share of the weight the total stands on, 0–1.
        let coverage: Double
        let rank: Int?
        let standing: CandidateStanding
        let knockOuts: [String]
        let knockOutsUnassessed: [String]
        /// Criteria nobody scored: left out of the total, weights renormalised.
        let unscored: [String]
        /// Evaluators whose submitted scores count.
        let evaluators: Int
        let criteria: [CriterionFigure]
        let references: Int
        let redFlags: [String]
        let visits: Int
        let visitSummaries: [String]
    }
    struct Flip: Codable, Sendable, Equatable {
        let weight: Double
        let share: Double
        let change: Double
        let challengerID: UUID
        let challengerName: String
    }
    struct Sensitivity: Codable, Sendable, Equatable {
        let criterionID: UUID
        let criterion: String
        let weight: Double
        let share: Double
        let decrease: Flip?
        let increase: Flip?
    }
    struct Rules: Codable, Sendable, Equatable {
        let total: String
        let knockOut: String
        let ranking: String
        let disagreement: String
        let sensitivity: String
        let blind: String
    }

    let eventID: UUID
    let title: String
    let status: SourcingStatus
    let criteria: [CriterionDTO]
    let disagreementThreshold: Double
    let minimumCoverage: Double
    let candidates: [Candidate]
    let winners: [UUID]
    let sensitivity: [Sensitivity]
    let rules: Rules
    let decidedPartnerID: UUID?
}

enum ComparisonService {
    /// Builds the comparison from the submitted scorecards. Callers check the blind rule first
    /// (`EvaluationService.requireComparisonVisible`).
    static func build(_ event: SourcingEvent, on db: any Database) async throws -> ComparisonDTO {
        let eventID = try event.requireID()
        let template = try await TemplateService.require(event.$template.id, on: db)
        let rows = try await TemplateService.criteria(of: template.requireID(), on: db)
        let criteria = rows.map(\.criterion)
        let candidates = try await SourcingService.candidates(of: eventID, on: db)
        let submitted = try await EvaluationService.submitted(event, on: db)
        let input = candidates.map { c in
            CandidateScores(candidateID: c.$partner.id.uuidString, name: c.partner.name, evaluations: submitted.filter { $0.0.$partner.id == c.$partner.id }.map { e, scores in
                EvaluatorScores(evaluator: e.$evaluator.id.uuidString, scores: Dictionary(uniqueKeysWithValues: scores.map { ($0.$criterion.id.uuidString, $0.score) }))
            })
        }
        let outcome = SelectionScoring.evaluate(criteria: criteria, candidates: input, rules: template.rules)
        let references = try await ReferenceCheck.query(on: db).filter(\.$event.$id == eventID).all()
        let visits = try await SiteVisit.query(on: db).filter(\.$event.$id == eventID).all()
        let findings = visits.isEmpty ? [] : try await VisitObservationRecord.query(on: db).filter(\.$visit.$id ~~ visits.compactMap(\.id)).all()
        let name = { (id: String) in rows.first { $0.id?.uuidString == id }?.name ?? id }
        let candidateName = { (id: String) in candidates.first { $0.$partner.id.uuidString == id }?.partner.name ?? id }
        let decision = try await SelectionDecision.query(on: db).filter(\.$event.$id == eventID).first()
        return ComparisonDTO(
            eventID: eventID, title: event.title, status: event.status, criteria: rows.map(TemplateService.criterionDTO),
            disagreementThreshold: template.disagreementThreshold, minimumCoverage: template.minimumCoverage,
            candidates: outcome.candidates.map { r in
                let partnerID = UUID(uuidString: r.candidateID)!
                let mine = references.filter { $0.$partner.id == partnerID }
                let seen = visits.filter { $0.$partner.id == partnerID }
                return .init(partnerID: partnerID, name: r.name, total: r.total, coverage: r.coverage, rank: r.rank, standing: r.standing,
                             knockOuts: r.knockOuts.map(name), knockOutsUnassessed: r.knockOutsUnassessed.map(name), unscored: r.unscored.map(name),
                             evaluators: r.evaluators,
                             criteria: r.criteria.map { c in
                                 .init(criterionID: UUID(uuidString: c.criterionID)!, scores: c.scores, mean: c.mean, spread: c.spread,
                                       standardDeviation: c.standardDeviation, disagreement: c.disagreement, knockedOut: c.knockedOut)
                             },
                             references: mine.count, redFlags: mine.flatMap { ref in ref.flags.map { "\(ref.refereeName): \($0)" } },
                             visits: seen.count,
                             visitSummaries: seen.map { v in
                                 let mine = findings.filter { $0.$visit.id == v.id }
                                 return "\(v.location) (\(v.visitedOn)): " + VisitSummary(Dictionary(mine.map { ($0.observation, $0.finding) }, uniquingKeysWith: { a, _ in a })).text
                             })
            },
            winners: outcome.winners.compactMap(UUID.init(uuidString:)),
            sensitivity: outcome.sensitivity.map { s in
                func flip(_ f: WeightSensitivity.Flip?) -> ComparisonDTO.Flip? {
                    f.map { .init(weight: $0.weight, share: $0.share, change: $0.change, challengerID: UUID(uuidString: $0.challenger)!, challengerName: candidateName($0.challenger)) }
                }
                return .init(criterionID: UUID(uuidString: s.criterionID)!, criterion: name(s.criterionID), weight: s.weight, share: s.share,
                             decrease: flip(s.decrease), increase: flip(s.increase))
            },
            rules: .init(total: SelectionScoring.totalRule, knockOut: SelectionScoring.knockOutRule, ranking: SelectionScoring.rankingRule,
                         disagreement: SelectionScoring.disagreementRule(template.rules), sensitivity: SensitivityAnalysis.rule, blind: EvaluationService.blindRule),
            decidedPartnerID: decision?.$partner.id)
    }
}
