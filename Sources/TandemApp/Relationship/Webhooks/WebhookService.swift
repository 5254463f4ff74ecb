import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor

struct WebhookDeliveryDTO: Content, Equatable {
    let id: UUID
    let event: String
    let subscriptionID: UUID?
    let subscriptionName: String?
    let eventID: UUID?
    let text: String
    let status: DeliveryStatus
    let attempts: Int
    let nextAttemptAt: Date?
    let lastError: String
    let responseStatus: Int?
    let sentAt: Date?
    let createdAt: Date
    /// The delivery this one sends again.
    let replayOf: UUID?
}

struct WebhookSubscriptionDTO: Content, Equatable {
    let id: UUID
    let name: String
    /// Only the host: the full URL may carry a token of its own.
    let host: String
    let events: [String]
    let format: WebhookFormat
    let active: Bool
    let createdAt: Date
}

/// A subscription as made or with a new secret: the only time the secret is shown.
struct WebhookSubscriptionCreatedDTO: Content, Equatable {
    let subscription: WebhookSubscriptionDTO
    let secret: String
}

struct WebhookSubscriptionInput: Content, Equatable {
    var name: String
    /// Omit (or leave empty) on a change to keep the current URL.
    var url: String?
    /// Event types, `area.*` or `*`.
    var events: [String]
    var format: WebhookFormat?
    var active: Bool?
}

struct RelationshipSettingsDTO: Content, Equatable {
    let anonymityThreshold: Int
}

struct RelationshipSettingsInput: Content, Equatable {
    var anonymityThreshold: Int
}

/// Webhook subscriptions, the delivery queue and the worker's single step.
enum WebhookService {
    /// A delivery claimed longer ago than this is assumed abandoned (its server died) and claimed again.
    static let staleClaim: TimeInterval = 300

    static func settings(on db: any Database) async throws -> RelationshipSettings {
        if let existing = try await RelationshipSettings.query(on: db).first() { return existing }
        let fresh = RelationshipSettings()
        fresh.webhookURL = ""
        fresh.anonymityThreshold = SurveyScoring.defaultAnonymityThreshold
        return fresh
    }

    static func settingsDTO(_ s: RelationshipSettings) -> RelationshipSettingsDTO {
        RelationshipSettingsDTO(anonymityThreshold: s.anonymityThreshold)
    }

    static func saveSettings(_ input: RelationshipSettingsInput, by actor: Actor, on db: any Database) async throws -> RelationshipSettings {
        var errors = FieldErrors()
        Check.range(input.anonymityThreshold, "anonymityThreshold", 1...50, into: &errors)
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let settings = try await settings(on: db)
        let before = settings.id == nil ? nil : settings.auditFields
        settings.anonymityThreshold = input.anonymityThreshold
        try await db.transaction { tx in
            try await settings.save(on: tx)
            try await AuditLog.saved(settings, before: before, by: actor, on: tx)
        }
        return settings
    }

    // MARK: Subscriptions

    static func newSecret() -> String { "whsec_" + Secrets.random(bytes: 24) }

    static func subscriptionDTO(_ s: WebhookSubscription) -> WebhookSubscriptionDTO {
        WebhookSubscriptionDTO(id: s.id!, name: s.name, host: s.host, events: s.filter.patterns, format: s.format, active: s.active, createdAt: s.createdAt)
    }

    static func subscriptions(on db: any Database) async throws -> [WebhookSubscription] {
        try await WebhookSubscription.query(on: db).sort(\.$name).sort(\.$createdAt).all()
    }

    static func requireSubscription(_ id: UUID, on db: any Database) async throws -> WebhookSubscription {
        guard let found = try await WebhookSubscription.find(id, on: db) else { throw Abort(.notFound, reason: "No such webhook subscription.") }
        return found
    }

    /// Validates the fields of a new (`existing` nil) or changed subscription.
    private static func apply(_ input: WebhookSubscriptionInput, to subscription: WebhookSubscription, creating: Bool) throws {
        var errors = FieldErrors()
        Check.required(input.name, "name", into: &errors)
        let url = input.url?.trimmingCharacters(in: .whitespaces) ?? ""
        if url.isEmpty {
            if creating { errors.add("url", "is required") }
        } else if !Markdown.isSafeURL(url) || URLComponents(string: url)?.host?.isEmpty != false {
            errors.add("url", "must be an http or https URL")
        } else if url.count > 2_000 {
            errors.add("url", "is longer than 2000 characters")
        }
        var filter: WebhookEventFilter?
        do { filter = try WebhookEventFilter.parse(input.events.joined(separator: ",")) }
        catch { errors.add("events", error.description) }
        guard errors.isEmpty, let filter else { throw ValidationFailed(fields: errors) }
        subscription.name = input.name.trimmingCharacters(in: .whitespaces)
        if !url.isEmpty { subscription.url = url }
        subscription.events = filter.patterns.joined(separator: ",")
        subscription.format = input.format ?? (creating ? .tandem : subscription.format)
        subscription.active = input.active ?? (creating ? true : subscription.active)
    }

