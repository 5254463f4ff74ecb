import Foundation
import TandemPartners
import Vapor

enum CataloguePages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.catalogue.pathComponents, use: index)
        routes.get(SiteURL.channelNew.pathComponents, use: newChannel)
        routes.post(SiteURL.channelNew.pathComponents, use: saveChannel)
        routes.get(SiteURL.channelEdit(.param).pathComponents, use: editChannel)
        routes.post(SiteURL.channelEdit(.param).pathComponents, use: saveChannel)
        routes.post(SiteURL.channelDelete(.param).pathComponents, use: deleteChannel)
        routes.get(SiteURL.queueNew.pathComponents, use: newQueue)
        routes.post(SiteURL.queueNew.pathComponents, use: saveQueue)
        routes.get(SiteURL.queueEdit(.param).pathComponents, use: editQueue)
        routes.post(SiteURL.queueEdit(.param).pathComponents, use: saveQueue)
        routes.post(SiteURL.queueDelete(.param).pathComponents, use: deleteQueue)
    }

    @Sendable static func index(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        return CatalogueViews.index(channels: try await CatalogueService.channels(on: req.db), queues: try await CatalogueService.queues(on: req.db),
                                    canEdit: principal.can(.editRegistry), req.pageContext())
    }

    @Sendable static func newChannel(req: Request) async throws -> HTML {
        try req.require(.editRegistry)
        return CatalogueViews.form(title: "New channel", action: .channelNew, fields: CatalogueViews.channelFields, values: FormValues(["kind": "voice"]), errors: .init(), req.pageContext())
    }

    @Sendable static func editChannel(req: Request) async throws -> HTML {
        let channel = try await CatalogueService.requireChannel(req.id("channelID"), on: req.db)
        try req.require(.editRegistry)
        return CatalogueViews.form(title: "Edit \(channel.name)", action: .channelEdit(.id(try channel.requireID())), fields: CatalogueViews.channelFields,
                                   values: FormValues(["name": channel.name, "kind": channel.kind.rawValue]), errors: .init(), req.pageContext())
    }

    @Sendable static func saveChannel(req: Request) async throws -> Response {
        let existing: Channel? = req.parameters.get("channelID") == nil ? nil : try await CatalogueService.requireChannel(req.id("channelID"), on: req.db)
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let kind = form.choice("kind", ChannelKind.self, into: &errors)
        let context = req.pageContext()
        let action: SiteURL = existing.map { .channelEdit(.id($0.id!)) } ?? .channelNew
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            CatalogueViews.form(title: existing == nil ? "New channel" : "Edit channel", action: action, fields: CatalogueViews.channelFields, values: form, errors: errors, context)
        }, action: {
            let channel = try await CatalogueService.saveChannel(ChannelInput(name: form["name"], kind: kind!), channel: existing, by: principal.actor, on: req.db)
            return (.catalogue, "Channel \(channel.name) was saved.")
        })
    }

    @Sendable static func deleteChannel(req: Request) async throws -> Response {
        let channel = try await CatalogueService.requireChannel(req.id("channelID"), on: req.db)
        let principal = try req.require(.editRegistry)
        try await CatalogueService.deleteChannel(channel, by: principal.actor, on: req.db)
        req.flash("Channel \(channel.name) was deleted.")
        return req.redirect(to: SiteURL.catalogue.path)
    }

    @Sendable static func newQueue(req: Request) async throws -> HTML {
        try req.require(.editRegistry)
        let channels = try await CatalogueService.channels(on: req.db)
        return CatalogueViews.form(title: "New queue", action: .queueNew, fields: CatalogueViews.queueFields(channels),
                                   values: FormValues(["active": "on"]), errors: .init(), req.pageContext())
    }

    @Sendable static func editQueue(req: Request) async throws -> HTML {
        let queue = try await CatalogueService.requireQueue(req.id("queueID"), on: req.db)
        try req.require(.editRegistry)
        let channels = try await CatalogueService.channels(on: req.db)
        return CatalogueViews.form(title: "Edit \(queue.name)", action: .queueEdit(.id(try queue.requireID())), fields: CatalogueViews.queueFields(channels),
                                   values: CatalogueViews.values(CatalogueService.dto(queue)), errors: .init(), req.pageContext())
    }

    @Sendable static func saveQueue(req: Request) async throws -> Response {
        let existing: Queue? = req.parameters.get("queueID") == nil ? nil : try await CatalogueService.requireQueue(req.id("queueID"), on: req.db)
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let channelID = form.uuid("channelID", into: &errors)
        if form["channelID"].isEmpty { errors.add("channelID", "is required") }
        let threshold = form.int("serviceLevelSeconds", into: &errors)
        let channels = try await CatalogueService.channels(on: req.db)
        let context = req.pageContext()
        let action: SiteURL = existing.map { .queueEdit(.id($0.id!)) } ?? .queueNew
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            CatalogueViews.form(title: existing == nil ? "New queue" : "Edit queue", action: action, fields: CatalogueViews.queueFields(channels), values: form, errors: errors, context)
        }, action: {
            let input = QueueInput(channelID: channelID!, name: form["name"], code: form["code"], serviceLevelSeconds: threshold, active: form.flag("active"))
            let previousThreshold = existing?.serviceLevelSeconds
            let queue = try await CatalogueService.saveQueue(input, queue: existing, by: principal.actor, on: req.db)
            let rebuilt = previousThreshold.map { $0 != queue.serviceLevelSeconds } ?? false
            return (.catalogue, "Queue \(queue.name) was saved." + (rebuilt ? " Its scorecard figures were recomputed with the new \(ContactCentreFormat.threshold(seconds: queue.serviceLevelSeconds)) service-level threshold." : ""))
        })
    }

    @Sendable static func deleteQueue(req: Request) async throws -> Response {
        let queue = try await CatalogueService.requireQueue(req.id("queueID"), on: req.db)
        let principal = try req.require(.editRegistry)
        try await AuditLog.delete(queue, by: principal.actor, on: req.db)
        req.flash("Queue \(queue.name) was deleted.")
        return req.redirect(to: SiteURL.catalogue.path)
    }
}

