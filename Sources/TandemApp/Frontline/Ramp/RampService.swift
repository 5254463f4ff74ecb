import Fluent
import Foundation
import TandemFrontline
import TandemPartners
import TandemPerformance
import Vapor

struct RampWaveInput: Content, Equatable {
    var headcount: Int
    /// YYYY-MM-DD.
    var targetStart: String
}

struct RampPlanInput: Content, Equatable {
    var name: String
    /// Gate defaults: QA ≥ 85, AHT ≤ 1.10 × the tenured median, 2 consecutive weeks, the settings' minimum samples.
    var qaMinimum: Double?
    var ahtMultiplier: Double?
    var consecutiveWeeks: Int?
    var minimumContacts: Int?
    var minimumEvaluations: Int?
    var waves: [RampWaveInput]
}

struct RampWaveUpdate: Content, Equatable {
    var headcount: Int?
    var targetStart: String?
    /// YYYY-MM-DD when the wave started; "" takes it back.
    var openedOn: String?
    /// The roster agent ids hired into this wave (their data is what the next wave's gate reads).
    var agentIDs: [String]?
}

struct GateOverrideInput: Content, Equatable {
    var reason: String
}

/// A plan's waves as last evaluated against their gates.
struct RampPlanReport: Codable, Sendable {
    let computedAt: Date
    let asOf: UTCDay
    let gate: String?
    /// Why the gates could not be measured (no tenured median yet).
    let problem: String?
    let waves: [WaveReport]
}

struct GateWeekDTO: Content, Equatable {
    let first: String
    let last: String
    /// "met", "missed" or "not_measured".
    let result: String
    let qa: FigureDTO
    let aht: FigureDTO
    let shortfalls: [String]
}

struct GateOverrideDTO: Content, Equatable {
    let by: String
    let on: String
    let reason: String
}

struct RampWaveDTO: Content, Equatable {
    let id: UUID
    let number: Int
    let headcount: Int
    let targetStart: String
    let openedOn: String?
    let agentIDs: [String]
    /// open, ready, overridden, blocked or waiting (nil before the first evaluation).
    let status: String?
    let gateMetOn: String?
    let override: GateOverrideDTO?
    let projectedOpen: String?
    let blockers: [String]
    let notes: [String]
    /// The previous wave's complete weeks against the gate, oldest first (empty for wave 1).
    let gateWeeks: [GateWeekDTO]
}

struct RampPlanDTO: Content, Equatable {
    let id: UUID
    let team: TeamRefDTO
    let name: String
    let qaMinimum: Double
    let ahtMultiplier: Double
    let consecutiveWeeks: Int
    let minimumContacts: Int
    let minimumEvaluations: Int
    let gate: String?
    let problem: String?
    let asOf: String?
    let computedAt: Date?
    let waves: [RampWaveDTO]
}

/// Ramp plans: waves, their gates measured on the previous wave's agents from the stored
/// agent-days, status, blockers, projected openings, and recorded overrides.
enum RampService {
    static func plans(scope: PartnerScope, teamID: UUID? = nil, on db: any Database) async throws -> [RampPlanRecord] {
        let query = RampPlanRecord.query(on: db).with(\.$team).with(\.$waves).sort(\.$createdAt)
        scope.restrict(query, to: \.$team.$id)
        if let teamID { query.filter(\.$team.$id == teamID) }
        return try await query.all()
    }

    static func requirePlan(_ id: UUID, scope: PartnerScope, on db: any Database) async throws -> RampPlanRecord {
        try scope.require(try await RampPlanRecord.query(on: db).filter(\.$id == id).with(\.$team).with(\.$waves).first(),
                          owner: { $0.$team.id }, notFound: "No such ramp plan.")
    }

    static func requireWave(_ id: UUID, scope: PartnerScope, on db: any Database) async throws -> (RampWaveRecord, RampPlanRecord) {
        guard let wave = try await RampWaveRecord.find(id, on: db) else { throw Abort(.notFound, reason: "No such wave.") }
        let plan = try await requirePlan(wave.$plan.id, scope: scope, on: db)
        let loaded = plan.waves.first { $0.id == id }!
        loaded.$plan.value = plan
        return (loaded, plan)
    }

