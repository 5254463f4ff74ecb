import Foundation
import TandemFrontline
import Vapor

enum RecognitionAPI {
    static func register(_ api: APIRoutes) {
        let tag = FrontlineAPI.tag
        api.add(.init(method: .GET, path: ["frontline", "teams", ":partnerID", "kudos"], summary: "Kudos given to a team's agents, newest first", tag: tag,
                      response: .array(.ref("Kudos")))) { req in
            let (team, _) = try await FrontlineAccess.team(req)
            return try await RecognitionService.kudos(teamID: team.requireID(), on: req.db)
        }
        api.add(.init(method: .POST, path: ["frontline", "teams", ":partnerID", "kudos"], summary: "Give kudos to an agent (either side)", tag: tag,
                      request: .ref("KudosInput"), response: .ref("Kudos"), successStatus: 201)) { req in
            let (team, principal) = try await FrontlineAccess.team(req)
            try FrontlineAccess.requireParticipant(req)
            let kudos = try await RecognitionService.giveKudos(req.decodeJSON(KudosInput.self), team: team, by: principal, on: req.db)
            return Created(value: try await RecognitionService.kudos(teamID: team.requireID(), on: req.db).first { $0.id == kudos.id }!)
        }
        api.add(.init(method: .GET, path: ["frontline", "teams", ":partnerID", "celebrations"], summary: "A team's celebrations log", tag: tag,
                      response: .array(.ref("Celebration")))) { req in
            let (team, _) = try await FrontlineAccess.team(req)
            return try await RecognitionService.celebrations(teamID: team.requireID(), on: req.db)
        }
        api.add(.init(method: .POST, path: ["frontline", "teams", ":partnerID", "celebrations"], summary: "Log a celebration", tag: tag,
                      request: .ref("CelebrationInput"), response: .ref("Celebration"), successStatus: 201)) { req in
            let (team, principal) = try await FrontlineAccess.team(req)
            try FrontlineAccess.requireParticipant(req)
            let record = try await RecognitionService.addCelebration(req.decodeJSON(CelebrationInput.self), team: team, by: principal, on: req.db)
            return Created(value: try await RecognitionService.celebrations(teamID: team.requireID(), on: req.db).first { $0.id == record.id }!)
        }
        api.add(.init(method: .GET, path: ["frontline", "teams", ":partnerID", "site-visits"], summary: "A team's site-visit log", tag: tag,
                      response: .array(.ref("TeamSiteVisit")))) { req in
            let (team, _) = try await FrontlineAccess.team(req)
            return try await RecognitionService.siteVisits(teamID: team.requireID(), on: req.db)
        }
        api.add(.init(method: .POST, path: ["frontline", "teams", ":partnerID", "site-visits"], summary: "Log a site visit: who, when, purpose, notes", tag: tag,
                      request: .ref("TeamSiteVisitInput"), response: .ref("TeamSiteVisit"), successStatus: 201)) { req in
            let (team, principal) = try await FrontlineAccess.team(req)
            try FrontlineAccess.requireParticipant(req)
            let record = try await RecognitionService.addSiteVisit(req.decodeJSON(TeamSiteVisitInput.self), team: team, by: principal, on: req.db)
            return Created(value: try await RecognitionService.siteVisits(teamID: team.requireID(), on: req.db).first { $0.id == record.id }!)
        }
        api.add(.init(method: .GET, path: ["frontline", "contests"], summary: "Contests of the teams you may see, with their leaderboards", tag: tag,
                      response: .array(.ref("Contest")))) { req in
            let principal = try req.requirePrincipal()
            var out: [ContestDTO] = []
            for record in try await ContestService.contests(scope: principal.scope, on: req.db) { out.append(try await ContestService.dto(record, on: req.db)) }
            return out
        }
        api.add(.init(method: .POST, path: ["frontline", "teams", ":partnerID", "contests"],
                      summary: "Start a contest among a team's agents on one KPI over a period (minimum sample, per-queue normalisation, shared ranks)", tag: tag,
                      request: .ref("ContestInput"), response: .ref("Contest"), successStatus: 201)) { req in
            let (team, principal) = try await FrontlineAccess.team(req)
            try FrontlineAccess.requireParticipant(req)
            let record = try await ContestService.create(req.decodeJSON(ContestInput.self), team: team, settings: try await FrontlineSettingsStore.load(on: req.db),
                                                         by: principal, on: req.db)
            return Created(value: try await ContestService.dto(try await ContestService.require(record.requireID(), scope: .all, on: req.db), on: req.db))
        }
        api.add(.init(method: .GET, path: ["frontline", "contests", ":contestID"], summary: "One contest and its leaderboard", tag: tag, response: .ref("Contest"))) { req in
            let principal = try req.requirePrincipal()
            return try await ContestService.dto(try await ContestService.require(req.id("contestID"), scope: principal.scope, on: req.db), on: req.db)
        }
        api.add(.init(method: .POST, path: ["frontline", "contests", ":contestID", "winners"], summary: "Record the contest's winners (once)", tag: tag,
                      response: .ref("Contest"))) { req in
            let principal = try req.requirePrincipal()
            let record = try await ContestService.require(req.id("contestID"), scope: principal.scope, on: req.db)
            try FrontlineAccess.requireParticipant(req)
            try await ContestService.recordWinners(record, by: principal, on: req.db)
            return try await ContestService.dto(record, on: req.db)
        }
    }

