import Fluent
import Foundation
import TandemPartners
import TandemStaffing

// Staffing's tables. Interval starts are stored as whole minutes since 1970 in plan time
// (the wall-clock times written in the imported files), which both engines compare and
// index exactly.

/// How one queue is staffed (target, shrinkage, concurrency). A queue without a row uses
/// `QueueStaffingSettings.defaults`.
final class QueueStaffingSettings: Model, @unchecked Sendable {
    static let schema = "queue_staffing_settings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "queue_id") var queue: Queue
    /// Fraction in (0, 1); nil = no service-level target.
    @OptionalField(key: "service_level") var serviceLevel: Double?
    /// Nil = the queue's own service-level threshold.
    @OptionalField(key: "threshold_seconds") var thresholdSeconds: Int?
    @OptionalField(key: "max_asa_seconds") var maxASASeconds: Double?
    @OptionalField(key: "max_occupancy") var maxOccupancy: Double?
    @OptionalField(key: "patience_seconds") var patienceSeconds: Double?
    @Field(key: "shrinkage") var shrinkage: Double
    @Field(key: "concurrency") var concurrency: Double
    @Field(key: "efficiency") var efficiency: Double
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// Forecast volume and AHT of one queue in one interval.
final class ForecastRow: Model, @unchecked Sendable {
    static let schema = "forecast_intervals"

    @ID(key: .id) var id: UUID?
    @Parent(key: "queue_id") var queue: Queue
    @Field(key: "start_minute") var startMinute: Int
    @Field(key: "interval_minutes") var intervalMinutes: Int
    @Field(key: "contacts") var contacts: Double
    @Field(key: "aht_seconds") var ahtSeconds: Double

    init() {}
}

/// Agents one team scheduled on one queue in one interval.
final class ScheduleRow: Model, @unchecked Sendable {
    static let schema = "scheduled_intervals"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner
    @Parent(key: "queue_id") var queue: Queue
    @Field(key: "start_minute") var startMinute: Int
    @Field(key: "interval_minutes") var intervalMinutes: Int
    @Field(key: "agents") var agents: Double

    init() {}
}

/// One team's share of a queue (optionally for one shift) from a date on. Rows are never
/// changed: a new allocation is a new set of rows with a later date or revision, so the
/// history of who held what stays readable.
final class AllocationShare: Model, @unchecked Sendable {
    static let schema = "allocation_shares"

    @ID(key: .id) var id: UUID?
    @Parent(key: "queue_id") var queue: Queue
    @Parent(key: "partner_id") var partner: Partner
    /// `all` or a `Shift` raw value.
    @Field(key: "shift") var shift: String
    /// Share in basis points (10,000 = 100%), so a set sums to exactly 100%.
    @Field(key: "share_bp") var shareBasisPoints: Int
    /// `YYYY-MM-DD`.
    @Field(key: "effective_from") var effectiveFrom: String
    /// Orders sets with the same date: the higher revision wins.
    @Field(key: "revision") var revision: Int
    @Field(key: "note") var note: String
    /// The note is about every team sharing the queue: partner users read it only when its author says so.
    @Field(key: "note_visible_to_partners") var noteVisibleToPartners: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    static let allShifts = "all"

    var clientNote: ClientNote { ClientNote(text: note, visibleToPartners: noteVisibleToPartners) }
}

/// Allocation notes are hidden from partner users unless their author marks them visible (issue 20).
struct UpdateAllocationShareAddNoteVisibility: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("allocation_shares").field("note_visible_to_partners", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("allocation_shares").deleteField("note_visible_to_partners").update()
    }
}

/// The notice period a team must give before leaving (entered per team until contracts
/// hold it).
final class TeamNoticePeriod: Model, @unchecked Sendable {
    static let schema = "team_notice_periods"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "notice_days") var noticeDays: Int

    init() {}
}

/// Days to hire and to train a replacement agent for a channel.
final class ChannelLeadTime: Model, @unchecked Sendable {
    static let schema = "channel_lead_times"

    @ID(key: .id) var id: UUID?
    @Parent(key: "channel_id") var channel: Channel
    @Field(key: "hiring_days") var hiringDays: Int
    @Field(key: "training_days") var trainingDays: Int

    init() {}
}

/// Workspace-wide staffing rules: the concentration rule and the shift hours. At most one row.
final class StaffingRules: Model, @unchecked Sendable {
    static let schema = "staffing_rules"

    @ID(key: .id) var id: UUID?
    /// 0…1: a team holding at least this share of a queue or channel is flagged.
    @Field(key: "concentration_limit") var concentrationLimit: Double
    @Field(key: "exempt_overnight") var exemptOvernight: Bool
    @Field(key: "day_starts_at") var dayStartsAt: Int
    @Field(key: "evening_starts_at") var eveningStartsAt: Int
    @Field(key: "overnight_starts_at") var overnightStartsAt: Int

    init() {}
}

/// One forecast or schedule file that was imported: the audited record of the import.
final class StaffingImport: Model, @unchecked Sendable {
    static let schema = "staffing_imports"

    @ID(key: .id) var id: UUID?
    /// `forecast` or `schedule`.
    @Field(key: "kind") var kind: String
    @Field(key: "file_name") var fileName: String
    @Field(key: "row_count") var rowCount: Int
    @Field(key: "created_count") var createdCount: Int
    @Field(key: "updated_count") var updatedCount: Int
    @Field(key: "period") var period: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

// MARK: Migrations (appended at the end of `Migrations.all`)

struct CreateQueueStaffingSettings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("queue_staffing_settings")
            .id()
            .field("queue_id", .uuid, .required, .references("queues", "id", onDelete: .cascade))
            .field("service_level", .double)
            .field("threshold_seconds", .int)
            .field("max_asa_seconds", .double)
            .field("max_occupancy", .double)
            .field("patience_seconds", .double)
            .field("shrinkage", .double, .required)
            .field("concurrency", .double, .required)
            .field("efficiency", .double, .required)
            .field("updated_at", .datetime)
            .unique(on: "queue_id")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("queue_staffing_settings").delete() }
}