    /// Domain field names to the API's and the form's.
    static func field(_ name: String) -> String {
        name.replacingOccurrences(of: "gate.consecutive_weeks", with: "consecutiveWeeks").replacingOccurrences(of: "qa_minimum", with: "qaMinimum")
            .replacingOccurrences(of: "aht_multiplier", with: "ahtMultiplier").replacingOccurrences(of: "minimum_contacts", with: "minimumContacts")
            .replacingOccurrences(of: "minimum_evaluations", with: "minimumEvaluations").replacingOccurrences(of: "target_start", with: "targetStart")
            .replacingOccurrences(of: "opened_on", with: "openedOn").replacingOccurrences(of: "agent_ids", with: "agentIDs")
            .replacingOccurrences(of: "override_reason", with: "reason")
    }

    /// Checks the plan as the domain would run it. The gate's AHT limit needs a tenured median that
    /// only the data gives; the waves' and the gate's own rules do not depend on it, so a stand-in is used.
    static func validate(name: String, teamID: UUID, gate: (qa: Double, aht: Double, weeks: Int, contacts: Int, evaluations: Int),
                         waves: [RampWave]) throws {
        let standIn = FrontlineFigure(value: 300, unit: .seconds, formula: "", arithmetic: "", period: "", sampleSize: 1, sampleUnit: "contacts", minimumSample: 1)
        var errors = FieldErrors()
        do {
            let bar = try QualityBar(qaMinimum: gate.qa, tenuredMedian: standIn, ahtMultiplier: gate.aht, minimumContacts: gate.contacts,
                                     minimumEvaluations: gate.evaluations)
            _ = try RampPlan(name: name, teamID: teamID.uuidString, gate: try WaveGate(bar: bar, consecutiveWeeks: gate.weeks), waves: waves)
        } catch {
            for (key, message) in error.messages { errors.add(field(key), message) }
        }
        if !errors.isEmpty { throw ValidationFailed(fields: errors) }
    }

    static func domainWaves(_ waves: [RampWaveRecord]) throws -> [RampWave] {
        try waves.sorted { $0.position < $1.position }.map { w in
            var override: GateOverride?
            if let by = w.overrideBy, let on = w.overrideOn, let reason = w.overrideReason {
                override = try GateOverride(by: by, on: UTCDay(daysSince1970: on), reason: reason)
            }
            return RampWave(headcount: w.headcount, targetStart: UTCDay(daysSince1970: w.targetStart), openedOn: w.openedOn.map(UTCDay.init(daysSince1970:)),
                            agentIDs: w.agents, gateOverride: override)
        }
    }

