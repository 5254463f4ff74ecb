import Foundation
import Vapor

enum CalibrationAPI {
    static func register(_ api: APIRoutes) {
        let tag = FrontlineAPI.tag
        api.add(.init(method: .GET, path: ["frontline", "calibration-sessions"], summary: "QA calibration sessions (partner users: those its graders take part in)",
                      tag: tag, response: .array(.ref("CalibrationSession")))) { req in
            let principal = try req.requirePrincipal()
            return try await FrontlineFigures.calibration(req, principal: principal).sessions
        }
        api.add(.init(method: .POST, path: ["frontline", "calibration-sessions"],
                      summary: "Set up a calibration session: the items every grader scores blind, the graders of each side, the benchmark", tag: tag,
                      request: .ref("CalibrationSessionInput"), response: .ref("CalibrationSession"), successStatus: 201)) { req in
            let principal = try FrontlineAccess.requireManager(req)
            let session = try await CalibrationService.create(req.decodeJSON(CalibrationSessionInput.self), by: principal, on: req.db)
            return Created(value: CalibrationService.dto(session, principal: principal, teamNames: try await CalibrationService.teamNames(on: req.db)))
        }
        api.add(.init(method: .GET, path: ["frontline", "calibration-sessions", ":calibrationID"], summary: "One calibration session (its result once closed)",
                      tag: tag, response: .ref("CalibrationSession"))) { req in
            let principal = try req.requirePrincipal()
            let session = try await CalibrationService.require(req.id("calibrationID"), scope: principal.scope, on: req.db)
            return CalibrationService.dto(session, principal: principal, teamNames: try await CalibrationService.teamNames(on: req.db))
        }
        api.add(.init(method: .POST, path: ["frontline", "calibration-sessions", ":calibrationID", "scores"],
                      summary: "Enter one grader's blind scores (its own side only); replaces that grader's earlier scores", tag: tag,
                      request: .ref("CalibrationScoresInput"), response: .ref("CalibrationSession"))) { req in
            let principal = try req.requirePrincipal()
            let session = try await CalibrationService.require(req.id("calibrationID"), scope: principal.scope, on: req.db)
            try FrontlineAccess.requireParticipant(req)
            try await CalibrationService.submitScores(req.decodeJSON(CalibrationScoresInput.self), session: session, by: principal, on: req.db)
            let reloaded = try await CalibrationService.require(session.requireID(), scope: .all, on: req.db)
            return CalibrationService.dto(reloaded, principal: principal, teamNames: try await CalibrationService.teamNames(on: req.db))
        }
        api.add(.init(method: .POST, path: ["frontline", "calibration-sessions", ":calibrationID", "close"],
                      summary: "Close the session: each grader against the benchmark, Krippendorff's alpha (interval) for the session", tag: tag,
                      request: .ref("CalibrationCloseInput"), response: .ref("CalibrationSession"))) { req in
            let principal = try req.requirePrincipal()
            let session = try await CalibrationService.require(req.id("calibrationID"), scope: principal.scope, on: req.db)
            try FrontlineAccess.requireManager(req)
            let input = (req.body.data?.readableBytes ?? 0) > 0 ? try req.decodeJSON(CalibrationCloseInput.self) : CalibrationCloseInput()
            try await CalibrationService.close(session, input: input, by: principal, on: req.db)
            return CalibrationService.dto(session, principal: principal, teamNames: try await CalibrationService.teamNames(on: req.db))
        }
        api.add(.init(method: .GET, path: ["frontline", "calibration-trends"],
                      summary: "Calibration trends per grader and per side, and each team's QA score with its graders' alignment beside it", tag: tag,
                      response: .ref("CalibrationTrends"))) { req in
            try await FrontlineFigures.calibration(req, principal: req.requirePrincipal()).trends
        }
    }

    static let schemas: [String: JSONSchema] = {
        let alignment = JSONSchema.object([("who", .string()), ("side", .string()), ("itemsCompared", .integer(minimum: 0)),
                                           ("meanAbsoluteDeviation", .ref("Figure")), ("meanSignedDeviation", .ref("Figure")), ("agreementShare", .ref("Figure"))],
                                          required: ["who", "side", "itemsCompared", "meanAbsoluteDeviation", "meanSignedDeviation", "agreementShare"])
        let point = JSONSchema.object([("sessionID", .uuid), ("heldOn", .date), ("alignment", .ref("CalibrationAlignment"))], required: ["sessionID", "heldOn", "alignment"])
        return [
            "CalibrationAlignment": alignment,
            "CalibrationSession": .object([
                ("id", .uuid), ("title", .string()), ("heldOn", .date), ("items", .array(.string())), ("benchmark", .string(enumeration: ["expert", "agreed", "median"])),
                ("tolerance", .number), ("status", .string(enumeration: ["open", "closed"])),
                ("graders", .array(.object([("id", .uuid), ("name", .string()), ("side", .string()), ("teamID", .uuid), ("isExpert", .boolean),
                                            ("itemsScored", .integer(minimum: 0)), ("scores", .dictionary(.number)), ("canScore", .boolean)],
                                           required: ["id", "name", "side", "isExpert", "itemsScored", "canScore"]))),
                ("result", .object([("alpha", .ref("Figure")), ("benchmark", .dictionary(.number)), ("itemsWithoutBenchmark", .array(.string())),
                                    ("graders", .array(.ref("CalibrationAlignment"))), ("sides", .array(.ref("CalibrationAlignment")))],
                                   required: ["alpha", "benchmark", "itemsWithoutBenchmark", "graders", "sides"])),
            ], required: ["id", "title", "heldOn", "items", "benchmark", "tolerance", "status", "graders"]),
            "CalibrationSessionInput": .object([
                ("title", .string()), ("heldOn", .date), ("items", .array(.string())), ("benchmark", .string(enumeration: ["expert", "agreed", "median"])),
                ("tolerance", .number),
                ("graders", .array(.object([("name", .string()), ("teamID", .uuid), ("expert", .boolean)], required: ["name"]))),
            ], required: ["title", "heldOn", "items", "benchmark", "graders"]),
            "CalibrationScoresInput": .object([("graderID", .uuid),
                                               ("scores", .array(.object([("item", .string()), ("score", .number)], required: ["item", "score"])))],
                                              required: ["graderID", "scores"]),
            "CalibrationCloseInput": .object([("agreed", .dictionary(.number))], required: []),
            "CalibrationTrends": .object([
                ("graders", .dictionary(.array(point))), ("sides", .dictionary(.array(point))),
                ("teams", .array(.object([("team", .ref("TeamRef")), ("qa", .ref("Figure")), ("leniency", .string(enumeration: ["lenient", "strict", "aligned", "notMeasured"])),
                                          ("calibration", .ref("CalibrationAlignment")), ("note", .string())],
                                         required: ["team", "leniency", "calibration", "note"]))),
            ], required: ["graders", "sides", "teams"]),
        ]
    }()
}
