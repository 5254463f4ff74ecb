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

        // References, site visits, comparison, decision
        api.add(.init(method: .GET, path: ["sourcing-events", ":eventID", "candidates", ":partnerID", "reference-checks"], summary: "A candidate's reference checks", tag: tag,
                      response: .array(.ref("ReferenceCheck")))) { req in
            let (e, partner, _) = try await candidate(req)
            var out: [ReferenceCheckDTO] = []
            for r in try await DiligenceService.references(eventID: e.requireID(), partnerID: partner.requireID(), on: req.db) { out.append(try await DiligenceService.referenceDTO(r, on: req.db)) }
            return out
        }
        api.add(.init(method: .POST, path: ["sourcing-events", ":eventID", "candidates", ":partnerID", "reference-checks"], summary: "Record a reference check (questions, answers, red flags)", tag: tag,
                      request: .ref("ReferenceCheckInput"), response: .ref("ReferenceCheck"), successStatus: 201)) { req in
            let (e, partner, _) = try await candidate(req)
            let principal = try req.require(.editRegistry)
            let ref = try await DiligenceService.saveReference(req.decodeJSON(ReferenceCheckInput.self), reference: nil, event: e, partner: partner, principal: principal, on: req.db)
            ref.$partner.value = partner
            return Created(value: try await DiligenceService.referenceDTO(ref, on: req.db))
        }
        api.add(.init(method: .GET, path: ["reference-checks", ":referenceID"], summary: "One reference check", tag: tag, response: .ref("ReferenceCheck"))) { req in
            try await DiligenceService.referenceDTO(DiligenceService.requireReference(req.id("referenceID"), principal: client(req), on: req.db), on: req.db)
        }
        api.add(.init(method: .PUT, path: ["reference-checks", ":referenceID"], summary: "Replace a reference check", tag: tag,
                      request: .ref("ReferenceCheckInput"), response: .ref("ReferenceCheck"))) { req in
            let ref = try await DiligenceService.requireReference(req.id("referenceID"), principal: client(req), on: req.db)
            let principal = try req.require(.editRegistry)
            _ = try await DiligenceService.saveReference(req.decodeJSON(ReferenceCheckInput.self), reference: ref, event: ref.event, partner: ref.partner, principal: principal, on: req.db)
            return try await DiligenceService.referenceDTO(ref, on: req.db)
        }
        api.add(.init(method: .GET, path: ["sourcing-events", ":eventID", "candidates", ":partnerID", "site-visits"], summary: "A candidate's site visits", tag: tag,
                      response: .array(.ref("SiteVisit")))) { req in
            let (e, partner, _) = try await candidate(req)
            var out: [SiteVisitDTO] = []
            for v in try await DiligenceService.visits(eventID: e.requireID(), partnerID: partner.requireID(), on: req.db) { out.append(try await DiligenceService.visitDTO(v, on: req.db)) }
            return out
        }
        api.add(.init(method: .POST, path: ["sourcing-events", ":eventID", "candidates", ":partnerID", "site-visits"], summary: "Record a site visit with its observation checklist", tag: tag,
                      request: .ref("SiteVisitInput"), response: .ref("SiteVisit"), successStatus: 201)) { req in
            let (e, partner, _) = try await candidate(req)
            let principal = try req.require(.editRegistry)
            let visit = try await DiligenceService.saveVisit(req.decodeJSON(SiteVisitInput.self), visit: nil, event: e, partner: partner, principal: principal, on: req.db)
            visit.$partner.value = partner
            return Created(value: try await DiligenceService.visitDTO(visit, on: req.db))
        }
        api.add(.init(method: .GET, path: ["site-visits", ":visitID"], summary: "One site visit", tag: tag, response: .ref("SiteVisit"))) { req in
            try await DiligenceService.visitDTO(DiligenceService.requireVisit(req.id("visitID"), principal: client(req), on: req.db), on: req.db)
        }
        api.add(.init(method: .PUT, path: ["site-visits", ":visitID"], summary: "Replace a site visit and its checklist", tag: tag,
                      request: .ref("SiteVisitInput"), response: .ref("SiteVisit"))) { req in
            let visit = try await DiligenceService.requireVisit(req.id("visitID"), principal: client(req), on: req.db)
            let principal = try req.require(.editRegistry)
            _ = try await DiligenceService.saveVisit(req.decodeJSON(SiteVisitInput.self), visit: visit, event: visit.event, partner: visit.partner, principal: principal, on: req.db)
            return try await DiligenceService.visitDTO(visit, on: req.db)
        }
        api.add(.init(method: .POST, path: ["site-visits", ":visitID", "photos"], summary: "Upload a photo (the body is the PNG or JPEG file, at most 5 MB, checked by its content)", tag: tag,
                      request: .string(description: "the image's bytes"), response: .ref("SiteVisit"), successStatus: 201,
                      query: [.init(name: "fileName", schema: .string(), description: "for the record"), .init(name: "caption", schema: .string(), description: "what the photo shows")]),
                body: .collect(maxSize: DiligencePages.photoBodyLimit)) { req in
            let visit = try await DiligenceService.requireVisit(req.id("visitID"), principal: client(req), on: req.db)
            let principal = try req.require(.editRegistry)
            try SourcingService.requireOpen(visit.event)
            let bytes = req.body.data.map { [UInt8](buffer: $0) } ?? []
            _ = try await DiligenceService.addPhoto(bytes, fileName: req.query[String.self, at: "fileName"] ?? "photo", caption: req.query[String.self, at: "caption"] ?? "",
                                                    visit: visit, principal: principal, on: req.db)
            return Created(value: try await DiligenceService.visitDTO(visit, on: req.db))
        }
        api.add(.init(method: .GET, path: ["visit-photos", ":photoID"], summary: "A visit photo's image (image/png or image/jpeg)", tag: tag, response: nil)) { req in
            DiligenceService.photoResponse(try await DiligenceService.requirePhoto(req.id("photoID"), principal: client(req), on: req.db))
        }
        api.add(.init(method: .GET, path: ["sourcing-events", ":eventID", "comparison"], summary: "Side-by-side comparison: totals, spread, ranking, sensitivity (403 for an evaluator who has not submitted every candidate)", tag: tag,
                      response: .ref("Comparison"))) { req in
            let (e, principal) = try await event(req)
            try await EvaluationService.requireComparisonVisible(e, principal: principal, on: req.db)
            return try await ComparisonService.build(e, on: req.db)
        }
        api.add(.init(method: .GET, path: ["sourcing-events", ":eventID", "decision"], summary: "The decision record (404 until decided)", tag: tag, response: .ref("SelectionDecision"))) { req in
            let (e, _) = try await event(req)
            guard let d = try await DiligenceService.decision(eventID: e.requireID(), on: req.db) else { throw Abort(.notFound, reason: "No decision is recorded yet.") }
            return DiligenceService.decisionDTO(d)
        }
        api.add(.init(method: .POST, path: ["sourcing-events", ":eventID", "decision"], summary: "Record the decision: the chosen candidate moves to onboarding", tag: tag,
                      request: .ref("SelectionDecisionInput"), response: .ref("SelectionDecision"), successStatus: 201)) { req in
            let (e, principal) = try await event(req)
            try req.require(.editRegistry)
            return Created(value: DiligenceService.decisionDTO(try await DiligenceService.decide(req.decodeJSON(SelectionDecisionInput.self), event: e, principal: principal, on: req.db)))
        }
    }

    static let flip: JSONSchema = .object([("weight", .number), ("share", .number), ("change", .number), ("challengerID", .uuid), ("challengerName", .string())],
                                          required: ["weight", "share", "change", "challengerID", "challengerName"])

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
        "ReferenceCheck": .object([
            ("id", .uuid), ("eventID", .uuid), ("partnerID", .uuid), ("partnerName", .string()), ("refereeName", .string()), ("refereeCompany", .string()),
            ("refereeRole", .string()), ("checkedOn", .date), ("answers", .array(.ref("QuestionAnswer"))), ("redFlags", .array(.string())), ("checkedBy", .string()),
        ], required: ["id", "eventID", "partnerID", "partnerName", "refereeName", "refereeCompany", "refereeRole", "checkedOn", "answers", "redFlags", "checkedBy"]),
        "QuestionAnswer": .object([("question", .string()), ("answer", .string())], required: ["question", "answer"]),
        "ReferenceCheckInput": .object([
            ("refereeName", .string(maxLength: 200)), ("refereeCompany", .string(maxLength: 200)), ("refereeRole", .nullable(.string(maxLength: 200))), ("checkedOn", .date),
            ("answers", .nullable(.array(.ref("QuestionAnswer")))), ("redFlags", .nullable(.array(.string()))),
        ], required: ["refereeName", "refereeCompany", "checkedOn"]),
        "SiteVisit": .object([
            ("id", .uuid), ("eventID", .uuid), ("partnerID", .uuid), ("partnerName", .string()), ("siteID", .nullable(.uuid)), ("location", .string()),
            ("visitedOn", .date), ("visitors", .string()), ("notes", .string()),
            ("observations", .array(.object([("observation", .enumeration(VisitObservation.self)), ("label", .string()), ("prompt", .string()),
                                             ("finding", .enumeration(ObservationFinding.self)), ("note", .string())],
                                            required: ["observation", "label", "prompt", "finding", "note"]))),
            ("summary", .string()), ("notTheDeliverySite", .boolean),
            ("photos", .array(.object([("id", .uuid), ("fileName", .string()), ("mediaType", .string()), ("size", .integer(minimum: 0)), ("caption", .string()),
                                       ("uploadedBy", .string()), ("uploadedAt", .dateTime)], required: ["id", "fileName", "mediaType", "size", "caption", "uploadedBy", "uploadedAt"]))),
        ], required: ["id", "eventID", "partnerID", "partnerName", "location", "visitedOn", "visitors", "notes", "observations", "summary", "notTheDeliverySite", "photos"]),
        "SiteVisitInput": .object([
            ("siteID", .nullable(.uuid)), ("location", .nullable(.string(maxLength: 200))), ("visitedOn", .date), ("visitors", .string(maxLength: 500)),
            ("notes", .nullable(.string())),
            ("observations", .nullable(.dictionary(.object([("finding", .enumeration(ObservationFinding.self)), ("note", .nullable(.string()))], required: ["finding"])))),
        ], required: ["visitedOn", "visitors"]),
        "Comparison": .object([
            ("eventID", .uuid), ("title", .string()), ("status", .enumeration(SourcingStatus.self)), ("criteria", .array(criterion)),
            ("disagreementThreshold", .number), ("minimumCoverage", .number),
            ("candidates", .array(.object([
                ("partnerID", .uuid), ("name", .string()), ("total", .nullable(.number)), ("coverage", .number), ("rank", .nullable(.integer(minimum: 1))),
                ("standing", .enumeration(CandidateStanding.self)), ("knockOuts", .array(.string())), ("knockOutsUnassessed", .array(.string())),
                ("unscored", .array(.string())), ("evaluators", .integer(minimum: 0)),
                ("criteria", .array(.object([("criterionID", .uuid), ("scores", .array(.number)), ("mean", .nullable(.number)), ("spread", .nullable(.number)),
                                             ("standardDeviation", .nullable(.number)), ("disagreement", .boolean), ("knockedOut", .nullable(.boolean))],
                                            required: ["criterionID", "scores", "disagreement"]))),
                ("references", .integer(minimum: 0)), ("redFlags", .array(.string())), ("visits", .integer(minimum: 0)), ("visitSummaries", .array(.string())),
            ], required: ["partnerID", "name", "coverage", "standing", "knockOuts", "knockOutsUnassessed", "unscored", "evaluators", "criteria", "references",
                          "redFlags", "visits", "visitSummaries"]))),
            ("winners", .array(.uuid)),
            ("sensitivity", .array(.object([("criterionID", .uuid), ("criterion", .string()), ("weight", .number), ("share", .number),
                                            ("decrease", .nullable(flip)), ("increase", .nullable(flip))], required: ["criterionID", "criterion", "weight", "share"]))),
            ("rules", .object([("total", .string()), ("knockOut", .string()), ("ranking", .string()), ("disagreement", .string()), ("sensitivity", .string()), ("blind", .string())],
                              required: ["total", "knockOut", "ranking", "disagreement", "sensitivity", "blind"])),
            ("decidedPartnerID", .nullable(.uuid)),
        ], required: ["eventID", "title", "status", "criteria", "disagreementThreshold", "minimumCoverage", "candidates", "winners", "sensitivity", "rules"]),
        "SelectionDecision": .object([
            ("eventID", .uuid), ("eventTitle", .string()), ("partnerID", .uuid), ("partnerName", .string()), ("decidedBy", .string()), ("decidedAt", .dateTime),
            ("rationale", .string()), ("tradeOffs", .string()), ("ranking", .array(.string())),
        ], required: ["eventID", "eventTitle", "partnerID", "partnerName", "decidedBy", "decidedAt", "rationale", "tradeOffs", "ranking"]),
        "SelectionDecisionInput": .object([("partnerID", .uuid), ("rationale", .string()), ("tradeOffs", .nullable(.string()))], required: ["partnerID", "rationale"]),
    ]
}
