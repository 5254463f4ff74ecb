import Fluent
import Foundation
import SQLKit
import TandemRelationship

/// How a subscription's payloads are shaped: Tandem's documented JSON, or `{"text": …}` for
/// Slack-compatible incoming webhooks (chat tools).
enum WebhookFormat: String, Codable, Sendable, CaseIterable {
    case tandem, slack

    var label: String {
        switch self {
        case .tandem: "Tandem JSON (event type, id, time, data)"
        case .slack: "Slack-compatible chat message ({\"text\": …})"
        }
    }
}

/// Where an admin wants events sent: a URL, which events, in which shape, signed with a secret.
final class WebhookSubscription: Model, @unchecked Sendable {
    static let schema = "webhook_subscriptions"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    /// Anyone holding the URL can post to the receiver: only its host is shown after saving.
    @Field(key: "url") var url: String
    /// `WebhookEventFilter` patterns, comma-separated.
    @Field(key: "events") var events: String
    @Field(key: "format") var format: WebhookFormat
    /// Signs every payload (HMAC-SHA256). Shown once when made or rotated; kept as written
    /// because signing needs it (the same trust as the database itself).
    @Field(key: "secret") var secret: String
    @Field(key: "active") var active: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var filter: WebhookEventFilter { (try? WebhookEventFilter.parse(events)) ?? WebhookEventFilter(patterns: []) }
    var host: String { URLComponents(string: url)?.host ?? "" }
}

/// Something that happened, recorded once: `dedupe_key` is unique, so several app servers
/// noticing the same overdue item (each scans the same database) record one event.
final class WebhookEventRecord: Model, @unchecked Sendable {
    static let schema = "webhook_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "type") var type: String
    @Field(key: "dedupe_key") var dedupeKey: String
    @Field(key: "occurred_at") var occurredAt: Date
    /// The payload's `data` object, as JSON.
    @Field(key: "data") var data: String
    /// One line a person reads (the chat message).
    @Field(key: "summary") var summary: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

struct CreateWebhookSubscription: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("webhook_subscriptions")
            .id()
            .field("name", .string, .required)
            .field("url", .string, .required)
            .field("events", .string, .required)
            .field("format", .string, .required)
            .field("secret", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("webhook_subscriptions").delete()
    }
}

struct CreateWebhookEvent: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("webhook_events")
            .id()
            .field("type", .string, .required)
            .field("dedupe_key", .string, .required)
            .field("occurred_at", .datetime, .required)
            .field("data", .string, .required)
            .field("summary", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "dedupe_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("webhook_events").delete()
    }
}

/// A delivery now belongs to a subscription and an event, carries the exact body it sends
/// (so a replay sends the same bytes), and remembers which delivery it replays.
struct UpdateWebhookDeliveryAddSubscription: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("webhook_deliveries").field("subscription_id", .uuid).update()
        try await database.schema("webhook_deliveries").field("event_id", .uuid).update()
        try await database.schema("webhook_deliveries").field("body", .string, .required, .sql(.default(""))).update()
        try await database.schema("webhook_deliveries").field("replay_of", .uuid).update()
        try await database.schema("webhook_deliveries").field("response_status", .int).update()
    }

    func revert(on database: any Database) async throws {
        for field in ["subscription_id", "event_id", "body", "replay_of", "response_status"] {
            try await database.schema("webhook_deliveries").deleteField(.string(field)).update()
        }
    }
}

/// The one chat webhook of before becomes a Slack-format subscription to broadcasts (what it
/// posted), its queued and past deliveries become that subscription's, and each of them gets
/// its event record, so nothing already sent or queued is sent again.
struct MigrateChatWebhookToSubscription: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        struct Setting: Decodable { let webhook_url: String }
        let url = try await sql.select().column("webhook_url").from("relationship_settings").first(decoding: Setting.self)?.webhook_url ?? ""
        let now = Date()
        var subscriptionID: UUID?
        if !url.isEmpty {
            let id = UUID()
            try await sql.insert(into: "webhook_subscriptions")
                .columns("id", "name", "url", "events", "format", "secret", "active", "created_at")
                .values(SQLBind(id), SQLBind("Chat"), SQLBind(url), SQLBind("broadcast.*"), SQLBind("slack"), SQLBind("whsec_" + Secrets.random(bytes: 24)),
                        SQLBind(true), SQLBind(now))
                .run()
            try await sql.update("relationship_settings").set("webhook_url", to: "").run()
            subscriptionID = id
        }
        struct Old: Decodable { let id: UUID; let event: String; let dedupe_key: String; let text: String; let created_at: Date }
        let old = try await sql.select().columns("id", "event", "dedupe_key", "text", "created_at").from("webhook_deliveries").all(decoding: Old.self)
        for delivery in old {
            let type = delivery.event == "reminder" ? WebhookEventType.broadcastOverdue : .broadcastSent
            // "broadcast:<broadcast id>" and "reminder:<recipient id>" become the keys `WebhookEvents` uses for the same facts.
            let key = type.rawValue + ":" + (delivery.dedupe_key.split(separator: ":", maxSplits: 1).last.map(String.init) ?? delivery.dedupe_key)
            let eventID = UUID()
            try await sql.insert(into: "webhook_events")
                .columns("id", "type", "dedupe_key", "occurred_at", "data", "summary", "created_at")
                .values(SQLBind(eventID), SQLBind(type.rawValue), SQLBind(key), SQLBind(delivery.created_at), SQLBind("{}"),
                        SQLBind(delivery.text), SQLBind(delivery.created_at))
                .run()
            let body = String(decoding: try JSONEncoder.sortedKeys.encode(["text": delivery.text]), as: UTF8.self)
            try await sql.update("webhook_deliveries")
                .set("event", to: type.rawValue).set("event_id", to: eventID).set("body", to: body)
                .set("subscription_id", to: subscriptionID).set("dedupe_key", to: key + "|" + (subscriptionID?.uuidString.lowercased() ?? "chat"))
                .where("id", .equal, delivery.id).run()
        }
    }

    func revert(on database: any Database) async throws {}
}

extension JSONEncoder {
    /// Stable bytes: keys sorted, slashes not escaped, ISO 8601 dates.
    static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension WebhookSubscription: Audited {
    static let auditType = "webhook_subscription"
    var auditLabel: String { name }
    var auditPartnerID: UUID? { nil }
    /// Neither the secret nor the full URL (it may carry a token of its own): the host only.
    var auditFields: [String: String] {
        ["name": name, "host": host, "events": events, "format": format.rawValue, "active": active ? "yes" : "no",
         // Records a rotation without revealing anything usable.
         "secretFingerprint": String(Secrets.sha256Hex(secret).prefix(8))]
    }
}
