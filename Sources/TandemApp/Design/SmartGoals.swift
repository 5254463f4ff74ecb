import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import TandemSelection
import Vapor

/// A SMART goal agreed with a partner: a metric (a KPI from the scorecards, or a figure entered
/// by hand), baseline, target, deadline and owner.
final class SmartGoalRecord: Model, @unchecked Sendable {
    static let schema = "smart_goals"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "title") var title: String
    /// A scorecard KPI, measured automatically; nil for a manual figure.
    @OptionalField(key: "kpi") var kpi: KPIKind?
    /// What a manual figure counts ("agents certified", "%").
    @Field(key: "unit") var unit: String
    @OptionalField(key: "manual_value") var manualValue: Double?
    @OptionalField(key: "manual_as_of") var manualAsOf: String?
    @Field(key: "baseline") var baseline: Double
    @Field(key: "target") var target: Double
    @Field(key: "start_on") var startOn: String
    @Field(key: "deadline") var deadline: String
    @Field(key: "owner_name") var ownerName: String
    @Field(key: "owner_side") var ownerSide: ContactSide
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var plan: GoalPlan? {
        guard let start = LocalDate(startOn), let end = LocalDate(deadline) else { return nil }
        return GoalPlan(baseline: baseline, target: target, start: start, deadline: end)
    }
}

struct CreateSmartGoal: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("smart_goals")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("kpi", .string)
            .field("unit", .string, .required)
            .field("manual_value", .double)
            .field("manual_as_of", .string)
            .field("baseline", .double, .required)
            .field("target", .double, .required)
            .field("start_on", .string, .required)
            .field("deadline", .string, .required)
            .field("owner_name", .string, .required)
            .field("owner_side", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("smart_goals").delete() }
}

extension SmartGoalRecord: Audited {
    static let auditType = "smart_goal"
    var auditLabel: String { title }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] {
        ["title": title, "kpi": kpi?.rawValue ?? "", "unit": unit, "manualValue": manualValue.map(SelectionFormat.number) ?? "", "manualAsOf": manualAsOf ?? "",
         "baseline": SelectionFormat.number(baseline), "target": SelectionFormat.number(target), "startDate": startOn, "deadline": deadline,
         "owner": "\(ownerName) (\(ownerSide.rawValue))"]
    }
}

struct SmartGoalDTO: Content, Equatable {
    let id: UUID
    let partnerID: UUID
    let title: String
    /// The scorecard KPI measured, or absent for a manual figure.
    let kpi: KPIKind?
    let metric: String
    let unit: String
    let baseline: Double
    let target: Double
    let baselineDisplay: String
    let targetDisplay: String
    let startDate: LocalDate
    let deadline: LocalDate
    let owner: String
    let ownerSide: ContactSide
    let direction: GoalDirection
    /// The latest figure (KPI units: fractions 0–1, seconds, points).
    let current: Double?
    let currentDisplay: String
    /// Where the current figure comes from: the scorecard week and its sample, or the manual entry.
    let measuredOver: String
    /// The straight path's figure today.
    let expected: Double
    let expectedDisplay: String
    let status: GoalStatus
    /// Share of the way from baseline to target covered.
    let progress: Double?
    let judgedOn: LocalDate
    let rule: String
}

struct SmartGoalInput: Content, Equatable {
    var title: String
    /// A scorecard KPI (values in its own units: service level 0.8 for 80%, AHT in seconds); nil for a manual figure.
    var kpi: KPIKind?
    /// For a manual figure: what it counts.
    var unit: String?
    var manualValue: Double?
    var manualAsOf: LocalDate?
    var baseline: Double
    var target: Double
    var startDate: LocalDate
    var deadline: LocalDate
    var owner: String
    var ownerSide: ContactSide
}

/// SMART goals per partner, their progress read from the scorecards (or entered by hand).
enum GoalService {
    static let measurementRule = "A KPI goal reads the partner's figure for the last full week (Monday to Sunday, UTC) from the scorecards; a week with too little data is not measured. A manual goal uses the figure last entered."

    static func goals(of partnerID: UUID, on db: any Database) async throws -> [SmartGoalRecord] {
        try await SmartGoalRecord.query(on: db).filter(\.$partner.$id == partnerID).sort(\.$deadline).sort(\.$title).all()
    }

    static func require(_ id: UUID, scope: PartnerScope, on db: any Database) async throws -> SmartGoalRecord {
        try scope.require(try await SmartGoalRecord.find(id, on: db), owner: { $0.$partner.id }, notFound: "No such goal.")
    }

    static func display(_ value: Double, kpi: KPIKind?, unit: String) -> String {
        if let kpi { return KPILabels.formatTarget(value, kind: kpi) }
        return SelectionFormat.number((value * 100).rounded() / 100) + (unit.isEmpty ? "" : " \(unit)")
    }