    static func createSubscription(_ input: WebhookSubscriptionInput, by actor: Actor, now: Date = Date(), on db: any Database) async throws -> (WebhookSubscription, secret: String) {
        let subscription = WebhookSubscription()
        try apply(input, to: subscription, creating: true)
        subscription.secret = newSecret()
        subscription.createdAt = now
        try await db.transaction { tx in
            try await subscription.create(on: tx)
            try await AuditLog.created(subscription, by: actor, on: tx)
        }
        return (subscription, subscription.secret)
    }

    static func updateSubscription(_ subscription: WebhookSubscription, with input: WebhookSubscriptionInput, by actor: Actor, on db: any Database) async throws {
        let before = subscription.auditFields
        try apply(input, to: subscription, creating: false)
        try await db.transaction { tx in
            try await subscription.update(on: tx)
            try await AuditLog.updated(subscription, before: before, by: actor, on: tx)
        }
    }

    /// A new secret, returned once; payloads signed from now on use it.
    static func rotateSecret(_ subscription: WebhookSubscription, by actor: Actor, on db: any Database) async throws -> String {
        let before = subscription.auditFields
        subscription.secret = newSecret()
        try await db.transaction { tx in
            try await subscription.update(on: tx)
            try await AuditLog.updated(subscription, before: before, by: actor, on: tx)
        }
        return subscription.secret
    }

    /// Deletes the subscription with its delivery log.
    static func deleteSubscription(_ subscription: WebhookSubscription, by actor: Actor, on db: any Database) async throws {
        let id = try subscription.requireID()
        try await db.transaction { tx in
            try await WebhookDelivery.query(on: tx).filter(\.$subscriptionID == id).delete()
            try await AuditLog.deleted(subscription, by: actor, on: tx)
            try await subscription.delete(on: tx)
        }
    }

    /// Sends a `webhook.ping` to this subscription only, so an admin can check the receiver.
    static func ping(_ subscription: WebhookSubscription, by actor: Actor, now: Date = Date(), on db: any Database) async throws -> WebhookDelivery {
        struct PingData: Encodable { let subscriptionID: UUID; let name: String; let sentBy: String }
        let event = WebhookEventRecord()
        event.id = UUID()
        event.type = WebhookEventType.ping.rawValue
        event.dedupeKey = "\(WebhookEventType.ping.rawValue):\(event.id!.uuidString.lowercased())"
        event.occurredAt = now
        event.data = String(decoding: try JSONEncoder.sortedKeys.encode(PingData(subscriptionID: try subscription.requireID(), name: subscription.name, sentBy: actor.name)), as: UTF8.self)
        event.summary = "Test event from Tandem for “\(subscription.name)”, sent by \(actor.name)."
        event.createdAt = now
        return try await db.transaction { tx in
            try await event.create(on: tx)
            try await WebhookEvents.queue(event, to: subscription, now: now, on: tx)
            return try await WebhookDelivery.query(on: tx).filter(\.$eventID == event.id!).first()!
        }
    }

    /// Claims due deliveries for this server: each row is taken by a conditional UPDATE that
    /// only succeeds while the row is still unclaimed, then read back by this claim's token.
    static func claimDue(now: Date, limit: Int = 20, on db: any Database) async throws -> [WebhookDelivery] {
        let stale = now.addingTimeInterval(-staleClaim)
        let candidates = try await WebhookDelivery.query(on: db).group(.or) { or in
            or.group(.and) { $0.filter(\.$status == .pending).filter(\.$nextAttemptAt <= now) }
            or.group(.and) { $0.filter(\.$status == .sending).filter(\.$claimedAt < stale) }
        }.sort(\.$nextAttemptAt).limit(limit).all()
        var claimed: [WebhookDelivery] = []
        for candidate in candidates {
            let token = Secrets.random(bytes: 12)
            try await WebhookDelivery.query(on: db).filter(\.$id == candidate.requireID())
                .filter(\.$status == candidate.status).filter(\.$attempts == candidate.attempts).filter(\.$claimToken == candidate.claimToken)
                .set(\.$status, to: .sending).set(\.$claimToken, to: token).set(\.$claimedAt, to: now).update()
            if let mine = try await WebhookDelivery.query(on: db).filter(\.$id == candidate.requireID()).filter(\.$claimToken == token).first() {
                claimed.append(mine)
            }
        }
        return claimed
    }

