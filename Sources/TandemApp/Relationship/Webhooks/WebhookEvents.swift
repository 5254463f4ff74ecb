import Fluent
import Foundation
import SQLKit
import TandemPartners
import TandemPerformance
import TandemRelationship
import Vapor

/// The one entry point every area calls when something happens that a webhook subscription may
/// want: `WebhookEvents.emit(.incidentOpened, key: …, summary: …, data: …, on: db)`.
///
/// Each event has a key that names the fact it reports ("incident.opened:<id>",
/// "action_item.late:<id>:<due date>"). The key is unique in `webhook_events`: the row is
/// inserted with ON CONFLICT DO NOTHING, and only the caller whose insert landed fans the event
/// out to the subscriptions, in the same transaction. So an event is recorded and delivered
/// once however many app servers notice it, and calling `emit` inside the caller's own
/// transaction (an outbox) keeps the event and the change together.
enum WebhookEvents {
    /// Records the event and queues one delivery per active subscription whose filter lets it
    /// through. Nothing is recorded when no subscription wants the event. Returns whether this
    /// call recorded it (false: nobody subscribes, or it was recorded before).
    @discardableResult
    /// `now` is when the deliveries fall due (the worker's clock for time-driven events).
    static func emit(_ type: WebhookEventType, key: String, summary: String, data: some Encodable, occurredAt: Date = Date(),
                     now: Date = Date(), on db: any Database) async throws -> Bool {
        let subscriptions = try await WebhookSubscription.query(on: db).filter(\.$active == true).all().filter { $0.filter.matches(type) }
        guard !subscriptions.isEmpty, type != .ping else { return false }
        let dataJSON = String(decoding: try JSONEncoder.sortedKeys.encode(data), as: UTF8.self)
        let fullKey = "\(type.rawValue):\(key)"
        return try await db.transaction { tx in
            guard let event = try await record(type, key: fullKey, summary: summary, dataJSON: dataJSON, occurredAt: occurredAt, now: now, on: tx) else { return false }
            for subscription in subscriptions {
                try await queue(event, to: subscription, now: now, on: tx)
            }
            return true
        }
    }

    /// Inserts the event unless its key is there already; the event when this call inserted it.
    private static func record(_ type: WebhookEventType, key: String, summary: String, dataJSON: String, occurredAt: Date, now: Date,
                               on db: any Database) async throws -> WebhookEventRecord? {
        let sql = db as! any SQLDatabase
        let id = UUID()
        try await sql.insert(into: WebhookEventRecord.schema)
            .columns("id", "type", "dedupe_key", "occurred_at", "data", "summary", "created_at")
            .values(SQLBind(id), SQLBind(type.rawValue), SQLBind(key), SQLBind(occurredAt), SQLBind(dataJSON), SQLBind(summary), SQLBind(now))
            .ignoringConflicts(with: ["dedupe_key"])
            .run()
        guard let stored = try await WebhookEventRecord.query(on: db).filter(\.$dedupeKey == key).first(), stored.id == id else { return nil }
        return stored
    }

    /// One delivery of the event to the subscription (its body in the subscription's format).
    /// Only the caller that recorded the event (or an admin's replay, whose key is its own) calls it.
    static func queue(_ event: WebhookEventRecord, to subscription: WebhookSubscription, now: Date, replayOf: UUID? = nil,
                      on db: any Database) async throws {
        let delivery = WebhookDelivery()
        delivery.id = UUID()
        delivery.event = event.type
        delivery.dedupeKey = event.dedupeKey + "|" + (try subscription.requireID().uuidString.lowercased()) + (replayOf.map { "|replay:\($0.uuidString.lowercased()):\(Secrets.random(bytes: 6))" } ?? "")
        delivery.url = subscription.url
        delivery.text = event.summary
        delivery.subscriptionID = subscription.id
        delivery.eventID = event.id
        delivery.body = try body(of: event, format: subscription.format)
        delivery.replayOf = replayOf
        delivery.status = .pending
        delivery.attempts = 0
        delivery.nextAttemptAt = now
        delivery.lastError = ""
        delivery.createdAt = now
        try await delivery.create(on: db)
    }

