import Fluent
import Foundation
import TandemContracts
import TandemPartners
import Vapor

struct ContractVersionDTO: Content, Equatable {
    let id: UUID
    let partnerID: UUID
    let number: Int
    /// In force today.
    let inForce: Bool
    let createdAt: Date?
    let terms: ContractVersionInput
}

struct ContractDTO: Content, Equatable {
    let id: UUID
    let partnerID: UUID
    let partnerName: String
    let title: String
    /// Newest first.
    let versions: [ContractVersionDTO]
    let documents: [ContractDocumentDTO]
    let keyDates: [KeyDateDTO]
}

/// Wraps a service call: domain input errors become field-level validation errors named as the
/// caller shows them (JSON paths for the API, form fields for pages).
enum ContractErrors {
    static func api<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as ContractInputError { throw ValidationFailed(fields: ContractFieldNames.api(error)) }
    }

    static func form<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as ContractInputError { throw ValidationFailed(fields: ContractFieldNames.form(error)) }
    }
}

/// Contracts and their versions: validated as a whole history (no two versions in force on one
/// day), audited, one transaction per change.
enum ContractService {
    static func contract(of partnerID: UUID, on db: any Database) async throws -> Contract? {
        try await Contract.query(on: db).filter(\.$partner.$id == partnerID).first()
    }

    /// Oldest first.
    static func versions(of partnerID: UUID, on db: any Database) async throws -> [ContractVersionRecord] {
        try await ContractVersionRecord.query(on: db).filter(\.$partnerID == partnerID).all()
            .sorted { ($0.effectiveFrom, $0.number) < ($1.effectiveFrom, $1.number) }
    }

    static func requireVersion(_ id: UUID, scope: PartnerScope, on db: any Database) async throws -> ContractVersionRecord {
        try scope.require(try await ContractVersionRecord.find(id, on: db), owner: \.partnerID, notFound: "No such contract version.")
    }

    static func input(_ r: ContractVersionRecord) -> ContractVersionInput {
        ContractVersionInput(
            effectiveFrom: LocalDate(r.effectiveFrom)!, effectiveThrough: r.effectiveThrough.flatMap(LocalDate.init),
            start: LocalDate(r.startOn)!, initialEnd: LocalDate(r.initialEndOn)!, autoRenew: r.autoRenew, renewalTermMonths: r.renewalTermMonths,
            clientNoticeDays: r.clientNoticeDays, partnerNoticeDays: r.partnerNoticeDays, cureDays: r.cureDays,
            convenienceAllowedFor: r.convenienceSides.split(separator: ",").compactMap { ContactSide(rawValue: String($0)) },
            convenienceFee: ConvenienceFeeKind(rawValue: r.convenienceFee) ?? ConvenienceFeeKind.none,
            convenienceFeeAmount: r.convenienceFeeAmount.isEmpty ? nil : r.convenienceFeeAmount,
            convenienceFeeMonths: r.convenienceFeeMonths.isEmpty ? nil : r.convenienceFeeMonths,
            convenienceFeeLookbackMonths: r.convenienceFeeLookbackMonths, minimumHeadcount: r.minimumHeadcount,
            flexUp: r.flexUp.isEmpty ? nil : r.flexUp, flexDown: r.flexDown.isEmpty ? nil : r.flexDown, flexNoticeDays: r.flexNoticeDays,
            rates: ContractVersionInput.decodeRates(r.ratesJSON), sla: ContractVersionInput.decodeSLA(r.slaJSON),
            note: r.note.isEmpty ? nil : r.note, closePrevious: nil
        )
    }

    /// The stored version as domain terms (stored versions were valid when saved).
    static func terms(_ r: ContractVersionRecord) -> ContractTerms? { try? input(r).terms() }

    static func domainVersion(_ r: ContractVersionRecord) -> ContractVersion? {
        terms(r).map { ContractVersion(number: r.number, effectiveFrom: LocalDate(r.effectiveFrom)!, effectiveThrough: r.effectiveThrough.flatMap(LocalDate.init), terms: $0) }
    }

