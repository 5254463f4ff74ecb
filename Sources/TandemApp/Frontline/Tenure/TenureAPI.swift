import Foundation
import Vapor

enum TenureAPI {
    static func register(_ api: APIRoutes) {
        let tag = FrontlineAPI.tag
        api.add(.init(method: .GET, path: ["frontline", "tenure"],
                      summary: "Headcount, annualised attrition per month, early-tenure attrition and cohorts of every team you may see, side by side",
                      tag: tag, response: .array(.ref("TeamTenure")))) { req in
            let principal = try req.requirePrincipal()
            var out: [TeamTenureDTO] = []
            for team in try await FrontlineAccess.visibleTeams(principal, on: req.db) {
                out.append(TenureService.dto(try await FrontlineFigures.tenure(req, team), team: team))
            }
            return out
        }
        api.add(.init(method: .GET, path: ["frontline", "teams", ":partnerID", "tenure"], summary: "One team's headcount, attrition and cohorts",
                      tag: tag, response: .ref("TeamTenure"))) { req in
            let (team, _) = try await FrontlineAccess.team(req)
            return TenureService.dto(try await FrontlineFigures.tenure(req, team), team: team)
        }
    }

    static let schemas: [String: JSONSchema] = {
        let movement = JSONSchema.object([("first", .date), ("last", .date), ("days", .integer(minimum: 1)), ("opening", .integer(minimum: 0)),
                                          ("hires", .integer(minimum: 0)), ("leavers", .integer(minimum: 0)), ("earlyLeavers", .integer(minimum: 0)),
                                          ("closing", .integer(minimum: 0)), ("attrition", .ref("Figure"))],
                                         required: ["first", "last", "days", "opening", "hires", "leavers", "earlyLeavers", "closing", "attrition"])
        return [
            "HeadcountMovement": movement,
            "TeamTenure": .object([
                ("team", .ref("TeamRef")), ("asOf", .date), ("employed", .integer(minimum: 0)), ("months", .array(.ref("HeadcountMovement"))),
                ("overall", .ref("HeadcountMovement")),
                ("earlyTenure", .object([("observedStarters", .integer(minimum: 0)), ("earlyLeavers", .integer(minimum: 0)),
                                         ("startersStillInWindow", .integer(minimum: 0)), ("figure", .ref("Figure"))],
                                        required: ["observedStarters", "earlyLeavers", "startersStillInWindow", "figure"])),
                ("cohorts", .array(.object([("month", .string()), ("starters", .integer(minimum: 0)), ("stillEmployed", .integer(minimum: 0)),
                                            ("leavers", .integer(minimum: 0)), ("earlyTenureAttrition", .ref("Figure"))],
                                           required: ["month", "starters", "stillEmployed", "leavers", "earlyTenureAttrition"]))),
                ("bands", .array(.object([("band", .string()), ("agents", .integer(minimum: 0))], required: ["band", "agents"]))),
            ], required: ["team", "asOf", "employed", "months", "overall", "earlyTenure", "cohorts", "bands"]),
        ]
    }()
}