struct CreateForecastInterval: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("forecast_intervals")
            .id()
            .field("queue_id", .uuid, .required, .references("queues", "id", onDelete: .cascade))
            .field("start_minute", .int64, .required)
            .field("interval_minutes", .int, .required)
            .field("contacts", .double, .required)
            .field("aht_seconds", .double, .required)
            .unique(on: "queue_id", "start_minute")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("forecast_intervals").delete() }
}

struct CreateScheduledInterval: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("scheduled_intervals")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("queue_id", .uuid, .required, .references("queues", "id", onDelete: .cascade))
            .field("start_minute", .int64, .required)
            .field("interval_minutes", .int, .required)
            .field("agents", .double, .required)
            .unique(on: "partner_id", "queue_id", "start_minute")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("scheduled_intervals").delete() }
}

struct CreateAllocationShare: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("allocation_shares")
            .id()
            .field("queue_id", .uuid, .required, .references("queues", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("shift", .string, .required)
            .field("share_bp", .int, .required)
            .field("effective_from", .string, .required)
            .field("revision", .int, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "queue_id", "shift", "effective_from", "revision", "partner_id")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("allocation_shares").delete() }
}

struct CreateTeamNoticePeriod: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("team_notice_periods")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("notice_days", .int, .required)
            .unique(on: "partner_id")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("team_notice_periods").delete() }
}

struct CreateChannelLeadTime: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("channel_lead_times")
            .id()
            .field("channel_id", .uuid, .required, .references("channels", "id", onDelete: .cascade))
            .field("hiring_days", .int, .required)
            .field("training_days", .int, .required)
            .unique(on: "channel_id")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("channel_lead_times").delete() }
}

struct CreateStaffingRules: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("staffing_rules")
            .id()
            .field("concentration_limit", .double, .required)
            .field("exempt_overnight", .bool, .required)
            .field("day_starts_at", .int, .required)
            .field("evening_starts_at", .int, .required)
            .field("overnight_starts_at", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("staffing_rules").delete() }
}

struct CreateStaffingImport: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("staffing_imports")
            .id()
            .field("kind", .string, .required)
            .field("file_name", .string, .required)
            .field("row_count", .int, .required)
            .field("created_count", .int, .required)
            .field("updated_count", .int, .required)
            .field("period", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("staffing_imports").delete() }
}

/// Staffing's migrations in order; `Migrations.all` appends them at its end.
enum StaffingMigrations {
    static let all: [any Migration] = [
        CreateQueueStaffingSettings(), CreateForecastInterval(), CreateScheduledInterval(), CreateAllocationShare(),
        CreateTeamNoticePeriod(), CreateChannelLeadTime(), CreateStaffingRules(), CreateStaffingImport(),
    ]
}

// MARK: Audit descriptions

extension QueueStaffingSettings: Audited {
    static let auditType = "staffing_settings"
    var auditLabel: String { "Staffing settings of \($queue.value?.name ?? "a queue")" }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        func text(_ value: Double?) -> String { value.map { String($0) } ?? "—" }
        return ["serviceLevel": text(serviceLevel), "thresholdSeconds": thresholdSeconds.map(String.init) ?? "queue default",
                "maxASASeconds": text(maxASASeconds), "maxOccupancy": text(maxOccupancy), "patienceSeconds": text(patienceSeconds),
                "shrinkage": String(shrinkage), "concurrency": String(concurrency), "efficiency": String(efficiency)]
    }
}

extension AllocationShare: Audited {
    static let auditType = "allocation"
    var auditLabel: String { "Allocation of \($queue.value?.name ?? "a queue")" }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] {
        ["queueID": $queue.id.uuidString.lowercased(), "partnerID": $partner.id.uuidString.lowercased(), "shift": shift,
         "share": StaffingFormat.percent(Double(shareBasisPoints) / 10_000), "effectiveFrom": effectiveFrom, "revision": String(revision), "note": note,
         "noteVisibleToPartners": noteVisibleToPartners ? "yes" : "no"]
    }
}

extension TeamNoticePeriod: Audited {
    static let auditType = "notice_period"
    var auditLabel: String { "Notice period" }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] { ["noticeDays": String(noticeDays)] }
}

extension ChannelLeadTime: Audited {
    static let auditType = "channel_lead_time"
    var auditLabel: String { "Backfill lead time of \($channel.value?.name ?? "a channel")" }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] { ["hiringDays": String(hiringDays), "trainingDays": String(trainingDays)] }
}

extension StaffingRules: Audited {
    static let auditType = "staffing_rules"
    var auditLabel: String { "Staffing rules" }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        ["concentrationLimit": StaffingFormat.percent(concentrationLimit), "exemptOvernight": String(exemptOvernight),
         "dayStartsAt": String(dayStartsAt), "eveningStartsAt": String(eveningStartsAt), "overnightStartsAt": String(overnightStartsAt)]
    }
}

extension StaffingImport: Audited {
    static let auditType = "staffing_import"
    var auditLabel: String { "\(kind.capitalized) import \(fileName)" }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        ["kind": kind, "fileName": fileName, "rows": String(rowCount), "created": String(createdCount), "updated": String(updatedCount), "period": period]
    }
}
