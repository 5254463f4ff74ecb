import Foundation
import Vapor

enum ProficiencyAPI {
    static func register(_ api: APIRoutes) {
        let tag = FrontlineAPI.tag
        api.add(.init(method: .GET, path: ["frontline", "proficiency"], summary: "Time to proficiency, cohorts and ramp curves of every team you may see",
                      tag: tag, response: .array(.ref("Proficiency")))) { req in
            let principal = try req.requirePrincipal()
            var out: [ProficiencyDTO] = []
            for team in try await FrontlineAccess.visibleTeams(principal, on: req.db) { out.append(try await FrontlineFigures.proficiency(req, team)) }
            return out
        }
        api.add(.init(method: .GET, path: ["frontline", "teams", ":partnerID", "proficiency"],
                      summary: "One team's time to proficiency per agent and start-month cohort, share proficient by tenure week, ramp curve",
                      tag: tag, response: .ref("Proficiency"))) { req in
            let (team, _) = try await FrontlineAccess.team(req)
            return try await FrontlineFigures.proficiency(req, team)
        }
        api.add(.init(method: .GET, path: ["frontline", "settings"], summary: "The front line's settings (proficiency rule, minimum sample)", tag: tag,
                      response: .ref("FrontlineSettings"))) { req in
            try req.requirePrincipal()
            return try await FrontlineSettingsStore.load(on: req.db)
        }
        api.add(.init(method: .PUT, path: ["frontline", "settings"], summary: "Change the front line's settings; every team's figures are recomputed", tag: tag,
                      request: .ref("FrontlineSettings"), response: .ref("FrontlineSettings"))) { req in
            let principal = try FrontlineAccess.requireManager(req)
            try principal.requireClientSide("The front line's settings are the client's.")
            let settings = try req.decodeJSON(FrontlineSettings.self)
            try await FrontlineSettingsStore.save(settings, by: principal.actor, on: req.db)
            return settings
        }
    }

    static let schemas: [String: JSONSchema] = {
        let cohort = JSONSchema.object([("label", .string()), ("month", .string()), ("agents", .integer(minimum: 0)), ("proficient", .integer(minimum: 0)),
                                        ("stillRamping", .integer(minimum: 0)), ("leftBeforeProficiency", .integer(minimum: 0)), ("medianDays", .ref("Figure")),
                                        ("shareByWeek", .array(.ref("Figure")))],
                                       required: ["label", "agents", "proficient", "stillRamping", "leftBeforeProficiency", "medianDays", "shareByWeek"])
        return [
            "ProficiencyCohort": cohort,
            "Proficiency": .object([
                ("team", .ref("TeamRef")), ("observedFrom", .date), ("asOf", .date), ("tenuredMedian", .ref("Figure")), ("tenuredMedianSource", .string()),
                ("rule", .string()), ("wholeTeam", .ref("ProficiencyCohort")), ("startersWithoutData", .integer(minimum: 0)), ("cohorts", .array(.ref("ProficiencyCohort"))),
                ("agents", .array(.object([("agentID", .string()), ("name", .string()), ("startDate", .date),
                                           ("status", .string(enumeration: ["proficient", "not_yet", "left_before"])), ("proficientOn", .date),
                                           ("days", .integer(minimum: 0)), ("observedDays", .integer(minimum: 0)), ("explanation", .string())],
                                          required: ["agentID", "startDate", "status", "observedDays", "explanation"]))),
                ("rampCurve", .array(.object([("week", .integer(minimum: 1)), ("medianAHT", .ref("Figure")), ("medianQA", .ref("Figure"))],
                                             required: ["week", "medianAHT", "medianQA"]))),
                ("computedAt", .dateTime),
            ], required: ["team", "tenuredMedianSource", "rule", "startersWithoutData", "cohorts", "agents", "rampCurve"]),
            "FrontlineSettings": .object([
                ("qaMinimum", .number), ("ahtMultiplier", .number), ("windowDays", .integer(minimum: 1)), ("minimumContacts", .integer(minimum: 1)),
                ("minimumEvaluations", .integer(minimum: 1)), ("tenuredMedianDays", .integer(minimum: 7)), ("curveWeeks", .integer(minimum: 1)),
                ("leniencyPoints", .number), ("minimumSample", .integer(minimum: 1)),
            ], required: ["qaMinimum", "ahtMultiplier", "windowDays", "minimumContacts", "minimumEvaluations", "tenuredMedianDays", "curveWeeks",
                          "leniencyPoints", "minimumSample"]),
        ]
    }()
}
extension FrontlineSettings: Content {}
