import Fluent
import Foundation

/// Workspace-wide relationship settings (one row): the chat webhook and the survey anonymity threshold.
final class RelationshipSettings: Model, @unchecked Sendable {
    static let schema = "relationship_settings"

    @ID(key: .id) var id: UUID?
    /// Slack-compatible incoming webhook; empty = no chat notifications.
    @Field(key: "webhook_url") var webhookURL: String
    @Field(key: "anonymity_threshold") var anonymityThreshold: Int

    init() {}
}

enum DeliveryStatus: String, Codable, Sendable, CaseIterable {
    case pending, sending, sent, failed
}

/// One message to the chat webhook. Rows are the queue: any app server's worker claims a
/// due row with a conditional UPDATE, so a message is sent once however many servers run.
final class WebhookDelivery: Model, @unchecked Sendable {
    static let schema = "webhook_deliveries"

    @ID(key: .id) var id: UUID?
    /// "broadcast" or "reminder".
    @Field(key: "event") var event: String
    /// Unique: enqueuing the same message twice (two servers noticing the same overdue
    /// acknowledgement) inserts it once.
    @Field(key: "dedupe_key") var dedupeKey: String
    @Field(key: "url") var url: String
    @Field(key: "text") var text: String
    @Field(key: "status") var status: DeliveryStatus
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "claim_token") var claimToken: String?
    @OptionalField(key: "claimed_at") var claimedAt: Date?
    @Field(key: "last_error") var lastError: String
    @OptionalField(key: "sent_at") var sentAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

struct CreateRelationshipSettings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("relationship_settings")
            .id()
            .field("webhook_url", .string, .required)
            .field("anonymity_threshold", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("relationship_settings").delete()
    }
}

struct CreateWebhookDelivery: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("webhook_deliveries")
            .id()
            .field("event", .string, .required)
            .field("dedupe_key", .string, .required)
            .field("url", .string, .required)
            .field("text", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("claim_token", .string)
            .field("claimed_at", .datetime)
            .field("last_error", .string, .required)
            .field("sent_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "dedupe_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("webhook_deliveries").delete()
    }
}

extension RelationshipSettings: Audited {
    static let auditType = "relationship_settings"
    var auditLabel: String { "Relationship settings" }
    var auditPartnerID: UUID? { nil }
    /// The webhook URL is a secret (anyone holding it can post to the channel): only its host is recorded.
    var auditFields: [String: String] {
        ["webhookHost": URLComponents(string: webhookURL)?.host ?? "", "anonymityThreshold": String(anonymityThreshold)]
    }
}
