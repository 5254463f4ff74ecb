import Fluent
import Foundation
import SQLKit

/// What the figures pages show are derived from, in areas. Each area has a version in the
/// database that moves on with every committed write to one of its tables: database triggers
/// (created by `CreateDataVersions`) do it inside the writing transaction, whoever writes and
/// however (Fluent, raw SQL, bulk imports, another app server). A server that keeps a derived
/// figure in memory keeps it with the versions it was computed at, and reads the versions (one
/// small query) before it uses it: several app servers stay correct without talking to each other.
enum DataArea: String, CaseIterable, Sendable {
    /// Teams, their sites and key contacts, channels, queues.
    case registry
    /// Users (sign-ins write their last sign-in time, so they are an area of their own).
    case people
    /// Contact rollups, QA evaluations, KPI targets, performance settings, alerts.
    case performance
    /// Forecasts, schedules, allocations, staffing settings and rules.
    case staffing
    /// Broadcasts and acknowledgements, meetings and action items, incidents, surveys, feedback.
    case relationship
    /// The audit log (the dashboard's recent changes).
    case audit
    /// Contracts and their versions, documents, invoices, SLA evaluations, delivered hours, costs.
    case contracts
    /// Rosters, agent-day figures, ramp plans, recognition, contests, QA calibration, front-line settings.
    case frontline
}

/// The version of every area at one moment: what a derived figure is stamped with.
struct DataVersions: Sendable, Equatable {
    let values: [DataArea: Int64]

    subscript(area: DataArea) -> Int64 { values[area] ?? 0 }

    func stamp(_ areas: [DataArea]) -> [Int64] { areas.map { self[$0] } }
}

enum DataVersionStore {
    /// One query on either engine. SQLite's triggers add to `data_versions` directly (one writer at
    /// a time); PostgreSQL's record one row per writing transaction and area in
    /// `data_version_changes` (so concurrent writers never wait on a shared counter row), folded
    /// into `data_versions` now and then by `compact`, which leaves every sum unchanged.
    static func load(on db: any Database) async throws -> DataVersions {
        let rows = try await (db as! any SQLDatabase).raw("""
            SELECT v.area AS area, v.version + (SELECT COUNT(*) FROM data_version_changes c WHERE c.area = v.area) AS version FROM data_versions v
            """).all()
        var values: [DataArea: Int64] = [:]
        for row in rows {
            guard let area = DataArea(rawValue: try row.decode(column: "area", as: String.self)) else { continue }
            values[area] = try row.decode(column: "version", as: Int64.self)
        }
        return DataVersions(values: values)
    }

    /// PostgreSQL: folds the recorded changes into the counters in one statement (a reader sees the
    /// sums before or after it, equal either way). Rows of transactions still open are not visible
    /// to it and stay for the next pass. SQLite has nothing to fold.
    @discardableResult
    static func compact(on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase, Engine(sql) == .postgres else { return 0 }
        let rows = try await sql.raw("""
            WITH moved AS (DELETE FROM data_version_changes RETURNING area),
                 counted AS (SELECT area, COUNT(*) AS n FROM moved GROUP BY area),
                 updated AS (UPDATE data_versions v SET version = v.version + counted.n FROM counted WHERE v.area = counted.area RETURNING counted.n)
            SELECT COALESCE(SUM(n), 0)::BIGINT AS moved FROM updated
            """).all()
        return try rows.first?.decode(column: "moved", as: Int.self) ?? 0
    }
}

/// The version table, its change log (PostgreSQL) and a trigger per table and kind of write.
/// A later table that derived figures read gets its trigger in a migration of its own.
struct CreateDataVersions: AsyncMigration {
    static let areas: [(area: String, tables: [String])] = [
        ("registry", ["partners", "sites", "key_contacts", "channels", "queues"]),
        ("people", ["users"]),
        ("performance", ["contact_rollups", "qa_evaluations", "kpi_targets", "performance_settings", "performance_alerts"]),
        ("staffing", ["forecast_intervals", "scheduled_intervals", "allocation_shares", "queue_staffing_settings", "staffing_rules",
                      "channel_lead_times", "team_notice_periods", "staffing_imports"]),
        ("relationship", ["broadcasts", "broadcast_recipients", "incidents", "escalation_levels", "meeting_series", "meetings", "action_items",
                          "survey_rounds", "survey_responses", "feedback_notes", "relationship_settings"]),
        ("audit", ["audit_entries"]),
        ("contracts", ["contracts", "contract_versions", "contract_documents", "contract_settings", "invoices", "invoice_lines",
                       "sla_evaluations", "delivered_hours", "in_house_costs"]),
        ("frontline", ["roster_agents", "roster_imports", "frontline_contact_days", "frontline_qa_days", "frontline_team_snapshots", "frontline_settings",
                       "ramp_plans", "ramp_waves", "frontline_kudos", "frontline_celebrations", "frontline_site_visits", "frontline_contests",
                       "calibration_sessions", "calibration_graders", "calibration_scores"]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "data_versions")
            .column("area", type: .text, .primaryKey(autoIncrement: false))
            .column("version", type: .bigint, .notNull)
            .run()
        try await sql.create(table: "data_version_changes")
            .column("area", type: .text, .notNull)
            .column("xact", type: .bigint, .notNull)
            .primaryKey("area", "xact")
            .run()
        for (area, _) in Self.areas {
            try await sql.insert(into: "data_versions").columns("area", "version").values(area, Int64(1)).run()
        }
        switch Engine(sql) {
        case .postgres:
            try await sql.raw("""
                CREATE FUNCTION tandem_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  INSERT INTO data_version_changes (area, xact) VALUES (TG_ARGV[0], txid_current()) ON CONFLICT DO NOTHING;
                  RETURN NULL;
                END $$
                """).run()
            for (area, tables) in Self.areas {
                for table in tables {
                    try await sql.raw("""
                        CREATE TRIGGER \(unsafeRaw: "data_version_\(table)") AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(ident: table)
                        FOR EACH STATEMENT EXECUTE FUNCTION tandem_data_changed(\(unsafeRaw: "'\(area)'"))
                        """).run()
                }
            }
        case .sqlite, nil:
            for (area, tables) in Self.areas {
                for table in tables {
                    for event in ["INSERT", "UPDATE", "DELETE"] {
                        try await sql.raw("""
                            CREATE TRIGGER \(unsafeRaw: "data_version_\(table)_\(event.lowercased())") AFTER \(unsafeRaw: event) ON \(ident: table)
                            BEGIN UPDATE data_versions SET version = version + 1 WHERE area = \(unsafeRaw: "'\(area)'"); END
                            """).run()
                    }
                }
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for (_, tables) in Self.areas {
            for table in tables {
                switch Engine(sql) {
                case .postgres: try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: "data_version_\(table)") ON \(ident: table)").run()
                case .sqlite, nil:
                    for event in ["insert", "update", "delete"] { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: "data_version_\(table)_\(event)")").run() }
                }
            }
        }
        if Engine(sql) == .postgres { try await sql.raw("DROP FUNCTION IF EXISTS tandem_data_changed()").run() }
        try await sql.drop(table: "data_version_changes").run()
        try await sql.drop(table: "data_versions").run()
    }
}
