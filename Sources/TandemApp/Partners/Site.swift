import Fluent
import Foundation
import TandemPartners

/// A place where a team's agents work.
final class Site: Model, @unchecked Sendable {
    static let schema = "sites"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner

    @Field(key: "name") var name: String
    @Field(key: "city") var city: String
    /// ISO 3166-1 alpha-2.
    @Field(key: "country") var country: String
    @Field(key: "location_type") var locationType: LocationType
    /// IANA name; contact times without an offset are read in this zone.
    @Field(key: "time_zone") var timeZone: String
    /// Comma-separated language tags, e.g. "en,es-MX".
    @Field(key: "languages") var languages: String
    @Field(key: "seats") var seats: Int

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var languageList: [String] { Check.list(languages) }
}

struct CreateSite: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sites")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("city", .string, .required)
            .field("country", .string, .required)
            .field("location_type", .string, .required)
            .field("time_zone", .string, .required)
            .field("languages", .string, .required)
            .field("seats", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "partner_id", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sites").delete()
    }
}
