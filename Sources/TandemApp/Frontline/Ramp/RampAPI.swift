import Foundation
import Vapor

enum RampAPI {
    static func register(_ api: APIRoutes) {
        let tag = FrontlineAPI.tag
        api.add(.init(method: .GET, path: ["frontline", "ramp-plans"], summary: "Ramp plans: waves, gates measured on the data, status, blockers, projected openings",
                      tag: tag, response: .array(.ref("RampPlan")))) { req in
            let principal = try req.requirePrincipal()
            return try await RampService.plans(scope: principal.scope, on: req.db).map(RampService.dto)
        }
        api.add(.init(method: .POST, path: ["frontline", "teams", ":partnerID", "ramp-plans"], summary: "Plan a team's growth in waves, each gated on the previous one",
                      tag: tag, request: .ref("RampPlanInput"), response: .ref("RampPlan"), successStatus: 201)) { req in
            let (team, _) = try await FrontlineAccess.team(req)
            let principal = try FrontlineAccess.requireManager(req)
            let plan = try await RampService.create(req.decodeJSON(RampPlanInput.self), team: team, settings: try await FrontlineSettingsStore.load(on: req.db),
                                                    by: principal.actor, on: req.db)
            return Created(value: RampService.dto(plan))
        }
        api.add(.init(method: .GET, path: ["frontline", "ramp-plans", ":planID"], summary: "One ramp plan", tag: tag, response: .ref("RampPlan"))) { req in
            let principal = try req.requirePrincipal()
            return RampService.dto(try await RampService.requirePlan(req.id("planID"), scope: principal.scope, on: req.db))
        }
        api.add(.init(method: .POST, path: ["frontline", "ramp-plans", ":planID", "waves"], summary: "Add a wave at the end of a plan", tag: tag,
                      request: .ref("RampWaveInput"), response: .ref("RampPlan"), successStatus: 201)) { req in
            let principal = try req.requirePrincipal()
            let plan = try await RampService.requirePlan(req.id("planID"), scope: principal.scope, on: req.db)
            try FrontlineAccess.requireManager(req)
            try await RampService.addWave(req.decodeJSON(RampWaveInput.self), to: plan, by: principal.actor, on: req.db)
            return Created(value: RampService.dto(try await RampService.requirePlan(plan.requireID(), scope: .all, on: req.db)))
        }
        api.add(.init(method: .PUT, path: ["frontline", "ramp-waves", ":waveID"], summary: "Change a wave: headcount, target start, the day it opened, its agents",
                      tag: tag, request: .ref("RampWaveUpdate"), response: .ref("RampPlan"))) { req in
            let principal = try req.requirePrincipal()
            let (wave, plan) = try await RampService.requireWave(req.id("waveID"), scope: principal.scope, on: req.db)
            try FrontlineAccess.requireManager(req)
            try await RampService.update(wave, plan: plan, with: req.decodeJSON(RampWaveUpdate.self), by: principal.actor, on: req.db)
            return RampService.dto(try await RampService.requirePlan(plan.requireID(), scope: .all, on: req.db))
        }
        api.add(.init(method: .POST, path: ["frontline", "ramp-waves", ":waveID", "override"],
                      summary: "Override a wave's gate with a recorded reason (who and when are recorded too)", tag: tag,
                      request: .ref("GateOverrideInput"), response: .ref("RampPlan"))) { req in
            let principal = try req.requirePrincipal()
            let (wave, plan) = try await RampService.requireWave(req.id("waveID"), scope: principal.scope, on: req.db)
            try FrontlineAccess.requireManager(req)
            try await RampService.override(wave, plan: plan, reason: req.decodeJSON(GateOverrideInput.self).reason, by: principal, on: req.db)
            return RampService.dto(try await RampService.requirePlan(plan.requireID(), scope: .all, on: req.db))
        }
    }

    static let schemas: [String: JSONSchema] = {
        let week = JSONSchema.object([("first", .date), ("last", .date), ("result", .string(enumeration: ["met", "missed", "not_measured"])),
                                      ("qa", .ref("Figure")), ("aht", .ref("Figure")), ("shortfalls", .array(.string()))],
                                     required: ["first", "last", "result", "qa", "aht", "shortfalls"])
        let wave = JSONSchema.object([
            ("id", .uuid), ("number", .integer(minimum: 1)), ("headcount", .integer(minimum: 1)), ("targetStart", .date), ("openedOn", .date),
            ("agentIDs", .array(.string())), ("status", .string(enumeration: ["open", "ready", "overridden", "blocked", "waiting"])), ("gateMetOn", .date),
            ("override", .object([("by", .string()), ("on", .date), ("reason", .string())], required: ["by", "on", "reason"])),
            ("projectedOpen", .date), ("blockers", .array(.string())), ("notes", .array(.string())), ("gateWeeks", .array(week)),
        ], required: ["id", "number", "headcount", "targetStart", "agentIDs", "blockers", "notes", "gateWeeks"])
        return [
            "RampPlan": .object([
                ("id", .uuid), ("team", .ref("TeamRef")), ("name", .string()), ("qaMinimum", .number), ("ahtMultiplier", .number),
                ("consecutiveWeeks", .integer(minimum: 1)), ("minimumContacts", .integer(minimum: 1)), ("minimumEvaluations", .integer(minimum: 1)),
                ("gate", .string()), ("problem", .string()), ("asOf", .date), ("computedAt", .dateTime), ("waves", .array(wave)),
            ], required: ["id", "team", "name", "qaMinimum", "ahtMultiplier", "consecutiveWeeks", "minimumContacts", "minimumEvaluations", "waves"]),
            "RampWaveInput": .object([("headcount", .integer(minimum: 1)), ("targetStart", .date)], required: ["headcount", "targetStart"]),
            "RampPlanInput": .object([("name", .string()), ("qaMinimum", .number), ("ahtMultiplier", .number), ("consecutiveWeeks", .integer(minimum: 1)),
                                      ("minimumContacts", .integer(minimum: 1)), ("minimumEvaluations", .integer(minimum: 1)),
                                      ("waves", .array(.ref("RampWaveInput")))], required: ["name", "waves"]),
            "RampWaveUpdate": .object([("headcount", .integer(minimum: 1)), ("targetStart", .date), ("openedOn", .string(description: "YYYY-MM-DD, or empty: not opened")),
                                       ("agentIDs", .array(.string()))], required: []),
            "GateOverrideInput": .object([("reason", .string(maxLength: 2000))], required: ["reason"]),
        ]
    }()
}
