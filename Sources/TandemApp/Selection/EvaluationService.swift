import Fluent
import Foundation
import TandemPartners
import TandemSelection
import Vapor

struct EvaluationDTO: Content, Equatable {
    let eventID: UUID
    let partnerID: UUID
    let partnerName: String
    let evaluatorID: UUID
    let evaluatorName: String
    /// Criterion id → score; a criterion left blank is absent.
    let scores: [String: Double]
    let comment: String
    let submittedAt: Date?
}

struct EvaluationInput: Content, Equatable {
    /// Criterion id → score on the criterion's scale; null or absent leaves it blank ("no opinion").
    var scores: [String: Double?]
    var comment: String?
    /// Submit: the scores lock, and the other evaluators' scores for this candidate become visible.
    var submit: Bool?
}

/// Blind scoring: every evaluator scores each candidate on their own. Until an evaluator has
/// submitted their scores for a candidate, nothing built from other evaluators' scores for that
/// candidate reaches them, on any page or endpoint; once submitted, their scores are locked.
/// Only submitted scorecards count: a draft is its author's alone.
enum EvaluationService {
    static let blindRule = "Each evaluator scores on their own: until you submit your scores for a candidate you cannot see anyone else's for it, and once submitted your scores are locked. Only submitted scores count."

    static func isEvaluator(_ principal: Principal, of event: SourcingEvent, on db: any Database) async throws -> Bool {
        try await SourcingEvaluator.query(on: db).filter(\.$event.$id == event.requireID()).filter(\.$user.$id == principal.userID).count() > 0
    }

    static func mine(_ event: SourcingEvent, partnerID: UUID, principal: Principal, on db: any Database) async throws -> Evaluation? {
        try await Evaluation.query(on: db).filter(\.$event.$id == event.requireID()).filter(\.$partner.$id == partnerID)
            .filter(\.$evaluator.$id == principal.userID).first()
    }

    /// Candidates whose other evaluators' scores the principal may see: all of them for the client's
    /// users who are not evaluators of this event; for an evaluator, those they have submitted.
    static func visibleCandidates(_ event: SourcingEvent, principal: Principal, on db: any Database) async throws -> Set<UUID> {
        guard !principal.isPartnerUser else { return [] }
        let all = try await SourcingCandidate.query(on: db).filter(\.$event.$id == event.requireID()).all(\.$partner.$id)
        guard try await isEvaluator(principal, of: event, on: db) else { return Set(all) }
        let submitted = try await Evaluation.query(on: db).filter(\.$event.$id == event.requireID()).filter(\.$evaluator.$id == principal.userID)
            .filter(\.$submittedAt != nil).all(\.$partner.$id)
        return Set(submitted).intersection(all)
    }

    /// 403 unless the principal may see other evaluators' scores for this candidate.
    static func requireVisible(_ event: SourcingEvent, partner: Partner, principal: Principal, on db: any Database) async throws {
        guard try await visibleCandidates(event, principal: principal, on: db).contains(partner.requireID()) else {
            throw Abort(.forbidden, reason: "Submit your own scores for \(partner.name) first: until then the other evaluators' scores stay hidden.")
        }
    }

    /// The whole comparison (ranking, totals, sensitivity) rests on every candidate's scores.
    static func requireComparisonVisible(_ event: SourcingEvent, principal: Principal, on db: any Database) async throws {
        let all = try await SourcingCandidate.query(on: db).filter(\.$event.$id == event.requireID()).all(\.$partner.$id)
        let visible = try await visibleCandidates(event, principal: principal, on: db)
        let missing = Set(all).subtracting(visible).count
        guard missing == 0 else {
            throw Abort(.forbidden, reason: "Submit your own scores for every candidate first (\(missing) to go): the comparison is built from everyone's scores.")
        }
    }

    /// Submitted scorecards for one candidate, in evaluator order.
    static func submitted(_ event: SourcingEvent, partnerID: UUID? = nil, on db: any Database) async throws -> [(Evaluation, [EvaluationScore])] {
        let eventID = try event.requireID()
        let query = Evaluation.query(on: db).filter(\.$event.$id == eventID).filter(\.$submittedAt != nil).with(\.$evaluator)
        if let partnerID { query.filter(\.$partner.$id == partnerID) }
        let evaluations = try await query.all().sorted { $0.evaluator.name < $1.evaluator.name }
        let ids = evaluations.compactMap(\.id)
        let scores = ids.isEmpty ? [] : try await EvaluationScore.query(on: db).filter(\.$evaluation.$id ~~ ids).all()
        return evaluations.map { e in (e, scores.filter { $0.$evaluation.id == e.id }) }
    }