    static func history(_ records: [ContractVersionRecord]) -> ContractHistory? {
        try? ContractHistory(versions: records.compactMap(domainVersion))
    }

    static func history(of partnerID: UUID, on db: any Database) async throws -> (records: [ContractVersionRecord], history: ContractHistory)? {
        let records = try await versions(of: partnerID, on: db)
        guard !records.isEmpty, let history = history(records) else { return nil }
        return (records, history)
    }

    /// The version in force on `day`, or else the next one to start (a contract signed ahead of its start).
    static func governing(_ records: [ContractVersionRecord], on day: LocalDate) -> ContractVersionRecord? {
        let text = day.description
        return records.last { $0.effectiveFrom <= text && ($0.effectiveThrough.map { text <= $0 } ?? true) }
            ?? records.first { $0.effectiveFrom > text }
    }

    static func versionDTO(_ r: ContractVersionRecord, today: LocalDate) -> ContractVersionDTO {
        let day = today.description
        return ContractVersionDTO(id: r.id!, partnerID: r.partnerID, number: r.number,
                                  inForce: r.effectiveFrom <= day && (r.effectiveThrough.map { day <= $0 } ?? true),
                                  createdAt: r.createdAt, terms: input(r))
    }

    static func dto(partner: Partner, today: LocalDate, on db: any Database) async throws -> ContractDTO? {
        let partnerID = try partner.requireID()
        guard let contract = try await contract(of: partnerID, on: db) else { return nil }
        let records = try await versions(of: partnerID, on: db)
        return ContractDTO(
            id: contract.id!, partnerID: partnerID, partnerName: partner.name, title: contract.title,
            versions: records.reversed().map { versionDTO($0, today: today) },
            documents: try await DocumentService.list(partnerID: partnerID, on: db),
            keyDates: try await KeyDateService.list(scope: .only(partnerID), today: today, horizonDays: 730, on: db)
        )
    }

    // MARK: Changes

    static func defaultTitle(_ partner: Partner) -> String { "\(partner.name) services agreement" }

    /// Adds a version. Overlapping another version is refused under `effective_from`, naming the
    /// version it overlaps; with `closePrevious` the version in force is ended the day before.
    @discardableResult
    static func addVersion(_ input: ContractVersionInput, partner: Partner, title: String? = nil, by actor: Actor, on db: any Database) async throws -> ContractVersionRecord {
        let partnerID = try partner.requireID()
        guard partner.kind == .partner else { throw ContractInputError("partner", "the in-house team has no outsourcing contract") }
        let terms = try input.terms()
        let existing = try await versions(of: partnerID, on: db)
        let number = (existing.map(\.number).max() ?? 0) + 1
        let closing: ContractVersionRecord? = input.closePrevious != true ? nil
            : existing.last { $0.effectiveFrom < input.effectiveFrom.description && ($0.effectiveThrough.map { $0 >= input.effectiveFrom.description } ?? true) }
        var proposed: [ContractVersion] = existing.compactMap { record in
            guard var version = domainVersion(record) else { return nil }
            if record === closing {
                version = ContractVersion(number: version.number, effectiveFrom: version.effectiveFrom, effectiveThrough: input.effectiveFrom.adding(days: -1), terms: version.terms)
            }
            return version
        }
        proposed.append(ContractVersion(number: number, effectiveFrom: input.effectiveFrom, effectiveThrough: input.effectiveThrough, terms: terms))
        try checkHistory(proposed, new: number)

        let record = ContractVersionRecord()
        record.partnerID = partnerID
        record.number = number
        apply(input, to: record)
        try await db.transaction { tx in
            let contract: Contract
            if let found = try await ContractService.contract(of: partnerID, on: tx) {
                contract = found
            } else {
                contract = Contract()
                contract.$partner.id = partnerID
                contract.title = String((title?.trimmingCharacters(in: .whitespaces)).flatMap { $0.isEmpty ? nil : $0 } ?? defaultTitle(partner)).prefix(200).description
                try await contract.create(on: tx)
                try await AuditLog.created(contract, by: actor, on: tx)
            }
            if let closing {
                let before = closing.auditFields
                closing.effectiveThrough = input.effectiveFrom.adding(days: -1).description
                try await closing.update(on: tx)
                try await AuditLog.updated(closing, before: before, by: actor, on: tx)
            }
            record.$contract.id = try contract.requireID()
            try await record.create(on: tx)
            try await AuditLog.created(record, by: actor, on: tx)
            try await ContractRecompute.partner(partnerID, on: tx)
        }
        return record
    }

