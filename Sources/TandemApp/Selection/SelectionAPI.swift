import Foundation
import TandemPartners
import TandemSelection
import TandemStaffing
import Vapor

/// `/api/v1/...` for partner selection: evaluation templates, sourcing events, candidates,
/// evaluators, blind scoring, RFP answers, references, site visits, the comparison and the decision.
/// Partner users reach only the RFP addressed to their own partner; every other selection
/// endpoint answers them 404.
enum SelectionAPI {
    static func register(_ api: APIRoutes) {
        let tag = "Selection"
        @Sendable func client(_ req: Request) throws -> Principal { try SelectionPages.clientPrincipal(req) }
        @Sendable func event(_ req: Request) async throws -> (SourcingEvent, Principal) {
            let principal = try client(req)
            return (try await SourcingService.require(req.id("eventID"), principal: principal, on: req.db), principal)
        }
        @Sendable func candidate(_ req: Request) async throws -> (SourcingEvent, Partner, Principal) {
            try await SelectionPages.eventAndCandidate(req)
        }

        // Templates
        api.add(.init(method: .GET, path: ["evaluation-templates"], summary: "Evaluation templates with their weighted criteria", tag: tag, response: .array(.ref("EvaluationTemplate")))) { req in
            _ = try client(req)
            return try await TemplateService.list(on: req.db)
        }
        api.add(.init(method: .POST, path: ["evaluation-templates"], summary: "Create an evaluation template", tag: tag,
                      request: .ref("EvaluationTemplateInput"), response: .ref("EvaluationTemplate"), successStatus: 201)) { req in
            _ = try client(req)
            let principal = try req.require(.editRegistry)
            let template = try await TemplateService.create(req.decodeJSON(EvaluationTemplateInput.self), by: principal.actor, on: req.db)
            return Created(value: try await TemplateService.dto(template, on: req.db))
        }
        api.add(.init(method: .GET, path: ["evaluation-templates", ":templateID"], summary: "One evaluation template", tag: tag, response: .ref("EvaluationTemplate"))) { req in
            _ = try client(req)
            return try await TemplateService.dto(TemplateService.require(req.id("templateID"), on: req.db), on: req.db)
        }
        api.add(.init(method: .PUT, path: ["evaluation-templates", ":templateID"], summary: "Replace a template and its criteria (criteria named by id keep their scores; weights, scales and knock-outs are fixed once scored)", tag: tag,
                      request: .ref("EvaluationTemplateInput"), response: .ref("EvaluationTemplate"))) { req in
            _ = try client(req)
            let template = try await TemplateService.require(req.id("templateID"), on: req.db)
            let principal = try req.require(.editRegistry)
            _ = try await TemplateService.save(req.decodeJSON(EvaluationTemplateInput.self), template: template, by: principal.actor, on: req.db)
            return try await TemplateService.dto(template, on: req.db)
        }

        // Events
        api.add(.init(method: .GET, path: ["sourcing-events"], summary: "Sourcing events", tag: tag, response: .array(.ref("SourcingEvent")))) { req in
            _ = try client(req)
            var out: [SourcingEventDTO] = []
            for e in try await SourcingService.list(on: req.db) { out.append(try await SourcingService.dto(e, on: req.db)) }
            return out
        }
        api.add(.init(method: .POST, path: ["sourcing-events"], summary: "Start a sourcing event: what is to be outsourced", tag: tag,
                      request: .ref("SourcingEventInput"), response: .ref("SourcingEvent"), successStatus: 201)) { req in
            _ = try client(req)
            let principal = try req.require(.editRegistry)
            let event = try await SourcingService.save(req.decodeJSON(SourcingEventInput.self), event: nil, by: principal.actor, on: req.db)
            return Created(value: try await SourcingService.dto(event, on: req.db))
        }
        api.add(.init(method: .GET, path: ["sourcing-events", ":eventID"], summary: "One sourcing event with its candidates and evaluators", tag: tag, response: .ref("SourcingEvent"))) { req in
            try await SourcingService.dto(event(req).0, on: req.db)
        }
        api.add(.init(method: .PUT, path: ["sourcing-events", ":eventID"], summary: "Replace what is to be outsourced (or cancel the event)", tag: tag,
                      request: .ref("SourcingEventInput"), response: .ref("SourcingEvent"))) { req in
            let (e, _) = try await event(req)
            let principal = try req.require(.editRegistry)
            _ = try await SourcingService.save(req.decodeJSON(SourcingEventInput.self), event: e, by: principal.actor, on: req.db)
            return try await SourcingService.dto(e, on: req.db)
        }
        api.add(.init(method: .POST, path: ["sourcing-events", ":eventID", "candidates"], summary: "Add a prospect from the registry as a candidate (it moves to evaluating)", tag: tag,
                      request: .ref("AddCandidateInput"), response: .ref("SourcingEvent"), successStatus: 201)) { req in
            let (e, _) = try await event(req)
            let principal = try req.require(.editRegistry)
            try await SourcingService.addCandidate(req.decodeJSON(AddCandidateInput.self).partnerID, to: e, by: principal.actor, on: req.db)
            return Created(value: try await SourcingService.dto(e, on: req.db))
        }
        api.add(.init(method: .POST, path: ["sourcing-events", ":eventID", "evaluators"], summary: "Add an evaluator (an admin or relationship manager)", tag: tag,
                      request: .ref("AddEvaluatorInput"), response: .ref("SourcingEvent"), successStatus: 201)) { req in
            let (e, _) = try await event(req)
            let principal = try req.require(.editRegistry)
            try await SourcingService.addEvaluator(req.decodeJSON(AddEvaluatorInput.self).userID, to: e, by: principal.actor, on: req.db)
            return Created(value: try await SourcingService.dto(e, on: req.db))
        }

        // Blind scoring
        api.add(.init(method: .GET, path: ["sourcing-events", ":eventID", "candidates", ":partnerID", "my-evaluation"], summary: "Your own scores for a candidate (a draft until submitted)", tag: tag,
                      response: .ref("Evaluation"))) { req in
            let (e, partner, principal) = try await candidate(req)
            return try await EvaluationService.myDTO(e, partner: partner, principal: principal, on: req.db)
        }
        api.add(.init(method: .PUT, path: ["sourcing-events", ":eventID", "candidates", ":partnerID", "my-evaluation"], summary: "Save your scores for a candidate; with submit: true they lock and the other evaluators' scores become visible to you", tag: tag,
                      request: .ref("EvaluationInput"), response: .ref("Evaluation"))) { req in
            let (e, partner, principal) = try await candidate(req)
            try await EvaluationService.requireEvaluator(principal, of: e, on: req.db)
            _ = try await EvaluationService.save(req.decodeJSON(EvaluationInput.self), event: e, partner: partner, principal: principal, on: req.db)
            return try await EvaluationService.myDTO(e, partner: partner, principal: principal, on: req.db)
        }
        api.add(.init(method: .GET, path: ["sourcing-events", ":eventID", "candidates", ":partnerID", "evaluations"], summary: "Every evaluator's submitted scores for a candidate (403 for an evaluator who has not submitted theirs)", tag: tag,
                      response: .array(.ref("Evaluation")))) { req in
            let (e, partner, principal) = try await candidate(req)
            return try await EvaluationService.others(e, partner: partner, principal: principal, on: req.db)
        }

        // RFP: the one part a candidate's own users reach.
        api.add(.init(method: .GET, path: ["sourcing-events", ":eventID", "candidates", ":partnerID", "rfp"], summary: "The RFP questionnaire addressed to a candidate and its answers (partner users: their own)", tag: tag,
                      response: .ref("RFP"))) { req in
            try await SourcingService.rfp(eventID: req.id("eventID"), partnerID: req.id("partnerID"), principal: req.requirePrincipal(), on: req.db).2
        }
        api.add(.init(method: .PUT, path: ["sourcing-events", ":eventID", "candidates", ":partnerID", "rfp"], summary: "Answer the RFP questionnaire (question position → answer)", tag: tag,
                      request: .ref("RFPAnswersInput"), response: .ref("RFP"))) { req in
            let principal = try req.requirePrincipal()
            let (e, partner, _) = try await SourcingService.rfp(eventID: req.id("eventID"), partnerID: req.id("partnerID"), principal: principal, on: req.db)
            try req.require(principal.isPartnerUser ? .editPartnerDirectory : .editRegistry)
            try await SourcingService.answer(req.decodeJSON(RFPAnswersInput.self), event: e, partner: partner, principal: principal, on: req.db)
            return try await SourcingService.rfp(eventID: e.requireID(), partnerID: partner.requireID(), principal: principal, on: req.db).2
        }
    }