    static func dto(_ e: Evaluation, scores: [EvaluationScore], partnerName: String, evaluatorName: String) -> EvaluationDTO {
        EvaluationDTO(eventID: e.$event.id, partnerID: e.$partner.id, partnerName: partnerName, evaluatorID: e.$evaluator.id, evaluatorName: evaluatorName,
                      scores: Dictionary(uniqueKeysWithValues: scores.map { ($0.$criterion.id.uuidString, $0.score) }), comment: e.comment, submittedAt: e.submittedAt)
    }

    /// The principal's own scorecard (empty when not started).
    static func myDTO(_ event: SourcingEvent, partner: Partner, principal: Principal, on db: any Database) async throws -> EvaluationDTO {
        let partnerID = try partner.requireID()
        guard let mine = try await mine(event, partnerID: partnerID, principal: principal, on: db) else {
            return EvaluationDTO(eventID: try event.requireID(), partnerID: partnerID, partnerName: partner.name, evaluatorID: principal.userID,
                                 evaluatorName: principal.name, scores: [:], comment: "", submittedAt: nil)
        }
        let scores = try await EvaluationScore.query(on: db).filter(\.$evaluation.$id == mine.requireID()).all()
        return dto(mine, scores: scores, partnerName: partner.name, evaluatorName: principal.name)
    }

    /// Saves the principal's draft, or submits it. Evaluators only (403), while the event is open (409),
    /// not after submitting (409). Scores must lie on each criterion's scale.
    static func requireEvaluator(_ principal: Principal, of event: SourcingEvent, on db: any Database) async throws {
        guard try await isEvaluator(principal, of: event, on: db) else {
            throw Abort(.forbidden, reason: "Only this sourcing event's evaluators score its candidates.")
        }
    }

    static func save(_ input: EvaluationInput, event: SourcingEvent, partner: Partner, principal: Principal, on db: any Database) async throws -> Evaluation {
        try await requireEvaluator(principal, of: event, on: db)
        try SourcingService.requireOpen(event)
        let partnerID = try partner.requireID()
        let existing = try await mine(event, partnerID: partnerID, principal: principal, on: db)
        if existing?.submittedAt != nil { throw Abort(.conflict, reason: "Your scores for \(partner.name) are submitted and locked.") }
        let criteria = try await TemplateService.criteria(of: event.$template.id, on: db)
        var errors = FieldErrors()
        var scores: [UUID: Double] = [:]
        for (key, value) in input.scores {
            guard let id = UUID(uuidString: key), let criterion = criteria.first(where: { $0.id == id }) else {
                errors.add("scores.\(key)", "is not a criterion of this event's template"); continue
            }
            guard let value else { continue }
            if !(value.isFinite && value >= criterion.scaleMin && value <= criterion.scaleMax) {
                errors.add("scores.\(key)", "must be between \(SelectionFormat.number(criterion.scaleMin)) and \(SelectionFormat.number(criterion.scaleMax))")
            } else {
                scores[id] = value
            }
        }
        Check.length(input.comment, "comment", max: Check.longText, into: &errors)
        if input.submit == true && scores.isEmpty && errors.isEmpty { errors.add("scores", "score at least one criterion before submitting") }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let newScores = scores

        let evaluation = existing ?? Evaluation()
        let before = existing?.auditFields
        evaluation.$event.id = try event.requireID()
        evaluation.$partner.id = partnerID
        evaluation.$evaluator.id = principal.userID
        evaluation.comment = input.comment ?? existing?.comment ?? ""
        if input.submit == true { evaluation.submittedAt = Date() }
        try await db.transaction { tx in
            try await evaluation.save(on: tx)
            try await AuditLog.saved(evaluation, before: before, by: principal.actor, on: tx)
            let old = try await EvaluationScore.query(on: tx).filter(\.$evaluation.$id == evaluation.requireID()).all()
            for row in old where newScores[row.$criterion.id] == nil {
                try await AuditLog.deleted(row, by: principal.actor, on: tx)
                try await row.delete(on: tx)
            }
            for (criterionID, value) in newScores {
                let row = old.first { $0.$criterion.id == criterionID } ?? EvaluationScore()
                if row.id != nil && row.score == value { continue }
                let rowBefore = row.id == nil ? nil : row.auditFields
                row.$evaluation.id = try evaluation.requireID()
                row.$criterion.id = criterionID
                row.score = value
                try await row.save(on: tx)
                try await AuditLog.saved(row, before: rowBefore, by: principal.actor, on: tx)
            }
        }
        return evaluation
    }

    /// Every submitted scorecard for a candidate, behind the blind rule.
    static func others(_ event: SourcingEvent, partner: Partner, principal: Principal, on db: any Database) async throws -> [EvaluationDTO] {
        try await requireVisible(event, partner: partner, principal: principal, on: db)
        return try await submitted(event, partnerID: try partner.requireID(), on: db).map { e, scores in
            dto(e, scores: scores, partnerName: partner.name, evaluatorName: e.evaluator.name)
        }
    }
}