    /// Posts one claimed delivery, signed with its subscription's secret, and records the
    /// outcome: sent, retry later, or failed.
    static func deliver(_ delivery: WebhookDelivery, client: any Client, schedule: RetrySchedule, now: Date, metrics: TandemMetrics? = nil,
                        on db: any Database) async throws {
        var failure: String?
        let subscription: WebhookSubscription? = if let id = delivery.subscriptionID { try await WebhookSubscription.find(id, on: db) } else { nil }
        let body = Data((delivery.body.isEmpty ? String(decoding: try JSONEncoder.sortedKeys.encode(["text": delivery.text]), as: UTF8.self) : delivery.body).utf8)
        delivery.responseStatus = nil
        do {
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.replaceOrAdd(name: .userAgent, value: "Tandem-Webhooks/\(TandemVersion.current)")
            headers.replaceOrAdd(name: WebhookSignature.eventHeader, value: delivery.event)
            headers.replaceOrAdd(name: WebhookSignature.deliveryHeader, value: try delivery.requireID().uuidString.lowercased())
            if let event = delivery.eventID { headers.replaceOrAdd(name: WebhookSignature.eventIDHeader, value: event.uuidString.lowercased()) }
            if let subscription {
                headers.replaceOrAdd(name: WebhookSignature.header, value: WebhookSignature.headerValue(body: body, timestamp: Int(now.timeIntervalSince1970), secret: subscription.secret))
            }
            let response = try await client.post(URI(string: subscription?.url ?? delivery.url), headers: headers) { request in
                request.body = ByteBuffer(data: body)
                request.timeout = .seconds(10)
            }
            delivery.responseStatus = Int(response.status.code)
            if !(200..<300).contains(response.status.code) { failure = "HTTP \(response.status.code)" }
        } catch {
            failure = String(describing: error).prefix(300).description
        }
        delivery.attempts += 1
        delivery.claimToken = nil
        if let failure {
            delivery.lastError = failure
            if let delay = schedule.delay(afterAttempt: delivery.attempts) {
                delivery.status = .pending
                delivery.nextAttemptAt = now.addingTimeInterval(delay)
            } else {
                delivery.status = .failed
            }
        } else {
            delivery.status = .sent
            delivery.sentAt = now
            delivery.lastError = ""
        }
        metrics?.webhookAttempt(event: delivery.event, outcome: failure == nil ? "sent" : delivery.status == .failed ? "failed" : "retry")
        try await delivery.update(on: db)
    }

    /// One pass of the worker: record the events time has made true (overdue acknowledgements,
    /// breached escalation levels, late action items), then send whatever is due.
    static func runOnce(app: Application, schedule: RetrySchedule = .standard, now: Date = Date()) async throws {
        let db = app.db
        try await WebhookEvents.scan(now: now, on: db)
        for delivery in try await claimDue(now: now, on: db) {
            try await deliver(delivery, client: app.client, schedule: schedule, now: now, metrics: app.metrics, on: db)
        }
    }

    static func dto(_ d: WebhookDelivery, names: [UUID: String] = [:]) -> WebhookDeliveryDTO {
        WebhookDeliveryDTO(id: d.id!, event: d.event, subscriptionID: d.subscriptionID, subscriptionName: d.subscriptionID.flatMap { names[$0] }, eventID: d.eventID,
                           text: d.text, status: d.status, attempts: d.attempts, nextAttemptAt: d.status == .pending ? d.nextAttemptAt : nil,
                           lastError: d.lastError, responseStatus: d.responseStatus, sentAt: d.sentAt, createdAt: d.createdAt, replayOf: d.replayOf)
    }

    /// The delivery log, newest first; optionally one subscription's or one status's.
    static func recent(limit: Int = 100, subscriptionID: UUID? = nil, status: DeliveryStatus? = nil, on db: any Database) async throws -> [WebhookDeliveryDTO] {
        let names = Dictionary(uniqueKeysWithValues: try await WebhookSubscription.query(on: db).all().map { ($0.id!, $0.name) })
        let query = WebhookDelivery.query(on: db).sort(\.$createdAt, .descending).limit(limit)
        if let subscriptionID { query.filter(\.$subscriptionID == subscriptionID) }
        if let status { query.filter(\.$status == status) }
        return try await query.all().map { dto($0, names: names) }
    }

    /// An admin sends a delivery again (a failed one, or one the receiver lost): a new delivery
    /// with the same body, event id and subscription, due now, signed afresh when sent. The
    /// original stays in the log as it was.
    static func replay(_ id: UUID, by actor: Actor, now: Date = Date(), on db: any Database) async throws -> WebhookDelivery {
        guard let original = try await WebhookDelivery.find(id, on: db) else { throw Abort(.notFound, reason: "No such delivery.") }
        let copy = WebhookDelivery()
        copy.id = UUID()
        copy.event = original.event
        copy.dedupeKey = original.dedupeKey.components(separatedBy: "|replay:").first! + "|replay:\(try original.requireID().uuidString.lowercased()):\(Secrets.random(bytes: 6))"
        copy.url = original.url
        copy.text = original.text
        copy.subscriptionID = original.subscriptionID
        copy.eventID = original.eventID
        copy.body = original.body
        copy.replayOf = try original.requireID()
        copy.status = .pending
        copy.attempts = 0
        copy.nextAttemptAt = now
        copy.lastError = ""
        copy.createdAt = now
        try await copy.create(on: db)
        return copy
    }
}

extension WebhookService {
    /// Delivers what is due every `interval` on every app server for as long as the app runs.
    static func worker(every interval: Duration = .seconds(10)) -> PeriodicWorker {
        PeriodicWorker("Webhook delivery", every: interval) { try await runOnce(app: $0) }
    }
}
