import Fluent
import SQLKit
import TandemPerformance

/// Contacts in the canonical shape. No Fluent model: they are written and read in bulk through
/// `ContactRecordStore` and the import's writers (prepared statements on SQLite, COPY on
/// PostgreSQL), never one by one. (source, external_id) is the key.
/// Times are whole milliseconds since 1970 (UTC); durations whole milliseconds.
struct CreateContactRecord: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await Self.schema(named: "contact_records", keyed: false, on: database)
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "contact_records_team_day").on("contact_records").column("team_id").column("day").run()
        }
    }

    /// The table's columns. `keyed`: teams, sites, queues and import runs as `contact_keys` numbers
    /// (the shape since `UpdateContactRecordCompactKeys`); otherwise as UUIDs (the first shape).
    static func schema(named table: String, keyed: Bool, on database: any Database) async throws {
        func reference(_ name: String) -> (FieldKey, DatabaseSchema.DataType) {
            keyed ? (FieldKey(stringLiteral: name + "_key"), .int64) : (FieldKey(stringLiteral: name + "_id"), .uuid)
        }
        let team = reference("team"), site = reference("site"), queue = reference("queue")
        let run = keyed ? (FieldKey("run_key"), DatabaseSchema.DataType.int64) : (FieldKey("import_run_id"), .uuid)
        try await database.schema(table)
            .field("source", .string, .required)
            .field("external_id", .string, .required)
            .field(team.0, team.1, .required)
            .field(site.0, site.1)
            .field(queue.0, queue.1, .required)
            .field("channel", .string, .required)
            .field("agent", .string)
            .field("customer", .string)
            .field("offered_at_ms", .int64, .required)
            .field("answered_at_ms", .int64)
            .field("abandoned", .bool, .required)
            .field("wait_ms", .int64, .required)
            .field("talk_ms", .int64, .required)
            .field("hold_ms", .int64, .required)
            .field("after_work_ms", .int64, .required)
            .field("resolved_first_contact", .bool)
            .field("csat", .int)
            .field("csat_scale", .string, .required)
            .field("day", .int, .required)
            .field(run.0, run.1, .required)
            .field("import_line", .int, .required)
            .unique(on: "source", "external_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("contact_records").delete()
    }
}

/// Additive KPI counters per team × queue × UTC day (`RollupCounters.columnNames`), kept in step
/// with `contact_records` inside each import's transaction. Scorecards read only these.
struct CreateContactRollup: AsyncMigration {
    func prepare(on database: any Database) async throws {
        var builder = database.schema("contact_rollups")
            .field("team_id", .uuid, .required)
            .field("queue_id", .uuid, .required)
            .field("day", .int, .required)
            .field("week", .int, .required)
            .field("month", .int, .required)
            .field("service_level_ms", .int64, .required)
            .field("short_abandon_ms", .int64, .required)
        for column in RollupCounters.columnNames {
            builder = builder.field(FieldKey(stringLiteral: column), .int64, .required)
        }
        try await builder.unique(on: "team_id", "queue_id", "day").create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "contact_rollups_week").on("contact_rollups").column("week").run()
            try await sql.create(index: "contact_rollups_month").on("contact_rollups").column("month").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("contact_rollups").delete()
    }
}

struct CreateImportRun: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("import_runs")
            .id()
            .field("kind", .string, .required)
            .field("source", .string, .required)
            .field("file_name", .string, .required)
            .field("format", .string, .required)
            .field("accept_valid", .bool, .required)
            .field("status", .string, .required)
            .field("rows_read", .int64, .required)
            .field("rows_inserted", .int64, .required)
            .field("rows_updated", .int64, .required)
            .field("rows_rejected", .int64, .required)
            .field("bytes_total", .int64, .required)
            .field("bytes_read", .int64, .required)
            .field("issues", .string, .required)
            .field("message", .string, .required)
            .field("requested_by", .string, .required)
            .field("job_id", .uuid)
            .field("created_at", .datetime)
            .field("started_at", .datetime)
            .field("finished_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("import_runs").delete()
    }
}

struct CreateImportMapping: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("import_mappings")
            .id()
            .field("source", .string, .required)
            .field("columns", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "source")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("import_mappings").delete()
    }
}

struct CreateKPITarget: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("kpi_targets")
            .id()
            .field("team_id", .uuid, .references("partners", "id", onDelete: .cascade))
            .field("queue_id", .uuid, .references("queues", "id", onDelete: .cascade))
            .field("channel_id", .uuid, .references("channels", "id", onDelete: .cascade))
            .field("kpi", .string, .required)
            .field("target", .double, .required)
            .field("effective_from", .string, .required)
            .field("effective_to", .string)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("kpi_targets").delete()
    }
}

struct CreateQAEvaluation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("qa_evaluations")
            .id()
            .field("source", .string, .required)
            .field("external_id", .string, .required)
            .field("team_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("agent", .string, .required)
            .field("evaluator", .string, .required)
            .field("day", .int, .required)
            .field("sections", .string, .required)
            .field("score_milli", .int64)
            .field("auto_failed", .bool, .required)
            .unique(on: "source", "external_id")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "qa_evaluations_team_day").on("qa_evaluations").column("team_id").column("day").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("qa_evaluations").delete()
    }
}

struct CreatePerformanceSettings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("performance_settings")
            .id()
            .field("settings", .string, .required)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("performance_settings").delete()
    }
}

struct CreatePerformanceAlert: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("performance_alerts")
            .id()
            .field("team_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("kpi", .string, .required)
            .field("rule", .string, .required)
            .field("message", .string, .required)
            .field("period_start", .string, .required)
            .field("raised_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("performance_alerts").delete()
    }
}

/// Per-queue time-range reads (repeat-contact FCR recompute, "observed through", the staffing
/// baseline history) would otherwise scan every contact.
struct UpdateContactRecordAddQueueTimeIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "contact_records_queue_offered").on("contact_records").column("queue_id").column("offered_at_ms").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "contact_records_queue_offered").run()
    }
}

/// Contacts are never read by team (scorecards read `contact_rollups`; the other reads go by queue
/// and time), so the (team_id, day) index cost every import a fourth B-tree for nothing.
struct UpdateContactRecordDropTeamDayIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "contact_records_team_day").ifExists().run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "contact_records_team_day").on("contact_records").column("team_id").column("day").run()
    }
}