    /// The payload: Tandem's documented shape, or the chat message.
    static func body(of event: WebhookEventRecord, format: WebhookFormat) throws -> String {
        switch format {
        case .slack:
            return String(decoding: try JSONEncoder.sortedKeys.encode(["text": event.summary]), as: UTF8.self)
        case .tandem:
            // `data` is stored as JSON already: spliced in as it is, between keys written in sorted order.
            let head = try JSONEncoder.sortedKeys.encode(Envelope(id: event.id!.uuidString.lowercased(), type: event.type, occurredAt: event.occurredAt, summary: event.summary))
            var text = String(decoding: head, as: UTF8.self)
            text.removeFirst()  // "{"
            return "{\"data\":\(event.data.isEmpty ? "{}" : event.data),\(text)"
        }
    }

    private struct Envelope: Encodable {
        let id: String
        let type: String
        let occurredAt: Date
        let summary: String
    }
}

// MARK: - What each area emits

extension WebhookEvents {
    struct PartnerRef: Codable, Sendable, Equatable {
        let id: UUID
        let name: String
    }

    struct AlertData: Codable, Sendable {
        let alertID: UUID
        let team: PartnerRef
        let kpi: String
        let kpiName: String
        let rule: String
        let message: String
        let periodStart: String
    }

    /// A performance alert that was not there at the last refresh (its id lives while its condition holds).
    static func alertRaised(_ alert: PerformanceAlert, teamName: String, on db: any Database) async throws {
        let id = try alert.requireID()
        try await emit(.alertRaised, key: id.uuidString.lowercased(),
                       summary: "Performance alert for \(teamName): \(alert.message)",
                       data: AlertData(alertID: id, team: .init(id: alert.teamID, name: teamName), kpi: alert.kpi.rawValue, kpiName: KPILabels.name(alert.kpi),
                                       rule: alert.rule, message: alert.message, periodStart: alert.periodStart),
                       occurredAt: alert.raisedAt, on: db)
    }

    struct IncidentData: Codable, Sendable {
        let incidentID: UUID
        let partner: PartnerRef
        let title: String
        let severity: String
        let category: String
        let source: String
        let status: String
        let openedAt: Date
        let raisedBy: String
        let alertID: UUID?
    }

    static func incidentOpened(_ incident: Incident, partner: Partner, on db: any Database) async throws {
        let id = try incident.requireID()
        try await emit(.incidentOpened, key: id.uuidString.lowercased(),
                       summary: "Incident opened with \(partner.name): \(incident.title) (\(incident.severity.rawValue) severity, raised by \(incident.raisedByName))",
                       data: IncidentData(incidentID: id, partner: .init(id: try partner.requireID(), name: partner.name), title: incident.title,
                                          severity: incident.severity.rawValue, category: incident.category.rawValue, source: incident.source.rawValue,
                                          status: incident.status.rawValue, openedAt: incident.openedAt, raisedBy: incident.raisedByName, alertID: incident.alertID),
                       occurredAt: incident.openedAt, on: db)
    }

    struct BreachData: Codable, Sendable {
        let incidentID: UUID
        let partner: PartnerRef
        let title: String
        let severity: String
        let level: Int
        let person: String
        let responseMinutes: Int
        let due: Date
        /// Who the incident escalates to now, if the policy has a further level.
        let nextLevel: Int?
        let nextPerson: String?
    }

    struct BroadcastData: Codable, Sendable {
        let broadcastID: UUID
        let kind: String
        let title: String
        let effectiveDate: String
        let acknowledgeBy: String?
        let requiresAcknowledgement: Bool
        let partners: [PartnerRef]
        let links: [String]
    }

    static func broadcastSent(_ broadcast: Broadcast, audience: [Partner], links: [ArticleLink], on db: any Database) async throws {
        let names = audience.map(\.name).sorted().joined(separator: ", ")
        var text = "*\(broadcast.kind.label): \(broadcast.title)*\nEffective \(broadcast.effectiveOn) · to \(names)"
        if let by = broadcast.acknowledgeBy { text += "\nPlease acknowledge in Tandem by \(by)." }
        for link in links { text += "\n<\(link.url)|\(link.title)>" }
        let id = try broadcast.requireID()
        try await emit(.broadcastSent, key: id.uuidString.lowercased(), summary: text,
                       data: BroadcastData(broadcastID: id, kind: broadcast.kind.rawValue, title: broadcast.title, effectiveDate: broadcast.effectiveOn,
                                           acknowledgeBy: broadcast.acknowledgeBy, requiresAcknowledgement: broadcast.requiresAcknowledgement,
                                           partners: try audience.map { .init(id: try $0.requireID(), name: $0.name) }.sorted { $0.name < $1.name },
                                           links: links.map(\.url)),
                       occurredAt: broadcast.sentAt, on: db)
    }

