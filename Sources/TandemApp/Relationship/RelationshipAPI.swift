import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import TandemRelationship
import Vapor

/// `/api/v1/...` for meetings, action items, incidents, escalation policies, surveys,
/// health, feedback, the QBR pack and the webhook. Broadcasts live in `BroadcastAPI`.
enum RelationshipAPI {
    static func register(_ api: APIRoutes) {
        let tag = "Relationship"
        @Sendable func scoped(_ req: Request) async throws -> Partner { try await RelationshipSupport.scopedPartner(req) }

        // Cadence
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "meeting-series"], summary: "A partner's meeting series", tag: tag, response: .array(.ref("MeetingSeries")))) { req in
            try await CadenceService.series(of: scoped(req).requireID(), on: req.db)
        }
        api.add(.init(method: .POST, path: ["partners", ":partnerID", "meeting-series"], summary: "Schedule a meeting series", tag: tag,
                      request: .ref("MeetingSeriesInput"), response: .ref("MeetingSeries"), successStatus: 201)) { req in
            let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .manageRelationship)
            return Created(value: CadenceService.seriesDTO(try await CadenceService.createSeries(req.decodeJSON(MeetingSeriesInput.self), partner: partner, by: principal.actor, on: req.db)))
        }
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "meetings"], summary: "A partner's meetings, newest first", tag: tag, response: .array(.ref("Meeting")))) { req in
            let meetings = try await CadenceService.meetings(of: scoped(req).requireID(), on: req.db)
            var out: [MeetingDTO] = []
            for m in meetings { out.append(try await CadenceService.meetingDTO(m, today: RelationshipSupport.today(), on: req.db)) }
            return out
        }
        api.add(.init(method: .POST, path: ["partners", ":partnerID", "meetings"], summary: "Record a meeting; its agenda is drafted from the data", tag: tag,
                      request: .ref("MeetingInput"), response: .ref("Meeting"), successStatus: 201)) { req in
            let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .manageRelationship)
            let meeting = try await CadenceService.createMeeting(req.decodeJSON(MeetingInput.self), partner: partner, by: principal.actor, on: req.db)
            return Created(value: try await CadenceService.meetingDTO(meeting, today: RelationshipSupport.today(), on: req.db))
        }
        api.add(.init(method: .GET, path: ["meetings", ":meetingID"], summary: "A meeting with its action items", tag: tag, response: .ref("Meeting"))) { req in
            let meeting = try await CadenceService.requireMeeting(req.id("meetingID"), scope: req.requirePrincipal().scope, on: req.db)
            return try await CadenceService.meetingDTO(meeting, today: RelationshipSupport.today(), on: req.db)
        }
        api.add(.init(method: .PUT, path: ["meetings", ":meetingID"], summary: "Replace a meeting's agenda, notes and decisions", tag: tag,
                      request: .ref("MeetingUpdate"), response: .ref("Meeting"))) { req in
            let meeting = try await CadenceService.requireMeeting(req.id("meetingID"), scope: req.requirePrincipal().scope, on: req.db)
            let principal = try req.require(.manageRelationship)
            try await CadenceService.updateMeeting(meeting, with: req.decodeJSON(MeetingUpdate.self), by: principal.actor, on: req.db)
            return try await CadenceService.meetingDTO(meeting, today: RelationshipSupport.today(), on: req.db)
        }
        api.add(.init(method: .POST, path: ["meetings", ":meetingID", "action-items"], summary: "Add an action item to a meeting", tag: tag,
                      request: .ref("ActionItemInput"), response: .ref("ActionItem"), successStatus: 201)) { req in
            let meeting = try await CadenceService.requireMeeting(req.id("meetingID"), scope: req.requirePrincipal().scope, on: req.db)
            let principal = try req.require(.manageRelationship)
            let item = try await CadenceService.addAction(req.decodeJSON(ActionItemInput.self), meeting: meeting, by: principal.actor, on: req.db)
            return Created(value: CadenceService.actionDTO(item, today: RelationshipSupport.today()))
        }
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "action-items"], summary: "A partner's action items (late ones flagged)", tag: tag, response: .array(.ref("ActionItem")))) { req in
            try await CadenceService.actionItems(of: scoped(req).requireID(), on: req.db).map { CadenceService.actionDTO($0, today: RelationshipSupport.today()) }
        }
        api.add(.init(method: .PUT, path: ["action-items", ":actionID"], summary: "Update an action item's status (partner users: their side's items)", tag: tag,
                      request: .ref("ActionItemUpdate"), response: .ref("ActionItem"))) { req in
            let principal = try req.requirePrincipal()
            let item = try await CadenceService.requireAction(req.id("actionID"), scope: principal.scope, on: req.db)
            try req.require(.takePartInRelationship)
            try await CadenceService.updateAction(item, with: req.decodeJSON(ActionItemUpdate.self), principal: principal, today: RelationshipSupport.today(), on: req.db)
            return CadenceService.actionDTO(item, today: RelationshipSupport.today())
        }
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "commitments"], summary: "Commitments kept per side, last four quarters", tag: tag, response: .ref("Commitments"))) { req in
            try await CadenceService.commitments(of: scoped(req).requireID(), quarters: Quarter(containing: RelationshipSupport.today()).trailing(4), today: RelationshipSupport.today(), on: req.db)
        }

        // Incidents and escalation
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "incidents"], summary: "A partner's incidents with their escalation clocks", tag: tag, response: .array(.ref("Incident")))) { req in
            let partner = try await scoped(req)
            return try await IncidentService.list(scope: .only(partner.requireID()), now: Date(), on: req.db)
        }
        api.add(.init(method: .POST, path: ["partners", ":partnerID", "incidents"], summary: "Record an incident (partner users: self-reported)", tag: tag,
                      request: .ref("IncidentInput"), response: .ref("Incident"), successStatus: 201)) { req in
            let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .takePartInRelationship)
            let incident = try await IncidentService.create(req.decodeJSON(IncidentInput.self), partner: partner, principal: principal, on: req.db)
            return Created(value: IncidentService.dto(incident, partnerName: partner.name, policy: try await IncidentService.policy(of: partner.requireID(), on: req.db), now: Date()))
        }
        api.add(.init(method: .POST, path: ["alerts", ":alertID", "incident"],
                      summary: "Open an incident from a performance alert (201), or return the one already open for it (200)", tag: tag,
                      response: .ref("Incident"), successStatus: 201)) { req in
            let principal = try req.requirePrincipal()
            let (incident, created) = try await IncidentService.openFromAlert(req.id("alertID"), principal: principal, on: req.db)
            let dto = IncidentService.dto(incident, partnerName: incident.partner.name, policy: try await IncidentService.policy(of: incident.$partner.id, on: req.db), now: Date())
            return Created(value: dto, status: created ? .created : .ok)
        }
        api.add(.init(method: .GET, path: ["incidents", ":incidentID"], summary: "An incident with its escalation clock", tag: tag, response: .ref("Incident"))) { req in
            let incident = try await IncidentService.require(req.id("incidentID"), scope: req.requirePrincipal().scope, on: req.db)
            return IncidentService.dto(incident, partnerName: incident.partner.name, policy: try await IncidentService.policy(of: incident.$partner.id, on: req.db), now: Date())
        }
        api.add(.init(method: .PUT, path: ["incidents", ":incidentID"], summary: "Update an incident: status, root cause, corrective action, response", tag: tag,
                      request: .ref("IncidentUpdate"), response: .ref("Incident"))) { req in
            let incident = try await IncidentService.require(req.id("incidentID"), scope: req.requirePrincipal().scope, on: req.db)
            let principal = try req.require(.takePartInRelationship)
            try await IncidentService.update(incident, with: req.decodeJSON(IncidentUpdate.self), by: principal.actor, on: req.db)
            return IncidentService.dto(incident, partnerName: incident.partner.name, policy: try await IncidentService.policy(of: incident.$partner.id, on: req.db), now: Date())
        }
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "escalation-policy"], summary: "A partner's escalation levels", tag: tag, response: .array(.ref("EscalationLevel")))) { req in
            try await IncidentService.policy(of: scoped(req).requireID(), on: req.db).map { EscalationLevelDTO(position: $0.position, person: $0.person, responseMinutes: $0.responseMinutes) }
        }
        api.add(.init(method: .PUT, path: ["partners", ":partnerID", "escalation-policy"], summary: "Replace a partner's escalation levels", tag: tag,
                      request: .ref("EscalationPolicyInput"), response: .array(.ref("EscalationLevel")))) { req in
            let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .manageRelationship)
            return try await IncidentService.replacePolicy(req.decodeJSON(EscalationPolicyInput.self), partner: partner, by: principal.actor, on: req.db)
                .map { EscalationLevelDTO(position: $0.position, person: $0.person, responseMinutes: $0.responseMinutes) }
        }

        // Surveys
        api.add(.init(method: .GET, path: ["surveys"], summary: "Survey rounds", tag: tag, response: .array(.ref("SurveyRound")))) { req in
            try req.requirePrincipal()
            return try await SurveyService.rounds(on: req.db).map(SurveyService.dto)
        }
        api.add(.init(method: .POST, path: ["surveys"], summary: "Open a survey round", tag: tag, request: .ref("SurveyRoundInput"), response: .ref("SurveyRound"), successStatus: 201)) { req in
            let principal = try req.require(.manageRelationship)
            return Created(value: SurveyService.dto(try await SurveyService.createRound(req.decodeJSON(SurveyRoundInput.self), by: principal.actor, on: req.db)))
        }
        api.add(.init(method: .GET, path: ["surveys", ":surveyID", "results"], summary: "Results per partner and direction, behind the anonymity threshold", tag: tag, response: .array(.ref("SurveyResult")))) { req in
            let principal = try req.requirePrincipal()
            return try await SurveyService.results(round: SurveyService.require(req.id("surveyID"), on: req.db), scope: principal.scope, on: req.db)
        }
        api.add(.init(method: .POST, path: ["surveys", ":surveyID", "partners", ":partnerID", "responses"], summary: "Answer a survey about a partnership (client users rate the partner; partner users rate the client)", tag: tag,
                      request: .ref("SurveyAnswerInput"), response: nil, successStatus: 204)) { req -> HTTPStatus in
            let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .takePartInRelationship)
            let round = try await SurveyService.require(req.id("surveyID"), on: req.db)
            try await SurveyService.respond(req.decodeJSON(SurveyAnswerInput.self), round: round, partner: partner, principal: principal, today: RelationshipSupport.today(), on: req.db)
            return .noContent
        }

        // Health, feedback, QBR
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "health"], summary: "Relationship health index with every component, last four quarters", tag: tag,
                      response: .array(.ref("RelationshipHealth")), query: [.init(name: "quarter", schema: .string(description: "YYYY-Qn; default the current quarter"), description: "the last quarter shown")])) { req in
            let partner = try await scoped(req)
            let quarter = try req.query.get(String?.self, at: "quarter").flatMap(Quarter.init) ?? Quarter(containing: RelationshipSupport.today())
            return try await HealthService.history(partner: PartnerService.dto(partner), through: quarter, today: RelationshipSupport.today(), on: req.db)
        }
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "feedback"], summary: "The candid feedback log (both sides)", tag: tag, response: .array(.ref("FeedbackNote")))) { req in
            try await FeedbackService.list(partnerID: scoped(req).requireID(), on: req.db)
        }
        api.add(.init(method: .POST, path: ["partners", ":partnerID", "feedback"], summary: "Add a feedback note", tag: tag, request: .ref("FeedbackInput"), response: .ref("FeedbackNote"), successStatus: 201)) { req in
            let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .takePartInRelationship)
            let note = try await FeedbackService.add(req.decodeJSON(FeedbackInput.self), partner: partner, principal: principal, on: req.db)
            return Created(value: FeedbackNoteDTO(id: note.id!, partnerID: note.$partner.id, fromSide: note.fromSide, author: note.authorName, body: note.body, writtenAt: note.writtenAt))
        }
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "qbr"], summary: "The quarterly business review pack as data", tag: tag, response: .ref("QBRPack"),
                      query: [.init(name: "quarter", schema: .string(description: "YYYY-Qn"), description: "default the current quarter")])) { req in
            let partner = try await scoped(req)
            let quarter = try req.query.get(String?.self, at: "quarter").flatMap(Quarter.init) ?? Quarter(containing: RelationshipSupport.today())
            return try await QBRService.build(partner: partner, quarter: quarter, today: RelationshipSupport.today(), on: req.db)
        }

        // Workspace settings of the relationship loop (admins). Webhook subscriptions: `WebhookAPI`.
        api.add(.init(method: .GET, path: ["relationship-settings"], summary: "The survey anonymity threshold (admins)", tag: tag, response: .ref("RelationshipSettings"))) { req in
            try req.require(.administer)
            return WebhookService.settingsDTO(try await WebhookService.settings(on: req.db))
        }
        api.add(.init(method: .PUT, path: ["relationship-settings"], summary: "Change the survey anonymity threshold (admins)", tag: tag,
                      request: .ref("RelationshipSettingsInput"), response: .ref("RelationshipSettings"))) { req in
            let principal = try req.require(.administer)
            return WebhookService.settingsDTO(try await WebhookService.saveSettings(req.decodeJSON(RelationshipSettingsInput.self), by: principal.actor, on: req.db))
        }
    }

    static let actionItem: JSONSchema = .object([
        ("id", .uuid), ("partnerID", .uuid), ("meetingID", .nullable(.uuid)), ("title", .string()), ("ownerSide", .enumeration(ContactSide.self)),
        ("ownerName", .string()), ("dueDate", .date), ("status", .enumeration(ActionStatus.self)), ("completedOn", .nullable(.date)), ("late", .boolean),
    ], required: ["id", "partnerID", "title", "ownerSide", "ownerName", "dueDate", "status", "late"])

    static let incident: JSONSchema = .object([
        ("id", .uuid), ("partnerID", .uuid), ("partnerName", .string()), ("title", .string()), ("severity", .enumeration(IncidentSeverity.self)),
        ("category", .enumeration(IncidentCategory.self)), ("source", .enumeration(IncidentSource.self)), ("description", .string()), ("rootCause", .string()),
        ("correctiveAction", .string()), ("status", .enumeration(IncidentStatus.self)), ("openedAt", .dateTime), ("respondedAt", .nullable(.dateTime)),
        ("resolvedAt", .nullable(.dateTime)), ("raisedBy", .string()),
        ("escalation", .array(.object([("position", .integer()), ("person", .string()), ("due", .dateTime), ("breached", .boolean)], required: ["position", "person", "due", "breached"]))),
        ("breached", .boolean), ("currentLevel", .nullable(.integer())), ("alertID", .nullable(.uuid)),
    ], required: ["id", "partnerID", "title", "severity", "category", "source", "status", "openedAt", "escalation", "breached"])

    static let surveyResult: JSONSchema = .object([
        ("roundID", .uuid), ("quarter", .string()), ("partnerID", .uuid), ("partnerName", .string()), ("direction", .enumeration(SurveyDirection.self)),
        ("responses", .integer(minimum: 0)), ("threshold", .integer(minimum: 1)),
        ("dimensions", .array(.object([("dimension", .string()), ("responses", .integer()), ("mean", .nullable(.number)), ("suppressed", .boolean)], required: ["dimension", "responses", "suppressed"]))),
        ("overall", .nullable(.number)), ("comments", .array(.string())),
    ], required: ["roundID", "quarter", "partnerID", "direction", "responses", "threshold", "dimensions", "comments"])

    static let health: JSONSchema = .object([
        ("partnerID", .uuid), ("quarter", .string()), ("index", .nullable(.number)),
        ("components", .array(.object([("kind", .enumeration(HealthComponentKind.self)), ("label", .string()), ("weight", .number), ("effectiveWeight", .number),
                                       ("score", .nullable(.number)), ("basis", .string()), ("formula", .string())], required: ["kind", "label", "weight", "effectiveWeight", "basis", "formula"]))),
        ("excluded", .array(.enumeration(HealthComponentKind.self))),
        ("componentsWithData", .integer(minimum: 0)), ("componentsTotal", .integer(minimum: 1)), ("thin", .boolean),
    ], required: ["partnerID", "quarter", "components", "excluded", "componentsWithData", "componentsTotal", "thin"])

    static let schemas: [String: JSONSchema] = [
        "MeetingSeries": .object([("id", .uuid), ("partnerID", .uuid), ("cadence", .enumeration(MeetingCadence.self)), ("title", .string()),
                                  ("firstStartsAt", .dateTime), ("durationMinutes", .integer()), ("active", .boolean)],
                                 required: ["id", "partnerID", "cadence", "title", "firstStartsAt", "durationMinutes", "active"]),
        "MeetingSeriesInput": .object([("cadence", .enumeration(MeetingCadence.self)), ("title", .nullable(.string(maxLength: 200))), ("firstStartsAt", .dateTime),
                                       ("durationMinutes", .nullable(.integer(minimum: 15, maximum: 480)))], required: ["cadence", "firstStartsAt"]),
        "Meeting": .object([("id", .uuid), ("partnerID", .uuid), ("seriesID", .nullable(.uuid)), ("title", .string()), ("startsAt", .dateTime),
                            ("agenda", .string(description: "Markdown")), ("notes", .string()), ("decisions", .string()), ("actionItems", .array(.ref("ActionItem")))],
                           required: ["id", "partnerID", "title", "startsAt", "agenda", "notes", "decisions", "actionItems"]),
        "MeetingInput": .object([("title", .nullable(.string(maxLength: 200))), ("seriesID", .nullable(.uuid)), ("startsAt", .dateTime)], required: ["startsAt"]),
        "MeetingUpdate": .object([("agenda", .nullable(.string(maxLength: Check.longText))), ("notes", .string(maxLength: Check.longText)), ("decisions", .string(maxLength: Check.longText))], required: ["notes", "decisions"]),
        "ActionItem": actionItem,
        "ActionItemInput": .object([("title", .string(maxLength: 300)), ("ownerSide", .enumeration(ContactSide.self)), ("ownerName", .string()), ("dueDate", .date)],
                                   required: ["title", "ownerSide", "ownerName", "dueDate"]),
        "ActionItemUpdate": .object([("status", .enumeration(ActionStatus.self)), ("completedOn", .nullable(.date))], required: ["status"]),
        "Commitments": .object([("formula", .string()), ("periods", .array(.object([
            ("quarter", .string()), ("partnerKept", .integer()), ("partnerDue", .integer()), ("partnerRatio", .nullable(.number)),
            ("clientKept", .integer()), ("clientDue", .integer()), ("clientRatio", .nullable(.number)),
        ], required: ["quarter", "partnerKept", "partnerDue", "clientKept", "clientDue"])))], required: ["formula", "periods"]),
        "Incident": incident,
        "IncidentInput": .object([("title", .string(maxLength: 200)), ("severity", .enumeration(IncidentSeverity.self)), ("category", .enumeration(IncidentCategory.self)),
                                  ("source", .nullable(.enumeration(IncidentSource.self))), ("description", .string(maxLength: Check.longText)), ("openedAt", .nullable(.dateTime))],
                                 required: ["title", "severity", "category", "description"]),
        "IncidentUpdate": .object([("status", .enumeration(IncidentStatus.self)), ("rootCause", .nullable(.string())), ("correctiveAction", .nullable(.string())),
                                   ("respondedAt", .nullable(.dateTime)), ("resolvedAt", .nullable(.dateTime))], required: ["status"]),
        "EscalationLevel": .object([("position", .integer(minimum: 1)), ("person", .string()), ("responseMinutes", .integer(minimum: 1))], required: ["position", "person", "responseMinutes"]),
        "EscalationPolicyInput": .object([("levels", .array(.object([("person", .string()), ("responseMinutes", .integer(minimum: 1, maximum: 43_200))], required: ["person", "responseMinutes"])))],
                                         required: ["levels"]),
        "SurveyRound": .object([("id", .uuid), ("title", .string()), ("quarter", .string()), ("opensOn", .date), ("closesOn", .date)], required: ["id", "title", "quarter", "opensOn", "closesOn"]),
        "SurveyRoundInput": .object([("title", .nullable(.string())), ("quarter", .string(description: "YYYY-Qn")), ("opensOn", .date), ("closesOn", .date)], required: ["quarter", "opensOn", "closesOn"]),
        "SurveyAnswerInput": .object([("scores", .dictionary(.integer(minimum: 1, maximum: 5))), ("comment", .nullable(.string(maxLength: 4_000)))], required: ["scores"]),
        "SurveyResult": surveyResult,
        "RelationshipHealth": health,
        "FeedbackNote": .object([("id", .uuid), ("partnerID", .uuid), ("fromSide", .enumeration(ContactSide.self)), ("author", .string()), ("body", .string()), ("writtenAt", .dateTime)],
                                required: ["id", "partnerID", "fromSide", "author", "body", "writtenAt"]),
        "FeedbackInput": .object([("body", .string(maxLength: 2_000))], required: ["body"]),
        "QBRPack": .object([
            ("partner", .ref("Partner")), ("quarter", .string()), ("from", .date), ("through", .date), ("generatedAt", .dateTime),
            ("health", .array(health)), ("incidents", .array(incident)), ("actionItems", .array(actionItem)), ("commitments", .ref("Commitments")),
            ("surveys", .array(surveyResult)), ("broadcasts", .array(.ref("Broadcast"))), ("goals", .array(.string())), ("scorecardsAvailable", .boolean),
            ("scorecard", .object([
                ("months", .array(.string())),
                ("rows", .array(.object([("kpi", .enumeration(KPIKind.self)), ("label", .string()),
                                         ("figures", .array(.object([("value", .nullable(.number)), ("display", .string()), ("target", .nullable(.number)),
                                                                     ("targetDisplay", .nullable(.string())), ("status", .nullable(.string(enumeration: ["met", "near", "missed"])))],
                                                                    required: ["display"])))], required: ["kpi", "label", "figures"]))),
                ("weeksMet", .integer(minimum: 0)), ("weeksNear", .integer(minimum: 0)), ("weeksMissed", .integer(minimum: 0)),
                ("snapshot", .object([("items", .array(.object([
                    ("kpi", .enumeration(KPIKind.self)), ("label", .string()), ("value", .nullable(.number)), ("display", .string()), ("target", .nullable(.number)),
                    ("targetDisplay", .nullable(.string())), ("status", .nullable(.string(enumeration: ["met", "near", "missed"]))), ("sampleSize", .integer(minimum: 0)),
                    ("thin", .boolean), ("trend", .string(enumeration: ["better", "worse", "steady", "unknown"])), ("change", .nullable(.string())),
                ], required: ["kpi", "label", "display", "sampleSize", "thin", "trend"])))], required: ["items"])),
            ], required: ["months", "rows", "weeksMet", "weeksNear", "weeksMissed", "snapshot"])),
            ("smartGoals", .array(.ref("SmartGoal"))),
        ], required: ["partner", "quarter", "from", "through", "health", "incidents", "actionItems", "commitments", "surveys", "broadcasts", "goals", "scorecardsAvailable", "scorecard",
                      "smartGoals"]),
        "RelationshipSettings": .object([("anonymityThreshold", .integer(minimum: 1))], required: ["anonymityThreshold"]),
        "RelationshipSettingsInput": .object([("anonymityThreshold", .integer(minimum: 1, maximum: 50))], required: ["anonymityThreshold"]),
    ]
}
