import Foundation
import TandemRelationship
import Vapor

/// Webhook subscriptions and their delivery log over the JSON API (admins only: a partner user
/// or a viewer gets 403, like every admin endpoint).
enum WebhookAPI {
    static let tag = "Webhooks"

    static func register(_ api: APIRoutes) {
        api.add(.init(method: .GET, path: ["webhook-subscriptions"], summary: "Webhook subscriptions (admins)", tag: tag,
                      response: .array(.ref("WebhookSubscription")))) { req in
            try req.require(.administer)
            return try await WebhookService.subscriptions(on: req.db).map(WebhookService.subscriptionDTO)
        }
        api.add(.init(method: .POST, path: ["webhook-subscriptions"], summary: "Subscribe a URL to events; the signing secret is in this answer only (admins)", tag: tag,
                      request: .ref("WebhookSubscriptionInput"), response: .ref("WebhookSubscriptionCreated"), successStatus: 201)) { req in
            let principal = try req.require(.administer)
            let (subscription, secret) = try await WebhookService.createSubscription(req.decodeJSON(WebhookSubscriptionInput.self), by: principal.actor, on: req.db)
            return Created(value: WebhookSubscriptionCreatedDTO(subscription: WebhookService.subscriptionDTO(subscription), secret: secret))
        }
        api.add(.init(method: .GET, path: ["webhook-subscriptions", ":subscriptionID"], summary: "One webhook subscription (admins)", tag: tag,
                      response: .ref("WebhookSubscription"))) { req in
            try req.require(.administer)
            return WebhookService.subscriptionDTO(try await WebhookService.requireSubscription(req.id("subscriptionID"), on: req.db))
        }
        api.add(.init(method: .PUT, path: ["webhook-subscriptions", ":subscriptionID"], summary: "Change a subscription; omit url to keep it (admins)", tag: tag,
                      request: .ref("WebhookSubscriptionInput"), response: .ref("WebhookSubscription"))) { req in
            let principal = try req.require(.administer)
            let subscription = try await WebhookService.requireSubscription(req.id("subscriptionID"), on: req.db)
            try await WebhookService.updateSubscription(subscription, with: req.decodeJSON(WebhookSubscriptionInput.self), by: principal.actor, on: req.db)
            return WebhookService.subscriptionDTO(subscription)
        }
        api.add(.init(method: .DELETE, path: ["webhook-subscriptions", ":subscriptionID"], summary: "Delete a subscription and its delivery log (admins)", tag: tag,
                      response: nil, successStatus: 204)) { req -> HTTPStatus in
            let principal = try req.require(.administer)
            try await WebhookService.deleteSubscription(try await WebhookService.requireSubscription(req.id("subscriptionID"), on: req.db), by: principal.actor, on: req.db)
            return .noContent
        }
        api.add(.init(method: .POST, path: ["webhook-subscriptions", ":subscriptionID", "secret"], summary: "Replace the signing secret; the new one is in this answer only (admins)", tag: tag,
                      response: .ref("WebhookSubscriptionCreated"))) { req in
            let principal = try req.require(.administer)
            let subscription = try await WebhookService.requireSubscription(req.id("subscriptionID"), on: req.db)
            let secret = try await WebhookService.rotateSecret(subscription, by: principal.actor, on: req.db)
            return WebhookSubscriptionCreatedDTO(subscription: WebhookService.subscriptionDTO(subscription), secret: secret)
        }
        api.add(.init(method: .POST, path: ["webhook-subscriptions", ":subscriptionID", "ping"], summary: "Queue a webhook.ping to this subscription only (admins)", tag: tag,
                      response: .ref("WebhookDelivery"), successStatus: 201)) { req in
            let principal = try req.require(.administer)
            let delivery = try await WebhookService.ping(try await WebhookService.requireSubscription(req.id("subscriptionID"), on: req.db), by: principal.actor, on: req.db)
            return Created(value: WebhookService.dto(delivery))
        }
        api.add(.init(method: .GET, path: ["webhook-deliveries"], summary: "The delivery log, newest first (admins)", tag: tag, response: .array(.ref("WebhookDelivery")),
                      query: [.init(name: "subscription", schema: .uuid, description: "one subscription's deliveries"),
                              .init(name: "status", schema: .enumeration(DeliveryStatus.self), description: "only deliveries in this state")])) { req in
            try req.require(.administer)
            let subscription = try req.query.get(String?.self, at: "subscription").flatMap(UUID.init(uuidString:))
            let status = try req.query.get(String?.self, at: "status").flatMap(DeliveryStatus.init(rawValue:))
            return try await WebhookService.recent(subscriptionID: subscription, status: status, on: req.db)
        }
        api.add(.init(method: .POST, path: ["webhook-deliveries", ":deliveryID", "replay"], summary: "Send a delivery again as a new delivery (admins)", tag: tag,
                      response: .ref("WebhookDelivery"), successStatus: 201)) { req in
            let principal = try req.require(.administer)
            return Created(value: WebhookService.dto(try await WebhookService.replay(req.id("deliveryID"), by: principal.actor, on: req.db)))
        }
    }

    /// What a filter may name: every event type, each area with `.*`, or `*`.
    static let filterPatterns: [String] = {
        let types = WebhookEventType.allCases.filter { $0 != .ping }.map(\.rawValue)
        let areas = Set(types.map { String($0.prefix { $0 != "." }) + ".*" })
        return ["*"] + types + areas.sorted()
    }()

    static let schemas: [String: JSONSchema] = [
        "WebhookSubscription": .object([
            ("id", .uuid), ("name", .string()), ("host", .string(description: "the URL's host; the full URL is never shown again")),
            ("events", .array(.string(description: "an event type, area.* or *"))), ("format", .enumeration(WebhookFormat.self)), ("active", .boolean), ("createdAt", .dateTime),
        ], required: ["id", "name", "host", "events", "format", "active", "createdAt"]),
        "WebhookSubscriptionInput": .object([
            ("name", .string(maxLength: 200)), ("url", .nullable(.string(description: "http(s) URL; required to create, omit to keep"))),
            ("events", .array(.string(enumeration: filterPatterns))),
            ("format", .nullable(.enumeration(WebhookFormat.self))), ("active", .nullable(.boolean)),
        ], required: ["name", "events"]),
        "WebhookSubscriptionCreated": .object([("subscription", .ref("WebhookSubscription")), ("secret", .string(description: "shown only in this answer"))],
                                              required: ["subscription", "secret"]),
        "WebhookDelivery": .object([
            ("id", .uuid), ("event", .string(description: "the event type, e.g. incident.opened")), ("subscriptionID", .nullable(.uuid)), ("subscriptionName", .nullable(.string())),
            ("eventID", .nullable(.uuid)), ("text", .string()), ("status", .enumeration(DeliveryStatus.self)), ("attempts", .integer(minimum: 0)),
            ("nextAttemptAt", .nullable(.dateTime)), ("lastError", .string()), ("responseStatus", .nullable(.integer())), ("sentAt", .nullable(.dateTime)),
            ("createdAt", .dateTime), ("replayOf", .nullable(.uuid)),
        ], required: ["id", "event", "text", "status", "attempts", "lastError", "createdAt"]),
    ]
}
