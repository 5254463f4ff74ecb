import Fluent
import Foundation
import TandemPerformance

/// Praise for one agent, from the client's side or the partner's; the partner's team leads see it.
final class Kudos: Model, @unchecked Sendable {
    static let schema = "frontline_kudos"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var team: Partner
    @Parent(key: "roster_agent_id") var agent: RosterAgentRecord
    @Field(key: "from_name") var fromName: String
    /// "client" or "partner".
    @Field(key: "from_side") var fromSide: String
    @Field(key: "message") var message: String
    @Field(key: "given_on") var givenOn: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A win celebrated with a team: a launch, a record week, a milestone.
final class Celebration: Model, @unchecked Sendable {
    static let schema = "frontline_celebrations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var team: Partner
    @Field(key: "title") var title: String
    @Field(key: "celebrated_on") var celebratedOn: Int
    @Field(key: "notes") var notes: String
    @Field(key: "recorded_by") var recordedBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// Who visited a team's floor, when, why, and what they saw.
final class TeamSiteVisit: Model, @unchecked Sendable {
    static let schema = "frontline_site_visits"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var team: Partner
    @OptionalParent(key: "site_id") var site: Site?
    @Field(key: "visited_on") var visitedOn: Int
    @Field(key: "visitors") var visitors: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "notes") var notes: String
    @Field(key: "recorded_by") var recordedBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A contest over a period on one KPI among a team's agents; its leaderboard is recomputed when
/// data arrives and stored, and the winners are recorded once, by a person.
final class ContestRecord: Model, @unchecked Sendable {
    static let schema = "frontline_contests"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var team: Partner
    @Field(key: "name") var name: String
    @Field(key: "metric") var metric: String
    @Field(key: "first_day") var firstDay: Int
    @Field(key: "last_day") var lastDay: Int
    @Field(key: "minimum_sample") var minimumSample: Int
    @Field(key: "normalise") var normalise: Bool
    @Field(key: "prizes") var prizes: Int
    /// JSON `Leaderboard`.
    @OptionalField(key: "leaderboard") var leaderboard: String?
    @OptionalField(key: "computed_at") var computedAt: Date?
    /// JSON array of `ContestWinnerDTO`, once recorded.
    @OptionalField(key: "winners") var winners: String?
    @OptionalField(key: "winners_recorded_at") var winnersRecordedAt: Date?
    @OptionalField(key: "winners_recorded_by") var winnersRecordedBy: String?
    @Field(key: "created_by") var createdBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

extension Kudos: Audited {
    static let auditType = "kudos"
    var auditLabel: String { "Kudos" }
    var auditPartnerID: UUID? { $team.id }
    var auditFields: [String: String] {
        ["agent": $agent.id.uuidString, "fromName": fromName, "fromSide": fromSide, "message": message, "givenOn": UTCDay(daysSince1970: givenOn).description]
    }
}

extension Celebration: Audited {
    static let auditType = "celebration"
    var auditLabel: String { title }
    var auditPartnerID: UUID? { $team.id }
    var auditFields: [String: String] {
        ["title": title, "celebratedOn": UTCDay(daysSince1970: celebratedOn).description, "notes": notes, "recordedBy": recordedBy]
    }
}

extension TeamSiteVisit: Audited {
    static let auditType = "site_visit"
    var auditLabel: String { "Site visit \(UTCDay(daysSince1970: visitedOn))" }
    var auditPartnerID: UUID? { $team.id }
    var auditFields: [String: String] {
        ["site": $site.id?.uuidString ?? "", "visitedOn": UTCDay(daysSince1970: visitedOn).description, "visitors": visitors, "purpose": purpose,
         "notes": notes, "recordedBy": recordedBy]
    }
}

extension ContestRecord: Audited {
    static let auditType = "contest"
    var auditLabel: String { name }
    var auditPartnerID: UUID? { $team.id }
    var auditFields: [String: String] {
        ["name": name, "metric": metric, "firstDay": UTCDay(daysSince1970: firstDay).description, "lastDay": UTCDay(daysSince1970: lastDay).description,
         "minimumSample": String(minimumSample), "normalise": normalise ? "yes" : "no", "prizes": String(prizes), "winners": winners ?? "",
         "winnersRecordedBy": winnersRecordedBy ?? ""]
    }
}

struct CreateKudos: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("frontline_kudos")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("roster_agent_id", .uuid, .required, .references("roster_agents", "id", onDelete: .cascade))
            .field("from_name", .string, .required)
            .field("from_side", .string, .required)
            .field("message", .string, .required)
            .field("given_on", .int, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("frontline_kudos").delete() }
}

struct CreateCelebration: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("frontline_celebrations")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("celebrated_on", .int, .required)
            .field("notes", .string, .required)
            .field("recorded_by", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("frontline_celebrations").delete() }
}

struct CreateTeamSiteVisit: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("frontline_site_visits")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("site_id", .uuid, .references("sites", "id", onDelete: .setNull))
            .field("visited_on", .int, .required)
            .field("visitors", .string, .required)
            .field("purpose", .string, .required)
            .field("notes", .string, .required)
            .field("recorded_by", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("frontline_site_visits").delete() }
}

struct CreateContest: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("frontline_contests")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("metric", .string, .required)
            .field("first_day", .int, .required)
            .field("last_day", .int, .required)
            .field("minimum_sample", .int, .required)
            .field("normalise", .bool, .required)
            .field("prizes", .int, .required)
            .field("leaderboard", .string)
            .field("computed_at", .datetime)
            .field("winners", .string)
            .field("winners_recorded_at", .datetime)
            .field("winners_recorded_by", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("frontline_contests").delete() }
}
