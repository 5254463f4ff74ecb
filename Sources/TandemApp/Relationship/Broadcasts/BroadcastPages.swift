import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor

/// Pages of change broadcasts: list, send, read and acknowledge.
enum BroadcastPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.broadcasts.pathComponents, use: list)
        routes.get(SiteURL.broadcastNew.pathComponents, use: newForm)
        routes.post(SiteURL.broadcasts.pathComponents, use: create)
        routes.get(SiteURL.broadcast(.param).pathComponents, use: detail)
        routes.post(SiteURL.broadcastAcknowledge(.param).pathComponents, use: acknowledge)
    }

    @Sendable static func list(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let broadcasts = try await BroadcastService.list(scope: principal.scope, today: RelationshipSupport.today(), on: req.db)
        let rows: [[HTML]] = broadcasts.map { b in
            let acked = b.recipients.filter { $0.acknowledgedAt != nil }.count
            let overdue = b.recipients.filter(\.overdue).count
            return [Components.link(.broadcast(.id(b.id)), b.title), Components.badge(b.kind.label, "kind"), "\(b.effectiveDate.display)",
                    b.requiresAcknowledgement ? "\(acked) of \(b.recipients.count)\(overdue > 0 ? HTML(" \(Components.badge("\(overdue) overdue", "overdue"))") : .empty)" : "not required",
                    "\(Components.date(b.sentAt))"]
        }
        return Layout.page("Change broadcasts", req.pageContext(), section: .relationship, """
        <div class="page-head"><h1>Change broadcasts</h1>\(principal.can(.manageRelationship) ? HTML("<a class=\"button\" href=\"\(SiteURL.broadcastNew.path)\">New broadcast</a>") : .empty)</div>
        <p class="lead">Launches, promotions, stock-outs, process, tool and policy changes sent to partners ahead of their effective date.</p>
        \(Components.table(["Title", "Kind", "Effective", "Acknowledged", "Sent"], rows, empty: "No broadcasts yet.", id: "broadcasts"))
        """)
    }

    static func form(values: FormValues, errors: FieldErrors, partners: [PartnerDTO], queues: [QueueDTO], _ context: PageContext) -> HTML {
        let fields: [FormField] = [
            FormField(name: "kind", label: "Kind", kind: .select(FormRenderer.options(BroadcastKind.self, label: \.label))),
            FormField(name: "title", label: "Title", required: true),
            FormField(name: "body", label: "Message", kind: .textarea, hint: "Markdown: **bold**, *italic*, lists, `code`, [links](https://…).", required: true),
            FormField(name: "effectiveDate", label: "Effective date", kind: .date, required: true),
            FormField(name: "requiresAcknowledgement", label: "Partners must acknowledge", kind: .checkbox),
            FormField(name: "acknowledgeBy", label: "Acknowledge by", kind: .date, hint: "Defaults to the effective date."),
            FormField(name: "audience", label: "Audience", kind: .select(FormRenderer.options(BroadcastAudience.self, label: \.label))),
        ]
        let partnerBoxes: [HTML] = partners.filter { $0.kind == .partner }.map { p in
            HTML("<label class=\"check\"><input type=\"checkbox\" name=\"partner_\(p.id.uuidString)\"\(values.flag("partner_\(p.id.uuidString)") ? HTML(" checked") : .empty)> \(p.name)</label>")
        }
        let queueBoxes: [HTML] = queues.map { q in
            HTML("<label class=\"check\"><input type=\"checkbox\" name=\"queue_\(q.id.uuidString)\"\(values.flag("queue_\(q.id.uuidString)") ? HTML(" checked") : .empty)> \(q.name)</label>")
        }
        let summary: HTML = errors.isEmpty ? .empty : "<div class=\"error-summary\" role=\"alert\"><strong>Please correct the highlighted fields.</strong></div>"
        return Layout.page("New broadcast", context, section: .relationship, """
        <p class="crumbs">\(Components.link(.broadcasts, "Change broadcasts"))</p>
        <h1>New broadcast</h1>
        <form method="post" action="\(SiteURL.broadcasts.path)" class="stacked" novalidate>
        \(summary)\(Components.csrfField(context.csrf))
        \(fields.map { FormRenderer.field($0, value: values[$0.name], error: errors[$0.name]) })
        <fieldset class="field\(errors["partnerIDs"] != nil ? " has-error" : "")"><legend>Partners (for chosen partners or queues)</legend>\(partnerBoxes)
        \(errors["partnerIDs"].map { HTML("<p class=\"field-error\">Partners \($0)</p>") } ?? .empty)</fieldset>
        <fieldset class="field\(errors["queueIDs"] != nil ? " has-error" : "")"><legend>Queues (for a queue audience)</legend>\(queueBoxes)
        \(errors["queueIDs"].map { HTML("<p class=\"field-error\">Queues \($0)</p>") } ?? .empty)</fieldset>
        \(FormRenderer.field(FormField(name: "articleLinks", label: "Knowledge-base articles", kind: .textarea, hint: "One per line: Title | https://…"), value: values["articleLinks"], error: errors["articleLinks"]))
        \(errors["audience"].map { HTML("<p class=\"field-error\">Audience \($0)</p>") } ?? .empty)
        <div class="actions"><button type="submit">Send broadcast</button></div>
        </form>
        """)
    }

    @Sendable static func newForm(req: Request) async throws -> HTML {
        try req.require(.manageRelationship)
        return form(values: FormValues(["kind": "process", "audience": "all_partners", "requiresAcknowledgement": "on", "effectiveDate": RelationshipSupport.today().adding(days: 7).description]),
                    errors: .init(), partners: try await PartnerService.list(scope: .all, on: req.db), queues: try await CatalogueService.queues(on: req.db), req.pageContext())
    }

    static func input(_ form: FormValues, errors: inout FieldErrors) -> BroadcastInput? {
        let kind = form.choice("kind", BroadcastKind.self, into: &errors)
        let audience = form.choice("audience", BroadcastAudience.self, into: &errors)
        let effective = form.date("effectiveDate", into: &errors)
        if form["effectiveDate"].isEmpty { errors.add("effectiveDate", "is required") }
        let ackBy = form.date("acknowledgeBy", into: &errors)
        let partnerIDs = form.values.keys.filter { $0.hasPrefix("partner_") && form.flag($0) }.compactMap { UUID(uuidString: String($0.dropFirst(8))) }
        let queueIDs = form.values.keys.filter { $0.hasPrefix("queue_") && form.flag($0) }.compactMap { UUID(uuidString: String($0.dropFirst(6))) }
        guard let kind, let audience, let effective else { return nil }
        return BroadcastInput(kind: kind, title: form["title"], body: form["body"], effectiveDate: effective, acknowledgeBy: ackBy, audience: audience,
                              partnerIDs: partnerIDs, queueIDs: queueIDs, articleLinks: form["articleLinks"].components(separatedBy: "\n"),
                              requiresAcknowledgement: form.flag("requiresAcknowledgement"))
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let principal = try req.require(.manageRelationship)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let parsed = Self.input(form, errors: &errors)
        let partners = try await PartnerService.list(scope: .all, on: req.db)
        let queues = try await CatalogueService.queues(on: req.db)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            Self.form(values: form, errors: errors, partners: partners, queues: queues, context)
        }, action: {
            let broadcast = try await BroadcastService.create(parsed!, by: principal.actor, on: req.db)
            return (.broadcast(.id(try broadcast.requireID())), "“\(broadcast.title)” was sent.")
        })
    }

    @Sendable static func detail(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let (_, b) = try await BroadcastService.require(req.id("broadcastID"), scope: principal.scope, today: RelationshipSupport.today(), on: req.db)
        let context = req.pageContext()
        let rows: [[HTML]] = b.recipients.map { r in
            let late = r.acknowledgedAt.map { at in b.acknowledgeBy.map { LocalDate(date: at) > $0 } ?? false } ?? false
            let status: HTML = r.acknowledgedAt != nil ? (late ? Components.badge("Acknowledged late", "waiting") : Components.badge("Acknowledged", "ok")) : r.overdue ? Components.badge("Overdue", "overdue") : b.requiresAcknowledgement ? Components.badge("Waiting", "waiting") : "—"
            return [Components.link(.relationshipPartner(.id(r.partnerID)), r.partnerName), status, "\(r.acknowledgedBy ?? "—")", "\(Components.date(r.acknowledgedAt))"]
        }
        let mine = b.recipients.first { $0.partnerID == principal.partnerID }
        let ackButton: HTML = principal.isPartnerUser && b.requiresAcknowledgement && mine?.acknowledgedAt == nil
            ? "<form method=\"post\" action=\"\(SiteURL.broadcastAcknowledge(.id(b.id)).path)\" class=\"inline\">\(Components.csrfField(context.csrf))<button>Acknowledge for my team</button></form>"
            : .empty
        let links: [HTML] = b.articleLinks.map { HTML("<li><a href=\"\($0.url)\" rel=\"noopener noreferrer\">\($0.title)</a></li>") }
        return Layout.page(b.title, context, section: .relationship, """
        <p class="crumbs">\(Components.link(.broadcasts, "Change broadcasts"))</p>
        <div class="page-head"><h1>\(b.title) \(Components.badge(b.kind.label, "kind"))</h1><div>\(ackButton)</div></div>
        \(Components.details([
            ("Effective", "\(b.effectiveDate.display)"),
            ("Acknowledgement", b.requiresAcknowledgement ? "required by \((b.acknowledgeBy ?? b.effectiveDate).display)" : "not required"),
            ("Audience", "\(b.audience.label)"),
            ("Sent", "\(Components.date(b.sentAt)) by \(b.sentBy)"),
        ]))
        <section><h2>Message</h2>\(RelationshipSupport.markdown(b.body))</section>
        \(links.isEmpty ? HTML.empty : "<section><h2>Knowledge-base articles</h2><ul>\(links)</ul></section>")
        <section><h2>Acknowledgements</h2>
        \(Components.table(["Partner", "Status", "By", "When"], rows, empty: "No recipients.", id: "acknowledgements"))</section>
        """)
    }

    @Sendable static func acknowledge(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let (broadcast, _) = try await BroadcastService.require(req.id("broadcastID"), scope: principal.scope, today: RelationshipSupport.today(), on: req.db)
        try req.require(.takePartInRelationship)
        guard principal.isPartnerUser, let partnerID = principal.partnerID else {
            throw Abort(.forbidden, reason: "Partner users acknowledge broadcasts for their team.")
        }
        try await BroadcastService.acknowledge(broadcast, partnerID: partnerID, by: principal.actor, on: req.db)
        return req.back(to: .broadcast(.id(try broadcast.requireID())), "Acknowledged. Thank you.")
    }
}

