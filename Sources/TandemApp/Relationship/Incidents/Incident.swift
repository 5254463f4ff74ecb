import Fluent
import Foundation
import TandemRelationship

/// Something that went wrong, who raised it, and how it was put right.
final class Incident: Model, @unchecked Sendable {
    static let schema = "incidents"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "title") var title: String
    @Field(key: "severity") var severity: IncidentSeverity
    @Field(key: "category") var category: IncidentCategory
    @Field(key: "source") var source: IncidentSource
    @Field(key: "description") var details: String
    @Field(key: "root_cause") var rootCause: String
    @Field(key: "corrective_action") var correctiveAction: String
    @Field(key: "status") var status: IncidentStatus
    @Field(key: "opened_at") var openedAt: Date
    /// First response by the escalation contact: stops the escalation clock.
    @OptionalField(key: "responded_at") var respondedAt: Date?
    @OptionalField(key: "resolved_at") var resolvedAt: Date?
    @Field(key: "raised_by_name") var raisedByName: String
    /// The performance alert the incident was opened from (one click on an alert), if any.
    /// Alerts keep their id while their condition persists, so this finds the open incident again.
    @OptionalField(key: "alert_id") var alertID: UUID?

    init() {}
}

/// One level of a partner's escalation policy.
final class EscalationLevel: Model, @unchecked Sendable {
    static let schema = "escalation_levels"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "position") var position: Int
    @Field(key: "person") var person: String
    @Field(key: "response_minutes") var responseMinutes: Int

    init() {}

    var step: EscalationStep { EscalationStep(position: position, person: person, responseMinutes: responseMinutes) }
}

struct CreateIncident: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("incidents")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("severity", .string, .required)
            .field("category", .string, .required)
            .field("source", .string, .required)
            .field("description", .string, .required)
            .field("root_cause", .string, .required)
            .field("corrective_action", .string, .required)
            .field("status", .string, .required)
            .field("opened_at", .datetime, .required)
            .field("responded_at", .datetime)
            .field("resolved_at", .datetime)
            .field("raised_by_name", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("incidents").delete()
    }
}

/// Links an incident to the performance alert it was opened from.
struct UpdateIncidentAddAlertID: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("incidents").field("alert_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("incidents").deleteField("alert_id").update()
    }
}

struct CreateEscalationLevel: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("escalation_levels")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("person", .string, .required)
            .field("response_minutes", .int, .required)
            .unique(on: "partner_id", "position")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("escalation_levels").delete()
    }
}

extension Incident: Audited {
    static let auditType = "incident"
    var auditLabel: String { title }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] {
        ["title": title, "severity": severity.rawValue, "category": category.rawValue, "source": source.rawValue, "description": details,
         "rootCause": rootCause, "correctiveAction": correctiveAction, "status": status.rawValue, "openedAt": Components.date(openedAt),
         "respondedAt": respondedAt.map { Components.date($0) } ?? "", "resolvedAt": resolvedAt.map { Components.date($0) } ?? "", "alertID": alertID?.uuidString ?? ""]
    }
}

extension EscalationLevel: Audited {
    static let auditType = "escalation_level"
    var auditLabel: String { "Escalation level \(position)" }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] { ["position": String(position), "person": person, "responseMinutes": String(responseMinutes)] }
}