    static let schemas: [String: JSONSchema] = {
        let entry = JSONSchema.object([("agentID", .string()), ("name", .string()), ("rank", .integer(minimum: 1)), ("winner", .boolean), ("value", .ref("Figure")),
                                       ("index", .number), ("explanation", .string())], required: ["agentID", "winner", "value", "explanation"])
        return [
            "Kudos": .object([("id", .uuid), ("teamID", .uuid), ("rosterAgentID", .uuid), ("agentID", .string()), ("agentName", .string()), ("fromName", .string()),
                              ("fromSide", .string(enumeration: ["client", "partner"])), ("message", .string()), ("givenOn", .date)],
                             required: ["id", "teamID", "rosterAgentID", "agentID", "agentName", "fromName", "fromSide", "message", "givenOn"]),
            "KudosInput": .object([("rosterAgentID", .uuid), ("message", .string(maxLength: 2000)), ("givenOn", .date)], required: ["rosterAgentID", "message"]),
            "Celebration": .object([("id", .uuid), ("teamID", .uuid), ("title", .string()), ("celebratedOn", .date), ("notes", .string()), ("recordedBy", .string())],
                                   required: ["id", "teamID", "title", "celebratedOn", "notes", "recordedBy"]),
            "CelebrationInput": .object([("title", .string()), ("celebratedOn", .date), ("notes", .string())], required: ["title"]),
            "TeamSiteVisit": .object([("id", .uuid), ("teamID", .uuid), ("siteID", .uuid), ("siteName", .string()), ("visitedOn", .date), ("visitors", .string()),
                                  ("purpose", .string()), ("notes", .string()), ("recordedBy", .string())],
                                 required: ["id", "teamID", "visitedOn", "visitors", "purpose", "notes", "recordedBy"]),
            "TeamSiteVisitInput": .object([("siteID", .uuid), ("visitedOn", .date), ("visitors", .string()), ("purpose", .string()), ("notes", .string())],
                                      required: ["visitedOn", "visitors", "purpose"]),
            "ContestInput": .object([("name", .string()), ("metric", .enumeration(ContestMetric.self)), ("firstDay", .date), ("lastDay", .date),
                                     ("minimumSample", .integer(minimum: 1)), ("normalisePerQueue", .boolean), ("prizes", .integer(minimum: 1))],
                                    required: ["name", "metric", "firstDay", "lastDay"]),
            "Contest": .object([
                ("id", .uuid), ("team", .ref("TeamRef")), ("name", .string()), ("metric", .enumeration(ContestMetric.self)), ("metricLabel", .string()),
                ("firstDay", .date), ("lastDay", .date), ("minimumSample", .integer(minimum: 1)), ("normalisePerQueue", .boolean), ("prizes", .integer(minimum: 1)),
                ("computedAt", .dateTime), ("ranked", .array(entry)), ("unranked", .array(entry)),
                ("winners", .array(.object([("agentID", .string()), ("name", .string()), ("rank", .integer(minimum: 1)), ("value", .string())],
                                           required: ["agentID", "rank", "value"]))),
                ("winnersRecordedAt", .dateTime), ("winnersRecordedBy", .string()),
            ], required: ["id", "team", "name", "metric", "metricLabel", "firstDay", "lastDay", "minimumSample", "normalisePerQueue", "prizes", "ranked", "unranked"]),
        ]
    }()
}
