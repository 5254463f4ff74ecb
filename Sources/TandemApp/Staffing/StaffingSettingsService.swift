import Fluent
import Foundation
import TandemPartners
import TandemStaffing
import Vapor

struct QueueStaffingSettingsDTO: Content, Equatable {
    let queueID: UUID
    let queueName: String
    let queueCode: String
    let channelID: UUID
    let channelName: String
    let channelKind: ChannelKind
    /// erlang_c, erlang_a or workload.
    let model: String
    /// False while the queue runs on the defaults for its channel.
    let customised: Bool
    let serviceLevel: Double?
    let thresholdSeconds: Int
    let maxASASeconds: Double?
    let maxOccupancy: Double?
    let patienceSeconds: Double?
    let shrinkage: Double
    let concurrency: Double
    let efficiency: Double
}

/// A replacement of a queue's settings. Fractions, not percent: 0.8 is 80%.
struct QueueStaffingSettingsInput: Content, Equatable {
    /// Nil = no service-level target (a real-time queue with no target at all gets 0.8).
    var serviceLevel: Double?
    /// Nil = the queue's service-level threshold.
    var thresholdSeconds: Int?
    var maxASASeconds: Double?
    var maxOccupancy: Double?
    /// Set = Erlang A with this mean patience.
    var patienceSeconds: Double?
    var shrinkage: Double?
    var concurrency: Double?
    var efficiency: Double?
}

/// Per-queue staffing settings with defaults by channel kind.
enum StaffingSettingsService {
    static let defaultShrinkage = 0.30
    static let defaultServiceLevel = 0.8

    /// Chat and messaging carry two contacts at once at 85% efficiency by default.
    static func defaultConcurrency(_ kind: ChannelKind) -> (Double, Double) {
        kind == .chat || kind == .messaging ? (2, 0.85) : (1, 1)
    }

    /// The policy a queue is planned with: its saved settings, or its channel's defaults.
    static func policy(queue: Queue, kind: ChannelKind, settings: QueueStaffingSettings?) -> StaffingPolicy {
        let deferred = !kind.isRealTime
        guard let settings else {
            let (concurrency, efficiency) = defaultConcurrency(kind)
            return StaffingPolicy(
                serviceLevel: deferred ? nil : defaultServiceLevel, thresholdSeconds: Double(queue.serviceLevelSeconds),
                maxOccupancy: deferred ? StaffingPolicy.defaultDeferredOccupancy : nil,
                shrinkage: defaultShrinkage, concurrency: deferred ? 1 : concurrency, efficiency: deferred ? 1 : efficiency, deferred: deferred
            )
        }
        return StaffingPolicy(
            serviceLevel: deferred ? nil : settings.serviceLevel, thresholdSeconds: Double(settings.thresholdSeconds ?? queue.serviceLevelSeconds),
            maxASASeconds: deferred ? nil : settings.maxASASeconds, maxOccupancy: settings.maxOccupancy,
            patienceSeconds: deferred ? nil : settings.patienceSeconds, shrinkage: settings.shrinkage,
            concurrency: settings.concurrency, efficiency: settings.efficiency, deferred: deferred
        )
    }

    struct QueuePolicy: Sendable {
        let queue: QueueDTO
        let kind: ChannelKind
        let policy: StaffingPolicy
        let customised: Bool
    }

    static func policies(on db: any Database) async throws -> [QueuePolicy] {
        let queues = try await Queue.query(on: db).with(\.$channel).sort(\.$name).all()
        let settings = Dictionary(try await QueueStaffingSettings.query(on: db).all().map { ($0.$queue.id, $0) }, uniquingKeysWith: { a, _ in a })
        return queues.map { queue in
            let kind = queue.channel.kind
            return QueuePolicy(queue: CatalogueService.dto(queue), kind: kind,
                               policy: policy(queue: queue, kind: kind, settings: settings[queue.id!]), customised: settings[queue.id!] != nil)
        }
    }