    struct OverdueData: Codable, Sendable {
        let broadcastID: UUID
        let kind: String
        let title: String
        let partner: PartnerRef
        let due: String
    }

    struct ActionItemData: Codable, Sendable {
        let actionItemID: UUID
        let partner: PartnerRef
        let meetingID: UUID?
        let title: String
        let ownerSide: String
        let ownerName: String
        let dueDate: String
    }

    /// Events that time makes true (an acknowledgement, an escalation level or an action item
    /// passing its due time): every app server scans for them on each pass of the webhook
    /// worker; the event key makes the first one win. Scans only what some subscription wants.
    static func scan(now: Date, on db: any Database) async throws {
        let wanted = Set(try await WebhookSubscription.query(on: db).filter(\.$active == true).all().flatMap(\.filter.types))
        let today = LocalDate(date: now)
        if wanted.contains(.broadcastOverdue) {
            for (broadcast, recipient) in try await BroadcastService.overdue(scope: .all, today: today, on: db) {
                let due = broadcast.acknowledgeBy ?? broadcast.effectiveOn
                let recipientID = try recipient.requireID().uuidString.lowercased()
                try await emit(.broadcastOverdue, key: recipientID,
                               summary: "Reminder: \(recipient.partner.name) has not acknowledged “\(broadcast.title)” (\(broadcast.kind.label)), due \(due).",
                               data: OverdueData(broadcastID: try broadcast.requireID(), kind: broadcast.kind.rawValue, title: broadcast.title,
                                                 partner: .init(id: recipient.$partner.id, name: recipient.partner.name), due: due),
                               occurredAt: now, now: now, on: db)
            }
        }
        if wanted.contains(.incidentEscalationBreached) {
            let open = try await Incident.query(on: db).filter(\.$status ~~ IncidentStatus.allCases.filter(\.isOpen)).with(\.$partner).all()
            var policies: [UUID: [EscalationLevel]] = [:]
            for incident in open {
                let partnerID = incident.$partner.id
                if policies[partnerID] == nil { policies[partnerID] = try await IncidentService.policy(of: partnerID, on: db) }
                let clock = IncidentService.clock(incident, policy: policies[partnerID]!, now: now)
                for breach in clock.breaches {
                    let next = clock.deadlines.first { $0.step.position > breach.step.position }?.step
                    let id = try incident.requireID()
                    try await emit(.incidentEscalationBreached, key: "\(id.uuidString.lowercased()):\(breach.step.position)",
                                   summary: "Escalation breached on “\(incident.title)” with \(incident.partner.name): level \(breach.step.position) (\(breach.step.person)) did not respond within \(breach.step.responseMinutes) min"
                                       + (next.map { "; escalate to level \($0.position) (\($0.person))." } ?? "."),
                                   data: BreachData(incidentID: id, partner: .init(id: partnerID, name: incident.partner.name), title: incident.title,
                                                    severity: incident.severity.rawValue, level: breach.step.position, person: breach.step.person,
                                                    responseMinutes: breach.step.responseMinutes, due: breach.due, nextLevel: next?.position, nextPerson: next?.person),
                                   occurredAt: breach.due, now: now, on: db)
                }
            }
        }
        if wanted.contains(.actionItemLate) {
            for item in try await CadenceService.lateActions(scope: .all, today: today, on: db) {
                let id = try item.requireID()
                // The due date is part of the key: an item moved to a later date and missed again is late again.
                try await emit(.actionItemLate, key: "\(id.uuidString.lowercased()):\(item.dueOn)",
                               summary: "Action item late with \(item.partner.name): “\(item.title)”, owned by \(item.ownerName) (\(item.ownerSide.label.lowercased())), was due \(item.dueOn).",
                               data: ActionItemData(actionItemID: id, partner: .init(id: item.$partner.id, name: item.partner.name), meetingID: item.$meeting.id,
                                                    title: item.title, ownerSide: item.ownerSide.rawValue, ownerName: item.ownerName, dueDate: item.dueOn),
                               occurredAt: now, now: now, on: db)
            }
        }
        if wanted.contains(.contractDeadline) {
            // Renewal and notice deadlines entering the contracts' horizon (issue 14).
            try await ContractKeyDateNotices.emitDue(now: now, on: db)
        }
    }
}
