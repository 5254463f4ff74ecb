import Fluent
import Foundation
import TandemContracts
import TandemPartners
import TandemRelationship
import Vapor

struct KeyDateDTO: Content, Equatable {
    let partnerID: UUID
    let partnerName: String
    let contractVersion: Int
    let kind: KeyDateKind
    let date: LocalDate
    /// The side that must act, for a notice deadline.
    let side: ContactSide?
    let termEnd: LocalDate
    let daysAway: Int
    let explanation: String
}

extension KeyDateKind {
    var label: String {
        switch self {
        case .noticeDeadline: "Last day to give notice"
        case .renews: "Renews"
        case .expires: "Expires"
        }
    }
}

/// Renewal dates, notice deadlines and expiries of every contract, from the version governing
/// today (or the next one to start).
enum KeyDateService {
    static func list(scope: PartnerScope, today: LocalDate, horizonDays: Int, on db: any Database) async throws -> [KeyDateDTO] {
        let partners = try await Partner.query(on: db).filter(\.$kind == .partner).all()
        let visible = scope.visible(partners, owner: { $0.id })
        let records = try await ContractVersionRecord.query(on: db).all()
        let byPartner = Dictionary(grouping: records, by: \.partnerID)
        var out: [KeyDateDTO] = []
        for partner in visible {
            let versions = (byPartner[partner.id!] ?? []).sorted { ($0.effectiveFrom, $0.number) < ($1.effectiveFrom, $1.number) }
            guard let record = ContractService.governing(versions, on: today), let terms = ContractService.terms(record) else { continue }
            for key in terms.keyDates(from: today, horizonDays: horizonDays) {
                out.append(KeyDateDTO(partnerID: partner.id!, partnerName: partner.name, contractVersion: record.number, kind: key.kind, date: key.date,
                                      side: key.side, termEnd: key.termEnd, daysAway: key.daysAway, explanation: key.explanation))
            }
        }
        return out.sorted { ($0.date, $0.partnerName, $0.kind.rawValue) < ($1.date, $1.partnerName, $1.kind.rawValue) }
    }

    static func title(_ k: KeyDateDTO) -> String {
        switch k.kind {
        case .noticeDeadline: "\(k.partnerName): last day for the \(k.side?.rawValue ?? "either side") to give notice"
        case .renews: "\(k.partnerName): contract renews"
        case .expires: "\(k.partnerName): contract expires"
        }
    }

    /// Key dates for a calendar feed: a year ahead, each a short event at 09:00 UTC on its day.
    static func calendarEvents(for principal: Principal, today: LocalDate, baseURL: String, on db: any Database) async throws -> [CalendarEvent] {
        try await list(scope: principal.scope, today: today, horizonDays: 366, on: db).map { k in
            CalendarEvent(uid: "keydate-\(k.partnerID.uuidString.lowercased())-\(k.kind.rawValue)-\(k.side?.rawValue ?? "any")-\(k.date)@tandem",
                          summary: title(k), description: "\(k.explanation). Contract: \(baseURL)\(SiteURL.partnerContract(.id(k.partnerID)).path)",
                          start: k.date.startOfDayUTC.addingTimeInterval(9 * 3_600), durationMinutes: 30)
        }
    }
}

/// Emits a `contract.deadline` webhook event for each key date entering the horizon, once per
/// date (the event key names partner, kind, side and date; `WebhookEvents` records it once however
/// many servers scan). Called by the webhook worker's scan when a subscription wants the event.
enum ContractKeyDateNotices {
    struct DeadlineData: Encodable {
        let partner: WebhookEvents.PartnerRef
        let kind: String
        let side: String?
        let date: LocalDate
        let daysAway: Int
        let explanation: String
    }

