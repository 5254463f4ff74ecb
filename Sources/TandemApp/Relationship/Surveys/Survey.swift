import Fluent
import Foundation
import TandemRelationship

/// A pulse survey, run both ways for one quarter.
final class SurveyRound: Model, @unchecked Sendable {
    static let schema = "survey_rounds"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    /// "2026-Q3".
    @Field(key: "quarter") var quarter: String
    @Field(key: "opens_on") var opensOn: String
    @Field(key: "closes_on") var closesOn: String

    init() {}
}

/// One person's answers about one partnership. The respondent is kept only so nobody
/// answers twice; results never show who said what.
final class SurveyResponse: Model, @unchecked Sendable {
    static let schema = "survey_responses"

    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: SurveyRound
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "direction") var direction: SurveyDirection
    @Field(key: "respondent_id") var respondentID: UUID
    /// JSON object: item key → score 1–5.
    @Field(key: "scores") var scores: String
    @Field(key: "comment") var comment: String
    @Field(key: "submitted_at") var submittedAt: Date

    init() {}

    var scoreMap: [String: Int] { (try? JSONDecoder().decode([String: Int].self, from: Data(scores.utf8))) ?? [:] }
}

struct CreateSurveyRound: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survey_rounds")
            .id()
            .field("title", .string, .required)
            .field("quarter", .string, .required)
            .field("opens_on", .string, .required)
            .field("closes_on", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_rounds").delete()
    }
}

struct CreateSurveyResponse: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survey_responses")
            .id()
            .field("round_id", .uuid, .required, .references("survey_rounds", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("direction", .string, .required)
            .field("respondent_id", .uuid, .required)
            .field("scores", .string, .required)
            .field("comment", .string, .required)
            .field("submitted_at", .datetime, .required)
            .unique(on: "round_id", "partner_id", "direction", "respondent_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_responses").delete()
    }
}

extension SurveyRound: Audited {
    static let auditType = "survey_round"
    var auditLabel: String { title }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] { ["title": title, "quarter": quarter, "opensOn": opensOn, "closesOn": closesOn] }
}