    static func day(_ text: String?, _ field: String, into errors: inout FieldErrors) -> UTCDay? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let day = UTCDay.parse(text) else { errors.add(field, "must be a date as YYYY-MM-DD"); return nil }
        return day
    }

    static func create(_ input: RampPlanInput, team: Partner, settings: FrontlineSettings, by actor: Actor, on db: any Database) async throws -> RampPlanRecord {
        let teamID = try team.requireID()
        var errors = FieldErrors()
        var parsed: [RampWave] = []
        for (index, wave) in input.waves.enumerated() {
            let start = day(wave.targetStart, "waves[\(index + 1)].targetStart", into: &errors)
            if wave.targetStart.trimmingCharacters(in: .whitespaces).isEmpty { errors.add("waves[\(index + 1)].targetStart", "is required") }
            parsed.append(RampWave(headcount: wave.headcount, targetStart: start ?? UTCDay(daysSince1970: 0)))
        }
        if !errors.isEmpty { throw ValidationFailed(fields: errors) }
        let waves = parsed
        let plan = RampPlanRecord()
        plan.$team.id = teamID
        plan.name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        plan.qaMinimum = input.qaMinimum ?? 85
        plan.ahtMultiplier = input.ahtMultiplier ?? FrontlineDefaults.ahtMultiplier
        plan.consecutiveWeeks = input.consecutiveWeeks ?? 2
        plan.minimumContacts = input.minimumContacts ?? settings.minimumContacts
        plan.minimumEvaluations = input.minimumEvaluations ?? settings.minimumEvaluations
        try validate(name: plan.name, teamID: teamID, gate: (plan.qaMinimum, plan.ahtMultiplier, plan.consecutiveWeeks, plan.minimumContacts, plan.minimumEvaluations),
                     waves: waves)
        try await db.transaction { tx in
            try await plan.create(on: tx)
            try await AuditLog.created(plan, by: actor, on: tx)
            for (index, wave) in waves.enumerated() {
                let record = RampWaveRecord()
                record.$plan.id = try plan.requireID()
                record.$plan.value = plan
                record.position = index + 1
                record.headcount = wave.headcount
                record.targetStart = wave.targetStart.daysSince1970
                record.agentIDs = ""
                try await record.create(on: tx)
                try await AuditLog.created(record, by: actor, on: tx)
            }
        }
        try await FrontlineRefresh.teams([teamID], on: db)
        return try await requirePlan(plan.requireID(), scope: .all, on: db)
    }

    static func addWave(_ input: RampWaveInput, to plan: RampPlanRecord, by actor: Actor, on db: any Database) async throws {
        var errors = FieldErrors()
        let number = plan.waves.count + 1
        let start = day(input.targetStart, "waves[\(number)].targetStart", into: &errors)
        if start == nil { errors.add("waves[\(number)].targetStart", "is required") }
        if !errors.isEmpty { throw ValidationFailed(fields: errors) }
        let waves = try domainWaves(plan.waves) + [RampWave(headcount: input.headcount, targetStart: start!)]
        try validate(name: plan.name, teamID: plan.$team.id, gate: (plan.qaMinimum, plan.ahtMultiplier, plan.consecutiveWeeks, plan.minimumContacts, plan.minimumEvaluations),
                     waves: waves)
        let record = RampWaveRecord()
        record.$plan.id = try plan.requireID()
        record.$plan.value = plan
        record.position = number
        record.headcount = input.headcount
        record.targetStart = start!.daysSince1970
        record.agentIDs = ""
        try await db.transaction { tx in
            try await record.create(on: tx)
            try await AuditLog.created(record, by: actor, on: tx)
        }
        try await FrontlineRefresh.teams([plan.$team.id], on: db)
    }

    static func update(_ wave: RampWaveRecord, plan: RampPlanRecord, with input: RampWaveUpdate, by actor: Actor, on db: any Database) async throws {
        var errors = FieldErrors()
        let prefix = "waves[\(wave.position)]."
        let start = day(input.targetStart, prefix + "targetStart", into: &errors)
        let opened = day(input.openedOn, prefix + "openedOn", into: &errors)
        let agents = (input.agentIDs ?? wave.agents).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let roster = Set(try await RosterAgentRecord.query(on: db).filter(\.$team.$id == plan.$team.id).all().map(\.agentID))
        let unknown = agents.filter { !roster.contains($0) }
        if !unknown.isEmpty { errors.add(prefix + "agentIDs", unknown.joined(separator: ", ") + (unknown.count == 1 ? " is" : " are") + " not on the team's roster") }
        if !errors.isEmpty { throw ValidationFailed(fields: errors) }
        let before = wave.auditFields
        if let headcount = input.headcount { wave.headcount = headcount }
        if let start { wave.targetStart = start.daysSince1970 }
        if input.openedOn != nil { wave.openedOn = opened?.daysSince1970 }
        wave.agentIDs = agents.joined(separator: ";")
        try validate(name: plan.name, teamID: plan.$team.id, gate: (plan.qaMinimum, plan.ahtMultiplier, plan.consecutiveWeeks, plan.minimumContacts, plan.minimumEvaluations),
                     waves: try domainWaves(plan.waves))
        try await db.transaction { tx in
            try await wave.update(on: tx)
            try await AuditLog.updated(wave, before: before, by: actor, on: tx)
        }
        try await FrontlineRefresh.teams([plan.$team.id], on: db)
    }

    /// A manager opens the wave although the gate is not met; the reason is recorded with who and when.
    static func override(_ wave: RampWaveRecord, plan: RampPlanRecord, reason: String, by principal: Principal, today: UTCDay = UTCDay(Date()),
                         on db: any Database) async throws {
        var errors = FieldErrors()
        if wave.position == 1 { errors.add("reason", "wave 1 has no gate to override") }
        do { _ = try GateOverride(by: principal.name, on: today, reason: reason) } catch {
            for (key, message) in error.messages { errors.add(field(key), message) }
        }
        if !errors.isEmpty { throw ValidationFailed(fields: errors) }
        let before = wave.auditFields
        wave.overrideBy = principal.name
        wave.overrideOn = today.daysSince1970
        wave.overrideReason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        try await db.transaction { tx in
            try await wave.update(on: tx)
            try await AuditLog.updated(wave, before: before, by: principal.actor, on: tx)
        }
        try await FrontlineRefresh.teams([plan.$team.id], on: db)
    }

    /// Re-evaluates the team's plans on its stored agent-days, as of its last day of data.
    static func refresh(teamID: UUID, figures: TeamFrontlineFigures, on db: any Database) async throws {
        let plans = try await RampPlanRecord.query(on: db).filter(\.$team.$id == teamID).with(\.$waves).all()
        guard !plans.isEmpty else { return }
        let asOf = figures.asOf ?? UTCDay(Date())
        for plan in plans {
            var report: RampPlanReport
            do {
                guard let median = figures.tenuredMedian, median.shownValue != nil else {
                    throw FieldErrors(["tenured_median_aht": figures.tenuredMedian.map { "is not available: \($0.explanation)" } ?? "is not available: no contacts yet"])
                }
                let bar = try QualityBar(qaMinimum: plan.qaMinimum, tenuredMedian: median, ahtMultiplier: plan.ahtMultiplier,
                                         minimumContacts: plan.minimumContacts, minimumEvaluations: plan.minimumEvaluations)
                let gate = try WaveGate(bar: bar, consecutiveWeeks: plan.consecutiveWeeks)
                let domain = try RampPlan(name: plan.name, teamID: teamID.uuidString, gate: gate, waves: try domainWaves(plan.waves))
                let agents = Array(Set(domain.waves.flatMap(\.agentIDs)))
                let activity = try await AgentActivityStore.activity(teamID: teamID, through: asOf.daysSince1970, agents: agents, on: db)
                report = RampPlanReport(computedAt: Date(), asOf: asOf, gate: "\(gate.description) (the tenured median is \(figures.tenuredMedianSource))",
                                        problem: nil, waves: RampPlanStatus.evaluate(domain, activity: activity, asOf: asOf))
            } catch let errors as FieldErrors {
                report = RampPlanReport(computedAt: Date(), asOf: asOf, gate: nil, problem: "gates not measured: " + errors.summary, waves: [])
            }
            plan.report = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
            try await plan.update(on: db)
        }
    }

    static func dto(_ plan: RampPlanRecord) -> RampPlanDTO {
        let report = plan.report.flatMap { try? JSONDecoder().decode(RampPlanReport.self, from: Data($0.utf8)) }
        let waves = plan.waves.sorted { $0.position < $1.position }
        return RampPlanDTO(
            id: plan.id!, team: TeamRefDTO(id: plan.$team.id, name: plan.team.name, kind: plan.team.kind), name: plan.name, qaMinimum: plan.qaMinimum,
            ahtMultiplier: plan.ahtMultiplier, consecutiveWeeks: plan.consecutiveWeeks, minimumContacts: plan.minimumContacts,
            minimumEvaluations: plan.minimumEvaluations, gate: report?.gate, problem: report?.problem, asOf: report?.asOf.description,
            computedAt: report?.computedAt,
            waves: waves.map { w in
                let r = report?.waves.first { $0.number == w.position }
                let (status, metOn): (String?, String?) = switch r?.status {
                case .open: ("open", nil)
                case .ready(let met): ("ready", met?.description)
                case .overridden: ("overridden", nil)
                case .blocked: ("blocked", nil)
                case .waiting: ("waiting", nil)
                case nil: (nil, nil)
                }
                let override = w.overrideBy.flatMap { by in
                    w.overrideOn.map { GateOverrideDTO(by: by, on: UTCDay(daysSince1970: $0).description, reason: w.overrideReason ?? "") }
                }
                return RampWaveDTO(
                    id: w.id!, number: w.position, headcount: w.headcount, targetStart: UTCDay(daysSince1970: w.targetStart).description,
                    openedOn: w.openedOn.map { UTCDay(daysSince1970: $0).description }, agentIDs: w.agents, status: status, gateMetOn: metOn,
                    override: override, projectedOpen: r?.projectedOpen?.description, blockers: r?.blockers ?? [], notes: r?.notes ?? [],
                    gateWeeks: (r?.gateWeeks ?? []).map { week in
                        GateWeekDTO(first: week.period.first.description, last: week.period.last.description,
                                    result: week.meets.map { $0 ? "met" : "missed" } ?? "not_measured",
                                    qa: FigureDTO(week.qa), aht: FigureDTO(week.aht), shortfalls: week.shortfalls)
                    })
            })
    }
}
