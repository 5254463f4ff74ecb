import Fluent
import SQLKit
import Foundation

/// One change to the workspace: who, when, what, and each field's value before and after.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "occurred_at") var occurredAt: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    /// Kept as text so the entry still reads right after the user is renamed or removed.
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: AuditAction
    @Field(key: "entity_type") var entityType: String
    @Field(key: "entity_id") var entityID: UUID
    @Field(key: "entity_label") var entityLabel: String
    /// The partner whose page shows this entry (nil for workspace-wide changes).
    @OptionalField(key: "partner_id") var partnerID: UUID?
    /// JSON array of `AuditChange`.
    @Field(key: "changes") var changes: String

    init() {}
}

enum AuditAction: String, Codable, Sendable, CaseIterable {
    case create, update, delete
}

struct CreateAuditEntry: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries")
            .id()
            .field("occurred_at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .uuid, .required)
            .field("entity_label", .string, .required)
            .field("partner_id", .uuid)
            .field("changes", .string, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "audit_entries_partner_time").on("audit_entries").column("partner_id").column("occurred_at").run()
            try await sql.create(index: "audit_entries_time").on("audit_entries").column("occurred_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_entries").delete()
    }
}