/// `/api/v1/broadcasts`.
enum BroadcastAPI {
    static func register(_ api: APIRoutes) {
        let tag = "Relationship"
        api.add(.init(method: .GET, path: ["broadcasts"], summary: "List change broadcasts (partner users: those sent to their partner)", tag: tag, response: .array(.ref("Broadcast")))) { req in
            try await BroadcastService.list(scope: req.requirePrincipal().scope, today: RelationshipSupport.today(), on: req.db)
        }
        api.add(.init(method: .POST, path: ["broadcasts"], summary: "Send a change broadcast (also posted to the chat webhook)", tag: tag,
                      request: .ref("BroadcastInput"), response: .ref("Broadcast"), successStatus: 201)) { req in
            let principal = try req.require(.manageRelationship)
            let broadcast = try await BroadcastService.create(req.decodeJSON(BroadcastInput.self), by: principal.actor, on: req.db)
            return Created(value: try await BroadcastService.require(broadcast.requireID(), scope: .all, today: RelationshipSupport.today(), on: req.db).1)
        }
        api.add(.init(method: .GET, path: ["broadcasts", ":broadcastID"], summary: "Get a broadcast with who acknowledged and when", tag: tag, response: .ref("Broadcast"))) { req in
            try await BroadcastService.require(req.id("broadcastID"), scope: req.requirePrincipal().scope, today: RelationshipSupport.today(), on: req.db).1
        }
        api.add(.init(method: .POST, path: ["broadcasts", ":broadcastID", "acknowledgements"], summary: "Acknowledge a broadcast for your partner (partner users)", tag: tag,
                      response: .ref("Broadcast"))) { req in
            let principal = try req.requirePrincipal()
            let (broadcast, _) = try await BroadcastService.require(req.id("broadcastID"), scope: principal.scope, today: RelationshipSupport.today(), on: req.db)
            try req.require(.takePartInRelationship)
            guard principal.isPartnerUser, let partnerID = principal.partnerID else {
                throw Abort(.forbidden, reason: "Partner users acknowledge broadcasts for their team.")
            }
            try await BroadcastService.acknowledge(broadcast, partnerID: partnerID, by: principal.actor, on: req.db)
            return try await BroadcastService.require(broadcast.requireID(), scope: principal.scope, today: RelationshipSupport.today(), on: req.db).1
        }
    }