    static func dto(_ p: QueuePolicy) -> QueueStaffingSettingsDTO {
        QueueStaffingSettingsDTO(
            queueID: p.queue.id, queueName: p.queue.name, queueCode: p.queue.code, channelID: p.queue.channelID, channelName: p.queue.channelName,
            channelKind: p.kind, model: p.policy.model.rawValue, customised: p.customised, serviceLevel: p.policy.serviceLevel,
            thresholdSeconds: Int(p.policy.thresholdSeconds), maxASASeconds: p.policy.maxASASeconds, maxOccupancy: p.policy.maxOccupancy,
            patienceSeconds: p.policy.patienceSeconds, shrinkage: p.policy.shrinkage, concurrency: p.policy.concurrency, efficiency: p.policy.efficiency
        )
    }

    static func settings(of queueID: UUID, on db: any Database) async throws -> QueueStaffingSettingsDTO {
        guard let found = try await policies(on: db).first(where: { $0.queue.id == queueID }) else { throw Abort(.notFound, reason: "No such queue.") }
        return dto(found)
    }

    static func validate(_ input: QueueStaffingSettingsInput) -> FieldErrors {
        var errors = FieldErrors()
        func within(_ value: Double?, _ field: String, _ ok: (Double) -> Bool, _ message: String) {
            if let value, !(value.isFinite && ok(value)) { errors.add(field, message) }
        }
        within(input.serviceLevel, "serviceLevel", { $0 > 0 && $0 < 1 }, "must be between 0 and 1 (0.8 = 80%), exclusive")
        if let t = input.thresholdSeconds, !(0...86_400).contains(t) { errors.add("thresholdSeconds", "must be between 0 and 86400") }
        within(input.maxASASeconds, "maxASASeconds", { $0 > 0 }, "must be more than 0 seconds")
        within(input.maxOccupancy, "maxOccupancy", { $0 > 0 && $0 <= 1 }, "must be more than 0 and at most 1 (0.85 = 85%)")
        within(input.patienceSeconds, "patienceSeconds", { $0 > 0 }, "must be more than 0 seconds")
        within(input.shrinkage, "shrinkage", { $0 >= 0 && $0 < 0.95 }, "must be from 0 to 0.95 (0.3 = 30%)")
        within(input.concurrency, "concurrency", { $0 >= 1 && $0 <= 20 }, "must be from 1 to 20")
        within(input.efficiency, "efficiency", { $0 > 0 && $0 <= 1 }, "must be more than 0 and at most 1")
        return errors
    }

    static func save(_ input: QueueStaffingSettingsInput, queue: Queue, by actor: Actor, on db: any Database) async throws -> QueueStaffingSettingsDTO {
        let errors = validate(input)
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let queueID = try queue.requireID()
        let kind = try await queue.$channel.get(on: db).kind
        let existing = try await QueueStaffingSettings.query(on: db).filter(\.$queue.$id == queueID).first()
        let settings = existing ?? QueueStaffingSettings()
        let before = existing?.auditFields
        let (concurrency, efficiency) = defaultConcurrency(kind)
        settings.$queue.id = queueID
        settings.$queue.value = queue
        let noTarget = input.serviceLevel == nil && input.maxASASeconds == nil && input.maxOccupancy == nil
        settings.serviceLevel = noTarget && kind.isRealTime ? defaultServiceLevel : input.serviceLevel
        settings.thresholdSeconds = input.thresholdSeconds
        settings.maxASASeconds = input.maxASASeconds
        settings.maxOccupancy = input.maxOccupancy
        settings.patienceSeconds = input.patienceSeconds
        settings.shrinkage = input.shrinkage ?? defaultShrinkage
        settings.concurrency = input.concurrency ?? concurrency
        settings.efficiency = input.efficiency ?? efficiency
        try await db.transaction { tx in
            try await settings.save(on: tx)
            try await AuditLog.saved(settings, before: before, by: actor, on: tx)
        }
        return try await self.settings(of: queueID, on: db)
    }
}

