import Fluent
import Foundation
import TandemPartners
import TandemSelection
import TandemStaffing

/// A reusable set of weighted criteria, grouped, each on its own scale, some of them knock-outs.
final class EvaluationTemplate: Model, @unchecked Sendable {
    static let schema = "evaluation_templates"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "description") var details: String
    /// Share of a criterion's scale above which evaluators' spread is flagged as disagreement.
    @Field(key: "disagreement_threshold") var disagreementThreshold: Double
    /// Share of the weight a candidate's scored criteria must carry to be ranked.
    @Field(key: "minimum_coverage") var minimumCoverage: Double
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var rules: SelectionRules { SelectionRules(disagreementThreshold: disagreementThreshold, minimumCoverage: minimumCoverage) }
}

final class TemplateCriterion: Model, @unchecked Sendable {
    static let schema = "template_criteria"

    @ID(key: .id) var id: UUID?
    @Parent(key: "template_id") var template: EvaluationTemplate
    @Field(key: "position") var position: Int
    @Field(key: "group_name") var group: String
    @Field(key: "name") var name: String
    @Field(key: "guidance") var guidance: String
    @Field(key: "weight") var weight: Double
    @Field(key: "scale_min") var scaleMin: Double
    @Field(key: "scale_max") var scaleMax: Double
    /// Set for a knock-out (must-have) criterion: the lowest acceptable mean score.
    @OptionalField(key: "pass_mark") var passMark: Double?

    init() {}

    var criterion: Criterion {
        Criterion(id: id!.uuidString, name: name, group: group, weight: weight,
                  scale: ScoreScale(minimum: scaleMin, maximum: scaleMax) ?? .oneToFive, passMark: passMark)
    }
}

enum SourcingStatus: String, CaseIterable, Codable, Sendable {
    /// Candidates are being evaluated.
    case open
    /// A decision is recorded.
    case decided
    case cancelled

    var label: String { rawValue.capitalized }
}

/// What is to be outsourced and who could take it: the start of a partner selection.
final class SourcingEvent: Model, @unchecked Sendable {
    static let schema = "sourcing_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Parent(key: "template_id") var template: EvaluationTemplate
    @Field(key: "status") var status: SourcingStatus
    /// The queues or lines of business, as written ("Orders & delivery chat, returns chat").
    @Field(key: "scope") var scope: String
    /// Comma-separated `ChannelKind` raw values.
    @Field(key: "channels") var channels: String
    /// Comma-separated `Shift` raw values.
    @Field(key: "shifts") var shifts: String
    @Field(key: "monthly_volume") var monthlyVolume: Int
    /// Comma-separated language tags.
    @Field(key: "languages") var languages: String
    /// Comma-separated `LocationType` raw values, in order of preference.
    @Field(key: "location_preference") var locationPreference: String
    /// A decimal amount, exact ("85000.00"), per month.
    @Field(key: "monthly_budget") var monthlyBudget: String
    @Field(key: "currency") var currency: String
    /// Calendar day, `YYYY-MM-DD`.
    @Field(key: "start_on") var startOn: String
    /// The RFP questionnaire sent to every candidate, one question a line.
    @Field(key: "rfp_questions") var rfpQuestions: String
    @Field(key: "notes") var notes: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var questions: [String] {
        rfpQuestions.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

final class SourcingCandidate: Model, @unchecked Sendable {
    static let schema = "sourcing_candidates"

    @ID(key: .id) var id: UUID?
    @Parent(key: "event_id") var event: SourcingEvent
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "added_at") var addedAt: Date

    init() {}
}

final class SourcingEvaluator: Model, @unchecked Sendable {
    static let schema = "sourcing_evaluators"

    @ID(key: .id) var id: UUID?
    @Parent(key: "event_id") var event: SourcingEvent
    @Parent(key: "user_id") var user: User

    init() {}
}

/// One evaluator's scorecard for one candidate. Locked once submitted; until then its author
/// sees no other evaluator's scores for that candidate.
final class Evaluation: Model, @unchecked Sendable {
    static let schema = "evaluations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "event_id") var event: SourcingEvent
    @Parent(key: "partner_id") var partner: Partner
    @Parent(key: "evaluator_id") var evaluator: User
    @Field(key: "comment") var comment: String
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

final class EvaluationScore: Model, @unchecked Sendable {
    static let schema = "evaluation_scores"