    static func updateVersion(_ record: ContractVersionRecord, with input: ContractVersionInput, by actor: Actor, on db: any Database) async throws {
        let terms = try input.terms()
        let others = try await versions(of: record.partnerID, on: db).filter { $0.id != record.id }
        var proposed = others.compactMap(domainVersion)
        proposed.append(ContractVersion(number: record.number, effectiveFrom: input.effectiveFrom, effectiveThrough: input.effectiveThrough, terms: terms))
        try checkHistory(proposed, new: record.number)
        let before = record.auditFields
        apply(input, to: record)
        try await db.transaction { tx in
            try await record.update(on: tx)
            try await AuditLog.updated(record, before: before, by: actor, on: tx)
            try await ContractRecompute.partner(record.partnerID, on: tx)
        }
    }

    /// Versions may not overlap: the domain's issues, all reported under the effective dates.
    private static func checkHistory(_ versions: [ContractVersion], new number: Int) throws {
        do {
            _ = try ContractHistory(versions: versions)
        } catch {
            throw ContractInputError(error.issues.map { issue in
                let field = issue.field == "effective_through" ? "effective_through" : "effective_from"
                let who = issue.row == number ? "this version" : "version \(issue.row.map(String.init) ?? "?")"
                return ContractIssue(field, "\(who) \(issue.reason)")
            })
        }
    }

    private static func apply(_ input: ContractVersionInput, to r: ContractVersionRecord) {
        r.effectiveFrom = input.effectiveFrom.description
        r.effectiveThrough = input.effectiveThrough?.description
        r.startOn = input.start.description
        r.initialEndOn = input.initialEnd.description
        r.autoRenew = input.autoRenew
        r.renewalTermMonths = input.renewalTermMonths ?? 12
        r.clientNoticeDays = input.clientNoticeDays
        r.partnerNoticeDays = input.partnerNoticeDays
        r.cureDays = input.cureDays ?? 30
        let sides = Set(input.convenienceAllowedFor ?? [])
        r.convenienceSides = ContactSide.allCases.filter(sides.contains).map(\.rawValue).joined(separator: ",")
        r.convenienceFee = (input.convenienceFee ?? ConvenienceFeeKind.none).rawValue
        r.convenienceFeeAmount = input.convenienceFeeAmount?.trimmingCharacters(in: .whitespaces) ?? ""
        r.convenienceFeeMonths = input.convenienceFeeMonths?.trimmingCharacters(in: .whitespaces) ?? ""
        r.convenienceFeeLookbackMonths = input.convenienceFeeLookbackMonths ?? ContractVersionInput.defaultLookbackMonths
        r.minimumHeadcount = input.minimumHeadcount
        r.flexUp = input.flexUp?.trimmingCharacters(in: .whitespaces) ?? ""
        r.flexDown = input.flexDown?.trimmingCharacters(in: .whitespaces) ?? ""
        r.flexNoticeDays = input.flexNoticeDays ?? 0
        r.ratesJSON = ContractVersionInput.encode(input.rates ?? [])
        r.slaJSON = input.sla.map { ContractVersionInput.encode($0) } ?? ""
        r.note = String((input.note ?? "").prefix(4_000))
    }
}
