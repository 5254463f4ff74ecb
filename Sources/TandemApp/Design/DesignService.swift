import Fluent
import Foundation
import TandemPartners
import TandemSelection
import Vapor

struct PartnershipDesignDTO: Content, Equatable {
    struct Row: Codable, Sendable, Equatable {
        let activity: Activity
        let label: String
        let owner: ResponsibilityOwner
        let clientHoursPerWeek: Double
        /// What the involvement level proposes, for comparison.
        let proposedOwner: ResponsibilityOwner
        let gap: Bool
    }
    struct Person: Codable, Sendable, Equatable {
        let id: UUID
        let name: String
        let role: String
        let hoursPerWeek: Double
    }
    struct Capacity: Codable, Sendable, Equatable {
        let people: [Person]
        let neededHours: Double
        let availableHours: Double
        let overCommitted: Bool
        let shortfall: Double
        /// needed ÷ available; absent when nobody has hours.
        let utilisation: Double?
        let rule: String
    }
    struct Rules: Codable, Sendable, Equatable {
        let proposal: String
        let hours: String
        let goLive: String
    }

    let partnerID: UUID
    let partnerName: String
    let status: PartnerStatus
    let involvement: InvolvementLevel
    /// False while the matrix shown is the involvement level's proposal, not yet saved.
    let saved: Bool
    let rows: [Row]
    let gaps: [Activity]
    let clientHoursNeeded: Double
    /// The client's own people and hours: absent for partner users.
    let capacity: Capacity?
    let relationshipManager: String?
    /// The partner has what going live needs (a named relationship manager).
    let readyToGoLive: Bool
    let rules: Rules
}

struct ResponsibilityInput: Content, Equatable {
    struct Row: Codable, Sendable, Equatable {
        var activity: Activity
        var owner: ResponsibilityOwner
        /// Client hours a week; default the activity's estimate for that owner. Ignored (0) unless the client owns or shares it.
        var clientHoursPerWeek: Double?
    }
    /// Activities not listed keep their current owner and hours.
    var rows: [Row]
}

struct ProposeInput: Content, Equatable {
    var involvement: InvolvementLevel
}

struct CapacityPersonInput: Content, Equatable {
    var name: String
    var role: String?
    var hoursPerWeek: Double
}

/// The partnership design: the responsibility matrix an involvement level proposes (editable),
/// its gaps, the client hours it needs against the client's people, and the go-live rule.
enum DesignService {
    static func requirePartner(_ partner: Partner) throws {
        guard partner.kind == .partner else { throw Abort(.notFound, reason: "The in-house team has no partnership design.") }
    }

    static func rows(of partnerID: UUID, on db: any Database) async throws -> [ResponsibilityRow] {
        try await ResponsibilityRow.query(on: db).filter(\.$partner.$id == partnerID).all()
    }

    static func people(of partnerID: UUID, on db: any Database) async throws -> [CapacityPersonRecord] {
        try await CapacityPersonRecord.query(on: db).filter(\.$partner.$id == partnerID).sort(\.$name).all()
    }

    /// The saved matrix in activity order, or the involvement level's proposal when none is saved.
    static func assignments(_ partner: Partner, on db: any Database) async throws -> (rows: [ResponsibilityAssignment], saved: Bool) {
        let stored = try await rows(of: partner.requireID(), on: db)
        guard !stored.isEmpty else { return (ResponsibilityMatrix.proposal(for: partner.involvement), false) }
        let proposal = ResponsibilityMatrix.proposal(for: partner.involvement)
        return (Activity.allCases.map { a in stored.first { $0.activity == a }?.assignment ?? proposal.first { $0.activity == a }! }, true)
    }

    static func dto(_ partner: Partner, scope: PartnerScope, on db: any Database) async throws -> PartnershipDesignDTO {
        try requirePartner(partner)
        let partnerID = try partner.requireID()
        let (rows, saved) = try await assignments(partner, on: db)
        let needed = ResponsibilityMatrix.clientHours(rows)
        var capacity: PartnershipDesignDTO.Capacity?
        if !scope.isPartner {
            let people = try await people(of: partnerID, on: db)
            let check = CapacityCheck(needed: needed, people: people.map { CapacityPerson(name: $0.name, role: $0.role, hoursPerWeek: $0.hoursPerWeek) })
            capacity = .init(people: people.map { .init(id: $0.id!, name: $0.name, role: $0.role, hoursPerWeek: $0.hoursPerWeek) }, neededHours: needed,
                             availableHours: check.availableHours, overCommitted: check.overCommitted, shortfall: check.shortfall, utilisation: check.utilisation,
                             rule: CapacityCheck.rule)
        }
        let manager = try await partner.$relationshipManager.get(on: db)
        return PartnershipDesignDTO(
            partnerID: partnerID, partnerName: partner.name, status: partner.status, involvement: partner.involvement, saved: saved,
            rows: rows.map { r in .init(activity: r.activity, label: r.activity.label, owner: r.owner, clientHoursPerWeek: r.clientHoursPerWeek,
                                        proposedOwner: ResponsibilityMatrix.proposedOwner(r.activity, at: partner.involvement), gap: r.owner == .nobody) },
            gaps: ResponsibilityMatrix.gaps(rows), clientHoursNeeded: needed, capacity: capacity, relationshipManager: manager?.name,
            readyToGoLive: GoLiveRule.problems(kind: partner.kind, status: .live, hasRelationshipManager: manager != nil).isEmpty,
            rules: .init(proposal: ResponsibilityMatrix.proposalRule, hours: ResponsibilityMatrix.hoursRule, goLive: GoLiveRule.rule))
    }

