import Fluent
import Foundation
import SQLKit

/// Agent-level daily figures, kept in step with the stored contacts and QA evaluations: every
/// import recomputes the days it touched, inside its own transaction (`AgentActivityStore`).
/// The front line reads these, never the raw contacts. No Fluent model: written and read in bulk.
///
/// `frontline_contact_days`: per team × queue × agent id × UTC day (agent "" = contacts without one).
struct CreateFrontlineContactDays: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("frontline_contact_days")
            .field("team_id", .uuid, .required)
            .field("queue_id", .uuid, .required)
            .field("agent", .string, .required)
            .field("day", .int, .required)
            .field("contacts", .int64, .required)
            .field("handled", .int64, .required)
            .field("handle_ms", .int64, .required)
            .field("csat_responses", .int64, .required)
            .field("csat_good", .int64, .required)
            .field("fcr_known", .int64, .required)
            .field("fcr_resolved", .int64, .required)
            .unique(on: "team_id", "queue_id", "agent", "day")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "frontline_contact_days_queue_day").on("frontline_contact_days").column("queue_id").column("day").run()
            try await sql.create(index: "frontline_contact_days_team_day").on("frontline_contact_days").column("team_id").column("day").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("frontline_contact_days").delete()
    }
}

/// `frontline_qa_days`: per team × agent id × UTC day; `evaluations` counts those with a score
/// (an evaluation with every item N/A has none), `records` every evaluation.
struct CreateFrontlineQADays: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("frontline_qa_days")
            .field("team_id", .uuid, .required)
            .field("agent", .string, .required)
            .field("day", .int, .required)
            .field("records", .int64, .required)
            .field("evaluations", .int64, .required)
            .field("score_milli", .int64, .required)
            .unique(on: "team_id", "agent", "day")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("frontline_qa_days").delete()
    }
}

/// One team's front-line figures as last computed (`FrontlineRefresh`), as JSON.
final class FrontlineTeamSnapshot: Model, @unchecked Sendable {
    static let schema = "frontline_team_snapshots"

    @ID(key: .id) var id: UUID?
    @Field(key: "partner_id") var teamID: UUID
    /// JSON `TeamFrontlineFigures`.
    @Field(key: "figures") var figures: String
    @Field(key: "computed_at") var computedAt: Date

    init() {}
}

struct CreateFrontlineTeamSnapshot: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("frontline_team_snapshots")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("figures", .string, .required)
            .field("computed_at", .datetime, .required)
            .unique(on: "partner_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("frontline_team_snapshots").delete()
    }
}

struct CreateFrontlineSettings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("frontline_settings")
            .id()
            .field("settings", .string, .required)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("frontline_settings").delete()
    }
}
