import Fluent
import Foundation
import TandemPerformance

/// A partner's growth in waves ("start small, grow thoughtfully"), with the gate each wave must
/// clear before the next opens. The evaluated status is stored (`report`) when data arrives.
final class RampPlanRecord: Model, @unchecked Sendable {
    static let schema = "ramp_plans"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var team: Partner
    @Field(key: "name") var name: String
    @Field(key: "qa_minimum") var qaMinimum: Double
    @Field(key: "aht_multiplier") var ahtMultiplier: Double
    @Field(key: "consecutive_weeks") var consecutiveWeeks: Int
    @Field(key: "minimum_contacts") var minimumContacts: Int
    @Field(key: "minimum_evaluations") var minimumEvaluations: Int
    /// JSON `RampPlanReport`, nil until first evaluated.
    @OptionalField(key: "report") var report: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    @Children(for: \.$plan) var waves: [RampWaveRecord]

    init() {}
}

final class RampWaveRecord: Model, @unchecked Sendable {
    static let schema = "ramp_waves"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: RampPlanRecord
    @Field(key: "position") var position: Int
    @Field(key: "headcount") var headcount: Int
    @Field(key: "target_start") var targetStart: Int
    @OptionalField(key: "opened_on") var openedOn: Int?
    /// Roster agent ids joined by ";".
    @Field(key: "agent_ids") var agentIDs: String
    @OptionalField(key: "override_by") var overrideBy: String?
    @OptionalField(key: "override_on") var overrideOn: Int?
    @OptionalField(key: "override_reason") var overrideReason: String?

    init() {}

    var agents: [String] { agentIDs.split(separator: ";").map(String.init) }
}

extension RampPlanRecord: Audited {
    static let auditType = "ramp_plan"
    var auditLabel: String { name }
    var auditPartnerID: UUID? { $team.id }
    var auditFields: [String: String] {
        ["name": name, "qaMinimum": String(qaMinimum), "ahtMultiplier": String(ahtMultiplier), "consecutiveWeeks": String(consecutiveWeeks),
         "minimumContacts": String(minimumContacts), "minimumEvaluations": String(minimumEvaluations)]
    }
}

/// Audited with the plan's team (set before auditing: `auditTeamID`).
extension RampWaveRecord: Audited {
    static let auditType = "ramp_wave"
    var auditLabel: String { "Wave \(position)" }
    var auditPartnerID: UUID? { plan_teamID }
    var auditFields: [String: String] {
        ["position": String(position), "headcount": String(headcount), "targetStart": UTCDay(daysSince1970: targetStart).description,
         "openedOn": openedOn.map { UTCDay(daysSince1970: $0).description } ?? "", "agentIDs": agentIDs, "overrideBy": overrideBy ?? "",
         "overrideOn": overrideOn.map { UTCDay(daysSince1970: $0).description } ?? "", "overrideReason": overrideReason ?? ""]
    }

    /// The plan's team, when the plan is loaded (waves are always audited with their plan at hand).
    var plan_teamID: UUID? { $plan.value?.$team.id }
}

struct CreateRampPlan: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ramp_plans")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("qa_minimum", .double, .required)
            .field("aht_multiplier", .double, .required)
            .field("consecutive_weeks", .int, .required)
            .field("minimum_contacts", .int, .required)
            .field("minimum_evaluations", .int, .required)
            .field("report", .string)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ramp_plans").delete()
    }
}

struct CreateRampWave: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ramp_waves")
            .id()
            .field("plan_id", .uuid, .required, .references("ramp_plans", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("headcount", .int, .required)
            .field("target_start", .int, .required)
            .field("opened_on", .int)
            .field("agent_ids", .string, .required)
            .field("override_by", .string)
            .field("override_on", .int)
            .field("override_reason", .string)
            .unique(on: "plan_id", "position")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ramp_waves").delete()
    }
}
