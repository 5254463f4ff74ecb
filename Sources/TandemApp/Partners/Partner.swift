import Fluent
import Foundation
import TandemPartners

// Fluent's property wrappers are not Sendable-checked; models are only touched by one
// request at a time, hence `@unchecked Sendable` on every model in the app.

/// A team that handles customer contacts: an outsourcing partner or the in-house team.
final class Partner: Model, @unchecked Sendable {
    static let schema = "partners"

    @ID(key: .id) var id: UUID?

    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: TeamKind
    @Field(key: "status") var status: PartnerStatus
    @Field(key: "involvement") var involvement: InvolvementLevel
    /// Calendar day, `YYYY-MM-DD`.
    @OptionalField(key: "go_live_on") var goLiveOn: String?
    @OptionalParent(key: "relationship_manager_id") var relationshipManager: User?
    @Field(key: "notes") var notes: String

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    @Children(for: \.$partner) var sites: [Site]
    @Children(for: \.$partner) var keyContacts: [KeyContact]

    init() {}
}

struct CreatePartner: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("partners")
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("involvement", .string, .required)
            .field("go_live_on", .string)
            .field("relationship_manager_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("notes", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("partners").delete()
    }
}