    static let schemas: [String: JSONSchema] = [
        "Broadcast": .object([
            ("id", .uuid), ("kind", .enumeration(BroadcastKind.self)), ("title", .string()), ("body", .string(description: "Markdown (safe subset)")),
            ("effectiveDate", .date), ("acknowledgeBy", .nullable(.date)), ("audience", .enumeration(BroadcastAudience.self)),
            ("queueIDs", .array(.uuid)), ("articleLinks", .array(.object([("title", .string()), ("url", .string(format: "uri"))], required: ["title", "url"]))),
            ("requiresAcknowledgement", .boolean), ("sentBy", .string()), ("sentAt", .dateTime),
            ("recipients", .array(.object([("partnerID", .uuid), ("partnerName", .string()), ("acknowledgedAt", .nullable(.dateTime)),
                                           ("acknowledgedBy", .nullable(.string())), ("overdue", .boolean)], required: ["partnerID", "partnerName", "overdue"]))),
        ], required: ["id", "kind", "title", "body", "effectiveDate", "audience", "queueIDs", "articleLinks", "requiresAcknowledgement", "sentBy", "sentAt", "recipients"]),
        "BroadcastInput": .object([
            ("kind", .enumeration(BroadcastKind.self)), ("title", .string(maxLength: 200)), ("body", .string(maxLength: Check.longText, description: "Markdown")),
            ("effectiveDate", .date), ("acknowledgeBy", .nullable(.date)), ("audience", .enumeration(BroadcastAudience.self)),
            ("partnerIDs", .array(.uuid)), ("queueIDs", .array(.uuid)), ("articleLinks", .array(.string(description: "Title | https://… or a bare URL"))),
            ("requiresAcknowledgement", .boolean),
        ], required: ["kind", "title", "body", "effectiveDate", "audience", "requiresAcknowledgement"]),
    ]
}
