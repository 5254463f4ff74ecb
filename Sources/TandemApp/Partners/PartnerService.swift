import Fluent
import Foundation
import TandemPartners
import TandemSelection
import Vapor

/// Partners, their sites and key contacts: every read honours the caller's scope and every
/// write is validated and audited in one transaction.
enum PartnerService {
    // MARK: Reads

    static func list(scope: PartnerScope, on db: any Database) async throws -> [PartnerDTO] {
        let query = Partner.query(on: db).with(\.$relationshipManager).with(\.$sites)
        if case .only(let id) = scope { query.filter(\.$id == id) }
        let partners = try await query.all()
        // The in-house team first, then partners by name: the order every comparison uses.
        return partners.map(dto).sorted { ($0.kind == .inHouse ? 0 : 1, $0.name.lowercased()) < ($1.kind == .inHouse ? 0 : 1, $1.name.lowercased()) }
    }

    /// The list as pages and the API read it, kept until the registry changes (`DerivedFigures`).
    static func kept(_ req: Request, scope: PartnerScope) async throws -> [PartnerDTO] {
        try await req.derived("partners:\(scope.cacheKey)", areas: [.registry, .people]) { db in
            let partners = try await list(scope: scope, on: db)
            return (partners, validUntil: .distantFuture, cost: partners.count)
        }
    }

    /// Nil when the partner does not exist or lies outside the caller's scope: both answer 404.
    static func find(_ id: UUID, scope: PartnerScope, on db: any Database) async throws -> Partner? {
        guard scope.includes(id) else { return nil }
        return try await Partner.query(on: db).filter(\.$id == id).with(\.$relationshipManager).with(\.$sites).first()
    }

    static func require(_ id: UUID, scope: PartnerScope, on db: any Database) async throws -> Partner {
        guard let partner = try await find(id, scope: scope, on: db) else { throw Abort(.notFound, reason: "No such partner.") }
        return partner
    }

    static func dto(_ partner: Partner) -> PartnerDTO {
        let sites = partner.$sites.value ?? []
        return PartnerDTO(
            id: partner.id!, name: partner.name, kind: partner.kind, status: partner.status, involvement: partner.involvement,
            goLiveDate: partner.goLiveOn.flatMap(LocalDate.init), relationshipManager: partner.relationshipManager.map { UserRef(id: $0.id!, name: $0.name) },
            notes: partner.notes, siteCount: sites.count, seats: sites.reduce(0) { $0 + $1.seats },
            createdAt: partner.createdAt, updatedAt: partner.updatedAt
        )
    }

    static func sites(of partnerID: UUID, on db: any Database) async throws -> [SiteDTO] {
        try await Site.query(on: db).filter(\.$partner.$id == partnerID).sort(\.$name).all().map(\.dto)
    }

    static func keyContacts(of partnerID: UUID, on db: any Database) async throws -> [KeyContactDTO] {
        try await KeyContact.query(on: db).filter(\.$partner.$id == partnerID).sort(\.$side).sort(\.$name).all().map(\.dto)
    }