    static let criterion: JSONSchema = .object([
        ("id", .uuid), ("position", .integer(minimum: 1)), ("group", .string()), ("name", .string()), ("guidance", .string()), ("weight", .number),
        ("scaleMin", .number), ("scaleMax", .number), ("passMark", .nullable(.number)), ("knockOut", .boolean),
    ], required: ["id", "position", "group", "name", "guidance", "weight", "scaleMin", "scaleMax", "knockOut"])

    static let schemas: [String: JSONSchema] = [
        "EvaluationTemplate": .object([
            ("id", .uuid), ("name", .string()), ("description", .string()), ("disagreementThreshold", .number), ("minimumCoverage", .number),
            ("criteria", .array(criterion)), ("totalWeight", .number), ("locked", .boolean),
        ], required: ["id", "name", "description", "disagreementThreshold", "minimumCoverage", "criteria", "totalWeight", "locked"]),
        "EvaluationTemplateInput": .object([
            ("name", .string(maxLength: 200)), ("description", .nullable(.string())),
            ("disagreementThreshold", .nullable(.number)), ("minimumCoverage", .nullable(.number)),
            ("criteria", .array(.object([("id", .nullable(.uuid)), ("group", .nullable(.string(maxLength: 100))), ("name", .string(maxLength: 200)),
                                          ("guidance", .nullable(.string())), ("weight", .number), ("scaleMin", .nullable(.number)), ("scaleMax", .nullable(.number)),
                                          ("passMark", .nullable(.number))], required: ["name", "weight"]))),
        ], required: ["name", "criteria"]),
        "SourcingEvent": .object([
            ("id", .uuid), ("title", .string()), ("status", .enumeration(SourcingStatus.self)), ("templateID", .uuid), ("templateName", .string()),
            ("scope", .string()), ("channels", .array(.enumeration(ChannelKind.self))), ("shifts", .array(.enumeration(Shift.self))),
            ("monthlyVolume", .integer(minimum: 0)), ("languages", .array(.string())), ("locationPreference", .array(.enumeration(LocationType.self))),
            ("monthlyBudget", .nullable(.string(description: "exact decimal a month"))), ("currency", .string()), ("startDate", .date),
            ("rfpQuestions", .array(.string())), ("notes", .string()),
            ("candidates", .array(.object([("partnerID", .uuid), ("name", .string()), ("status", .enumeration(PartnerStatus.self)), ("submitted", .integer(minimum: 0))],
                                          required: ["partnerID", "name", "status", "submitted"]))),
            ("evaluators", .array(.object([("userID", .uuid), ("name", .string()), ("submitted", .integer(minimum: 0))], required: ["userID", "name", "submitted"]))),
            ("decidedPartnerID", .nullable(.uuid)),
        ], required: ["id", "title", "status", "templateID", "templateName", "scope", "channels", "shifts", "monthlyVolume", "languages", "locationPreference",
                      "currency", "startDate", "rfpQuestions", "notes", "candidates", "evaluators"]),
        "SourcingEventInput": .object([
            ("title", .string(maxLength: 200)), ("templateID", .uuid), ("scope", .string(maxLength: 2_000)), ("channels", .array(.enumeration(ChannelKind.self))),
            ("shifts", .array(.enumeration(Shift.self))), ("monthlyVolume", .integer(minimum: 0)), ("languages", .array(.string())),
            ("locationPreference", .array(.enumeration(LocationType.self))), ("monthlyBudget", .nullable(.string(description: "exact decimal, e.g. 85000.00"))),
            ("currency", .nullable(.string(maxLength: 3))), ("startDate", .date), ("rfpQuestions", .nullable(.array(.string()))), ("notes", .nullable(.string())),
            ("status", .nullable(.enumeration(SourcingStatus.self))),
        ], required: ["title", "templateID", "scope", "channels", "shifts", "monthlyVolume", "languages", "locationPreference", "startDate"]),
        "AddCandidateInput": .object([("partnerID", .uuid)], required: ["partnerID"]),
        "AddEvaluatorInput": .object([("userID", .uuid)], required: ["userID"]),
        "Evaluation": .object([
            ("eventID", .uuid), ("partnerID", .uuid), ("partnerName", .string()), ("evaluatorID", .uuid), ("evaluatorName", .string()),
            ("scores", .dictionary(.number)), ("comment", .string()), ("submittedAt", .nullable(.dateTime)),
        ], required: ["eventID", "partnerID", "partnerName", "evaluatorID", "evaluatorName", "scores", "comment"]),
        "EvaluationInput": .object([("scores", .dictionary(.nullable(.number))), ("comment", .nullable(.string())), ("submit", .nullable(.boolean))], required: ["scores"]),
        "RFP": .object([
            ("eventID", .uuid), ("title", .string()), ("partnerID", .uuid), ("partnerName", .string()), ("scope", .string()),
            ("channels", .array(.enumeration(ChannelKind.self))), ("shifts", .array(.enumeration(Shift.self))), ("monthlyVolume", .integer(minimum: 0)),
            ("languages", .array(.string())), ("startDate", .date), ("open", .boolean),
            ("questions", .array(.object([("position", .integer(minimum: 1)), ("question", .string()), ("answer", .string()), ("answeredBy", .nullable(.string())),
                                          ("answeredAt", .nullable(.dateTime))], required: ["position", "question", "answer"]))),
        ], required: ["eventID", "title", "partnerID", "partnerName", "scope", "channels", "shifts", "monthlyVolume", "languages", "startDate", "open", "questions"]),
        "RFPAnswersInput": .object([("answers", .dictionary(.string()))], required: ["answers"]),
    ]
}