enum CatalogueViews {
    static func index(channels: [ChannelDTO], queues: [QueueDTO], canEdit: Bool, _ context: PageContext) -> HTML {
        let channelRows: [[HTML]] = channels.map { c in
            var row: [HTML] = ["\(c.name)", "\(c.kind.label)", c.realTime ? "Real-time (Erlang)" : "Deferred (backlog)", "\(c.queueCount)"]
            if canEdit { row.append("\(Components.link(.channelEdit(.id(c.id)), "Edit")) \(Components.postButton(.channelDelete(.id(c.id)), "Delete", csrf: context.csrf, danger: true))") }
            return row
        }
        let queueRows: [[HTML]] = queues.map { q in
            var row: [HTML] = ["\(q.name)", "<code>\(q.code)</code>", "\(q.channelName)", "\(ContactCentreFormat.threshold(seconds: q.serviceLevelSeconds))", q.active ? "Active" : "Inactive"]
            if canEdit { row.append("\(Components.link(.queueEdit(.id(q.id)), "Edit")) \(Components.postButton(.queueDelete(.id(q.id)), "Delete", csrf: context.csrf, danger: true))") }
            return row
        }
        return Layout.page("Channels & queues", context, section: .catalogue, """
        <h1>Channels &amp; queues</h1>
        <p class="lead">One catalogue for every team, so each partner and the in-house team are measured on the same queues.</p>
        <section><div class="section-head"><h2>Channels</h2>\(canEdit ? Components.link(.channelNew, "Add a channel") : .empty)</div>
        \(Components.table(["Channel", "Kind", "Maths", "Queues"] + (canEdit ? [""] : []), channelRows, empty: "No channels yet. Add voice, chat or email first.", id: "channels"))
        </section>
        <section><div class="section-head"><h2>Queues</h2>\(canEdit && !channels.isEmpty ? Components.link(.queueNew, "Add a queue") : .empty)</div>
        \(Components.table(["Queue", "Code", "Channel", "Service-level threshold", "State"] + (canEdit ? [""] : []), queueRows, empty: "No queues yet. A queue is a routing target inside a channel, e.g. “Billing voice”.", id: "queues"))
        </section>
        """)
    }

    static let channelFields: [FormField] = [
        FormField(name: "name", label: "Name", required: true),
        FormField(name: "kind", label: "Kind", kind: .select(FormRenderer.options(ChannelKind.self, label: \.label))),
    ]

    static func queueFields(_ channels: [ChannelDTO]) -> [FormField] {
        [
            FormField(name: "name", label: "Name", required: true),
            FormField(name: "code", label: "Code", hint: "Stable key for imports, e.g. billing-voice.", required: true),
            FormField(name: "channelID", label: "Channel", kind: .select([("", "— choose —")] + channels.map { ($0.id.uuidString, $0.name) }), required: true),
            FormField(name: "serviceLevelSeconds", label: "Service-level threshold (seconds)", kind: .number,
                      hint: "T in “answered within T seconds”. Leave empty for the channel's usual value (20 s voice, 60 s chat)."),
            FormField(name: "active", label: "Active", kind: .checkbox),
        ]
    }

    static func values(_ q: QueueDTO) -> FormValues {
        FormValues(["name": q.name, "code": q.code, "channelID": q.channelID.uuidString, "serviceLevelSeconds": String(q.serviceLevelSeconds), "active": q.active ? "on" : ""])
    }

    static func form(title: String, action: SiteURL, fields: [FormField], values: FormValues, errors: FieldErrors, _ context: PageContext) -> HTML {
        Layout.page(title, context, section: .catalogue, """
        <p class="crumbs">\(Components.link(.catalogue, "Channels & queues"))</p>
        <h1>\(title)</h1>
        \(FormRenderer.form(action: action, fields: fields, values: values, errors: errors, csrf: context.csrf, submit: "Save"))
        """)
    }
}
