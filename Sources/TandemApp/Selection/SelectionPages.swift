import Fluent
import Foundation
import TandemPartners
import TandemSelection
import TandemStaffing
import Vapor

/// Selection pages: sourcing events, evaluation templates, blind scoring and the RFP a
/// candidate's own users answer. References, visits, the comparison and the decision are in
/// `DiligencePages`.
enum SelectionPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.selection.pathComponents, use: overview)
        routes.get(SiteURL.selectionTemplates.pathComponents, use: templates)
        routes.get(SiteURL.selectionTemplateNew.pathComponents, use: newTemplate)
        routes.post(SiteURL.selectionTemplateNew.pathComponents, use: createTemplate)
        routes.get(SiteURL.selectionTemplate(.param).pathComponents, use: template)
        routes.post(SiteURL.selectionTemplate(.param).pathComponents, use: saveTemplate)
        routes.post(SiteURL.selectionTemplateCopy(.param).pathComponents, use: copyTemplate)
        routes.get(SiteURL.sourcingEventNew.pathComponents, use: newEvent)
        routes.post(SiteURL.sourcingEventNew.pathComponents, use: createEvent)
        routes.get(SiteURL.sourcingEvent(.param).pathComponents, use: event)
        routes.post(SiteURL.sourcingEvent(.param).pathComponents, use: updateEvent)
        routes.post(SiteURL.sourcingCandidates(.param).pathComponents, use: addCandidate)
        routes.post(SiteURL.sourcingEvaluators(.param).pathComponents, use: addEvaluator)
        routes.get(SiteURL.evaluationForm(event: .param, partner: .param).pathComponents, use: scoreForm)
        routes.post(SiteURL.evaluationForm(event: .param, partner: .param).pathComponents, use: saveScores)
        routes.get(SiteURL.rfp(event: .param, partner: .param).pathComponents, use: rfp)
        routes.post(SiteURL.rfp(event: .param, partner: .param).pathComponents, use: answerRFP)
    }

    /// The client's side of selection: partner users get 404 (they reach only their RFPs).
    static func clientPrincipal(_ req: Request) throws -> Principal {
        let principal = try req.requirePrincipal()
        if principal.isPartnerUser { throw Abort(.notFound, reason: "No such page.") }
        return principal
    }

    static func crumbs(_ extra: HTML = .empty) -> HTML {
        "<p class=\"crumbs\">\(Components.link(.selection, "Selection"))\(extra)</p>"
    }

    // MARK: Overview

    @Sendable static func overview(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let context = req.pageContext()
        if principal.isPartnerUser, let partnerID = principal.partnerID {
            let rows: [[HTML]] = try await SourcingService.rfps(for: partnerID, on: req.db).map { event, answered, total in
                [Components.link(.rfp(event: .id(event.id!), partner: .id(partnerID)), event.title), "\(answered) of \(total) answered",
                 event.status == .open ? Components.badge("Open", "open") : Components.badge("Closed", "ended")]
            }
            return Layout.page("Requests for proposal", context, section: .selection, """
            <h1>Requests for proposal</h1>
            <p class="lead">Questionnaires addressed to your company. Answer them here; the client reads your answers.</p>
            \(Components.table(["Request", "Answers", "Status"], rows, empty: "No request for proposal is addressed to you.", id: "rfps"))
            """)
        }
        let events = try await SourcingService.list(on: req.db)
        var rows: [[HTML]] = []
        var todo: [HTML] = []
        for e in events {
            let dto = try await SourcingService.dto(e, on: req.db)
            let expected = dto.candidates.count * dto.evaluators.count
            let submitted = dto.candidates.reduce(0) { $0 + $1.submitted }
            rows.append([Components.link(.sourcingEvent(.id(dto.id)), dto.title), Components.badge(dto.status.label, dto.status.rawValue), "\(dto.templateName)",
                         "\(dto.candidates.count)", "\(submitted) of \(expected)", "\(dto.startDate)",
                         dto.decidedPartnerID.flatMap { id in dto.candidates.first { $0.partnerID == id } }.map { HTML("\($0.name)") } ?? "—"])
            if dto.status == .open, dto.evaluators.contains(where: { $0.userID == principal.userID }) {
                let visible = try await EvaluationService.visibleCandidates(e, principal: principal, on: req.db)
                for c in dto.candidates where !visible.contains(c.partnerID) {
                    todo.append("<li>\(Components.link(.evaluationForm(event: .id(dto.id), partner: .id(c.partnerID)), "Score \(c.name)")) for \(dto.title)</li>")
                }
            }
        }
        let canEdit = principal.can(.editRegistry)
        return Layout.page("Selection", context, section: .selection, """
        <div class="page-head"><h1>Choosing partners</h1><div>\(canEdit ? HTML("<a class=\"button\" href=\"\(SiteURL.sourcingEventNew.path)\">New sourcing event</a>") : .empty)</div></div>
        <p class="lead">Sourcing events: what is to be outsourced, the candidates, blind scoring by several evaluators, references, site visits and the decision. \(Components.link(.selectionTemplates, "Evaluation templates"))</p>
        \(todo.isEmpty ? HTML.empty : HTML("<section><h2>Your scoring to do</h2><ul id=\"scoring-todo\">\(todo)</ul></section>"))
        <section><h2>Sourcing events</h2>
        \(Components.table(["Event", "Status", "Template", "Candidates", "Scorecards submitted", "Start", "Chosen"], rows, empty: "No sourcing event yet.", id: "events"))</section>
        <p class="how">\(EvaluationService.blindRule)</p>
        """)
    }

    // MARK: Templates

    @Sendable static func templates(req: Request) async throws -> HTML {
        let principal = try clientPrincipal(req)
        let rows: [[HTML]] = try await TemplateService.list(on: req.db).map { t in
            [Components.link(.selectionTemplate(.id(t.id)), t.name), "\(t.criteria.count)", "\(SelectionFormat.number(t.totalWeight))",
             "\(t.criteria.filter(\.knockOut).count)", t.locked ? "in use: weights fixed" : "editable"]
        }
        return Layout.page("Evaluation templates", req.pageContext(), section: .selection, """
        \(crumbs())
        <div class="page-head"><h1>Evaluation templates</h1><div>\(principal.can(.editRegistry) ? HTML("<a class=\"button\" href=\"\(SiteURL.selectionTemplateNew.path)\">New template</a>") : .empty)</div></div>
        \(Components.table(["Template", "Criteria", "Total weight", "Knock-outs", "State"], rows, empty: "No template yet.", id: "templates"))
        """)
    }

    static func templatePage(_ title: String, action: SiteURL, values: FormValues, rows: Int, errors: FieldErrors, template: EvaluationTemplateDTO?,
                             canEdit: Bool, _ context: PageContext) -> HTML {
        let summary: HTML = errors.isEmpty ? .empty : "<div class=\"error-summary\" role=\"alert\"><strong>Please correct the highlighted fields.</strong>\(errors["criteria"].map { HTML(" Criteria \($0).") } ?? .empty)</div>"
        let form: HTML = canEdit ? """
            <form method="post" action="\(action.path)" class="stacked wide" novalidate>
            \(summary)
            \(Components.csrfField(context.csrf))
            \(FormRenderer.field(FormField(name: "name", label: "Name", required: true), value: values["name"], error: errors["name"]))
            \(FormRenderer.field(FormField(name: "description", label: "Description", kind: .textarea), value: values["description"], error: errors["description"]))
            \(FormRenderer.field(FormField(name: "disagreementThreshold", label: "Disagreement threshold (% of a criterion's scale)", kind: .number, hint: "Evaluators disagree when the spread of their scores is above this share of the scale: 25% flags a spread of 2 or more on 1–5."), value: values["disagreementThreshold"], error: errors["disagreementThreshold"]))
            \(FormRenderer.field(FormField(name: "minimumCoverage", label: "Minimum coverage to rank (% of the weight)", kind: .number, hint: "A candidate scored on less of the weight than this is shown but not ranked."), value: values["minimumCoverage"], error: errors["minimumCoverage"]))
            \(SelectionForms.criteriaRows(values, count: rows, errors: errors))
            <div class="actions"><button type="submit">Save template</button></div>
            </form>
            """ : .empty
        let readOnly: HTML = template.map { t in
            let rows: [[HTML]] = t.criteria.map { c in
                ["\(c.group)", "\(c.name)", "\(SelectionFormat.number(c.weight)) (\(SelectionFormat.percent(c.weight / max(t.totalWeight, 1))))",
                 "\(SelectionFormat.number(c.scaleMin))–\(SelectionFormat.number(c.scaleMax))", c.passMark.map { HTML("must reach \(SelectionFormat.number($0))") } ?? "—"]
            }
            return Components.table(["Group", "Criterion", "Weight", "Scale", "Knock-out"], rows, empty: "No criteria.", id: "criteria")
        } ?? .empty
        let copy: HTML = template.flatMap { t in canEdit ? Components.postButton(.selectionTemplateCopy(.id(t.id)), "Copy template", csrf: context.csrf) : nil } ?? .empty
        return Layout.page(title, context, section: .selection, """
        \(crumbs(" · \(Components.link(.selectionTemplates, "Evaluation templates"))"))
        <div class="page-head"><h1>\(title)</h1><div>\(copy)</div></div>
        \(template?.locked == true ? HTML("<p class=\"notice\">Evaluators have scored against this template: names, groups and guidance can change; copy it to change weights, scales, knock-outs or the criteria.</p>") : .empty)
        \(canEdit ? form : readOnly)
        """)
    }

    @Sendable static func newTemplate(req: Request) async throws -> HTML {
        _ = try clientPrincipal(req)
        try req.require(.editRegistry)
        let (values, rows) = SelectionForms.templateValues(nil)
        return templatePage("New evaluation template", action: .selectionTemplateNew, values: values, rows: rows, errors: .init(), template: nil, canEdit: true, req.pageContext())
    }

    @Sendable static func createTemplate(req: Request) async throws -> Response {
        _ = try clientPrincipal(req)
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let input = SelectionForms.templateInput(form, errors: &errors)
        let context = req.pageContext()
        let rows = max(8, (form.values.keys.filter { $0.hasSuffix("_name") }.count))
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            templatePage("New evaluation template", action: .selectionTemplateNew, values: form, rows: rows, errors: SelectionForms.rowErrors(errors, form: form), template: nil, canEdit: true, context)
        }, action: {
            let template = try await TemplateService.create(input, by: principal.actor, on: req.db)
            return (.selectionTemplate(.id(try template.requireID())), "Template \(template.name) saved.")
        })
    }

    @Sendable static func template(req: Request) async throws -> HTML {
        let principal = try clientPrincipal(req)
        let template = try await TemplateService.dto(TemplateService.require(req.id("templateID"), on: req.db), on: req.db)
        let (values, rows) = SelectionForms.templateValues(template)
        return templatePage(template.name, action: .selectionTemplate(.id(template.id)), values: values, rows: rows, errors: .init(), template: template,
                            canEdit: principal.can(.editRegistry), req.pageContext())
    }

    @Sendable static func saveTemplate(req: Request) async throws -> Response {
        _ = try clientPrincipal(req)
        let template = try await TemplateService.require(req.id("templateID"), on: req.db)
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let input = SelectionForms.templateInput(form, errors: &errors)
        let dto = try await TemplateService.dto(template, on: req.db)
        let context = req.pageContext()
        let rows = form.values.keys.filter { $0.hasSuffix("_name") }.count
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            templatePage(dto.name, action: .selectionTemplate(.id(dto.id)), values: form, rows: rows, errors: SelectionForms.rowErrors(errors, form: form), template: dto, canEdit: true, context)
        }, action: {
            _ = try await TemplateService.save(input, template: template, by: principal.actor, on: req.db)
            return (.selectionTemplate(.id(dto.id)), "Template saved.")
        })
    }

    @Sendable static func copyTemplate(req: Request) async throws -> Response {
        _ = try clientPrincipal(req)
        let template = try await TemplateService.require(req.id("templateID"), on: req.db)
        let principal = try req.require(.editRegistry)
        let copy = try await TemplateService.copy(template, by: principal.actor, on: req.db)
        return req.back(to: .selectionTemplate(.id(try copy.requireID())), "Copied as \(copy.name).")
    }

    // MARK: Events

    @Sendable static func newEvent(req: Request) async throws -> HTML {
        _ = try clientPrincipal(req)
        try req.require(.editRegistry)
        let templates = try await TemplateService.list(on: req.db)
        let context = req.pageContext()
        return Layout.page("New sourcing event", context, section: .selection, """
        \(crumbs())
        <h1>New sourcing event</h1>
        \(templates.isEmpty ? HTML("<p class=\"notice\">Create an \(Components.link(.selectionTemplateNew, "evaluation template")) first: candidates are scored against it.</p>") : .empty)
        \(SelectionForms.eventForm(action: .sourcingEventNew, values: SelectionForms.eventValues(nil), errors: .init(), templates: templates, withStatus: false, csrf: context.csrf, submit: "Create sourcing event"))
        """)
    }

    @Sendable static func createEvent(req: Request) async throws -> Response {
        _ = try clientPrincipal(req)
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let input = SelectionForms.eventInput(form, errors: &errors)
        let templates = try await TemplateService.list(on: req.db)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            Layout.page("New sourcing event", context, section: .selection, """
            \(crumbs())<h1>New sourcing event</h1>
            \(SelectionForms.eventForm(action: .sourcingEventNew, values: form, errors: errors, templates: templates, withStatus: false, csrf: context.csrf, submit: "Create sourcing event"))
            """)
        }, action: {
            let event = try await SourcingService.save(input!, event: nil, by: principal.actor, on: req.db)
            return (.sourcingEvent(.id(try event.requireID())), "Sourcing event created. Add the candidates and the evaluators.")
        })
    }

    @Sendable static func event(req: Request) async throws -> HTML {
        let principal = try clientPrincipal(req)
        let event = try await SourcingService.require(req.id("eventID"), principal: principal, on: req.db)
        return try await eventPage(event, principal: principal, values: nil, errors: .init(), req)
    }

    static func eventPage(_ event: SourcingEvent, principal: Principal, values: FormValues?, errors: FieldErrors, _ req: Request) async throws -> HTML {
        let dto = try await SourcingService.dto(event, on: req.db)
        let context = req.pageContext()
        let canEdit = principal.can(.editRegistry) && dto.status == .open
        let amEvaluator = dto.evaluators.contains { $0.userID == principal.userID }
        let mine = try await Evaluation.query(on: req.db).filter(\.$event.$id == dto.id).filter(\.$evaluator.$id == principal.userID).all()
        let id = SiteURL.Ref.id(dto.id)
        let references = try await DiligenceService.references(eventID: dto.id, on: req.db)
        let visits = try await DiligenceService.visits(eventID: dto.id, on: req.db)
        let candidateRows: [[HTML]] = dto.candidates.map { c in
            let my = mine.first { $0.$partner.id == c.partnerID }
            let score: HTML = !amEvaluator ? "—" : my?.submittedAt != nil ? Components.link(.evaluationForm(event: id, partner: .id(c.partnerID)), "Submitted")
                : Components.link(.evaluationForm(event: id, partner: .id(c.partnerID)), my == nil ? "Score" : "Continue scoring")
            let refs = references.filter { $0.$partner.id == c.partnerID }
            let seen = visits.filter { $0.$partner.id == c.partnerID }
            let refLinks: [HTML] = refs.map { r in HTML("\(Components.link(.reference(.id(r.id!)), r.refereeName))\(r.flags.isEmpty ? HTML.empty : HTML(" <span class=\"flag\">\(r.flags.count) red flag(s)</span>"))<br>") }
            let visitLinks: [HTML] = seen.map { v in HTML("\(Components.link(.siteVisit(.id(v.id!)), "\(v.location) (\(v.visitedOn))"))<br>") }
            let addRef: HTML = canEdit ? Components.link(.referenceNew(event: id, partner: .id(c.partnerID)), "Add a reference check") : .empty
            let addVisit: HTML = canEdit ? Components.link(.siteVisitNew(event: id, partner: .id(c.partnerID)), "Record a visit") : .empty
            return [Components.link(.partner(.id(c.partnerID)), c.name), Components.badge(c.status.label, c.status.rawValue),
                    "\(c.submitted) of \(dto.evaluators.count)", score, Components.link(.rfp(event: id, partner: .id(c.partnerID)), "Answers"),
                    "\(refLinks)\(addRef)", "\(visitLinks)\(addVisit)"]
        }
        let evaluatorRows: [[HTML]] = dto.evaluators.map { e in ["\(e.name)", "\(e.submitted) of \(dto.candidates.count)"] }
        let prospects = try await Partner.query(on: req.db).filter(\.$kind == .partner).filter(\.$status ~~ [.prospect, .evaluating]).sort(\.$name).all()
            .filter { p in !dto.candidates.contains { $0.partnerID == p.id } }
        let users = try await UserService.relationshipManagers(on: req.db).filter { u in !dto.evaluators.contains { $0.userID == u.id } }
        let addCandidate: HTML = canEdit && !prospects.isEmpty ? """
            <form method="post" action="\(SiteURL.sourcingCandidates(id).path)" class="inline-form">\(Components.csrfField(context.csrf))
            \(FormRenderer.field(FormField(name: "partnerID", label: "Add a candidate from the registry", kind: .select(prospects.map { ($0.id!.uuidString, $0.name) })), value: "", error: errors["partnerID"]))
            <button type="submit">Add candidate</button></form>
            """ : .empty
        let addEvaluator: HTML = canEdit && !users.isEmpty ? """
            <form method="post" action="\(SiteURL.sourcingEvaluators(id).path)" class="inline-form">\(Components.csrfField(context.csrf))
            \(FormRenderer.field(FormField(name: "userID", label: "Add an evaluator", kind: .select(users.map { ($0.id.uuidString, $0.name) })), value: "", error: errors["userID"]))
            <button type="submit">Add evaluator</button></form>
            """ : .empty
        let templates = try await TemplateService.list(on: req.db)
        let edit: HTML = canEdit ? """
            <details\(values != nil ? HTML(" open") : .empty)><summary>Edit what is to be outsourced</summary>
            \(SelectionForms.eventForm(action: .sourcingEvent(id), values: values ?? SelectionForms.eventValues(dto), errors: errors, templates: templates, withStatus: true, csrf: context.csrf, submit: "Save"))
            </details>
            """ : .empty
        let budget = dto.monthlyBudget.map { "\($0) \(dto.currency) a month" } ?? "not set"
        return Layout.page(dto.title, context, section: .selection, """
        \(crumbs())
        <div class="page-head"><h1>\(dto.title) \(Components.badge(dto.status.label, dto.status.rawValue))</h1>
        <div>\(Components.link(.sourcingComparison(id), "Compare side by side")) · \(Components.link(.sourcingDecision(id), dto.status == .decided ? "Decision record" : "Decide"))</div></div>
        \(Components.details([
            ("To outsource", "<span class=\"notes\">\(dto.scope)</span>"), ("Channels", "\(dto.channels.map(\.label).joined(separator: ", "))"),
            ("Shifts", "\(dto.shifts.map(\.rawValue).joined(separator: ", "))"), ("Volume", "\(dto.monthlyVolume) contacts a month"),
            ("Languages", "\(dto.languages.joined(separator: ", "))"), ("Location preference", "\(dto.locationPreference.map(\.label).joined(separator: ", then "))"),
            ("Budget", "\(budget)"), ("Start", "\(dto.startDate)"), ("Evaluation template", Components.link(.selectionTemplate(.id(dto.templateID)), dto.templateName)),
            ("RFP questions", "\(dto.rfpQuestions.count)"), ("Notes", dto.notes.isEmpty ? "—" : "<span class=\"notes\">\(dto.notes)</span>"),
        ]))
        <section><h2>Candidates</h2>
        \(Components.table(["Candidate", "Lifecycle", "Scorecards submitted", "Your scores", "RFP", "References", "Site visits"], candidateRows, empty: "No candidate yet: add prospects from the partner registry.", id: "candidates"))
        \(addCandidate)</section>
        <section><h2>Evaluators</h2>
        \(Components.table(["Evaluator", "Candidates submitted"], evaluatorRows, empty: "No evaluator yet.", id: "evaluators"))
        \(addEvaluator)
        <p class="how">\(EvaluationService.blindRule)</p></section>
        \(edit)
        """)
    }

    @Sendable static func updateEvent(req: Request) async throws -> Response {
        let event = try await SourcingService.require(req.id("eventID"), principal: try clientPrincipal(req), on: req.db)
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let input = SelectionForms.eventInput(form, errors: &errors)
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            try await eventPage(event, principal: principal, values: form, errors: errors, req)
        }, action: {
            _ = try await SourcingService.save(input!, event: event, by: principal.actor, on: req.db)
            return (.sourcingEvent(.id(try event.requireID())), "Sourcing event saved.")
        })
    }

    @Sendable static func addCandidate(req: Request) async throws -> Response {
        let event = try await SourcingService.require(req.id("eventID"), principal: try clientPrincipal(req), on: req.db)
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let partnerID = form.uuid("partnerID", into: &errors)
        if partnerID == nil { errors.add("partnerID", "is required") }
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            try await eventPage(event, principal: principal, values: nil, errors: errors, req)
        }, action: {
            try await SourcingService.addCandidate(partnerID!, to: event, by: principal.actor, on: req.db)
            return (.sourcingEvent(.id(try event.requireID())), "Candidate added.")
        })
    }

    @Sendable static func addEvaluator(req: Request) async throws -> Response {
        let event = try await SourcingService.require(req.id("eventID"), principal: try clientPrincipal(req), on: req.db)
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let userID = form.uuid("userID", into: &errors)
        if userID == nil { errors.add("userID", "is required") }
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            try await eventPage(event, principal: principal, values: nil, errors: errors, req)
        }, action: {
            try await SourcingService.addEvaluator(userID!, to: event, by: principal.actor, on: req.db)
            return (.sourcingEvent(.id(try event.requireID())), "Evaluator added.")
        })
    }

    // MARK: Blind scoring

    /// The event and candidate named in the path: 404 for partner users and for non-candidates.
    static func eventAndCandidate(_ req: Request) async throws -> (SourcingEvent, Partner, Principal) {
        let principal = try clientPrincipal(req)
        let event = try await SourcingService.require(req.id("eventID"), principal: principal, on: req.db)
        let partner = try await SourcingService.requireCandidate(event, partnerID: req.id("partnerID"), on: req.db)
        return (event, partner, principal)
    }

    @Sendable static func scoreForm(req: Request) async throws -> HTML {
        let (event, partner, principal) = try await eventAndCandidate(req)
        let mine = try await EvaluationService.myDTO(event, partner: partner, principal: principal, on: req.db)
        let values = FormValues(Dictionary(uniqueKeysWithValues: mine.scores.map { ("score_\($0.key)", SelectionFormat.number($0.value)) }).merging(["comment": mine.comment]) { a, _ in a })
        return try await scorePage(event, partner: partner, principal: principal, mine: mine, values: values, errors: .init(), req)
    }

    static func scorePage(_ event: SourcingEvent, partner: Partner, principal: Principal, mine: EvaluationDTO, values: FormValues, errors: FieldErrors, _ req: Request) async throws -> HTML {
        let context = req.pageContext()
        let criteria = try await TemplateService.criteria(of: event.$template.id, on: req.db).map(TemplateService.criterionDTO)
        let isEvaluator = try await EvaluationService.isEvaluator(principal, of: event, on: req.db)
        let locked = mine.submittedAt != nil || event.status != .open || !isEvaluator
        let eventID = try event.requireID(), partnerID = try partner.requireID()
        var rows: [HTML] = []
        var group: String? = nil
        for c in criteria {
            if c.group != group {
                group = c.group
                rows.append("<tr><th colspan=\"4\" scope=\"rowgroup\">\(c.group.isEmpty ? "Criteria" : c.group)</th></tr>")
            }
            let key = "score_\(c.id.uuidString)"
            let input: HTML = locked ? "\(values[key].isEmpty ? "—" : values[key])"
                : "<input type=\"number\" step=\"any\" min=\"\(SelectionFormat.number(c.scaleMin))\" max=\"\(SelectionFormat.number(c.scaleMax))\" name=\"\(key)\" id=\"f-\(key)\" value=\"\(values[key])\" aria-label=\"\(c.name)\"\(errors["scores.\(c.id.uuidString)"] != nil ? HTML(" aria-invalid=\"true\"") : .empty)>"
            rows.append("""
            <tr><td><label for="f-\(key)"><strong>\(c.name)</strong></label>\(c.guidance.isEmpty ? HTML.empty : HTML("<br><span class=\"muted\">\(c.guidance)</span>"))</td>
            <td>\(SelectionFormat.number(c.scaleMin))–\(SelectionFormat.number(c.scaleMax))\(c.passMark.map { HTML("<br><span class=\"flag\">knock-out: must reach \(SelectionFormat.number($0))</span>") } ?? .empty)</td>
            <td>\(input)</td><td>\(errors["scores.\(c.id.uuidString)"].map { HTML("<span class=\"field-error\">\($0)</span>") } ?? .empty)</td></tr>
            """)
        }
        let form: HTML = locked ? "<p class=\"notice\">\(mine.submittedAt.map { "Your scores were submitted on \(Components.date($0)) and are locked." } ?? (isEvaluator ? "This sourcing event is \(event.status.rawValue)." : "You are not an evaluator of this sourcing event."))</p>"
            : """
            <form method="post" action="\(SiteURL.evaluationForm(event: .id(eventID), partner: .id(partnerID)).path)" class="stacked wide scores" novalidate>
            \(errors.isEmpty ? HTML.empty : HTML("<div class=\"error-summary\" role=\"alert\"><strong>Please correct the highlighted scores.</strong> \(errors["scores"] ?? "")</div>"))
            \(Components.csrfField(context.csrf))
            <table id="score-form"><thead><tr><th>Criterion</th><th>Scale</th><th>Your score</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
            \(FormRenderer.field(FormField(name: "comment", label: "Your comment", kind: .textarea), value: values["comment"], error: errors["comment"]))
            <p class="hint">Leave a criterion blank when you have no opinion: it is not counted as zero.</p>
            <div class="actions"><button type="submit" name="action" value="save" class="secondary">Save draft</button> <button type="submit" name="action" value="submit">Submit scores</button></div>
            </form>
            """
        let visible = try await EvaluationService.visibleCandidates(event, principal: principal, on: req.db).contains(partnerID)
        var others: HTML = "<p class=\"notice\" id=\"others-hidden\">Other evaluators' scores for \(partner.name) stay hidden until you submit yours.</p>"
        if visible {
            let scorecards = try await EvaluationService.others(event, partner: partner, principal: principal, on: req.db)
            let comparison = try await ComparisonService.build(event, on: req.db)
            let figures = comparison.candidates.first { $0.partnerID == partnerID }
            let head = ["Criterion"] + scorecards.map(\.evaluatorName) + ["Mean", "Spread (max − min)", "SD"]
            let table: [[HTML]] = criteria.map { c in
                let f = figures?.criteria.first { $0.criterionID == c.id }
                let cells: [HTML] = scorecards.map { s in s.scores[c.id.uuidString].map { HTML("\(SelectionFormat.number($0))") } ?? "<span class=\"muted\">blank</span>" }
                let spread: HTML = f?.spread.map { s in f?.disagreement == true ? HTML("<span class=\"flag\">\(SelectionFormat.number(s)) disagreement</span>") : HTML("\(SelectionFormat.number(s))") } ?? "—"
                return ["\(c.name)"] + cells + ["\(f?.mean.map { String(format: "%.2f", $0) } ?? "—")", spread, "\(f?.standardDeviation.map { String(format: "%.2f", $0) } ?? "—")"]
            }
            let comments: [HTML] = scorecards.filter { !$0.comment.isEmpty }.map { HTML("<li><strong>\($0.evaluatorName)</strong>: <span class=\"notes\">\($0.comment)</span></li>") }
            others = """
            \(Components.table(head, table, empty: "No evaluator has submitted scores yet.", id: "all-scores"))
            \(comments.isEmpty ? HTML.empty : HTML("<ul class=\"comments\">\(comments)</ul>"))
            <p class="how">\(comparison.rules.disagreement)</p>
            """
        }
        return Layout.page("Score \(partner.name)", context, section: .selection, """
        \(crumbs(" · \(Components.link(.sourcingEvent(.id(eventID)), event.title))"))
        <h1>Score \(partner.name)</h1>
        <p class="lead">\(EvaluationService.blindRule)</p>
        \(form)
        <section><h2>All evaluators</h2>\(others)</section>
        """)
    }

    @Sendable static func saveScores(req: Request) async throws -> Response {
        let (event, partner, principal) = try await eventAndCandidate(req)
        try await EvaluationService.requireEvaluator(principal, of: event, on: req.db)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let criteria = try await TemplateService.criteria(of: event.$template.id, on: req.db)
        var scores: [String: Double?] = [:]
        for c in criteria {
            let key = "score_\(c.id!.uuidString)"
            let raw = form[key].replacingOccurrences(of: ",", with: ".")
            if raw.isEmpty { scores[c.id!.uuidString] = .some(nil); continue }
            guard let value = Double(raw) else { errors.add("scores.\(c.id!.uuidString)", "must be a number"); continue }
            scores[c.id!.uuidString] = value
        }
        let submit = form["action"] == "submit"
        let eventID = try event.requireID(), partnerID = try partner.requireID()
        let input = EvaluationInput(scores: scores, comment: form.values["comment"] ?? "", submit: submit)
        let mine = try await EvaluationService.myDTO(event, partner: partner, principal: principal, on: req.db)
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            try await scorePage(event, partner: partner, principal: principal, mine: mine, values: form, errors: errors, req)
        }, action: {
            _ = try await EvaluationService.save(input, event: event, partner: partner, principal: principal, on: req.db)
            return (.evaluationForm(event: .id(eventID), partner: .id(partnerID)), submit ? "Scores for \(partner.name) submitted." : "Draft saved: only you can see it.")
        })
    }

    // MARK: RFP

    @Sendable static func rfp(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let (event, partner, rfp) = try await SourcingService.rfp(eventID: req.id("eventID"), partnerID: req.id("partnerID"), principal: principal, on: req.db)
        let values = FormValues(Dictionary(uniqueKeysWithValues: rfp.questions.map { ("answer_\($0.position)", $0.answer) }))
        return rfpPage(rfp, event: event, partner: partner, principal: principal, values: values, errors: .init(), req.pageContext())
    }

    static func rfpPage(_ rfp: RFPDTO, event: SourcingEvent, partner: Partner, principal: Principal, values: FormValues, errors: FieldErrors, _ context: PageContext) -> HTML {
        let canAnswer = rfp.open && (principal.isPartnerUser ? principal.can(.editPartnerDirectory) : principal.can(.editRegistry))
        let fields: [HTML] = rfp.questions.map { q in
            let by: String = q.answeredBy.map { " (answered by \($0), \(Components.date(q.answeredAt)))" } ?? ""
            return canAnswer
                ? FormRenderer.field(FormField(name: "answer_\(q.position)", label: "\(q.position). \(q.question)", kind: .textarea, hint: by.isEmpty ? nil : String(by.dropFirst())),
                                     value: values["answer_\(q.position)"], error: errors["answers.\(q.position)"])
                : HTML("<h3>\(q.position). \(q.question)</h3><p class=\"notes\">\(q.answer.isEmpty ? "—" : q.answer)</p><p class=\"how\">\(by)</p>")
        }
        let body: HTML = canAnswer ? """
            <form method="post" action="\(SiteURL.rfp(event: .id(rfp.eventID), partner: .id(rfp.partnerID)).path)" class="stacked wide" novalidate>
            \(Components.csrfField(context.csrf))\(fields)
            <div class="actions"><button type="submit">Save answers</button></div></form>
            """ : "\(fields)"
        let back: HTML = principal.isPartnerUser ? crumbs() : crumbs(" · \(Components.link(.sourcingEvent(.id(rfp.eventID)), rfp.title))")
        return Layout.page("RFP: \(rfp.title)", context, section: .selection, """
        \(back)
        <h1>Request for proposal: \(rfp.title)</h1>
        <p class="lead">For \(rfp.partnerName).\(rfp.open ? "" : " This request is closed.")</p>
        \(Components.details([
            ("To outsource", "<span class=\"notes\">\(rfp.scope)</span>"), ("Channels", "\(rfp.channels.map(\.label).joined(separator: ", "))"),
            ("Shifts", "\(rfp.shifts.map(\.rawValue).joined(separator: ", "))"), ("Volume", "\(rfp.monthlyVolume) contacts a month"),
            ("Languages", "\(rfp.languages.joined(separator: ", "))"), ("Start", "\(rfp.startDate)"),
        ]))
        <section><h2>Questions</h2>\(rfp.questions.isEmpty ? HTML("<div class=\"empty\">No questions.</div>") : body)</section>
        """)
    }

    @Sendable static func answerRFP(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let (event, partner, rfp) = try await SourcingService.rfp(eventID: req.id("eventID"), partnerID: req.id("partnerID"), principal: principal, on: req.db)
        try req.require(principal.isPartnerUser ? .editPartnerDirectory : .editRegistry)
        let form = try FormValues.from(req)
        let answers: [String: String] = Dictionary(uniqueKeysWithValues: rfp.questions.compactMap { q in
            form.values["answer_\(q.position)"].map { (String(q.position), $0) }
        })
        let context = req.pageContext()
        return try await FormSubmission.handle(req, rerender: { errors in
            rfpPage(rfp, event: event, partner: partner, principal: principal, values: form, errors: errors, context)
        }, action: {
            try await SourcingService.answer(.init(answers: answers), event: event, partner: partner, principal: principal, on: req.db)
            return (.rfp(event: .id(rfp.eventID), partner: .id(rfp.partnerID)), "Answers saved.")
        })
    }
}
