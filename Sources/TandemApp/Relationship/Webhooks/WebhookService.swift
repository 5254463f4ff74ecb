import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor

struct WebhookMessage: Content { let text: String }

struct WebhookDeliveryDTO: Content, Equatable {
    let id: UUID
    let event: String
    let text: String
    let status: DeliveryStatus
    let attempts: Int
    let nextAttemptAt: Date?
    let lastError: String
    let sentAt: Date?
    let createdAt: Date
}

struct RelationshipSettingsDTO: Content, Equatable {
    let webhookConfigured: Bool
    let webhookHost: String?
    let anonymityThreshold: Int
}

struct RelationshipSettingsInput: Content, Equatable {
    /// Empty string turns chat notifications off; omit to keep the current URL.
    var webhookURL: String?
    var anonymityThreshold: Int
}

/// The chat webhook: settings, the delivery queue and the worker's single step.
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
        RelationshipSettingsDTO(webhookConfigured: !s.webhookURL.isEmpty, webhookHost: URLComponents(string: s.webhookURL)?.host, anonymityThreshold: s.anonymityThreshold)
    }

    static func saveSettings(_ input: RelationshipSettingsInput, by actor: Actor, on db: any Database) async throws -> RelationshipSettings {
        var errors = FieldErrors()
        if let url = input.webhookURL, !url.isEmpty, !Markdown.isSafeURL(url) { errors.add("webhookURL", "must be an http or https URL") }
        Check.range(input.anonymityThreshold, "anonymityThreshold", 1...50, into: &errors)
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let settings = try await settings(on: db)
        let before = settings.id == nil ? nil : settings.auditFields
        if let url = input.webhookURL { settings.webhookURL = url.trimmingCharacters(in: .whitespaces) }
        settings.anonymityThreshold = input.anonymityThreshold
        try await db.transaction { tx in
            try await settings.save(on: tx)
            try await AuditLog.saved(settings, before: before, by: actor, on: tx)
        }
        return settings
    }

    /// Queues a message unless chat is off or the same message is already queued.
    static func enqueue(event: String, key: String, text: String, now: Date, on db: any Database) async throws {
        let url = try await settings(on: db).webhookURL
        guard !url.isEmpty, try await WebhookDelivery.query(on: db).filter(\.$dedupeKey == key).count() == 0 else { return }
        let delivery = WebhookDelivery()
        delivery.event = event
        delivery.dedupeKey = key
        delivery.url = url
        delivery.text = text
        delivery.status = .pending
        delivery.attempts = 0
        delivery.nextAttemptAt = now
        delivery.lastError = ""
        delivery.createdAt = now
        do { try await delivery.create(on: db) }
        catch {
            // Another server queued it between our check and insert: the unique key kept it single.
            if try await WebhookDelivery.query(on: db).filter(\.$dedupeKey == key).count() == 0 { throw error }
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

    /// Posts one claimed delivery and records the outcome: sent, retry later, or failed.
    static func deliver(_ delivery: WebhookDelivery, client: any Client, schedule: RetrySchedule, now: Date, on db: any Database) async throws {
        var failure: String?
        do {
            let response = try await client.post(URI(string: delivery.url)) { request in
                try request.content.encode(WebhookMessage(text: delivery.text), as: .json)
                request.timeout = .seconds(10)
            }
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
        try await delivery.update(on: db)
    }

    /// One pass of the worker: queue reminders for acknowledgements that just became
    /// overdue, then send whatever is due.
    static func runOnce(app: Application, schedule: RetrySchedule = .standard, now: Date = Date()) async throws {
        let db = app.db
        for (broadcast, recipient) in try await BroadcastService.overdue(scope: .all, today: LocalDate(date: now), on: db) {
            let text = "Reminder: \(recipient.partner.name) has not acknowledged “\(broadcast.title)” (\(broadcast.kind.label)), due \(broadcast.acknowledgeBy ?? broadcast.effectiveOn)."
            try await enqueue(event: "reminder", key: "reminder:\(recipient.id!.uuidString.lowercased())", text: text, now: now, on: db)
        }
        // Contract renewals and notice deadlines entering the horizon (issue 14).
        try await ContractKeyDateNotices.enqueueDue(now: now, on: db)
        for delivery in try await claimDue(now: now, on: db) {
            try await deliver(delivery, client: app.client, schedule: schedule, now: now, on: db)
        }
    }

    static func dto(_ d: WebhookDelivery) -> WebhookDeliveryDTO {
        WebhookDeliveryDTO(id: d.id!, event: d.event, text: d.text, status: d.status, attempts: d.attempts,
                           nextAttemptAt: d.status == .pending ? d.nextAttemptAt : nil, lastError: d.lastError, sentAt: d.sentAt, createdAt: d.createdAt)
    }

    static func recent(limit: Int = 100, on db: any Database) async throws -> [WebhookDeliveryDTO] {
        try await WebhookDelivery.query(on: db).sort(\.$createdAt, .descending).limit(limit).all().map(dto)
    }

    /// An admin sends a failed delivery again: one fresh round of attempts.
    static func retry(_ id: UUID, now: Date = Date(), on db: any Database) async throws {
        guard let delivery = try await WebhookDelivery.find(id, on: db) else { throw Abort(.notFound, reason: "No such delivery.") }
        guard delivery.status == .failed else { return }
        delivery.status = .pending
        delivery.attempts = 0
        delivery.nextAttemptAt = now
        try await delivery.update(on: db)
    }
}

extension WebhookService {
    /// Delivers what is due every `interval` on every app server for as long as the app runs.
    static func worker(every interval: Duration = .seconds(10)) -> PeriodicWorker {
        PeriodicWorker("Webhook delivery", every: interval) { try await runOnce(app: $0) }
    }
}