// MARK: Rules, lead times and notice periods

struct ShiftHoursDTO: Content, Equatable {
    var dayStartsAt: Int
    var eveningStartsAt: Int
    var overnightStartsAt: Int
}

struct StaffingRulesDTO: Content, Equatable {
    /// 0…1: a team holding at least this share of a queue or channel is flagged.
    var concentrationLimit: Double
    var exemptOvernight: Bool
    var shiftHours: ShiftHoursDTO
}

struct ChannelLeadTimeDTO: Content, Equatable {
    let channelID: UUID
    let channelName: String
    let hiringDays: Int
    let trainingDays: Int
    let customised: Bool
}

struct ChannelLeadTimeInput: Content, Equatable {
    var channelID: UUID
    var hiringDays: Int
    var trainingDays: Int
}

struct NoticePeriodDTO: Content, Equatable {
    let teamID: UUID
    let teamName: String
    let noticeDays: Int
    let customised: Bool
}

struct NoticePeriodInput: Content, Equatable {
    var teamID: UUID
    var noticeDays: Int
}

enum StaffingRulesService {
    static let defaultNoticeDays = 90

    static func defaultLeadTime(_ kind: ChannelKind) -> ExitScenario.LeadTime {
        switch kind {
        case .voice: .init(hiringDays: 30, trainingDays: 21)
        case .chat, .messaging: .init(hiringDays: 30, trainingDays: 14)
        default: .init(hiringDays: 21, trainingDays: 10)
        }
    }

    static func rules(on db: any Database) async throws -> StaffingRulesDTO {
        guard let row = try await StaffingRules.query(on: db).first() else {
            let standard = ShiftHours.standard
            return StaffingRulesDTO(concentrationLimit: 1, exemptOvernight: true, shiftHours: .init(
                dayStartsAt: standard.dayStartsAt, eveningStartsAt: standard.eveningStartsAt, overnightStartsAt: standard.overnightStartsAt))
        }
        return StaffingRulesDTO(concentrationLimit: row.concentrationLimit, exemptOvernight: row.exemptOvernight,
                                shiftHours: .init(dayStartsAt: row.dayStartsAt, eveningStartsAt: row.eveningStartsAt, overnightStartsAt: row.overnightStartsAt))
    }

    static func concentrationRule(_ rules: StaffingRulesDTO) -> ConcentrationRule {
        ConcentrationRule(limit: rules.concentrationLimit, exemptShifts: rules.exemptOvernight ? [.overnight] : [])
    }

    static func shiftHours(_ rules: StaffingRulesDTO) -> ShiftHours {
        ShiftHours(dayStartsAt: rules.shiftHours.dayStartsAt, eveningStartsAt: rules.shiftHours.eveningStartsAt, overnightStartsAt: rules.shiftHours.overnightStartsAt)
    }

    static func saveRules(_ input: StaffingRulesDTO, by actor: Actor, on db: any Database) async throws -> StaffingRulesDTO {
        var errors = FieldErrors()
        if !(input.concentrationLimit.isFinite && input.concentrationLimit > 0 && input.concentrationLimit <= 1) {
            errors.add("concentrationLimit", "must be more than 0 and at most 1 (1 = flag only a 100% share)")
        }
        if !shiftHours(input).isValid { errors.add("shiftHours", "need three different start hours from 0 to 23") }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let existing = try await StaffingRules.query(on: db).first()
        let row = existing ?? StaffingRules()
        let before = existing?.auditFields
        row.concentrationLimit = input.concentrationLimit
        row.exemptOvernight = input.exemptOvernight
        row.dayStartsAt = input.shiftHours.dayStartsAt
        row.eveningStartsAt = input.shiftHours.eveningStartsAt
        row.overnightStartsAt = input.shiftHours.overnightStartsAt
        try await db.transaction { tx in
            try await row.save(on: tx)
            try await AuditLog.saved(row, before: before, by: actor, on: tx)
        }
        return try await rules(on: db)
    }

