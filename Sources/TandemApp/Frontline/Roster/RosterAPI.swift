import Foundation
import TandemFrontline
import TandemPartners
import Vapor

enum RosterAPI {
    static func register(_ api: APIRoutes) {
        let tag = FrontlineAPI.tag
        api.add(.init(method: .GET, path: ["frontline", "teams", ":partnerID", "roster"],
                      summary: "A team's roster, with the agent ids of its contacts and QA evaluations that are not on it", tag: tag, response: .ref("Roster"))) { req in
            let (team, _) = try await FrontlineAccess.team(req)
            return try await RosterService.roster(of: team, on: req.db)
        }
        api.add(.init(method: .POST, path: ["frontline", "teams", ":partnerID", "roster"],
                      summary: "Import a roster CSV (the body). A file with any bad row changes nothing: 422 naming file, line and field of every issue. Re-imports update by agent id",
                      tag: tag, request: .string(description: "the CSV file's bytes"), response: .ref("RosterImport"), successStatus: 201,
                      query: [.init(name: "fileName", schema: .string(), description: "for the record and the issues")]),
                body: .collect(maxSize: "8mb")) { req -> Created<RosterImportDTO> in
            let (team, principal) = try await FrontlineAccess.team(req)
            try FrontlineAccess.requireRosterEditor(req)
            let bytes = req.body.data.map { [UInt8](buffer: $0) } ?? []
            let run = try await RosterService.importCSV(bytes, fileName: req.query[String.self, at: "fileName"] ?? "roster.csv", team: team,
                                                        by: principal.actor, on: req.db)
            guard run.status == "succeeded" else {
                var errors = FieldErrors()
                for issue in run.issueList { errors.add("\(run.fileName):\(issue.line) \(issue.field)", issue.reason) }
                throw ValidationFailed(fields: errors)
            }
            return Created(value: RosterService.dto(run))
        }
        api.add(.init(method: .POST, path: ["frontline", "teams", ":partnerID", "agents"], summary: "Add one agent to a team's roster", tag: tag,
                      request: .ref("RosterAgentInput"), response: .ref("RosterAgent"), successStatus: 201)) { req in
            let (team, principal) = try await FrontlineAccess.team(req)
            try FrontlineAccess.requireRosterEditor(req)
            let record = try await RosterService.save(req.decodeJSON(RosterAgentInput.self), record: nil, team: team, by: principal.actor, on: req.db)
            return Created(value: RosterService.dto(record))
        }
        api.add(.init(method: .GET, path: ["frontline", "agents", ":rosterAgentID"], summary: "One roster agent", tag: tag, response: .ref("RosterAgent"))) { req in
            let principal = try req.requirePrincipal()
            return RosterService.dto(try await RosterService.requireAgent(req.id("rosterAgentID"), scope: principal.scope, on: req.db))
        }
        api.add(.init(method: .PUT, path: ["frontline", "agents", ":rosterAgentID"], summary: "Change one roster agent (status, leave date and reason, site, queues…)", tag: tag,
                      request: .ref("RosterAgentInput"), response: .ref("RosterAgent"))) { req in
            let principal = try req.requirePrincipal()
            let record = try await RosterService.requireAgent(req.id("rosterAgentID"), scope: principal.scope, on: req.db)
            try FrontlineAccess.requireRosterEditor(req)
            let saved = try await RosterService.save(req.decodeJSON(RosterAgentInput.self), record: record, team: record.team, by: principal.actor, on: req.db)
            return RosterService.dto(saved)
        }
    }

    static let schemas: [String: JSONSchema] = {
        let day = JSONSchema.date
        let links = JSONSchema.object([("linkedRecords", .integer(minimum: 0)), ("linkedAgents", .integer(minimum: 0)), ("recordsWithoutAgent", .integer(minimum: 0)),
                                       ("unknown", .array(.object([("agentID", .string()), ("records", .integer(minimum: 0))], required: ["agentID", "records"])))],
                                      required: ["linkedRecords", "linkedAgents", "recordsWithoutAgent", "unknown"])
        return [
            "RosterAgent": .object([("id", .uuid), ("teamID", .uuid), ("agentID", .string()), ("name", .string()), ("site", .string()), ("startDate", day),
                                    ("queues", .array(.string())), ("status", .enumeration(AgentStatus.self)), ("leaveDate", day), ("leaveReason", .string()),
                                    ("tenureDays", .integer())],
                                   required: ["id", "teamID", "agentID", "name", "startDate", "queues", "status", "tenureDays"]),
            "RosterAgentInput": .object([("agentID", .string(description: "required when adding; an agent's id never changes")), ("name", .string()), ("site", .string()),
                                         ("startDate", day), ("queues", .array(.string())), ("status", .enumeration(AgentStatus.self)), ("leaveDate", day),
                                         ("leaveReason", .string())], required: ["name", "startDate", "status"]),
            "RosterImport": .object([("id", .uuid), ("teamID", .uuid), ("fileName", .string()), ("status", .string(enumeration: ["succeeded", "rejected"])),
                                     ("added", .integer(minimum: 0)), ("updated", .integer(minimum: 0)), ("unchanged", .integer(minimum: 0)),
                                     ("notInFile", .array(.string())),
                                     ("issues", .array(.object([("file", .string()), ("line", .integer()), ("field", .string()), ("reason", .string())],
                                                               required: ["file", "line", "field", "reason"]))),
                                     ("message", .string()), ("requestedBy", .string()), ("createdAt", .dateTime)],
                                    required: ["id", "teamID", "fileName", "status", "added", "updated", "unchanged", "notInFile", "issues", "message", "requestedBy"]),
            "AgentLinks": links,
            "TeamRef": .object([("id", .uuid), ("name", .string()), ("kind", .enumeration(TeamKind.self))], required: ["id", "name", "kind"]),
            "Roster": .object([("team", .ref("TeamRef")), ("agents", .array(.ref("RosterAgent"))), ("contactLinks", .ref("AgentLinks")),
                               ("qaLinks", .ref("AgentLinks")), ("lastImport", .ref("RosterImport"))], required: ["team", "agents"]),
        ]
    }()
}
