import Fluent
import Foundation
import TandemPartners

/// A short candid note from one side of a partnership to the other; both sides read it.
final class FeedbackNote: Model, @unchecked Sendable {
    static let schema = "feedback_notes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "from_side") var fromSide: ContactSide
    @Field(key: "author_name") var authorName: String
    @Field(key: "body") var body: String
    @Field(key: "written_at") var writtenAt: Date

    init() {}
}

struct CreateFeedbackNote: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("feedback_notes")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("from_side", .string, .required)
            .field("author_name", .string, .required)
            .field("body", .string, .required)
            .field("written_at", .datetime, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("feedback_notes").delete() }
}

extension FeedbackNote: Audited {
    static let auditType = "feedback_note"
    var auditLabel: String { "Feedback from the \(fromSide.rawValue)" }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] { ["fromSide": fromSide.rawValue, "body": body] }
}