    /// The last full week's scorecard row for the partner: one read for all its goals.
    static func lastWeek(partnerID: UUID, today: LocalDate, on db: any Database) async throws -> (ReportingPeriod, ScorecardRow?) {
        let week = ReportingPeriod(kind: .week, index: ReportingPeriod(kind: .week, containing: UTCDay(today.startOfDayUTC)).index - 1)
        let card = try await ScorecardService.series(.week, first: week.index, count: 1, grouping: .team, scope: .only(partnerID), context: .load(on: db), on: db)
        return (week, card.first?.rows.first { $0.teamID == partnerID })
    }

    static func list(partnerID: UUID, today: LocalDate, on db: any Database) async throws -> [SmartGoalDTO] {
        let goals = try await goals(of: partnerID, on: db)
        guard !goals.isEmpty else { return [] }
        let (week, row) = goals.contains(where: { $0.kpi != nil }) ? try await lastWeek(partnerID: partnerID, today: today, on: db) : (ReportingPeriod(kind: .week, index: 0), nil)
        return goals.map { dto($0, week: week, row: row, today: today) }
    }

    static func dto(_ g: SmartGoalRecord, week: ReportingPeriod, row: ScorecardRow?, today: LocalDate) -> SmartGoalDTO {
        let plan = g.plan ?? GoalPlan(baseline: g.baseline, target: g.target, start: today, deadline: today.adding(days: 1))
        var current: Double?
        var measured: String
        if let kpi = g.kpi {
            let cell = row?.cell(kpi)
            if let cell, cell.enoughData, let value = cell.value {
                current = value
                measured = "\(KPILabels.name(kpi)) in the week of \(LocalDate(date: week.firstDay.start).description), n = \(cell.sampleSize)"
            } else {
                measured = "\(KPILabels.name(kpi)): not enough data in the week of \(LocalDate(date: week.firstDay.start).description)\(cell.map { " (n = \($0.sampleSize))" } ?? "")"
            }
        } else {
            current = g.manualValue
            measured = g.manualValue == nil ? "no figure entered yet" : "entered by hand\(g.manualAsOf.map { " on \($0)" } ?? "")"
        }
        let progress = plan.evaluate(current: current, on: today)
        return SmartGoalDTO(
            id: g.id!, partnerID: g.$partner.id, title: g.title, kpi: g.kpi, metric: g.kpi.map(KPILabels.name) ?? (g.unit.isEmpty ? "Manual figure" : g.unit), unit: g.unit,
            baseline: g.baseline, target: g.target, baselineDisplay: display(g.baseline, kpi: g.kpi, unit: g.unit), targetDisplay: display(g.target, kpi: g.kpi, unit: g.unit),
            startDate: plan.start, deadline: plan.deadline, owner: g.ownerName, ownerSide: g.ownerSide, direction: plan.direction, current: current,
            currentDisplay: current.map { display($0, kpi: g.kpi, unit: g.unit) } ?? "—", measuredOver: measured, expected: progress.expected,
            expectedDisplay: display(progress.expected, kpi: g.kpi, unit: g.unit), status: progress.status, progress: progress.progress, judgedOn: today,
            rule: GoalPlan.rule)
    }

    static func save(_ input: SmartGoalInput, goal existing: SmartGoalRecord?, partner: Partner, by actor: Actor, on db: any Database) async throws -> SmartGoalRecord {
        var errors = FieldErrors()
        Check.required(input.title, "title", into: &errors)
        Check.required(input.owner, "owner", into: &errors)
        Check.length(input.unit, "unit", max: 50, into: &errors)
        var direction: GoalDirection?
        if let kpi = input.kpi {
            switch kpi.direction {
            case .higherIsBetter?: direction = .higherIsBetter
            case .lowerIsBetter?: direction = .lowerIsBetter
            case nil: errors.add("kpi", "has no better direction (volumes are not goals): choose a KPI with a target direction")
            }
            if input.manualValue != nil { errors.add("manualValue", "is read from the scorecards for a KPI goal") }
        }
        if let value = input.manualValue, !value.isFinite { errors.add("manualValue", "must be a number") }
        let plan = GoalPlan(baseline: input.baseline, target: input.target, start: input.startDate, deadline: input.deadline)
        for (field, message) in plan.problems(direction: direction) { errors.add(field == "deadline" ? "deadline" : field, message) }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let goal = existing ?? SmartGoalRecord()
        let before = existing?.auditFields
        goal.$partner.id = try partner.requireID()
        goal.title = input.title.trimmingCharacters(in: .whitespaces)
        goal.kpi = input.kpi
        goal.unit = input.kpi == nil ? (input.unit ?? "").trimmingCharacters(in: .whitespaces) : ""
        goal.manualValue = input.kpi == nil ? input.manualValue : nil
        goal.manualAsOf = input.kpi == nil ? (input.manualAsOf ?? (input.manualValue != nil ? LocalDate(date: Date()) : nil))?.description : nil
        goal.baseline = input.baseline
        goal.target = input.target
        goal.startOn = input.startDate.description
        goal.deadline = input.deadline.description
        goal.ownerName = input.owner.trimmingCharacters(in: .whitespaces)
        goal.ownerSide = input.ownerSide
        try await db.transaction { tx in
            try await goal.save(on: tx)
            try await AuditLog.saved(goal, before: before, by: actor, on: tx)
        }
        return goal
    }
}
