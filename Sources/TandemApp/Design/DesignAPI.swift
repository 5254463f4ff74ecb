import Foundation
import TandemPartners
import TandemSelection
import Vapor

/// `/api/v1/partners/:partnerID/design...`: the responsibility matrix, capacity and go-live readiness.
enum DesignAPI {
    static func register(_ api: APIRoutes) {
        let tag = "Design"
        @Sendable func scoped(_ req: Request) async throws -> (Partner, Principal) { try await DesignPages.scopedPartner(req) }
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "design"], summary: "The partnership design: responsibility matrix with gaps, client capacity (client users), go-live readiness", tag: tag,
                      response: .ref("PartnershipDesign"))) { req in
            let (partner, principal) = try await scoped(req)
            return try await DesignService.dto(partner, scope: principal.scope, on: req.db)
        }
        api.add(.init(method: .PUT, path: ["partners", ":partnerID", "design"], summary: "Change who owns activities and their client hours", tag: tag,
                      request: .ref("ResponsibilityInput"), response: .ref("PartnershipDesign"))) { req in
            let (partner, _) = try await scoped(req)
            let principal = try req.require(.editRegistry)
            try await DesignService.save(req.decodeJSON(ResponsibilityInput.self), partner: partner, by: principal.actor, on: req.db)
            return try await DesignService.dto(partner, scope: principal.scope, on: req.db)
        }
        api.add(.init(method: .POST, path: ["partners", ":partnerID", "design", "propose"], summary: "Set the involvement level and replace the matrix with its proposal", tag: tag,
                      request: .ref("ProposeInput"), response: .ref("PartnershipDesign"))) { req in
            let (partner, _) = try await scoped(req)
            let principal = try req.require(.editRegistry)
            try await DesignService.propose(req.decodeJSON(ProposeInput.self).involvement, partner: partner, by: principal.actor, on: req.db)
            return try await DesignService.dto(partner, scope: principal.scope, on: req.db)
        }
        api.add(.init(method: .POST, path: ["partners", ":partnerID", "design", "people"], summary: "Add one of the client's people with the hours a week they can give", tag: tag,
                      request: .ref("CapacityPersonInput"), response: .ref("PartnershipDesign"), successStatus: 201)) { req in
            let (partner, _) = try await scoped(req)
            let principal = try req.require(.editRegistry)
            _ = try await DesignService.addPerson(req.decodeJSON(CapacityPersonInput.self), partner: partner, by: principal.actor, on: req.db)
            return Created(value: try await DesignService.dto(partner, scope: principal.scope, on: req.db))
        }
        api.add(.init(method: .DELETE, path: ["partners", ":partnerID", "design", "people", ":personID"], summary: "Remove a person from the client's capacity", tag: tag,
                      response: nil, successStatus: 204)) { req -> HTTPStatus in
            let (partner, _) = try await scoped(req)
            let person = try await DesignService.requirePerson(req.id("personID"), of: partner, on: req.db)
            let principal = try req.require(.editRegistry)
            try await AuditLog.delete(person, by: principal.actor, on: req.db)
            return .noContent
        }
    }

    static let schemas: [String: JSONSchema] = [
        "PartnershipDesign": .object([
            ("partnerID", .uuid), ("partnerName", .string()), ("status", .enumeration(PartnerStatus.self)), ("involvement", .enumeration(InvolvementLevel.self)),
            ("saved", .boolean),
            ("rows", .array(.object([("activity", .enumeration(Activity.self)), ("label", .string()), ("owner", .enumeration(ResponsibilityOwner.self)),
                                     ("clientHoursPerWeek", .number), ("proposedOwner", .enumeration(ResponsibilityOwner.self)), ("gap", .boolean)],
                                    required: ["activity", "label", "owner", "clientHoursPerWeek", "proposedOwner", "gap"]))),
            ("gaps", .array(.enumeration(Activity.self))), ("clientHoursNeeded", .number),
            ("capacity", .nullable(.object([
                ("people", .array(.object([("id", .uuid), ("name", .string()), ("role", .string()), ("hoursPerWeek", .number)], required: ["id", "name", "role", "hoursPerWeek"]))),
                ("neededHours", .number), ("availableHours", .number), ("overCommitted", .boolean), ("shortfall", .number), ("utilisation", .nullable(.number)), ("rule", .string()),
            ], required: ["people", "neededHours", "availableHours", "overCommitted", "shortfall", "rule"]))),
            ("relationshipManager", .nullable(.string())), ("readyToGoLive", .boolean),
            ("rules", .object([("proposal", .string()), ("hours", .string()), ("goLive", .string())], required: ["proposal", "hours", "goLive"])),
        ], required: ["partnerID", "partnerName", "status", "involvement", "saved", "rows", "gaps", "clientHoursNeeded", "readyToGoLive", "rules"]),
        "ResponsibilityInput": .object([
            ("rows", .array(.object([("activity", .enumeration(Activity.self)), ("owner", .enumeration(ResponsibilityOwner.self)), ("clientHoursPerWeek", .nullable(.number))],
                                    required: ["activity", "owner"]))),
        ], required: ["rows"]),
        "ProposeInput": .object([("involvement", .enumeration(InvolvementLevel.self))], required: ["involvement"]),
        "CapacityPersonInput": .object([("name", .string(maxLength: 200)), ("role", .nullable(.string(maxLength: 200))), ("hoursPerWeek", .number)], required: ["name", "hoursPerWeek"]),
    ]
}
