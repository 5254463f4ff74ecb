import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor

/// Meeting pages (agenda, notes, decisions, action items) and the calendar feed.
enum CadencePages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.meeting(.param).pathComponents, use: detail)
        routes.post(SiteURL.meeting(.param).pathComponents, use: update)
        routes.post(SiteURL.meetingActionNew(.param).pathComponents, use: addAction)
        routes.post(SiteURL.actionItem(.param).pathComponents, use: updateAction)
        routes.get(SiteURL.calendarAccount.pathComponents, use: calendarAccount)
        routes.post(SiteURL.calendarAccount.pathComponents, use: regenerateFeed)
    }

    /// Public: the secret in the address is the credential (calendar apps cannot sign in).
    static func registerFeed(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.calendarFeed(nil).pathComponents, use: feed)
    }

    static let actionFields: [FormField] = [
        FormField(name: "title", label: "Action", required: true),
        FormField(name: "ownerSide", label: "Owner's side", kind: .select(FormRenderer.options(ContactSide.self, label: \.label))),
        FormField(name: "ownerName", label: "Owner", required: true),
        FormField(name: "dueDate", label: "Due", kind: .date, required: true),
    ]

    static let notesFields: [FormField] = [
        FormField(name: "agenda", label: "Agenda", kind: .textarea, hint: "Markdown. Drafted from the data when the meeting was created."),
        FormField(name: "notes", label: "Notes", kind: .textarea, hint: "Markdown."),
        FormField(name: "decisions", label: "Decisions", kind: .textarea, hint: "One per line; they appear as goals in the QBR pack."),
    ]

    @Sendable static func detail(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let meeting = try await CadenceService.requireMeeting(req.id("meetingID"), scope: principal.scope, on: req.db)
        let m = try await CadenceService.meetingDTO(meeting, today: RelationshipSupport.today(), on: req.db)
        let context = req.pageContext()
        let manage = principal.can(.manageRelationship)
        let rows = m.actionItems.map { RelationshipViews.actionRow($0, principal: principal, csrf: context.csrf) }
        return Layout.page(m.title, context, section: .relationship, """
        <p class="crumbs">\(Components.link(.relationshipPartner(.id(m.partnerID)), "Relationship with \(meeting.partner.name)"))</p>
        <h1>\(m.title)</h1>
        <p class="lead">\(Components.date(m.startsAt))</p>
        <section><h2>Agenda</h2>\(RelationshipSupport.markdown(m.agenda))</section>
        <section><h2>Notes</h2>\(m.notes.isEmpty ? HTML("<p class=\"muted\">No notes yet.</p>") : RelationshipSupport.markdown(m.notes))</section>
        <section><h2>Decisions</h2>\(m.decisions.isEmpty ? HTML("<p class=\"muted\">No decisions recorded.</p>") : RelationshipSupport.markdown(m.decisions))</section>
        <section><h2>Action items</h2>
        \(Components.table(["Action", "Owner", "Due", "Status", "Done on", ""], rows, empty: "No action items from this meeting.", id: "actions"))
        \(manage ? "<details><summary>Add an action item</summary>\(FormRenderer.form(action: .meetingActionNew(.id(m.id)), fields: actionFields, values: FormValues(["ownerSide": "partner"]), errors: .init(), csrf: context.csrf, submit: "Add"))</details>" as HTML : .empty)
        </section>
        \(manage ? "<section><h2>Edit notes</h2>\(FormRenderer.form(action: .meeting(.id(m.id)), fields: notesFields, values: FormValues(["agenda": m.agenda, "notes": m.notes, "decisions": m.decisions]), errors: .init(), csrf: context.csrf, submit: "Save"))</section>" as HTML : .empty)
        """)
    }

    static func formPage(_ title: String, meeting: MeetingDTO, action: SiteURL, fields: [FormField], values: FormValues, errors: FieldErrors, _ context: PageContext) -> HTML {
        Layout.page(title, context, section: .relationship, """
        <p class="crumbs">\(Components.link(.meeting(.id(meeting.id)), meeting.title))</p>
        <h1>\(title)</h1>
        \(FormRenderer.form(action: action, fields: fields, values: values, errors: errors, csrf: context.csrf, submit: "Save"))
        """)
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let meeting = try await CadenceService.requireMeeting(req.id("meetingID"), scope: principal.scope, on: req.db)
        try req.require(.manageRelationship)
        let form = try FormValues.from(req)
        let dto = try await CadenceService.meetingDTO(meeting, today: RelationshipSupport.today(), on: req.db)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, rerender: { errors in
            formPage("Edit notes", meeting: dto, action: .meeting(.id(dto.id)), fields: notesFields, values: form, errors: errors, context)
        }, action: {
            try await CadenceService.updateMeeting(meeting, with: .init(agenda: form.values["agenda"], notes: form["notes"], decisions: form["decisions"]), by: principal.actor, on: req.db)
            return (.meeting(.id(dto.id)), "Meeting notes saved.")
        })
    }

    @Sendable static func addAction(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let meeting = try await CadenceService.requireMeeting(req.id("meetingID"), scope: principal.scope, on: req.db)
        try req.require(.manageRelationship)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let side = form.choice("ownerSide", ContactSide.self, into: &errors)
        let due = form.date("dueDate", into: &errors)
        if form["dueDate"].isEmpty { errors.add("dueDate", "is required") }
        let dto = try await CadenceService.meetingDTO(meeting, today: RelationshipSupport.today(), on: req.db)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            formPage("New action item", meeting: dto, action: .meetingActionNew(.id(dto.id)), fields: actionFields, values: form, errors: errors, context)
        }, action: {
            _ = try await CadenceService.addAction(.init(title: form["title"], ownerSide: side!, ownerName: form["ownerName"], dueDate: due!), meeting: meeting, by: principal.actor, on: req.db)
            return (.meeting(.id(dto.id)), "Action item added.")
        })
    }

    @Sendable static func updateAction(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let item = try await CadenceService.requireAction(req.id("actionID"), scope: principal.scope, on: req.db)
        try req.require(.takePartInRelationship)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let status = form.choice("status", ActionStatus.self, into: &errors)
        let completed = form.date("completedOn", into: &errors)
        guard errors.isEmpty, let status else { throw ValidationFailed(fields: errors) }
        try await CadenceService.updateAction(item, with: .init(status: status, completedOn: completed), principal: principal, today: RelationshipSupport.today(), on: req.db)
        let back: SiteURL = item.$meeting.id.map { .meeting(.id($0)) } ?? .relationshipPartner(.id(item.$partner.id))
        return req.back(to: back, "“\(item.title)” is now \(status.label.lowercased()).")
    }

    // MARK: Calendar

    @Sendable static func calendarAccount(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let has = try await CalendarFeedService.hasFeed(userID: principal.userID, on: req.db)
        return calendarPage(secretURL: nil, hasFeed: has, req.pageContext())
    }

    static func calendarPage(secretURL: String?, hasFeed: Bool, _ context: PageContext) -> HTML {
        Layout.page("Calendar feed", context, section: .account, """
        <p class="crumbs">\(Components.link(.account, "Your account"))</p>
        <h1>Meetings in your calendar</h1>
        <p class="lead">Subscribe to one private address in Google Calendar, Outlook or Apple Calendar: every meeting series of the partnerships you can see, kept current.</p>
        \(secretURL.map { HTML("<div class=\"secret\"><p>Your feed address (shown once; anyone holding it can read your meeting schedule):</p><pre>\($0)</pre></div>") } ?? .empty)
        <form method="post" action="\(SiteURL.calendarAccount.path)" class="inline">\(Components.csrfField(context.csrf))<button>\(hasFeed ? "Replace my feed address" : "Create my feed address")</button></form>
        \(hasFeed && secretURL == nil ? HTML("<p class=\"how\">You have a feed address. Replacing it stops the old one at once.</p>") : .empty)
        """)
    }

    @Sendable static func regenerateFeed(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let secret = try await CalendarFeedService.regenerate(userID: principal.userID, on: req.db)
        let base = "\(req.url.scheme ?? "http")://\(req.headers.first(name: .host) ?? "localhost")"
        return calendarPage(secretURL: base + SiteURL.calendarFeed(secret).path, hasFeed: true, req.pageContext())
    }

    @Sendable static func feed(req: Request) async throws -> Response {
        guard let secret = req.parameters.get("feedToken"),
              let principal = try await CalendarFeedService.principal(forSecret: secret, on: req.db) else {
            throw Abort(.notFound, reason: "No such calendar feed.")
        }
        let base = "\(req.url.scheme ?? "http")://\(req.headers.first(name: .host) ?? "localhost")"
        let text = try await CalendarFeedService.document(for: principal, baseURL: base, now: Date(), on: req.db)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=300")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}