    /// Key contacts per team, in one query.
    static func keyContactCounts(of partnerIDs: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !partnerIDs.isEmpty else { return [:] }
        let owners = try await KeyContact.query(on: db).filter(\.$partner.$id ~~ partnerIDs).all(\.$partner.$id)
        return owners.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    static func requireSite(_ id: UUID, of partner: Partner, on db: any Database) async throws -> Site {
        guard let site = try await Site.query(on: db).filter(\.$id == id).filter(\.$partner.$id == partner.requireID()).first()
        else { throw Abort(.notFound, reason: "No such site.") }
        return site
    }

    static func requireKeyContact(_ id: UUID, of partner: Partner, on db: any Database) async throws -> KeyContact {
        guard let contact = try await KeyContact.query(on: db).filter(\.$id == id).filter(\.$partner.$id == partner.requireID()).first()
        else { throw Abort(.notFound, reason: "No such contact.") }
        return contact
    }

    // MARK: Partner writes

    static func create(_ input: PartnerInput, by actor: Actor, on db: any Database) async throws -> Partner {
        let partner = Partner()
        partner.status = input.status ?? (input.kind == .inHouse ? .live : .prospect)
        try await apply(input, to: partner, isNew: true, on: db)
        try await db.transaction { tx in
            try await partner.create(on: tx)
            try await AuditLog.created(partner, by: actor, on: tx)
        }
        return try await require(partner.requireID(), scope: .all, on: db)
    }

    static func update(_ partner: Partner, with input: PartnerInput, by actor: Actor, on db: any Database) async throws -> Partner {
        let before = partner.auditFields
        try await apply(input, to: partner, isNew: false, on: db)
        try await db.transaction { tx in
            try await partner.update(on: tx)
            try await AuditLog.updated(partner, before: before, by: actor, on: tx)
        }
        return try await require(partner.requireID(), scope: .all, on: db)
    }

    static func delete(_ partner: Partner, by actor: Actor, on db: any Database) async throws {
        let users = try await User.query(on: db).filter(\.$partner.$id == partner.requireID()).count()
        guard users == 0 else {
            throw Abort(.conflict, reason: "\(partner.name) still has \(users) user account(s). Move or delete them first.")
        }
        try await db.transaction { tx in
            for site in try await Site.query(on: tx).filter(\.$partner.$id == partner.requireID()).all() {
                try await AuditLog.deleted(site, by: actor, on: tx)
                try await site.delete(on: tx)
            }
            for contact in try await KeyContact.query(on: tx).filter(\.$partner.$id == partner.requireID()).all() {
                try await AuditLog.deleted(contact, by: actor, on: tx)
                try await contact.delete(on: tx)
            }
            try await AuditLog.deleted(partner, by: actor, on: tx)
            try await partner.delete(on: tx)
        }
    }

    /// Validates the input against the rules and the rest of the workspace, then copies it
    /// onto the model. Throws `ValidationFailed` naming every bad field.
    private static func apply(_ input: PartnerInput, to partner: Partner, isNew: Bool, on db: any Database) async throws {
        var errors = FieldErrors()
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        Check.required(name, "name", into: &errors)
        Check.length(input.notes, "notes", max: 10_000, into: &errors)

        if !name.isEmpty {
            let clash = try await SameNameLookup.matches(in: Partner.schema, name: name, on: db)
                .contains { isNew || $0.name != partner.name }
            if clash { errors.add("name", "is already used by another team") }
        }

        let kind = input.kind ?? (isNew ? .partner : partner.kind)
        if kind == .inHouse && (isNew || partner.kind != .inHouse) {
            if try await Partner.query(on: db).filter(\.$kind == .inHouse).count() > 0 {
                errors.add("kind", "cannot be in-house: the workspace already has its in-house team")
            }
        }
        if !isNew && kind != partner.kind && partner.kind == .partner,
           try await User.query(on: db).filter(\.$partner.$id == partner.requireID()).count() > 0 {
            errors.add("kind", "cannot change while partner users belong to this team")
        }

        let status = input.status ?? partner.status
        if !isNew && !partner.status.canMove(to: status) {
            let allowed = partner.status.allowedNext.map(\.rawValue).sorted().joined(separator: ", ")
            errors.add("status", "cannot move from \(partner.status.rawValue) to \(status.rawValue) (allowed: \(allowed))")
        }
        if status.isHandlingContacts && input.goLiveDate == nil {
            errors.add("goLiveDate", "is required once a team is live")
        }
        // A named relationship manager before going live (issue 15); a partner already live
        // without one (from before the rule) may still be edited, but not lose the one it has.
        if isNew || partner.status != status || partner.$relationshipManager.id != nil {
            for (field, message) in GoLiveRule.problems(kind: kind, status: status, hasRelationshipManager: input.relationshipManagerID != nil) {
                errors.add(field, message)
            }
        }

        if let managerID = input.relationshipManagerID {
            let manager = try await User.find(managerID, on: db)
            if manager == nil || manager?.active == false || manager?.role.canBeRelationshipManager == false {
                errors.add("relationshipManagerID", "must be an active admin or relationship manager")
            }
        }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }

        partner.name = name
        partner.kind = kind
        partner.status = status
        partner.involvement = input.involvement ?? (isNew ? .partial : partner.involvement)
        partner.goLiveOn = input.goLiveDate?.description
        partner.$relationshipManager.id = input.relationshipManagerID
        partner.notes = input.notes ?? ""
    }

    // MARK: Sites and key contacts

    static func saveSite(_ input: SiteInput, site existing: Site?, partner: Partner, by actor: Actor, on db: any Database) async throws -> Site {
        var errors = input.validate()
        let partnerID = try partner.requireID()
        let duplicate = try await Site.query(on: db).filter(\.$partner.$id == partnerID).all()
            .contains { $0.name.lowercased() == input.name.trimmingCharacters(in: .whitespaces).lowercased() && $0.id != existing?.id }
        if duplicate { errors.add("name", "is already used by another site of this team") }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }

        let site = existing ?? Site()
        let before = existing?.auditFields
        site.$partner.id = partnerID
        site.name = input.name.trimmingCharacters(in: .whitespaces)
        site.city = input.city.trimmingCharacters(in: .whitespaces)
        site.country = input.country
        site.locationType = input.locationType
        site.timeZone = input.timeZone
        site.languages = input.languages.joined(separator: ",")
        site.seats = input.seats
        try await db.transaction { tx in
            try await site.save(on: tx)
            try await AuditLog.saved(site, before: before, by: actor, on: tx)
        }
        return site
    }

    static func saveKeyContact(_ input: KeyContactInput, contact existing: KeyContact?, partner: Partner, by actor: Actor, on db: any Database) async throws -> KeyContact {
        let errors = input.validate()
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let contact = existing ?? KeyContact()
        let before = existing?.auditFields
        contact.$partner.id = try partner.requireID()
        contact.name = input.name.trimmingCharacters(in: .whitespaces)
        contact.side = input.side
        contact.role = input.role.trimmingCharacters(in: .whitespaces)
        contact.email = input.email?.lowercased() ?? ""
        contact.phone = input.phone ?? ""
        try await db.transaction { tx in
            try await contact.save(on: tx)
            try await AuditLog.saved(contact, before: before, by: actor, on: tx)
        }
        return contact
    }
}
