import Fluent
import Foundation
import TandemPartners
import TandemSelection
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Sourcing events, templates and blind scoring, through the service, the API and the pages.
@Suite struct SelectionTests {
    @Test(arguments: TestDatabase.all)
    func an_evaluator_cannot_read_others_scores_through_the_api_before_submitting(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let template = try await SelectionFixture.template(on: app.db)
            let ids = try await SelectionFixture.criteria(template, on: app.db)
            let managerAPI = try await APIClient.forUser(app, ws.manager)
            let adminAPI = try await APIClient.forUser(app, ws.admin)

            // The manager runs the event through the API: candidates A and B, evaluators admin and manager.
            let created = try await managerAPI.send(.POST, "/api/v1/sourcing-events", body: SelectionFixture.eventInput("Nearshore chat 2027", template: try template.requireID()))
            #expect(created.status == .created)
            let event = try created.json(SourcingEventDTO.self)
            for partner in [ws.partnerA, ws.partnerB] {
                #expect(try await managerAPI.send(.POST, "/api/v1/sourcing-events/\(event.id)/candidates", body: AddCandidateInput(partnerID: partner)).status == .created)
            }
            for user in [ws.admin, ws.manager] {
                #expect(try await managerAPI.send(.POST, "/api/v1/sourcing-events/\(event.id)/evaluators", body: AddEvaluatorInput(userID: user)).status == .created)
            }
            // Candidates that were prospects are now being evaluated.
            #expect(try await Partner.find(ws.partnerA, on: app.db)?.status == .evaluating)
            let base = "/api/v1/sourcing-events/\(event.id)/candidates/\(ws.partnerA)"

            // The admin scores A and submits.
            let adminScores = EvaluationInput(scores: [ids["Culture and values fit"]!: 5, ids["Cost"]!: 4], comment: "ADMIN-SAYS-STRONG-CULTURE", submit: true)
            let submitted = try await adminAPI.send(.PUT, "\(base)/my-evaluation", body: adminScores)
            #expect(submitted.status == .ok, "\(submitted.text)")
            #expect(try submitted.json(EvaluationDTO.self).submittedAt != nil)

            // The manager has not submitted: the others' scores are refused, and their own view holds only their own.
            let hidden = try await managerAPI.send(.GET, "\(base)/evaluations")
            #expect(hidden.status == .forbidden)
            #expect(!hidden.text.contains("ADMIN-SAYS"))
            let own = try await managerAPI.send(.GET, "\(base)/my-evaluation")
            #expect(try own.json(EvaluationDTO.self).scores.isEmpty && !own.text.contains("ADMIN-SAYS"))
            // A draft changes nothing.
            let draft = try await managerAPI.send(.PUT, "\(base)/my-evaluation", body: EvaluationInput(scores: [ids["Culture and values fit"]!: 2], comment: "draft", submit: false))
            #expect(draft.status == .ok)
            #expect(try await managerAPI.send(.GET, "\(base)/evaluations").status == .forbidden)
            // The admin, submitted, sees its own scorecard only: the manager's draft is the manager's alone.
            let adminView = try await adminAPI.send(.GET, "\(base)/evaluations")
            #expect(try adminView.json([EvaluationDTO].self).map(\.evaluatorName) == ["admin"])

            // Off the scale is refused per criterion.
            let bad = try await managerAPI.send(.PUT, "\(base)/my-evaluation", body: EvaluationInput(scores: [ids["Cost"]!: 7], comment: nil, submit: true))
            #expect(bad.status == .unprocessableEntity)
            #expect(try bad.json(APIErrorBody.self).fields?["scores.\(ids["Cost"]!)"] == "must be between 1 and 5")

            // Once submitted, the manager sees both scorecards; the submitted ones are locked.
            let mine = try await managerAPI.send(.PUT, "\(base)/my-evaluation", body: EvaluationInput(scores: [ids["Culture and values fit"]!: 2, ids["Cost"]!: 4], comment: nil, submit: true))
            #expect(mine.status == .ok)
            let visible = try await managerAPI.send(.GET, "\(base)/evaluations")
            #expect(visible.status == .ok)
            let cards = try visible.json([EvaluationDTO].self)
            #expect(cards.map(\.evaluatorName) == ["admin", "manager"])
            #expect(cards[0].comment == "ADMIN-SAYS-STRONG-CULTURE" && cards[1].scores[ids["Culture and values fit"]!] == 2)
            #expect(try await adminAPI.send(.PUT, "\(base)/my-evaluation", body: adminScores).status == .conflict)

            // A viewer is no evaluator: reads the submitted scores, writes nothing.
            let viewerAPI = try await APIClient.forUser(app, ws.viewer)
            #expect(try await viewerAPI.send(.GET, "\(base)/evaluations").status == .ok)
            #expect(try await viewerAPI.send(.PUT, "\(base)/my-evaluation", body: adminScores).status == .forbidden)

            // The candidate's own users reach only their RFP: no scores, no budget, no other candidate.
            let partnerAPI = try await APIClient.forUser(app, ws.partnerUserA)
            #expect(try await partnerAPI.send(.GET, "/api/v1/sourcing-events/\(event.id)").status == .notFound)
            #expect(try await partnerAPI.send(.GET, "\(base)/evaluations").status == .notFound)
            #expect(try await partnerAPI.send(.GET, "\(base)/my-evaluation").status == .notFound)
            let rfp = try await partnerAPI.send(.GET, "\(base)/rfp")
            #expect(rfp.status == .ok)
            #expect(try rfp.json(RFPDTO.self).questions.map(\.question) == ["Which site would serve us?", "Your attrition last year?"])
            for secret in ["ADMIN-SAYS", "85000", "BUDGET-NOTE", "Bravo", "manager"] { #expect(!rfp.text.contains(secret), "the RFP shows \(secret)") }
            #expect(try await partnerAPI.send(.GET, "/api/v1/sourcing-events/\(event.id)/candidates/\(ws.partnerB)/rfp").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.all)
    func an_evaluator_cannot_read_others_scores_on_the_pages_before_submitting(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let template = try await SelectionFixture.template(on: app.db)
            let ids = try await SelectionFixture.criteria(template, on: app.db)
            let event = try await SelectionFixture.event("Offshore email", template: template, candidates: [ws.partnerA], evaluators: [ws.admin, ws.manager], on: app.db)
            let partnerA = try await PartnerService.require(ws.partnerA, scope: .all, on: app.db)
            _ = try await EvaluationService.save(.init(scores: [ids["Culture and values fit"]!: 5, ids["Cost"]!: 3], comment: "ADMIN-SAYS-STRONG-CULTURE", submit: true),
                                                 event: event, partner: partnerA, principal: try await SelectionFixture.principal(ws.admin, on: app.db), on: app.db)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let path = SiteURL.evaluationForm(event: .id(try event.requireID()), partner: .id(ws.partnerA)).path

            let before = try await browser.get(path)
            #expect(before.status == .ok)
            #expect(before.text.contains("stay hidden until you submit yours"))
            #expect(!before.text.contains("ADMIN-SAYS") && !before.text.contains("id=\"all-scores\""))
            // The overview lists the scoring still to do.
            #expect(try await browser.get(SiteURL.selection.path).text.contains("Score Alpha Support"))

            let draft = try await browser.post(path, form: ["score_\(ids["Culture and values fit"]!)": "2", "score_\(ids["Cost"]!)": "", "comment": "first look", "action": "save"])
            #expect(draft.status == .seeOther)
            let still = try await browser.get(path)
            #expect(!still.text.contains("ADMIN-SAYS") && still.text.contains("value=\"2\""))

            let refused = try await browser.post(path, form: ["score_\(ids["Cost"]!)": "nine", "action": "submit"])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("must be a number") && !refused.text.contains("ADMIN-SAYS"))

            let sent = try await browser.post(path, form: ["score_\(ids["Culture and values fit"]!)": "2", "score_\(ids["Cost"]!)": "4", "comment": "cheaper", "action": "submit"])
            #expect(sent.status == .seeOther)
            let after = try await browser.get(path)
            #expect(after.text.contains("ADMIN-SAYS-STRONG-CULTURE") && after.text.contains("id=\"all-scores\""))
            // Culture 5 and 2: a spread of 3 on a 1–5 scale is above 25% of its range (1 point).
            #expect(after.text.contains("3 disagreement"))
            #expect(after.text.contains("are locked"))
            let stored = try await Evaluation.query(on: app.db).filter(\.$evaluator.$id == ws.manager).first()
            #expect(stored?.submittedAt != nil && stored?.comment == "cheaper")
            let audited = try await AuditEntry.query(on: app.db).filter(\.$entityType == "evaluation").filter(\.$actorID == ws.manager).count()
            #expect(audited == 2, "the draft and the submission are audited")
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_prospects_user_answers_its_rfp_and_nothing_else(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let template = try await SelectionFixture.template(on: app.db)
            let event = try await SelectionFixture.event("Overflow voice", template: template, candidates: [ws.partnerA, ws.partnerB], evaluators: [ws.manager], on: app.db)
            let eventID = try event.requireID()
            var partner = try await Browser.signedIn(app, email: "a@partner-a.example")
            let list = try await partner.get(SiteURL.selection.path)
            #expect(list.text.contains("Overflow voice") && !list.text.contains("Bravo"))
            let path = SiteURL.rfp(event: .id(eventID), partner: .id(ws.partnerA)).path
            let page = try await partner.get(path)
            #expect(page.status == .ok && page.text.contains("Which site would serve us?"))
            #expect(!page.text.contains("85000") && !page.text.contains("BUDGET-NOTE") && !page.text.contains("Bravo"))
            let saved = try await partner.post(path, form: ["answer_1": "Monterrey, 60 free seats", "answer_2": "31%"])
            #expect(saved.status == .seeOther)
            #expect(try await partner.get(SiteURL.sourcingEvent(.id(eventID)).path).status == .notFound)
            #expect(try await partner.get(SiteURL.rfp(event: .id(eventID), partner: .id(ws.partnerB)).path).status == .notFound)
            #expect(try await partner.post(SiteURL.rfp(event: .id(eventID), partner: .id(ws.partnerB)).path, form: ["answer_1": "x"]).status == .notFound)

            let answers = try await RFPAnswer.query(on: app.db).filter(\.$partner.$id == ws.partnerA).sort(\.$position).all()
            #expect(answers.map(\.answer) == ["Monterrey, 60 free seats", "31%"])
            #expect(answers.allSatisfy { $0.answeredBy == "a" })
            // The client reads the answers; the viewer cannot write them.
            var manager = try await Browser.signedIn(app, email: "manager@test.example")
            #expect(try await manager.get(path).text.contains("Monterrey, 60 free seats"))
            var viewer = try await Browser.signedIn(app, email: "viewer@test.example")
            _ = try await viewer.get(path)
            #expect(try await viewer.post(path, form: ["answer_1": "x"]).status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.all)
    func templates_and_events_are_validated_and_scored_weights_are_fixed(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.manager)
            let bad = try await api.send(.POST, "/api/v1/evaluation-templates", body: EvaluationTemplateInput(name: "", description: nil, disagreementThreshold: 2, minimumCoverage: nil, criteria: [
                .init(id: nil, group: nil, name: "Cost", guidance: nil, weight: 0, scaleMin: 1, scaleMax: 5, passMark: nil),
                .init(id: nil, group: nil, name: "Security", guidance: nil, weight: 10, scaleMin: 1, scaleMax: 5, passMark: 9),
            ]))
            #expect(bad.status == .unprocessableEntity)
            let fields = try bad.json(APIErrorBody.self).fields ?? [:]
            #expect(Set(fields.keys) == ["name", "disagreementThreshold", "criteria[0].weight", "criteria[1].passMark"])

            let template = try await SelectionFixture.template(on: app.db)
            let dto = try await TemplateService.dto(template, on: app.db)
            #expect(dto.totalWeight == 100 && !dto.locked)
            let eventBad = try await api.send(.POST, "/api/v1/sourcing-events", json: """
                {"title": "X", "templateID": "\(dto.id)", "scope": "", "channels": [], "shifts": ["day"], "monthlyVolume": 10, "languages": ["!!"],
                 "locationPreference": ["onshore"], "monthlyBudget": "12.345", "currency": "dollars", "startDate": "2027-01-01"}
                """)
            #expect(Set(try eventBad.json(APIErrorBody.self).fields?.keys.map { $0 } ?? []) == ["scope", "channels", "languages", "monthlyBudget", "currency"])

            let event = try await SelectionFixture.event("Chat 2027", template: template, candidates: [ws.partnerA], evaluators: [ws.manager], on: app.db)
            // The in-house team and partners already live are not candidates.
            let inHouse = try await api.send(.POST, "/api/v1/sourcing-events/\(try event.requireID())/candidates", body: AddCandidateInput(partnerID: ws.inHouse))
            #expect(try inHouse.json(APIErrorBody.self).fields?["partnerID"]?.contains("in-house") == true)
            let ids = try await SelectionFixture.criteria(template, on: app.db)
            _ = try await EvaluationService.save(.init(scores: [ids["Cost"]!: 3], comment: nil, submit: false), event: event,
                                                 partner: try await PartnerService.require(ws.partnerA, scope: .all, on: app.db),
                                                 principal: try await SelectionFixture.principal(ws.manager, on: app.db), on: app.db)
            let locked = try await TemplateService.dto(template, on: app.db)
            #expect(locked.locked)
            var input = EvaluationTemplateInput(name: locked.name, description: nil, disagreementThreshold: nil, minimumCoverage: nil,
                                                criteria: locked.criteria.map { .init(id: $0.id, group: $0.group, name: $0.name, guidance: $0.guidance, weight: $0.weight,
                                                                                      scaleMin: $0.scaleMin, scaleMax: $0.scaleMax, passMark: $0.passMark) })
            input.criteria[1].weight = 60
            let reweighted = try await api.send(.PUT, "/api/v1/evaluation-templates/\(locked.id)", body: input)
            #expect(reweighted.status == .unprocessableEntity)
            #expect(try reweighted.json(APIErrorBody.self).fields?["criteria"]?.hasPrefix("are fixed") == true)
            input.criteria[1].weight = 50
            input.criteria[1].name = "Cost (all-in, per hour)"
            #expect(try await api.send(.PUT, "/api/v1/evaluation-templates/\(locked.id)", body: input).status == .ok)
            // A copy is free to change.
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            _ = try await browser.get(SiteURL.selectionTemplate(.id(locked.id)).path)
            let copied = try await browser.post(SiteURL.selectionTemplateCopy(.id(locked.id)).path)
            #expect(copied.status == .seeOther)
            let copy = try #require(try await EvaluationTemplate.query(on: app.db).filter(\.$name == "Voice partner (copy)").first())
            #expect(try await TemplateService.dto(copy, on: app.db).locked == false)
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_template_and_an_event_are_made_on_the_pages(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            _ = try await browser.get(SiteURL.selectionTemplateNew.path)
            let saved = try await browser.post(SiteURL.selectionTemplateNew.path, form: [
                "name": "Chat partner", "disagreementThreshold": "25", "minimumCoverage": "50",
                "c0_group": "Fit", "c0_name": "Trust", "c0_weight": "40", "c0_scaleMin": "1", "c0_scaleMax": "5",
                "c1_group": "Risk", "c1_name": "Security", "c1_weight": "60", "c1_scaleMin": "0", "c1_scaleMax": "10", "c1_passMark": "6",
                "c2_name": "", "c2_weight": "",
            ])
            #expect(saved.status == .seeOther, "\(saved.text.prefix(400))")
            let template = try #require(try await EvaluationTemplate.query(on: app.db).filter(\.$name == "Chat partner").first())
            let criteria = try await TemplateService.criteria(of: template.requireID(), on: app.db)
            #expect(criteria.map(\.name) == ["Trust", "Security"] && criteria[1].passMark == 6 && criteria[1].scaleMax == 10)

            let notANumber = try await browser.post(SiteURL.selectionTemplateNew.path, form: ["name": "Other", "c0_name": "Cost", "c0_weight": "10", "c3_name": "Trust", "c3_weight": "x"])
            #expect(notANumber.status == .unprocessableEntity && notANumber.text.contains("weight must be a number"))
            // The error lands on the row typed (row 4), though the blank rows between were dropped.
            #expect(notANumber.text.contains("<input type=\"text\" name=\"c3_weight\" value=\"x\" class=\"num\" aria-invalid=\"true\""))
            let negative = try await browser.post(SiteURL.selectionTemplateNew.path, form: ["name": "Other", "c0_name": "Cost", "c0_weight": "10", "c3_name": "Trust", "c3_weight": "-1"])
            #expect(negative.status == .unprocessableEntity && negative.text.contains("weight must be above 0"))
            #expect(negative.text.contains("name=\"c3_weight\" value=\"-1\" class=\"num\" aria-invalid=\"true\""))

            _ = try await browser.get(SiteURL.sourcingEventNew.path)
            let created = try await browser.post(SiteURL.sourcingEventNew.path, form: [
                "title": "Chat overflow", "templateID": try template.requireID().uuidString, "scope": "Returns chat", "channel_chat": "on", "shift_day": "on",
                "monthlyVolume": "4000", "languages": "en", "location_nearshore": "on", "startDate": "2027-02-01", "rfpQuestions": "Where?\nHow much?",
            ])
            #expect(created.status == .seeOther, "\(created.text.prefix(400))")
            let location = try #require(created.headers.first(name: .location))
            let page = try await browser.get(location)
            #expect(page.text.contains("Chat overflow") && page.text.contains("Returns chat") && page.text.contains("Nearshore"))
            let eventID = try #require(UUID(uuidString: String(location.split(separator: "/").last!)))
            let added = try await browser.post(SiteURL.sourcingCandidates(.id(eventID)).path, form: ["partnerID": ws.partnerB.uuidString])
            #expect(added.status == .seeOther)
            let evaluator = try await browser.post(SiteURL.sourcingEvaluators(.id(eventID)).path, form: ["userID": ws.manager.uuidString])
            #expect(evaluator.status == .seeOther)
            let detail = try await browser.get(location)
            #expect(detail.text.contains("Bravo") && detail.text.contains(">Score<"))
            let event = try #require(try await SourcingEvent.find(eventID, on: app.db))
            #expect(event.channels == "chat" && event.shifts == "day" && event.questions == ["Where?", "How much?"] && event.monthlyBudget.isEmpty)
        }
    }

    @Test func every_selection_url_is_routed() async throws {
        try await withApp(.sqlite) { app in
            let registered = Set(app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") })
            let id = SiteURL.Ref.param
            let all: [SiteURL] = [
                .selection, .selectionTemplates, .selectionTemplateNew, .selectionTemplate(id), .selectionTemplateCopy(id), .sourcingEventNew, .sourcingEvent(id),
                .sourcingCandidates(id), .sourcingEvaluators(id), .evaluationForm(event: id, partner: id), .rfp(event: id, partner: id),
            ]
            for url in all { #expect(registered.contains(url.path), "\(url.path) is linked but not routed") }
        }
    }
}
