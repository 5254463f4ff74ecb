import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor

struct ArticleLink: Codable, Sendable, Equatable {
    let title: String
    let url: String
}

struct BroadcastRecipientDTO: Codable, Sendable, Equatable {
    let partnerID: UUID
    let partnerName: String
    let acknowledgedAt: Date?
    let acknowledgedBy: String?
    /// Acknowledgement required, its day has passed and none came.
    let overdue: Bool
}

struct BroadcastDTO: Content, Equatable {
    let id: UUID
    let kind: BroadcastKind
    let title: String
    let body: String
    let effectiveDate: LocalDate
    let acknowledgeBy: LocalDate?
    let audience: BroadcastAudience
    let queueIDs: [UUID]
    let articleLinks: [ArticleLink]
    let requiresAcknowledgement: Bool
    let sentBy: String
    let sentAt: Date
    /// Partner users see only their own partner here.
    let recipients: [BroadcastRecipientDTO]
}

struct BroadcastInput: Content, Equatable {
    var kind: BroadcastKind
    var title: String
    var body: String
    var effectiveDate: LocalDate
    /// Defaults to the effective date.
    var acknowledgeBy: LocalDate?
    var audience: BroadcastAudience
    var partnerIDs: [UUID]?
    var queueIDs: [UUID]?
    /// "Title | https://…" or a bare https URL, one per entry.
    var articleLinks: [String]?
    var requiresAcknowledgement: Bool
}

/// Change broadcasts: sending (with the chat webhook), acknowledging, and who is overdue.
enum BroadcastService {
    static func parseLinks(_ lines: [String], into errors: inout FieldErrors) -> [ArticleLink] {
        lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.compactMap { line in
            let parts = line.components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let url = parts.last ?? ""
            let title = parts.count > 1 ? parts.dropLast().joined(separator: "|") : url
            guard Markdown.isSafeURL(url) else { errors.add("articleLinks", "\"\(line)\" is not an http(s) link"); return nil }
            return ArticleLink(title: title.isEmpty ? url : title, url: url)
        }
    }

    static func links(_ stored: String) -> [ArticleLink] {
        var ignored = FieldErrors()
        return parseLinks(stored.components(separatedBy: "\n"), into: &ignored)
    }

    // MARK: Reads

    static func list(scope: PartnerScope, today: LocalDate, on db: any Database) async throws -> [BroadcastDTO] {
        let broadcasts = try await Broadcast.query(on: db).with(\.$recipients) { $0.with(\.$partner) }.sort(\.$sentAt, .descending).all()
        return broadcasts.compactMap { dto($0, scope: scope, today: today) }
    }

    /// 404 when the broadcast did not go to the caller's partner.
    static func require(_ id: UUID, scope: PartnerScope, today: LocalDate, on db: any Database) async throws -> (Broadcast, BroadcastDTO) {
        guard let broadcast = try await Broadcast.query(on: db).filter(\.$id == id).with(\.$recipients, { $0.with(\.$partner) }).first(),
              let dto = dto(broadcast, scope: scope, today: today) else { throw Abort(.notFound, reason: "No such broadcast.") }
        return (broadcast, dto)
    }

    static func isOverdue(_ broadcast: Broadcast, _ recipient: BroadcastRecipient, today: LocalDate) -> Bool {
        guard broadcast.requiresAcknowledgement, recipient.acknowledgedAt == nil, let due = LocalDate(broadcast.acknowledgeBy ?? broadcast.effectiveOn) else { return false }
        return due < today
    }

    /// Nil when a partner-scoped caller is not among the recipients.
    static func dto(_ b: Broadcast, scope: PartnerScope, today: LocalDate) -> BroadcastDTO? {
        let recipients = scope.visible(b.$recipients.value ?? [], owner: { $0.$partner.id })
        if scope.isPartner, recipients.isEmpty { return nil }
        return BroadcastDTO(
            id: b.id!, kind: b.kind, title: b.title, body: b.body, effectiveDate: LocalDate(b.effectiveOn)!, acknowledgeBy: b.acknowledgeBy.flatMap(LocalDate.init),
            audience: b.audience, queueIDs: Check.list(b.queueIDs).compactMap { UUID(uuidString: $0) }, articleLinks: links(b.articleLinks),
            requiresAcknowledgement: b.requiresAcknowledgement, sentBy: b.sentByName, sentAt: b.sentAt,
            recipients: recipients.map { r in
                BroadcastRecipientDTO(partnerID: r.$partner.id, partnerName: r.partner.name, acknowledgedAt: r.acknowledgedAt,
                                      acknowledgedBy: r.acknowledgedByName, overdue: isOverdue(b, r, today: today))
            }.sorted { $0.partnerName < $1.partnerName }
        )
    }

