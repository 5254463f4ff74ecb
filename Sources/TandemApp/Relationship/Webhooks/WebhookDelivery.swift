import Fluent
import Foundation

/// Workspace-wide relationship settings (one row): the survey anonymity threshold. (The chat
/// webhook it once held is a subscription now: `MigrateChatWebhookToSubscription`.)
final class RelationshipSettings: Model, @unchecked Sendable {
    static let schema = "relationship_settings"

    @ID(key: .id) var id: UUID?
    /// Unused since webhook subscriptions (kept empty).
    @Field(key: "webhook_url") var webhookURL: String
    @Field(key: "anonymity_threshold") var anonymityThreshold: Int

    init() {}
}

enum DeliveryStatus: String, Codable, Sendable, CaseIterable {
    case pending, sending, sent, failed
}

/// One event sent to one subscription. Rows are the queue: any app server's worker claims a
/// due row with a conditional UPDATE, so a message is sent once however many servers run.
final class WebhookDelivery: Model, @unchecked Sendable {
    static let schema = "webhook_deliveries"

    @ID(key: .id) var id: UUID?
    /// The event type (`WebhookEventType`), e.g. "incident.opened".
    @Field(key: "event") var event: String
    /// Unique: the event's key and the subscription, so one event reaches each subscription once.
    @Field(key: "dedupe_key") var dedupeKey: String
    /// The address when queued; sending uses the subscription's current one.
    @Field(key: "url") var url: String
    /// The event's one-line summary, for the delivery log.
    @Field(key: "text") var text: String
    @OptionalField(key: "subscription_id") var subscriptionID: UUID?
    @OptionalField(key: "event_id") var eventID: UUID?
    /// The exact bytes posted (a replay posts them again, freshly signed).
    @Field(key: "body") var body: String
    /// The delivery this one sends again, if it is a replay.
    @OptionalField(key: "replay_of") var replayOf: UUID?
    /// The receiver's HTTP status on the last attempt (nil: no answer).
    @OptionalField(key: "response_status") var responseStatus: Int?
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
    var auditFields: [String: String] { ["anonymityThreshold": String(anonymityThreshold)] }
}
