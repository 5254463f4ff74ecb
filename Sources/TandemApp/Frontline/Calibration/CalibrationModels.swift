import Fluent
import Foundation
import TandemPerformance

/// A QA calibration session: graders from the client and the partners score the same interactions
/// blind; when it is closed, each grader is measured against the benchmark and the result stored.
final class CalibrationSessionRecord: Model, @unchecked Sendable {
    static let schema = "calibration_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "held_on") var heldOn: Int
    /// JSON array of item ids (the interactions scored).
    @Field(key: "items") var items: String
    /// "expert", "agreed" or "median".
    @Field(key: "benchmark") var benchmark: String
    @OptionalField(key: "expert_grader_id") var expertGraderID: UUID?
    /// JSON object item → agreed score, for the "agreed" benchmark (set when closing).
    @OptionalField(key: "agreed") var agreed: String?
    @Field(key: "tolerance") var tolerance: Double
    /// "open" (scores are being entered, blind) or "closed".
    @Field(key: "status") var status: String
    /// JSON `CalibrationResult`, once closed.
    @OptionalField(key: "result") var result: String?
    @Field(key: "created_by") var createdBy: String
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    @Children(for: \.$session) var graders: [CalibrationGraderRecord]

    init() {}

    var itemList: [String] { (try? JSONDecoder().decode([String].self, from: Data(items.utf8))) ?? [] }
}

final class CalibrationGraderRecord: Model, @unchecked Sendable {
    static let schema = "calibration_graders"

    @ID(key: .id) var id: UUID?
    @Parent(key: "session_id") var session: CalibrationSessionRecord
    @Field(key: "name") var name: String
    /// The team the grader scores for; nil = the client's own QA.
    @OptionalField(key: "partner_id") var teamID: UUID?
    @Field(key: "position") var position: Int
    @Children(for: \.$grader) var scores: [CalibrationScoreRecord]

    init() {}

    /// Stable across sessions (the same person on the same side), so trends follow a grader.
    var key: String { "\(teamID?.uuidString ?? "client")|\(name.lowercased())" }
}

final class CalibrationScoreRecord: Model, @unchecked Sendable {
    static let schema = "calibration_scores"

    @ID(key: .id) var id: UUID?
    @Parent(key: "grader_id") var grader: CalibrationGraderRecord
    @Field(key: "item") var item: String
    @Field(key: "score") var score: Double

    init() {}
}

extension CalibrationSessionRecord: Audited {
    static let auditType = "calibration_session"
    var auditLabel: String { title }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        ["title": title, "heldOn": UTCDay(daysSince1970: heldOn).description, "items": itemList.joined(separator: ", "), "benchmark": benchmark,
         "tolerance": String(tolerance), "status": status, "agreed": agreed ?? ""]
    }
}

/// A grader's scores are audited on the grader, in the history of the grader's own team.
extension CalibrationGraderRecord: Audited {
    static let auditType = "calibration_grader"
    var auditLabel: String { "Calibration grader \(name)" }
    var auditPartnerID: UUID? { teamID }
    var auditFields: [String: String] {
        ["name": name, "scores": ($scores.value ?? []).sorted { $0.item < $1.item }.map { "\($0.item)=\(String(format: "%g", $0.score))" }.joined(separator: "; ")]
    }
}

struct CreateCalibrationSession: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("calibration_sessions")
            .id()
            .field("title", .string, .required)
            .field("held_on", .int, .required)
            .field("items", .string, .required)
            .field("benchmark", .string, .required)
            .field("expert_grader_id", .uuid)
            .field("agreed", .string)
            .field("tolerance", .double, .required)
            .field("status", .string, .required)
            .field("result", .string)
            .field("created_by", .string, .required)
            .field("closed_at", .datetime)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("calibration_sessions").delete() }
}

struct CreateCalibrationGrader: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("calibration_graders")
            .id()
            .field("session_id", .uuid, .required, .references("calibration_sessions", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("partner_id", .uuid, .references("partners", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("calibration_graders").delete() }
}

struct CreateCalibrationScore: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("calibration_scores")
            .id()
            .field("grader_id", .uuid, .required, .references("calibration_graders", "id", onDelete: .cascade))
            .field("item", .string, .required)
            .field("score", .double, .required)
            .unique(on: "grader_id", "item")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("calibration_scores").delete() }
}
