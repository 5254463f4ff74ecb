import Foundation
import TandemPartners
import Vapor

extension PartnerDTO: Content {}
extension SiteDTO: Content {}
extension KeyContactDTO: Content {}

/// `/api/v1/partners...`: partners (and the in-house team), their sites and key contacts.
enum PartnerAPI {
    static func register(_ api: APIRoutes) {
        let tag = "Partners"
        api.add(.init(method: .GET, path: ["partners"], summary: "List teams: the in-house team and every partner you may see", tag: tag,
                      response: .array(.ref("Partner")), query: [.init(name: "kind", schema: .enumeration(TeamKind.self), description: "only this kind of team")])) { req in
            let principal = try req.requirePrincipal()
            let kind = try req.query.get(String?.self, at: "kind").map { raw in
                guard let kind = TeamKind(rawValue: raw) else { throw ValidationFailed(fields: FieldErrors(["kind": "must be partner or in_house"])) }
                return kind
            }
            return try await PartnerService.kept(req, scope: principal.scope).filter { kind == nil || $0.kind == kind }
        }
        api.add(.init(method: .POST, path: ["partners"], summary: "Create a partner or the in-house team", tag: tag,
                      request: .ref("PartnerInput"), response: .ref("Partner"), successStatus: 201)) { req in
            let principal = try req.require(.editRegistry)
            let input = try req.decodeJSON(PartnerInput.self)
            let partner = try await PartnerService.create(input, by: principal.actor, on: req.db)
            return Created(value: PartnerService.dto(partner))
        }
        api.add(.init(method: .GET, path: ["partners", ":partnerID"], summary: "Get one team", tag: tag, response: .ref("Partner"))) { req in
            let principal = try req.requirePrincipal()
            return PartnerService.dto(try await PartnerService.require(req.id("partnerID"), scope: principal.scope, on: req.db))
        }
        api.add(.init(method: .PUT, path: ["partners", ":partnerID"], summary: "Replace a team's details", tag: tag,
                      request: .ref("PartnerInput"), response: .ref("Partner"))) { req in
            let principal = try req.requirePrincipal()
            let partner = try await PartnerService.require(req.id("partnerID"), scope: principal.scope, on: req.db)
            try req.require(.editRegistry)
            let input = try req.decodeJSON(PartnerInput.self)
            return PartnerService.dto(try await PartnerService.update(partner, with: input, by: principal.actor, on: req.db))
        }
        api.add(.init(method: .DELETE, path: ["partners", ":partnerID"], summary: "Delete a team with its sites and contacts", tag: tag,
                      response: nil, successStatus: 204)) { req -> HTTPStatus in
            let principal = try req.requirePrincipal()
            let partner = try await PartnerService.require(req.id("partnerID"), scope: principal.scope, on: req.db)
            try req.require(.editRegistry)
            try await PartnerService.delete(partner, by: principal.actor, on: req.db)
            return .noContent
        }

        api.add(.init(method: .GET, path: ["partners", ":partnerID", "sites"], summary: "List a team's sites", tag: tag, response: .array(.ref("Site")))) { req in
            let partner = try await scopedPartner(req)
            return try await PartnerService.sites(of: partner.requireID(), on: req.db)
        }
        api.add(.init(method: .POST, path: ["partners", ":partnerID", "sites"], summary: "Add a site", tag: tag,
                      request: .ref("SiteInput"), response: .ref("Site"), successStatus: 201)) { req in
            let (partner, principal) = try await directoryEditor(req)
            let site = try await PartnerService.saveSite(req.decodeJSON(SiteInput.self), site: nil, partner: partner, by: principal.actor, on: req.db)
            return Created(value: site.dto)
        }
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "sites", ":siteID"], summary: "Get a site", tag: tag, response: .ref("Site"))) { req in
            let partner = try await scopedPartner(req)
            return try await PartnerService.requireSite(req.id("siteID"), of: partner, on: req.db).dto
        }
        api.add(.init(method: .PUT, path: ["partners", ":partnerID", "sites", ":siteID"], summary: "Replace a site", tag: tag,
                      request: .ref("SiteInput"), response: .ref("Site"))) { req in
            let (partner, principal) = try await directoryEditor(req)
            let site = try await PartnerService.requireSite(req.id("siteID"), of: partner, on: req.db)
            return try await PartnerService.saveSite(req.decodeJSON(SiteInput.self), site: site, partner: partner, by: principal.actor, on: req.db).dto
        }
        api.add(.init(method: .DELETE, path: ["partners", ":partnerID", "sites", ":siteID"], summary: "Delete a site", tag: tag,
                      response: nil, successStatus: 204)) { req -> HTTPStatus in
            let (partner, principal) = try await directoryEditor(req)
            let site = try await PartnerService.requireSite(req.id("siteID"), of: partner, on: req.db)
            try await AuditLog.delete(site, by: principal.actor, on: req.db)
            return .noContent
        }

        api.add(.init(method: .GET, path: ["partners", ":partnerID", "contacts"], summary: "List a team's key contacts", tag: tag, response: .array(.ref("KeyContact")))) { req in
            let partner = try await scopedPartner(req)
            return try await PartnerService.keyContacts(of: partner.requireID(), on: req.db)
        }
        api.add(.init(method: .POST, path: ["partners", ":partnerID", "contacts"], summary: "Add a key contact", tag: tag,
                      request: .ref("KeyContactInput"), response: .ref("KeyContact"), successStatus: 201)) { req in
            let (partner, principal) = try await directoryEditor(req)
            let input = try req.decodeJSON(KeyContactInput.self)
            try KeyContact.checkWrite(existing: nil, input: input, by: principal)
            let contact = try await PartnerService.saveKeyContact(input, contact: nil, partner: partner, by: principal.actor, on: req.db)
            return Created(value: contact.dto)
        }
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "contacts", ":contactID"], summary: "Get a key contact", tag: tag, response: .ref("KeyContact"))) { req in
            let partner = try await scopedPartner(req)
            return try await PartnerService.requireKeyContact(req.id("contactID"), of: partner, on: req.db).dto
        }
        api.add(.init(method: .PUT, path: ["partners", ":partnerID", "contacts", ":contactID"], summary: "Replace a key contact", tag: tag,
                      request: .ref("KeyContactInput"), response: .ref("KeyContact"))) { req in
            let (partner, principal) = try await directoryEditor(req)
            let contact = try await PartnerService.requireKeyContact(req.id("contactID"), of: partner, on: req.db)
            try KeyContact.checkWrite(existing: contact, input: nil, by: principal)
            let input = try req.decodeJSON(KeyContactInput.self)
            try KeyContact.checkWrite(existing: contact, input: input, by: principal)
            return try await PartnerService.saveKeyContact(input, contact: contact, partner: partner, by: principal.actor, on: req.db).dto
        }
        api.add(.init(method: .DELETE, path: ["partners", ":partnerID", "contacts", ":contactID"], summary: "Delete a key contact", tag: tag,
                      response: nil, successStatus: 204)) { req -> HTTPStatus in
            let (partner, principal) = try await directoryEditor(req)
            let contact = try await PartnerService.requireKeyContact(req.id("contactID"), of: partner, on: req.db)
            try KeyContact.checkWrite(existing: contact, input: nil, by: principal)
            try await AuditLog.delete(contact, by: principal.actor, on: req.db)
            return .noContent
        }
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "audit"], summary: "A team's change history", tag: tag,
                      response: .array(.ref("AuditEntry")), query: [.init(name: "limit", schema: .integer(minimum: 1, maximum: 1_000), description: "at most this many entries (default 100)")])) { req in
            let partner = try await scopedPartner(req)
            let limit = try req.query.get(Int?.self, at: "limit") ?? 100
            return try await AuditQueries.list(.init(partnerID: partner.requireID(), limit: limit), for: try req.requirePrincipal().scope, on: req.db)
        }
    }

    /// The partner named in the path, if the caller may see it; 404 otherwise.
    static func scopedPartner(_ req: Request) async throws -> Partner {
        try await PartnerService.require(req.id("partnerID"), scope: req.requirePrincipal().scope, on: req.db)
    }

    /// Scope first (another partner's record is a 404), then the permission (403).
    static func directoryEditor(_ req: Request) async throws -> (Partner, Principal) {
        let partner = try await scopedPartner(req)
        let principal = try req.require(.editPartnerDirectory)
        return (partner, principal)
    }

    static let schemas: [String: JSONSchema] = [
        "Partner": .object([
            ("id", .uuid), ("name", .string()), ("kind", .enumeration(TeamKind.self)), ("status", .enumeration(PartnerStatus.self)),
            ("involvement", .enumeration(InvolvementLevel.self)), ("goLiveDate", .nullable(.date)),
            ("relationshipManager", .nullable(.object([("id", .uuid), ("name", .string())], required: ["id", "name"]))),
            ("notes", .string()), ("siteCount", .integer(minimum: 0)), ("seats", .integer(minimum: 0)),
            ("createdAt", .nullable(.dateTime)), ("updatedAt", .nullable(.dateTime)),
        ], required: ["id", "name", "kind", "status", "involvement", "notes", "siteCount", "seats"]),
        "PartnerInput": .object([
            ("name", .string(maxLength: 200)), ("kind", .enumeration(TeamKind.self)), ("status", .enumeration(PartnerStatus.self)),
            ("involvement", .enumeration(InvolvementLevel.self)), ("goLiveDate", .nullable(.date)),
            ("relationshipManagerID", .nullable(.uuid)), ("notes", .nullable(.string(maxLength: 10_000))),
        ], required: ["name"]),
        "Site": .object([
            ("id", .uuid), ("partnerID", .uuid), ("name", .string()), ("city", .string()), ("country", .string()),
            ("locationType", .enumeration(LocationType.self)), ("timeZone", .string()), ("languages", .array(.string())), ("seats", .integer(minimum: 0)),
        ], required: ["id", "partnerID", "name", "city", "country", "locationType", "timeZone", "languages", "seats"]),
        "SiteInput": .object([
            ("name", .string(maxLength: 200)), ("city", .string(maxLength: 200)), ("country", .string(description: "ISO 3166-1 alpha-2, e.g. US")),
            ("locationType", .enumeration(LocationType.self)), ("timeZone", .string(description: "IANA time zone, e.g. America/Chicago")),
            ("languages", .array(.string(description: "language tag, e.g. es-MX"))), ("seats", .integer(minimum: 0, maximum: 100_000)),
        ], required: ["name", "city", "country", "locationType", "timeZone", "languages", "seats"]),
        "KeyContact": .object([
            ("id", .uuid), ("partnerID", .uuid), ("name", .string()), ("side", .enumeration(ContactSide.self)), ("role", .string()),
            ("email", .nullable(.string(format: "email"))), ("phone", .nullable(.string())),
        ], required: ["id", "partnerID", "name", "side", "role"]),
        "KeyContactInput": .object([
            ("name", .string(maxLength: 200)), ("side", .enumeration(ContactSide.self)), ("role", .string(maxLength: 200)),
            ("email", .nullable(.string(format: "email"))), ("phone", .nullable(.string())),
        ], required: ["name", "side", "role"]),
    ]
}
