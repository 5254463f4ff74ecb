import Fluent
import Foundation
import TandemPartners
import TandemRelationship

/// A recurring meeting with one partner (weekly sync, monthly or quarterly business review).
final class MeetingSeries: Model, @unchecked Sendable {
    static let schema = "meeting_series"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "cadence") var cadence: MeetingCadence
    @Field(key: "title") var title: String
    /// The first occurrence (UTC); later ones follow the cadence.
    @Field(key: "first_starts_at") var firstStartsAt: Date
    @Field(key: "duration_minutes") var durationMinutes: Int
    @Field(key: "active") var active: Bool

    init() {}
}

/// One meeting that took place (or is being prepared): agenda, notes, decisions.
final class Meeting: Model, @unchecked Sendable {
    static let schema = "meetings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner
    @OptionalParent(key: "series_id") var series: MeetingSeries?
    @Field(key: "title") var title: String
    @Field(key: "starts_at") var startsAt: Date
    /// Markdown, drafted from the data when the meeting is created and editable after.
    @Field(key: "agenda") var agenda: String
    @Field(key: "notes") var notes: String
    @Field(key: "decisions") var decisions: String

    init() {}
}

/// A commitment made in a meeting: who (on which side), what, by when.
final class ActionItem: Model, @unchecked Sendable {
    static let schema = "action_items"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner
    @OptionalParent(key: "meeting_id") var meeting: Meeting?
    @Field(key: "title") var title: String
    @Field(key: "owner_side") var ownerSide: ContactSide
    @Field(key: "owner_name") var ownerName: String
    @Field(key: "due_on") var dueOn: String
    @Field(key: "status") var status: ActionStatus
    @OptionalField(key: "completed_on") var completedOn: String?

    init() {}

    var commitment: Commitment {
        Commitment(side: ownerSide, dueOn: LocalDate(dueOn)!, status: status, completedOn: completedOn.flatMap(LocalDate.init))
    }
}

/// A user's secret calendar-feed address; only a digest of the secret is stored.
final class CalendarFeed: Model, @unchecked Sendable {
    static let schema = "calendar_feeds"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

struct CreateMeetingSeries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("meeting_series")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("cadence", .string, .required)
            .field("title", .string, .required)
            .field("first_starts_at", .datetime, .required)
            .field("duration_minutes", .int, .required)
            .field("active", .bool, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("meeting_series").delete() }
}

struct CreateMeeting: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("meetings")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("series_id", .uuid, .references("meeting_series", "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("agenda", .string, .required)
            .field("notes", .string, .required)
            .field("decisions", .string, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("meetings").delete() }
}

struct CreateActionItem: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("action_items")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("meeting_id", .uuid, .references("meetings", "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("owner_side", .string, .required)
            .field("owner_name", .string, .required)
            .field("due_on", .string, .required)
            .field("status", .string, .required)
            .field("completed_on", .string)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("action_items").delete() }
}

struct CreateCalendarFeed: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("calendar_feeds")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .unique(on: "user_id")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("calendar_feeds").delete() }
}

extension MeetingSeries: Audited {
    static let auditType = "meeting_series"
    var auditLabel: String { title }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] {
        ["cadence": cadence.rawValue, "title": title, "firstStartsAt": Components.date(firstStartsAt), "durationMinutes": String(durationMinutes), "active": String(active)]
    }
}

extension Meeting: Audited {
    static let auditType = "meeting"
    var auditLabel: String { title }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] {
        ["title": title, "startsAt": Components.date(startsAt), "agenda": agenda, "notes": notes, "decisions": decisions]
    }
}

extension ActionItem: Audited {
    static let auditType = "action_item"
    var auditLabel: String { title }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] {
        ["title": title, "ownerSide": ownerSide.rawValue, "ownerName": ownerName, "dueOn": dueOn, "status": status.rawValue, "completedOn": completedOn ?? ""]
    }
}
