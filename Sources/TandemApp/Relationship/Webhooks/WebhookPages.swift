import Fluent
import Foundation
import TandemPartners
import Vapor

/// Admin page of the chat webhook: its address, the anonymity threshold, and every delivery (failures first).
enum WebhookPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.webhooks.pathComponents, use: show)
        routes.post(SiteURL.webhooks.pathComponents, use: save)
        routes.post(SiteURL.webhookRetry(.param).pathComponents, use: retry)
    }

    static let fields: [FormField] = [
        FormField(name: "webhookURL", label: "Incoming-webhook URL", hint: "Slack-compatible (posts {\"text\": …}). Leave empty to keep the current one; write “off” to stop notifications."),
        FormField(name: "anonymityThreshold", label: "Survey anonymity threshold", kind: .number, hint: "Groups with fewer responses show “not enough responses”. Default 3.", required: true),
    ]

    static func page(settings: RelationshipSettingsDTO, deliveries: [WebhookDeliveryDTO], values: FormValues, errors: FieldErrors, _ context: PageContext) -> HTML {
        let failed = deliveries.filter { $0.status == .failed }
        func rows(_ list: [WebhookDeliveryDTO], retry: Bool) -> [[HTML]] {
            list.map { d in
                var row: [HTML] = ["\(Components.date(d.createdAt))", "\(d.event)", "<span class=\"notes\">\(d.text)</span>", Components.badge(d.status.rawValue, d.status == .failed ? "overdue" : d.status == .sent ? "ok" : "waiting"),
                                   "\(d.attempts)", "\(d.lastError.isEmpty ? "—" : d.lastError)", "\(Components.date(d.nextAttemptAt ?? d.sentAt))"]
                if retry { row.append(Components.postButton(.webhookRetry(.id(d.id)), "Retry", csrf: context.csrf)) }
                return row
            }
        }
        return Layout.page("Chat webhook", context, section: .relationship, """
        <p class="crumbs">\(Components.link(.relationship, "Relationship"))</p>
        <h1>Chat webhook</h1>
        <p class="lead">Each broadcast and each overdue-acknowledgement reminder is posted to your chat tool. Deliveries are retried with exponential backoff (30 s, 1, 2, 4, 8 min; 6 attempts) before they are listed here as failed.</p>
        \(Components.details([("Webhook", settings.webhookConfigured ? "on, posting to \(settings.webhookHost ?? "?")" : "off"), ("Anonymity threshold", "\(settings.anonymityThreshold) responses")]))
        \(FormRenderer.form(action: .webhooks, fields: fields, values: values, errors: errors, csrf: context.csrf, submit: "Save settings"))
        <section><h2>Failed deliveries</h2>
        \(Components.table(["Queued", "Event", "Message", "Status", "Attempts", "Last error", "When", ""], rows(failed, retry: true), empty: "No failed deliveries.", id: "failed-deliveries"))</section>
        <section><h2>Recent deliveries</h2>
        \(Components.table(["Queued", "Event", "Message", "Status", "Attempts", "Last error", "Next try / sent"], rows(deliveries, retry: false), empty: "Nothing sent yet.", id: "deliveries"))</section>
        """)
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        try req.require(.administer)
        let settings = WebhookService.settingsDTO(try await WebhookService.settings(on: req.db))
        return page(settings: settings, deliveries: try await WebhookService.recent(on: req.db), values: FormValues(["anonymityThreshold": String(settings.anonymityThreshold)]), errors: .init(), req.pageContext())
    }

    @Sendable static func save(req: Request) async throws -> Response {
        let principal = try req.require(.administer)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let threshold = form.int("anonymityThreshold", into: &errors)
        if threshold == nil { errors.add("anonymityThreshold", "is required") }
        let url: String? = form["webhookURL"].lowercased() == "off" ? "" : form.optional("webhookURL")
        let settings = WebhookService.settingsDTO(try await WebhookService.settings(on: req.db))
        let deliveries = try await WebhookService.recent(on: req.db)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            page(settings: settings, deliveries: deliveries, values: form, errors: errors, context)
        }, action: {
            _ = try await WebhookService.saveSettings(.init(webhookURL: url, anonymityThreshold: threshold!), by: principal.actor, on: req.db)
            return (.webhooks, "Settings saved.")
        })
    }

    @Sendable static func retry(req: Request) async throws -> Response {
        try req.require(.administer)
        try await WebhookService.retry(req.id("deliveryID"), on: req.db)
        return req.back(to: .webhooks, "The delivery will be tried again.")
    }
}