    /// Saves owners and hours; a partnership without a saved matrix starts from its level's proposal.
    static func save(_ input: ResponsibilityInput, partner: Partner, by actor: Actor, on db: any Database) async throws {
        try requirePartner(partner)
        var errors = FieldErrors()
        var seen = Set<Activity>()
        for (i, row) in input.rows.enumerated() {
            if !seen.insert(row.activity).inserted { errors.add("rows[\(i)].activity", "is listed twice") }
            if let hours = row.clientHoursPerWeek, !(hours.isFinite && hours >= 0 && hours <= 168) { errors.add("rows[\(i)].clientHoursPerWeek", "must be between 0 and 168") }
        }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let (current, _) = try await assignments(partner, on: db)
        let partnerID = try partner.requireID()
        try await db.transaction { tx in
            let stored = try await rows(of: partnerID, on: tx)
            for assignment in current {
                let change = input.rows.first { $0.activity == assignment.activity }
                let owner = change?.owner ?? assignment.owner
                let hours = change.map { $0.clientHoursPerWeek ?? ResponsibilityMatrix.proposedHours($0.activity, owner: $0.owner) } ?? assignment.clientHoursPerWeek
                let wanted = ResponsibilityAssignment(activity: assignment.activity, owner: owner, clientHoursPerWeek: hours)
                let row = stored.first { $0.activity == assignment.activity } ?? ResponsibilityRow()
                if row.id != nil && row.owner == wanted.owner && row.clientHours == wanted.clientHoursPerWeek { continue }
                let before = row.id == nil ? nil : row.auditFields
                row.$partner.id = partnerID
                row.activity = wanted.activity
                row.owner = wanted.owner
                row.clientHours = wanted.clientHoursPerWeek
                try await row.save(on: tx)
                try await AuditLog.saved(row, before: before, by: actor, on: tx)
            }
        }
    }

    /// Sets the partner's involvement level and replaces the matrix with that level's proposal.
    static func propose(_ level: InvolvementLevel, partner: Partner, by actor: Actor, on db: any Database) async throws {
        try requirePartner(partner)
        let partnerID = try partner.requireID()
        try await db.transaction { tx in
            if partner.involvement != level {
                let before = partner.auditFields
                partner.involvement = level
                try await partner.update(on: tx)
                try await AuditLog.updated(partner, before: before, by: actor, on: tx)
            }
            let stored = try await rows(of: partnerID, on: tx)
            for wanted in ResponsibilityMatrix.proposal(for: level) {
                let row = stored.first { $0.activity == wanted.activity } ?? ResponsibilityRow()
                if row.id != nil && row.owner == wanted.owner && row.clientHours == wanted.clientHoursPerWeek { continue }
                let before = row.id == nil ? nil : row.auditFields
                row.$partner.id = partnerID
                row.activity = wanted.activity
                row.owner = wanted.owner
                row.clientHours = wanted.clientHoursPerWeek
                try await row.save(on: tx)
                try await AuditLog.saved(row, before: before, by: actor, on: tx)
            }
        }
    }

    static func addPerson(_ input: CapacityPersonInput, partner: Partner, by actor: Actor, on db: any Database) async throws -> CapacityPersonRecord {
        try requirePartner(partner)
        var errors = FieldErrors()
        Check.required(input.name, "name", into: &errors)
        Check.length(input.role, "role", max: 200, into: &errors)
        if !(input.hoursPerWeek.isFinite && input.hoursPerWeek > 0 && input.hoursPerWeek <= 80) { errors.add("hoursPerWeek", "must be above 0 and at most 80") }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let person = CapacityPersonRecord()
        person.$partner.id = try partner.requireID()
        person.name = input.name.trimmingCharacters(in: .whitespaces)
        person.role = (input.role ?? "").trimmingCharacters(in: .whitespaces)
        person.hoursPerWeek = input.hoursPerWeek
        try await db.transaction { tx in
            try await person.create(on: tx)
            try await AuditLog.created(person, by: actor, on: tx)
        }
        return person
    }

    static func requirePerson(_ id: UUID, of partner: Partner, on db: any Database) async throws -> CapacityPersonRecord {
        guard let person = try await CapacityPersonRecord.query(on: db).filter(\.$id == id).filter(\.$partner.$id == partner.requireID()).first()
        else { throw Abort(.notFound, reason: "No such person.") }
        return person
    }
}
