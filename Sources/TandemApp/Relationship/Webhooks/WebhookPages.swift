import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor

/// Admin pages of webhook subscriptions and their delivery log (failures first, with replay),
/// and the relationship settings (the survey anonymity threshold).
enum WebhookPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.webhooks.pathComponents, use: show)
        routes.post(SiteURL.webhooks.pathComponents, use: create)
        routes.get(SiteURL.webhookSubscription(.param).pathComponents, use: subscription)
        routes.post(SiteURL.webhookSubscription(.param).pathComponents, use: save)
        routes.post(SiteURL.webhookSubscriptionSecret(.param).pathComponents, use: rotate)
        routes.post(SiteURL.webhookSubscriptionPing(.param).pathComponents, use: ping)
        routes.post(SiteURL.webhookSubscriptionDelete(.param).pathComponents, use: delete)
        routes.post(SiteURL.webhookReplay(.param).pathComponents, use: replay)
        routes.get(SiteURL.relationshipSettings.pathComponents, use: settings)
        routes.post(SiteURL.relationshipSettings.pathComponents, use: saveSettings)
    }

    static let eventHint = "Comma-separated: " + WebhookEventType.allCases.filter { $0 != .ping }.map(\.rawValue).joined(separator: ", ")
        + "; or an area such as incident.*; or * for every event."

    static func fields(creating: Bool) -> [FormField] {
        [
            FormField(name: "name", label: "Name", hint: "What receives it, e.g. “Ops chat” or “Incident tracker”.", required: true),
            FormField(name: "url", label: "URL", hint: creating ? "http or https; it receives a POST per event." : "Leave empty to keep the current one (only its host is shown).", required: creating),
            FormField(name: "events", label: "Events", hint: eventHint, required: true),
            FormField(name: "format", label: "Payload", kind: .select(FormRenderer.options(WebhookFormat.self, label: \.label))),
        ] + (creating ? [] : [FormField(name: "active", label: "Active (untick to pause without losing the log)", kind: .checkbox)])
    }

    /// A new subscription starts active; the change form's check box (absent when unticked) pauses one.
    static func input(_ form: FormValues, creating: Bool) -> WebhookSubscriptionInput {
        WebhookSubscriptionInput(name: form["name"], url: form.optional("url"), events: [form["events"]], format: WebhookFormat(rawValue: form["format"]),
                                 active: creating ? nil : form.flag("active"))
    }

    static func deliveryRows(_ list: [WebhookDeliveryDTO], csrf: String) -> [[HTML]] {
        list.map { d in [
            "\(Components.date(d.createdAt))", "<code>\(d.event)</code>", "\(d.subscriptionName ?? "—")", "<span class=\"notes\">\(d.text)</span>",
            Components.badge(d.status.rawValue, d.status == .failed ? "overdue" : d.status == .sent ? "ok" : "waiting"),
            "\(d.attempts)", "\(d.lastError.isEmpty ? "—" : d.lastError)", "\(Components.date(d.nextAttemptAt ?? d.sentAt))",
            Components.postButton(.webhookReplay(.id(d.id)), "Replay", csrf: csrf),
        ] }
    }

    static let deliveryHeaders = ["Queued", "Event", "Subscription", "Message", "Status", "Attempts", "Last error", "Next try / sent", ""]

    static func secretBox(_ secret: String?) -> HTML {
        secret.map { s in """
            <div class="secret" role="status"><strong>Copy the signing secret now: it will not be shown again.</strong>
            <pre id="new-secret">\(s)</pre>
            <p>Each POST carries <code>Tandem-Signature: t=&lt;unix time&gt;,v1=&lt;hex HMAC-SHA256 of “t.body” with this secret&gt;</code>; check it before trusting the payload (docs/webhooks.md).</p></div>
            """ } ?? .empty
    }

    static func page(subscriptions: [WebhookSubscription], deliveries: [WebhookDeliveryDTO], values: FormValues, errors: FieldErrors, secret: String?,
                     _ context: PageContext) -> HTML {
        let failed = deliveries.filter { $0.status == .failed }
        let rows: [[HTML]] = subscriptions.map { s in [
            Components.link(.webhookSubscription(.id(s.id!)), s.name), "\(s.host)", "<code>\(s.filter.description)</code>", "\(s.format.rawValue)",
            s.active ? Components.badge("active", "ok") : Components.badge("paused", "waiting"),
        ] }
        return Layout.page("Webhooks", context, section: .relationship, """
        <p class="crumbs">\(Components.link(.relationship, "Relationship"))</p>
        <h1>Webhooks</h1>
        <p class="lead">Tandem posts events (alerts raised, incidents opened and escalations breached, broadcasts sent and overdue, late action items, contract deadlines) to the URLs you subscribe, each signed with the subscription's secret. A failed delivery is retried with exponential backoff (30 s, 1, 2, 4, 8 min; 6 attempts) and then listed here as failed; any delivery can be replayed.</p>
        \(secretBox(secret))
        <section><h2>Subscriptions</h2>
        \(Components.table(["Name", "Host", "Events", "Payload", ""], rows, empty: "No subscriptions yet: events are not recorded until one wants them.", id: "subscriptions"))</section>
        <section><h2>New subscription</h2>
        \(FormRenderer.form(action: .webhooks, fields: fields(creating: true), values: values, errors: errors, csrf: context.csrf, submit: "Subscribe"))</section>
        <section><h2>Failed deliveries</h2>
        \(Components.table(deliveryHeaders, deliveryRows(failed, csrf: context.csrf), empty: "No failed deliveries.", id: "failed-deliveries"))</section>
        <section><h2>Recent deliveries</h2>
        \(Components.table(deliveryHeaders, deliveryRows(deliveries, csrf: context.csrf), empty: "Nothing sent yet.", id: "deliveries"))</section>
        """)
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        try req.require(.administer)
        return page(subscriptions: try await WebhookService.subscriptions(on: req.db), deliveries: try await WebhookService.recent(on: req.db),
                    values: FormValues(["events": "*", "format": WebhookFormat.tandem.rawValue]), errors: .init(), secret: nil, req.pageContext())
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let principal = try req.require(.administer)
        let form = try FormValues.from(req)
        do {
            let (_, secret) = try await WebhookService.createSubscription(input(form, creating: true), by: principal.actor, on: req.db)
            // Rendered directly rather than redirected: the secret must never sit in a session or a URL.
            return try await page(subscriptions: try await WebhookService.subscriptions(on: req.db), deliveries: try await WebhookService.recent(on: req.db),
                                  values: FormValues(["events": "*", "format": WebhookFormat.tandem.rawValue]), errors: .init(), secret: secret, req.pageContext())
                .response(.created)
        } catch let failure as ValidationFailed {
            return try await page(subscriptions: try await WebhookService.subscriptions(on: req.db), deliveries: try await WebhookService.recent(on: req.db),
                                  values: form, errors: failure.fields, secret: nil, req.pageContext()).response(.unprocessableEntity)
        }
    }

    static func subscriptionPage(_ s: WebhookSubscription, values: FormValues, errors: FieldErrors, secret: String?, deliveries: [WebhookDeliveryDTO], _ context: PageContext) -> HTML {
        let id = s.id!
        return Layout.page(s.name, context, section: .relationship, """
        <p class="crumbs">\(Components.link(.relationship, "Relationship")) › \(Components.link(.webhooks, "Webhooks"))</p>
        <h1>\(s.name)</h1>
        \(secretBox(secret))
        \(Components.details([("Posts to", "\(s.host)"), ("Events", "<code>\(s.filter.description)</code>"), ("Payload", "\(s.format.label)"),
                              ("State", s.active ? "active" : "paused"), ("Created", "\(Components.date(s.createdAt))")]))
        <p>\(Components.postButton(.webhookSubscriptionPing(.id(id)), "Send a test event", csrf: context.csrf)) \(Components.postButton(.webhookSubscriptionSecret(.id(id)), "New signing secret", csrf: context.csrf)) \(Components.postButton(.webhookSubscriptionDelete(.id(id)), "Delete with its log", csrf: context.csrf, danger: true))</p>
        <section><h2>Change</h2>
        \(FormRenderer.form(action: .webhookSubscription(.id(id)), fields: fields(creating: false), values: values, errors: errors, csrf: context.csrf, submit: "Save"))</section>
        <section><h2>Deliveries</h2>
        \(Components.table(deliveryHeaders, deliveryRows(deliveries, csrf: context.csrf), empty: "Nothing sent yet.", id: "deliveries"))</section>
        """)
    }

    static func values(of s: WebhookSubscription) -> FormValues {
        FormValues(["name": s.name, "events": s.filter.description, "format": s.format.rawValue, "active": s.active ? "on" : ""])
    }

    @Sendable static func subscription(req: Request) async throws -> HTML {
        try req.require(.administer)
        let s = try await WebhookService.requireSubscription(req.id("subscriptionID"), on: req.db)
        return subscriptionPage(s, values: values(of: s), errors: .init(), secret: nil, deliveries: try await WebhookService.recent(subscriptionID: s.id, on: req.db), req.pageContext())
    }

    @Sendable static func save(req: Request) async throws -> Response {
        let principal = try req.require(.administer)
        let s = try await WebhookService.requireSubscription(req.id("subscriptionID"), on: req.db)
        let form = try FormValues.from(req)
        let deliveries = try await WebhookService.recent(subscriptionID: s.id, on: req.db)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, rerender: { errors in
            subscriptionPage(s, values: form, errors: errors, secret: nil, deliveries: deliveries, context)
        }, action: {
            try await WebhookService.updateSubscription(s, with: input(form, creating: false), by: principal.actor, on: req.db)
            return (.webhookSubscription(.id(s.id!)), "Subscription saved.")
        })
    }

    @Sendable static func rotate(req: Request) async throws -> Response {
        let principal = try req.require(.administer)
        let s = try await WebhookService.requireSubscription(req.id("subscriptionID"), on: req.db)
        let secret = try await WebhookService.rotateSecret(s, by: principal.actor, on: req.db)
        return try await subscriptionPage(s, values: values(of: s), errors: .init(), secret: secret,
                                          deliveries: try await WebhookService.recent(subscriptionID: s.id, on: req.db), req.pageContext()).response(.ok)
    }

    @Sendable static func ping(req: Request) async throws -> Response {
        let principal = try req.require(.administer)
        let s = try await WebhookService.requireSubscription(req.id("subscriptionID"), on: req.db)
        _ = try await WebhookService.ping(s, by: principal.actor, on: req.db)
        return req.back(to: .webhookSubscription(.id(s.id!)), "A test event is queued; it goes out within seconds.")
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        let principal = try req.require(.administer)
        let s = try await WebhookService.requireSubscription(req.id("subscriptionID"), on: req.db)
        try await WebhookService.deleteSubscription(s, by: principal.actor, on: req.db)
        return req.back(to: .webhooks, "Subscription “\(s.name)” deleted.")
    }

    @Sendable static func replay(req: Request) async throws -> Response {
        let principal = try req.require(.administer)
        let copy = try await WebhookService.replay(req.id("deliveryID"), by: principal.actor, on: req.db)
        return req.back(to: copy.subscriptionID.map { .webhookSubscription(.id($0)) } ?? .webhooks, "The delivery will be sent again.")
    }

    // MARK: Relationship settings

    static let settingsFields: [FormField] = [
        FormField(name: "anonymityThreshold", label: "Survey anonymity threshold", kind: .number, hint: "Groups with fewer responses show “not enough responses”. Default 3.", required: true),
    ]

    static func settingsPage(values: FormValues, errors: FieldErrors, _ context: PageContext) -> HTML {
        Layout.page("Relationship settings", context, section: .relationship, """
        <p class="crumbs">\(Components.link(.relationship, "Relationship"))</p>
        <h1>Relationship settings</h1>
        \(FormRenderer.form(action: .relationshipSettings, fields: settingsFields, values: values, errors: errors, csrf: context.csrf, submit: "Save settings"))
        """)
    }

    @Sendable static func settings(req: Request) async throws -> HTML {
        try req.require(.administer)
        let settings = WebhookService.settingsDTO(try await WebhookService.settings(on: req.db))
        return settingsPage(values: FormValues(["anonymityThreshold": String(settings.anonymityThreshold)]), errors: .init(), req.pageContext())
    }

    @Sendable static func saveSettings(req: Request) async throws -> Response {
        let principal = try req.require(.administer)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let threshold = form.int("anonymityThreshold", into: &errors)
        if threshold == nil && errors.isEmpty { errors.add("anonymityThreshold", "is required") }
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            settingsPage(values: form, errors: errors, context)
        }, action: {
            _ = try await WebhookService.saveSettings(.init(anonymityThreshold: threshold!), by: principal.actor, on: req.db)
            return (.relationshipSettings, "Settings saved.")
        })
    }
}
