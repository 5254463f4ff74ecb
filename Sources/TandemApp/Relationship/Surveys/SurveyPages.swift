import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor

/// Trust survey pages: rounds, answering, and results behind the anonymity threshold.
enum SurveyPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.surveys.pathComponents, use: list)
        routes.post(SiteURL.surveys.pathComponents, use: createRound)
        routes.get(SiteURL.survey(.param).pathComponents, use: detail)
        routes.get(SiteURL.surveyAnswer(survey: .param, partner: .param).pathComponents, use: answerForm)
        routes.post(SiteURL.surveyAnswer(survey: .param, partner: .param).pathComponents, use: answer)
    }

    static let roundFields: [FormField] = [
        FormField(name: "quarter", label: "Quarter", hint: "e.g. 2026-Q3", required: true),
        FormField(name: "title", label: "Title", hint: "Defaults to “Trust pulse” and the quarter."),
        FormField(name: "opensOn", label: "Opens", kind: .date, required: true),
        FormField(name: "closesOn", label: "Closes", kind: .date, required: true),
    ]

    @Sendable static func list(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let rounds = try await SurveyService.rounds(on: req.db).map(SurveyService.dto)
        let rows: [[HTML]] = rounds.map { r in [Components.link(.survey(.id(r.id)), r.title), "\(r.quarter)", "\(ContactCentreFormat.dateRange(r.opensOn, through: r.closesOn))"] }
        let context = req.pageContext()
        let today = RelationshipSupport.today()
        let q = Quarter(containing: today)
        return Layout.page("Trust surveys", context, section: .relationship, """
        <p class="crumbs">\(Components.link(.relationship, "Relationship"))</p>
        <h1>Trust surveys</h1>
        <p class="lead">Client users rate each partner on competence, character and communication; partner users rate the client. Results show only for groups of at least the anonymity threshold.</p>
        \(Components.table(["Survey", "Quarter", "Open"], rows, empty: "No surveys yet.", id: "surveys"))
        \(principal.can(.manageRelationship) ? "<section><h2>Open a survey round</h2>\(FormRenderer.form(action: .surveys, fields: roundFields, values: FormValues(["quarter": q.description, "opensOn": today.description, "closesOn": today.adding(days: 14).description]), errors: .init(), csrf: context.csrf, submit: "Open round"))</section>" as HTML : .empty)
        """)
    }

    @Sendable static func createRound(req: Request) async throws -> Response {
        let principal = try req.require(.manageRelationship)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let opens = form.date("opensOn", into: &errors), closes = form.date("closesOn", into: &errors)
        if opens == nil { errors.add("opensOn", "is required") }
        if closes == nil { errors.add("closesOn", "is required") }
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            Layout.page("Open a survey round", context, section: .relationship, "<h1>Open a survey round</h1>\(FormRenderer.form(action: .surveys, fields: roundFields, values: form, errors: errors, csrf: context.csrf, submit: "Open round"))")
        }, action: {
            let round = try await SurveyService.createRound(.init(title: form.optional("title"), quarter: form["quarter"], opensOn: opens!, closesOn: closes!), by: principal.actor, on: req.db)
            return (.survey(.id(try round.requireID())), "\(round.title) is open.")
        })
    }

    static func resultsTable(_ results: [SurveyResultDTO]) -> HTML {
        let rows: [[HTML]] = results.map { s in
            ["\(s.partnerName)", "\(s.direction.label)", "\(s.responses)",
             "\(s.dimensions.map { "\($0.dimension): \($0.suppressed ? "not enough responses" : RelationshipSupport.score($0.mean))" }.joined(separator: " · "))",
             s.responses < s.threshold ? "<span class=\"muted\">not enough responses (fewer than \(s.threshold))</span>" : "\(RelationshipSupport.score(s.overall))",
             s.comments.isEmpty ? "—" : "<ul class=\"changes\">\(s.comments.map { HTML("<li>\($0)</li>") })</ul>"]
        }
        return Components.table(["Partner", "Direction", "Responses", "By dimension (1–5)", "Overall", "Comments"], rows, empty: "No results.", id: "results")
    }

    @Sendable static func detail(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let round = try await SurveyService.require(req.id("surveyID"), on: req.db)
        let results = try await SurveyService.results(round: round, scope: principal.scope, on: req.db)
        let partners = try await PartnerService.list(scope: principal.scope, on: req.db).filter { $0.kind == .partner }
        var answerLinks: [HTML] = []
        if principal.can(.takePartInRelationship) {
            for p in partners {
                let done = try await SurveyService.hasAnswered(round: round, partnerID: p.id, principal: principal, on: req.db)
                answerLinks.append(done ? HTML("<li>\(p.name): answered, thank you</li>")
                                        : HTML("<li>\(Components.link(.surveyAnswer(survey: .id(round.id!), partner: .id(p.id)), principal.isPartnerUser ? "Rate the client" : "Rate \(p.name)"))</li>"))
            }
        }
        let r = SurveyService.dto(round)
        return Layout.page(r.title, req.pageContext(), section: .relationship, """
        <p class="crumbs">\(Components.link(.surveys, "Trust surveys"))</p>
        <h1>\(r.title)</h1>
        <p class="lead">\(r.quarter), open \(ContactCentreFormat.dateRange(r.opensOn, through: r.closesOn)).</p>
        \(answerLinks.isEmpty ? HTML.empty : "<section><h2>Your answers</h2><ul>\(answerLinks)</ul></section>")
        <section><h2>Results</h2>\(resultsTable(results))
        <p class="how">Each dimension: the mean of each response's item scores, averaged over responses. Groups smaller than the anonymity threshold show no figures and no comments; individual answers are never shown.</p></section>
        """)
    }

    static func answerPage(round: SurveyRound, partner: PartnerDTO, direction: SurveyDirection, values: FormValues, errors: FieldErrors, _ context: PageContext) -> HTML {
        let scale: [(value: String, label: String)] = [("", "—"), ("1", "1 · strongly disagree"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5 · strongly agree")]
        var fields = SurveyInstrument.items(direction).map { FormField(name: $0.key, label: "\($0.dimension): \($0.text)", kind: .select(scale), required: true) }
        fields.append(FormField(name: "comment", label: SurveyInstrument.commentPrompt(direction), kind: .textarea, hint: "Shown without your name, and only once enough people have answered."))
        let title = direction == .clientRatesPartner ? "Rate \(partner.name)" : "Rate the client"
        var shownErrors = errors
        if let problem = errors["survey"] ?? errors["partner"] { shownErrors.add("comment", problem) }
        return Layout.page(title, context, section: .relationship, """
        <p class="crumbs">\(Components.link(.survey(.id(round.id!)), round.title))</p>
        <h1>\(title)</h1>
        \(errors["survey"].map { HTML("<p class=\"error-summary\">This survey \($0).</p>") } ?? .empty)
        \(FormRenderer.form(action: .surveyAnswer(survey: .id(round.id!), partner: .id(partner.id)), fields: fields, values: values, errors: shownErrors, csrf: context.csrf, submit: "Submit answers"))
        """)
    }

    @Sendable static func answerForm(req: Request) async throws -> HTML {
        let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .takePartInRelationship)
        let round = try await SurveyService.require(req.id("surveyID"), on: req.db)
        return answerPage(round: round, partner: PartnerService.dto(partner), direction: SurveyService.direction(for: principal), values: FormValues(), errors: .init(), req.pageContext())
    }

    @Sendable static func answer(req: Request) async throws -> Response {
        let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .takePartInRelationship)
        let round = try await SurveyService.require(req.id("surveyID"), on: req.db)
        let form = try FormValues.from(req)
        let direction = SurveyService.direction(for: principal)
        let scores = Dictionary(uniqueKeysWithValues: SurveyInstrument.items(direction).compactMap { item in Int(form[item.key]).map { (item.key, $0) } })
        let dto = PartnerService.dto(partner)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, rerender: { errors in
            answerPage(round: round, partner: dto, direction: direction, values: form, errors: errors, context)
        }, action: {
            try await SurveyService.respond(.init(scores: scores, comment: form["comment"]), round: round, partner: partner, principal: principal, today: RelationshipSupport.today(), on: req.db)
            return (.survey(.id(try round.requireID())), "Thank you: your answers were recorded anonymously.")
        })
    }
}