    // MARK: Writes

    static func create(_ input: BroadcastInput, by actor: Actor, now: Date = Date(), on db: any Database) async throws -> Broadcast {
        var errors = FieldErrors()
        Check.required(input.title, "title", into: &errors)
        Check.required(input.body, "body", max: Check.longText, into: &errors)
        let links = parseLinks(input.articleLinks ?? [], into: &errors)
        if let by = input.acknowledgeBy, by > input.effectiveDate.adding(days: 90) { errors.add("acknowledgeBy", "must be within 90 days of the effective date") }
        let partners = try await Partner.query(on: db).filter(\.$kind == .partner).all()
        let chosen = Set(input.partnerIDs ?? [])
        let audience: [Partner] = input.audience == .allPartners
            ? partners.filter { $0.status != .ended }
            : partners.filter { chosen.contains($0.id!) }
        switch input.audience {
        case .allPartners:
            break
        case .somePartners, .queues:
            if chosen.isEmpty { errors.add("partnerIDs", "choose at least one partner") }
            else if audience.count != chosen.count { errors.add("partnerIDs", "must be existing partners") }
        }
        if input.audience == .queues {
            let queues = input.queueIDs ?? []
            if queues.isEmpty { errors.add("queueIDs", "choose at least one queue") }
            else if try await Queue.query(on: db).filter(\.$id ~~ queues).count() != Set(queues).count { errors.add("queueIDs", "must be existing queues") }
        }
        if audience.isEmpty && errors["partnerIDs"] == nil { errors.add("audience", "reaches no partner") }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }

        let broadcast = Broadcast()
        broadcast.kind = input.kind
        broadcast.title = input.title.trimmingCharacters(in: .whitespaces)
        broadcast.body = input.body
        broadcast.effectiveOn = input.effectiveDate.description
        broadcast.acknowledgeBy = input.requiresAcknowledgement ? (input.acknowledgeBy ?? input.effectiveDate).description : nil
        broadcast.audience = input.audience
        broadcast.queueIDs = input.audience == .queues ? (input.queueIDs ?? []).map { $0.uuidString.lowercased() }.joined(separator: ",") : ""
        broadcast.articleLinks = links.map { "\($0.title) | \($0.url)" }.joined(separator: "\n")
        broadcast.requiresAcknowledgement = input.requiresAcknowledgement
        broadcast.sentByName = actor.name.components(separatedBy: " <").first ?? actor.name
        broadcast.sentAt = now
        try await db.transaction { tx in
            try await broadcast.create(on: tx)
            try await AuditLog.created(broadcast, by: actor, on: tx)
            for partner in audience {
                let recipient = BroadcastRecipient()
                recipient.$broadcast.id = try broadcast.requireID()
                recipient.$partner.id = try partner.requireID()
                try await recipient.create(on: tx)
            }
            // Recorded with the broadcast (or not at all), for the subscriptions that want it.
            try await WebhookEvents.broadcastSent(broadcast, audience: audience, links: links, on: tx)
        }
        return broadcast
    }

    /// Records the partner's acknowledgement once; acknowledging again changes nothing.
    static func acknowledge(_ broadcast: Broadcast, partnerID: UUID, by actor: Actor, now: Date = Date(), on db: any Database) async throws {
        guard let recipient = try await BroadcastRecipient.query(on: db).filter(\.$broadcast.$id == broadcast.requireID())
            .filter(\.$partner.$id == partnerID).first() else { throw Abort(.notFound, reason: "This broadcast did not go to that partner.") }
        guard recipient.acknowledgedAt == nil else { return }
        let before = recipient.auditFields
        recipient.acknowledgedAt = now
        recipient.acknowledgedByName = actor.name.components(separatedBy: " <").first ?? actor.name
        try await db.transaction { tx in
            try await recipient.update(on: tx)
            try await AuditLog.updated(recipient, before: before, by: actor, on: tx)
        }
    }

    /// Overdue acknowledgements: (broadcast, partner) pairs, for the dashboard and reminders.
    static func overdue(scope: PartnerScope, today: LocalDate, on db: any Database) async throws -> [(broadcast: Broadcast, recipient: BroadcastRecipient)] {
        let rows = try await BroadcastRecipient.query(on: db).filter(\.$acknowledgedAt == nil).with(\.$broadcast).with(\.$partner).all()
        return scope.visible(rows, owner: { $0.$partner.id }).filter { isOverdue($0.broadcast, $0, today: today) }.map { ($0.broadcast, $0) }
    }
}