    static func emitDue(now: Date, on db: any Database) async throws {
        let settings = try await ContractSettingsService.load(on: db)
        let today = LocalDate(date: now)
        for k in try await KeyDateService.list(scope: .all, today: today, horizonDays: settings.keyDateHorizonDays, on: db) {
            let key = "\(k.partnerID.uuidString.lowercased()):\(k.kind.rawValue):\(k.side?.rawValue ?? "any"):\(k.date)"
            let text = "\(KeyDateService.title(k)) on \(k.date) (in \(k.daysAway) day\(k.daysAway == 1 ? "" : "s")): \(k.explanation)."
            try await WebhookEvents.emit(.contractDeadline, key: key, summary: text,
                                         data: DeadlineData(partner: .init(id: k.partnerID, name: k.partnerName), kind: k.kind.rawValue, side: k.side?.rawValue,
                                                            date: k.date, daysAway: k.daysAway, explanation: k.explanation),
                                         occurredAt: now, now: now, on: db)
        }
    }
}

struct ContractSettingsDTO: Content, Equatable {
    let keyDateHorizonDays: Int
    let tolerancePercent: String
    let toleranceAbsolute: String
    let adherenceOnly: Bool
    let hoursPerFTEWeek: String
}

struct ContractSettingsInput: Content, Equatable {
    var keyDateHorizonDays: Int
    var tolerancePercent: String
    var toleranceAbsolute: String?
    var adherenceOnly: Bool?
    var hoursPerFTEWeek: String?
}

enum ContractSettingsService {
    static let defaults = ContractSettingsDTO(keyDateHorizonDays: 60, tolerancePercent: "5", toleranceAbsolute: "0", adherenceOnly: false, hoursPerFTEWeek: "40")

    static func load(on db: any Database) async throws -> ContractSettingsDTO {
        guard let row = try await ContractSettings.query(on: db).first() else { return defaults }
        return dto(row)
    }

    static func dto(_ s: ContractSettings) -> ContractSettingsDTO {
        ContractSettingsDTO(keyDateHorizonDays: s.keyDateHorizonDays, tolerancePercent: s.tolerancePercent, toleranceAbsolute: s.toleranceAbsolute,
                            adherenceOnly: s.adherenceOnly, hoursPerFTEWeek: s.hoursPerFTEWeek)
    }

    static func tolerance(_ s: ContractSettingsDTO) -> ReconciliationTolerance {
        ReconciliationTolerance(percent: Percent(Decimal(exactly: s.tolerancePercent) ?? 5), absolute: Decimal(exactly: s.toleranceAbsolute) ?? 0)
    }

    static func save(_ input: ContractSettingsInput, by actor: Actor, on db: any Database) async throws -> ContractSettingsDTO {
        var errors = FieldErrors()
        Check.range(input.keyDateHorizonDays, "keyDateHorizonDays", 1...730, into: &errors)
        func decimal(_ text: String?, _ field: String, _ range: ClosedRange<Decimal>) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            guard let value = Decimal(exactly: text), range.contains(value) else {
                errors.add(field, "must be a number from \(range.lowerBound) to \(range.upperBound)")
                return nil
            }
            return value.plainText
        }
        let percent = decimal(input.tolerancePercent, "tolerancePercent", 0...100)
        if input.tolerancePercent.trimmingCharacters(in: .whitespaces).isEmpty { errors.add("tolerancePercent", "is required") }
        let absolute = decimal(input.toleranceAbsolute, "toleranceAbsolute", 0...1_000_000)
        let hours = decimal(input.hoursPerFTEWeek, "hoursPerFTEWeek", 1...80)
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let row = try await ContractSettings.query(on: db).first() ?? ContractSettings()
        let before = row.id == nil ? nil : row.auditFields
        row.keyDateHorizonDays = input.keyDateHorizonDays
        row.tolerancePercent = percent ?? defaults.tolerancePercent
        row.toleranceAbsolute = absolute ?? defaults.toleranceAbsolute
        row.adherenceOnly = input.adherenceOnly ?? false
        row.hoursPerFTEWeek = hours ?? defaults.hoursPerFTEWeek
        try await db.transaction { tx in
            try await row.save(on: tx)
            try await AuditLog.saved(row, before: before, by: actor, on: tx)
            try await ContractRecompute.all(on: tx)
        }
        return dto(row)
    }
}
