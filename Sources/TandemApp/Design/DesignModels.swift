import Fluent
import Foundation
import TandemSelection

/// Who owns one activity of a partnership, and the client hours a week it takes.
final class ResponsibilityRow: Model, @unchecked Sendable {
    static let schema = "partnership_responsibilities"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "activity") var activity: Activity
    @Field(key: "owner") var owner: ResponsibilityOwner
    @Field(key: "client_hours") var clientHours: Double

    init() {}

    var assignment: ResponsibilityAssignment { ResponsibilityAssignment(activity: activity, owner: owner, clientHoursPerWeek: clientHours) }
}

/// One of the client's people and the hours a week they can give a partnership.
final class CapacityPersonRecord: Model, @unchecked Sendable {
    static let schema = "capacity_people"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "name") var name: String
    @Field(key: "role") var role: String
    @Field(key: "hours_per_week") var hoursPerWeek: Double

    init() {}
}

enum DesignMigrations {
    static let all: [any Migration] = [CreateResponsibilityRow(), CreateCapacityPerson(), CreateSmartGoal()]
}

struct CreateResponsibilityRow: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("partnership_responsibilities")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("activity", .string, .required)
            .field("owner", .string, .required)
            .field("client_hours", .double, .required)
            .unique(on: "partner_id", "activity")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("partnership_responsibilities").delete() }
}

struct CreateCapacityPerson: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("capacity_people")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("hours_per_week", .double, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("capacity_people").delete() }
}

// The matrix is shared with the partner (its history shows the changes); the client's own
// people and their hours are the client's, so they carry no partner id.
extension ResponsibilityRow: Audited {
    static let auditType = "responsibility"
    var auditLabel: String { activity.label }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] { ["activity": activity.rawValue, "owner": owner.rawValue, "clientHoursPerWeek": SelectionFormat.number(clientHours)] }
}

extension CapacityPersonRecord: Audited {
    static let auditType = "capacity_person"
    var auditLabel: String { name }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] { ["partnerID": $partner.id.uuidString, "name": name, "role": role, "hoursPerWeek": SelectionFormat.number(hoursPerWeek)] }
}
