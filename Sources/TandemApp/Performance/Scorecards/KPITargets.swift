import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import Vapor

/// A target for one KPI, for a team (or every team) on a queue, a channel or overall, from a date
/// (to a date). Values are in the KPI's unit: fractions for rates (0.8 = 80%), seconds for times.
final class KPITargetRecord: Model, @unchecked Sendable {
    static let schema = "kpi_targets"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "team_id") var teamID: UUID?
    @OptionalField(key: "queue_id") var queueID: UUID?
    @OptionalField(key: "channel_id") var channelID: UUID?
    @Field(key: "kpi") var kpi: KPIKind
    @Field(key: "target") var target: Double
    @Field(key: "effective_from") var effectiveFrom: String
    @OptionalField(key: "effective_to") var effectiveTo: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

struct KPITargetDTO: Content, Equatable {
    let id: UUID
    let teamID: UUID?
    let queueID: UUID?
    let channelID: UUID?
    let kpi: KPIKind
    let target: Double
    let effectiveFrom: LocalDate
    let effectiveTo: LocalDate?
}

struct KPITargetInput: Content, Equatable {
    var teamID: UUID?
    var queueID: UUID?
    var channelID: UUID?
    var kpi: KPIKind
    var target: Double
    var effectiveFrom: LocalDate
    var effectiveTo: LocalDate?
}

extension KPITargetRecord: Audited {
    static let auditType = "kpi_target"
    var auditLabel: String { "\(KPILabels.name(kpi)) target" }
    var auditPartnerID: UUID? { teamID }
    var auditFields: [String: String] {
        ["teamID": teamID?.uuidString.lowercased() ?? "all teams", "queueID": queueID?.uuidString.lowercased() ?? "",
         "channelID": channelID?.uuidString.lowercased() ?? "", "kpi": kpi.rawValue, "target": String(target),
         "effectiveFrom": effectiveFrom, "effectiveTo": effectiveTo ?? ""]
    }

    var dto: KPITargetDTO {
        KPITargetDTO(id: id!, teamID: teamID, queueID: queueID, channelID: channelID, kpi: kpi, target: target,
                     effectiveFrom: LocalDate(effectiveFrom)!, effectiveTo: effectiveTo.flatMap(LocalDate.init))
    }
}

/// Every target, able to say which one applies to a scorecard row on a day: the most specific
/// (team beats all teams, queue beats channel beats overall), then the latest effective date.
struct TargetBook: Sendable {
    let targets: [KPITargetDTO]

    func target(for kpi: KPIKind, team: UUID, queue: PerformanceDirectory.QueueInfo?, channelID: UUID?, on day: LocalDate) -> KPITargetDTO? {
        let channel = queue?.channelID ?? channelID
        var best: (score: Int, target: KPITargetDTO)?
        for t in targets where t.kpi == kpi && t.effectiveFrom <= day && (t.effectiveTo.map { day <= $0 } ?? true) {
            if let teamID = t.teamID, teamID != team { continue }
            if let queueID = t.queueID, queueID != queue?.id { continue }
            if let channelID = t.channelID, channelID != channel { continue }
            let score = (t.teamID != nil ? 4 : 0) + (t.queueID != nil ? 2 : 0) + (t.channelID != nil ? 1 : 0)
            if let current = best, (current.score, current.target.effectiveFrom) >= (score, t.effectiveFrom) { continue }
            best = (score, t)
        }
        return best?.target
    }
}

enum KPITargetService {
    static func list(scope: PartnerScope, on db: any Database) async throws -> [KPITargetDTO] {
        try await KPITargetRecord.query(on: db).sort(\.$kpi).sort(\.$effectiveFrom).all()
            .filter { scope == .all || $0.teamID == nil || scope.includes($0.teamID) }
            .map(\.dto)
    }

    static func book(on db: any Database) async throws -> TargetBook {
        TargetBook(targets: try await KPITargetRecord.query(on: db).all().map(\.dto))
    }

    /// Nil when missing or outside the caller's scope (both answer 404).
    static func find(_ id: UUID, scope: PartnerScope, on db: any Database) async throws -> KPITargetRecord? {
        guard let record = try await KPITargetRecord.find(id, on: db) else { return nil }
        if scope.isPartner, !scope.includes(record.teamID) { return nil }
        return record
    }

    static func create(_ input: KPITargetInput, by actor: Actor, on db: any Database) async throws -> KPITargetRecord {
        var errors = FieldErrors()
        if input.kpi.direction == nil { errors.add("kpi", "is a volume; targets are for rates, times and scores") }
        if !input.target.isFinite { errors.add("target", "must be a number") }
        else if KPILabels.isFraction(input.kpi), !(0...1).contains(input.target) { errors.add("target", "must be a fraction from 0 to 1 (0.8 = 80%)") }
        else if input.target < 0 && input.kpi != .netPromoterScore { errors.add("target", "must not be negative") }
        if let to = input.effectiveTo, to < input.effectiveFrom { errors.add("effectiveTo", "is before effectiveFrom") }
        if let team = input.teamID, try await Partner.find(team, on: db) == nil { errors.add("teamID", "is not a team") }
        if let queue = input.queueID, try await Queue.find(queue, on: db) == nil { errors.add("queueID", "is not a queue") }
        if let channel = input.channelID, try await Channel.find(channel, on: db) == nil { errors.add("channelID", "is not a channel") }
        if input.queueID != nil && input.channelID != nil { errors.add("channelID", "leave empty when a queue is chosen (the queue fixes the channel)") }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let record = KPITargetRecord()
        record.teamID = input.teamID
        record.queueID = input.queueID
        record.channelID = input.channelID
        record.kpi = input.kpi
        record.target = input.target
        record.effectiveFrom = input.effectiveFrom.description
        record.effectiveTo = input.effectiveTo?.description
        try await db.transaction { tx in
            try await record.create(on: tx)
            try await AuditLog.created(record, by: actor, on: tx)
        }
        try await AlertService.refresh(on: db)
        return record
    }

    static func delete(_ record: KPITargetRecord, by actor: Actor, on db: any Database) async throws {
        try await AuditLog.delete(record, by: actor, on: db)
        try await AlertService.refresh(on: db)
    }
}