    static func leadTimes(on db: any Database) async throws -> [ChannelLeadTimeDTO] {
        let saved = Dictionary(try await ChannelLeadTime.query(on: db).all().map { ($0.$channel.id, $0) }, uniquingKeysWith: { a, _ in a })
        return try await Channel.query(on: db).sort(\.$name).all().map { channel in
            if let row = saved[channel.id!] {
                return ChannelLeadTimeDTO(channelID: channel.id!, channelName: channel.name, hiringDays: row.hiringDays, trainingDays: row.trainingDays, customised: true)
            }
            let lead = defaultLeadTime(channel.kind)
            return ChannelLeadTimeDTO(channelID: channel.id!, channelName: channel.name, hiringDays: lead.hiringDays, trainingDays: lead.trainingDays, customised: false)
        }
    }

    static func saveLeadTimes(_ inputs: [ChannelLeadTimeInput], by actor: Actor, on db: any Database) async throws -> [ChannelLeadTimeDTO] {
        var errors = FieldErrors()
        let channels = Dictionary(try await Channel.query(on: db).all().map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        for (index, input) in inputs.enumerated() {
            if channels[input.channelID] == nil { errors.add("[\(index)].channelID", "is not a known channel") }
            if !(0...730).contains(input.hiringDays) { errors.add("[\(index)].hiringDays", "must be between 0 and 730") }
            if !(0...365).contains(input.trainingDays) { errors.add("[\(index)].trainingDays", "must be between 0 and 365") }
        }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let existing = Dictionary(try await ChannelLeadTime.query(on: db).all().map { ($0.$channel.id, $0) }, uniquingKeysWith: { a, _ in a })
        try await db.transaction { tx in
            for input in inputs {
                let row = existing[input.channelID] ?? ChannelLeadTime()
                let before = existing[input.channelID]?.auditFields
                row.$channel.id = input.channelID
                row.$channel.value = channels[input.channelID]
                row.hiringDays = input.hiringDays
                row.trainingDays = input.trainingDays
                try await row.save(on: tx)
                try await AuditLog.saved(row, before: before, by: actor, on: tx)
            }
        }
        return try await leadTimes(on: db)
    }

    static func noticePeriods(scope: PartnerScope, on db: any Database) async throws -> [NoticePeriodDTO] {
        let saved = Dictionary(try await TeamNoticePeriod.query(on: db).all().map { ($0.$partner.id, $0.noticeDays) }, uniquingKeysWith: { a, _ in a })
        return try await PartnerService.list(scope: scope, on: db).map { team in
            NoticePeriodDTO(teamID: team.id, teamName: team.name, noticeDays: saved[team.id] ?? defaultNoticeDays, customised: saved[team.id] != nil)
        }
    }

    static func saveNoticePeriods(_ inputs: [NoticePeriodInput], by actor: Actor, on db: any Database) async throws -> [NoticePeriodDTO] {
        var errors = FieldErrors()
        let teams = Set(try await Partner.query(on: db).all().compactMap(\.id))
        for (index, input) in inputs.enumerated() {
            if !teams.contains(input.teamID) { errors.add("[\(index)].teamID", "is not a team in this workspace") }
            if !(0...730).contains(input.noticeDays) { errors.add("[\(index)].noticeDays", "must be between 0 and 730") }
        }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let existing = Dictionary(try await TeamNoticePeriod.query(on: db).all().map { ($0.$partner.id, $0) }, uniquingKeysWith: { a, _ in a })
        try await db.transaction { tx in
            for input in inputs {
                let row = existing[input.teamID] ?? TeamNoticePeriod()
                let before = existing[input.teamID]?.auditFields
                row.$partner.id = input.teamID
                row.noticeDays = input.noticeDays
                try await row.save(on: tx)
                try await AuditLog.saved(row, before: before, by: actor, on: tx)
            }
        }
        return try await noticePeriods(scope: .all, on: db)
    }
}
