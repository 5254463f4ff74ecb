import Fluent
import Foundation
import TandemRelationship

/// A change announced to partners ahead of its effective date.
final class Broadcast: Model, @unchecked Sendable {
    static let schema = "broadcasts"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: BroadcastKind
    @Field(key: "title") var title: String
    /// Markdown (the safe subset), rendered on display.
    @Field(key: "body") var body: String
    /// Calendar days, `YYYY-MM-DD`.
    @Field(key: "effective_on") var effectiveOn: String
    @OptionalField(key: "acknowledge_by") var acknowledgeBy: String?
    @Field(key: "audience") var audience: BroadcastAudience
    /// Comma-separated queue ids when the audience is queues.
    @Field(key: "queue_ids") var queueIDs: String
    /// One knowledge-base link per line: "Title | https://…" or a bare URL.
    @Field(key: "article_links") var articleLinks: String
    @Field(key: "requires_acknowledgement") var requiresAcknowledgement: Bool
    @Field(key: "sent_by_name") var sentByName: String
    @Field(key: "sent_at") var sentAt: Date

    @Children(for: \.$broadcast) var recipients: [BroadcastRecipient]

    init() {}
}

/// One partner a broadcast went to, and its acknowledgement.
final class BroadcastRecipient: Model, @unchecked Sendable {
    static let schema = "broadcast_recipients"

    @ID(key: .id) var id: UUID?
    @Parent(key: "broadcast_id") var broadcast: Broadcast
    @Parent(key: "partner_id") var partner: Partner
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by_name") var acknowledgedByName: String?

    init() {}
}

struct CreateBroadcast: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("broadcasts")
            .id()
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("effective_on", .string, .required)
            .field("acknowledge_by", .string)
            .field("audience", .string, .required)
            .field("queue_ids", .string, .required)
            .field("article_links", .string, .required)
            .field("requires_acknowledgement", .bool, .required)
            .field("sent_by_name", .string, .required)
            .field("sent_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("broadcasts").delete()
    }
}

struct CreateBroadcastRecipient: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("broadcast_recipients")
            .id()
            .field("broadcast_id", .uuid, .required, .references("broadcasts", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("acknowledged_at", .datetime)
            .field("acknowledged_by_name", .string)
            .unique(on: "broadcast_id", "partner_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("broadcast_recipients").delete()
    }
}

extension Broadcast: Audited {
    static let auditType = "broadcast"
    var auditLabel: String { title }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        ["kind": kind.rawValue, "title": title, "effectiveOn": effectiveOn, "acknowledgeBy": acknowledgeBy ?? "", "audience": audience.rawValue,
         "requiresAcknowledgement": String(requiresAcknowledgement), "articleLinks": articleLinks]
    }
}

extension BroadcastRecipient: Audited {
    static let auditType = "broadcast_acknowledgement"
    var auditLabel: String { "Acknowledgement" }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] {
        ["broadcastID": $broadcast.id.uuidString.lowercased(), "acknowledgedAt": acknowledgedAt.map { Components.date($0) } ?? "", "acknowledgedBy": acknowledgedByName ?? ""]
    }
}