    @ID(key: .id) var id: UUID?
    @Parent(key: "evaluation_id") var evaluation: Evaluation
    @Parent(key: "criterion_id") var criterion: TemplateCriterion
    @Field(key: "score") var score: Double

    init() {}
}

/// A candidate's answer to one RFP question: what a prospect's own users see and write.
final class RFPAnswer: Model, @unchecked Sendable {
    static let schema = "rfp_answers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "event_id") var event: SourcingEvent
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "position") var position: Int
    @Field(key: "question") var question: String
    @Field(key: "answer") var answer: String
    @Field(key: "answered_by") var answeredBy: String
    @Field(key: "answered_at") var answeredAt: Date

    init() {}
}

final class ReferenceCheck: Model, @unchecked Sendable {
    static let schema = "reference_checks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "event_id") var event: SourcingEvent
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "referee_name") var refereeName: String
    @Field(key: "referee_company") var refereeCompany: String
    @Field(key: "referee_role") var refereeRole: String
    /// Calendar day, `YYYY-MM-DD`.
    @Field(key: "checked_on") var checkedOn: String
    /// One red flag a line; empty when none.
    @Field(key: "red_flags") var redFlags: String
    @Field(key: "checked_by") var checkedBy: String

    init() {}

    var flags: [String] { redFlags.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
}

final class ReferenceAnswer: Model, @unchecked Sendable {
    static let schema = "reference_answers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "reference_id") var reference: ReferenceCheck
    @Field(key: "position") var position: Int
    @Field(key: "question") var question: String
    @Field(key: "answer") var answer: String

    init() {}
}

final class SiteVisit: Model, @unchecked Sendable {
    static let schema = "site_visits"

    @ID(key: .id) var id: UUID?
    @Parent(key: "event_id") var event: SourcingEvent
    @Parent(key: "partner_id") var partner: Partner
    /// The registered site visited, when it is one.
    @OptionalParent(key: "site_id") var site: Site?
    @Field(key: "location") var location: String
    /// Calendar day, `YYYY-MM-DD`.
    @Field(key: "visited_on") var visitedOn: String
    @Field(key: "visitors") var visitors: String
    @Field(key: "notes") var notes: String

    init() {}
}

final class VisitObservationRecord: Model, @unchecked Sendable {
    static let schema = "visit_observations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "visit_id") var visit: SiteVisit
    @Field(key: "observation") var observation: VisitObservation
    @Field(key: "finding") var finding: ObservationFinding
    @Field(key: "note") var note: String

    init() {}
}

/// A photo from a visit, kept in the database (PNG or JPEG, checked by its bytes, size-limited).
final class VisitPhoto: Model, @unchecked Sendable {
    static let schema = "visit_photos"

    @ID(key: .id) var id: UUID?
    @Parent(key: "visit_id") var visit: SiteVisit
    @Field(key: "file_name") var fileName: String
    @Field(key: "media_type") var mediaType: String
    @Field(key: "caption") var caption: String
    @Field(key: "size") var size: Int
    @Field(key: "bytes") var bytes: Data
    @Field(key: "uploaded_by") var uploadedBy: String
    @Field(key: "uploaded_at") var uploadedAt: Date

    init() {}
}

/// Who chose whom, why, and what was given up; the ranking as it stood.
final class SelectionDecision: Model, @unchecked Sendable {
    static let schema = "selection_decisions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "event_id") var event: SourcingEvent
    @Parent(key: "partner_id") var partner: Partner
    @OptionalField(key: "decided_by_id") var decidedByID: UUID?
    @Field(key: "decided_by") var decidedBy: String
    @Field(key: "decided_at") var decidedAt: Date
    @Field(key: "rationale") var rationale: String
    @Field(key: "trade_offs") var tradeOffs: String
    /// The comparison when the decision was taken, one candidate a line.
    @Field(key: "ranking") var ranking: String

    init() {}
}
