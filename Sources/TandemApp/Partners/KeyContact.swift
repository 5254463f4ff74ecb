import Fluent
import Foundation
import TandemPartners

/// A named person on either side of a partnership (program manager, WFM lead, trainer...).
final class KeyContact: Model, @unchecked Sendable {
    static let schema = "key_contacts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner

    @Field(key: "name") var name: String
    @Field(key: "side") var side: ContactSide
    @Field(key: "role") var role: String
    @Field(key: "email") var email: String
    @Field(key: "phone") var phone: String

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

struct CreateKeyContact: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("key_contacts")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("side", .string, .required)
            .field("role", .string, .required)
            .field("email", .string, .required)
            .field("phone", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("key_contacts").delete()
    }
}
