import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor

/// Incident pages: the list, reporting one, and its escalation clock.
enum IncidentPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.incidents.pathComponents, use: list)
        routes.get(SiteURL.incidentNew(partner: .param).pathComponents, use: newForm)
        routes.post(SiteURL.incidentNew(partner: .param).pathComponents, use: create)
        routes.get(SiteURL.incident(.param).pathComponents, use: detail)
        routes.post(SiteURL.incident(.param).pathComponents, use: update)
        routes.post(SiteURL.alertIncident(.param).pathComponents, use: openFromAlert)
    }

    /// "Open incident" on a performance alert (dashboard, partner page): creates the incident, or
    /// goes to the one already open for that alert.
    @Sendable static func openFromAlert(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let (incident, created) = try await IncidentService.openFromAlert(req.id("alertID"), principal: principal, on: req.db)
        return req.back(to: .incident(.id(try incident.requireID())), created ? "Incident opened from the alert." : "An incident is already open for this alert.")
    }

    static func fields(partnerUser: Bool) -> [FormField] {
        var fields: [FormField] = [
            FormField(name: "title", label: "What happened", required: true),
            FormField(name: "severity", label: "Severity", kind: .select(FormRenderer.options(IncidentSeverity.self, label: \.label))),
            FormField(name: "category", label: "Category", kind: .select(FormRenderer.options(IncidentCategory.self, label: \.label))),
        ]
        if !partnerUser {
            fields.append(FormField(name: "source", label: "Raised by", kind: .select([(IncidentSource.client.rawValue, IncidentSource.client.label), (IncidentSource.customer.rawValue, IncidentSource.customer.label), (IncidentSource.partner.rawValue, IncidentSource.partner.label)])))
        }
        fields += [
            FormField(name: "description", label: "Description", kind: .textarea, required: true),
            FormField(name: "openedAt", label: "Opened (UTC)", hint: "YYYY-MM-DD HH:MM; defaults to now. The escalation clock starts here."),
        ]
        return fields
    }

    static let updateFields: [FormField] = [
        FormField(name: "status", label: "Status", kind: .select(FormRenderer.options(IncidentStatus.self, label: \.label))),
        FormField(name: "rootCause", label: "Root cause", kind: .textarea),
        FormField(name: "correctiveAction", label: "Corrective action", kind: .textarea),
        FormField(name: "respondedAt", label: "First response (UTC)", hint: "Stops the escalation clock; set automatically when the status first leaves Open."),
    ]

    @Sendable static func list(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let all = try await IncidentService.list(scope: principal.scope, now: Date(), on: req.db)
        let filter = ListFilter.parse(req, choices: ["status", "severity", "source"])
        let incidents = all.filter { filter.contains($0.openedAt) && filter.matches("status", $0.status.rawValue)
            && filter.matches("severity", $0.severity.rawValue) && filter.matches("source", $0.source.rawValue) }
        let rows: [[HTML]] = incidents.map { i in
            [Components.link(.incident(.id(i.id)), i.title), Components.link(.relationshipPartner(.id(i.partnerID)), i.partnerName),
             Components.badge(i.severity.label, "sev-\(i.severity.rawValue)"), "\(i.source.label)", "\(i.status.label)", "\(Components.date(i.openedAt))",
             i.breached ? Components.badge("Breached", "overdue") : "—"]
        }
        let bySource = IncidentSource.allCases.map { s in "\(s.label): \(incidents.filter { $0.source == s }.count)" }.joined(separator: " · ")
        return Layout.page("Incidents", req.pageContext(), section: .relationship, """
        <p class="crumbs">\(Components.link(.relationship, "Relationship"))</p>
        <h1>Incidents and escalations</h1>
        <p class="lead">\(bySource)\(filter.isEmpty ? "" : " (\(incidents.count) of \(all.count) shown)"). A partner that reports its own mistake first is building trust. Report one from the partner's relationship page.</p>
        \(ListFilterViews.form(.incidents, filter, dateLabel: "Opened between", choices: [
            ("status", "Status", [("", "any status")] + IncidentStatus.allCases.map { ($0.rawValue, $0.label) }),
            ("severity", "Severity", [("", "any severity")] + IncidentSeverity.allCases.map { ($0.rawValue, $0.label) }),
            ("source", "Raised by", [("", "anyone")] + IncidentSource.allCases.map { ($0.rawValue, $0.label) }),
        ]))
        \(Components.table(["Incident", "Partner", "Severity", "Raised by", "Status", "Opened", "Escalation"], rows, empty: "No incidents recorded.", id: "incidents"))
        """)
    }

    static func formPage(partner: PartnerDTO, values: FormValues, errors: FieldErrors, partnerUser: Bool, _ context: PageContext) -> HTML {
        RelationshipPages.formPage(partnerUser ? "Report an incident (self-reported)" : "Record an incident", partner: partner,
                                   action: .incidentNew(partner: .id(partner.id)), fields: fields(partnerUser: partnerUser), values: values, errors: errors, context)
    }

    @Sendable static func newForm(req: Request) async throws -> HTML {
        let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .takePartInRelationship)
        return formPage(partner: PartnerService.dto(partner), values: FormValues(["severity": "medium", "category": "quality", "source": "client"]),
                        errors: .init(), partnerUser: principal.isPartnerUser, req.pageContext())
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .takePartInRelationship)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let severity = form.choice("severity", IncidentSeverity.self, into: &errors)
        let category = form.choice("category", IncidentCategory.self, into: &errors)
        let source = form.optional("source").flatMap(IncidentSource.init(rawValue:))
        let opened = RelationshipSupport.dateTimeField(form, "openedAt", into: &errors)
        let dto = PartnerService.dto(partner)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            formPage(partner: dto, values: form, errors: errors, partnerUser: principal.isPartnerUser, context)
        }, action: {
            let incident = try await IncidentService.create(.init(title: form["title"], severity: severity!, category: category!, source: source,
                                                                  description: form["description"], openedAt: opened), partner: partner, principal: principal, on: req.db)
            return (.incident(.id(try incident.requireID())), "Incident recorded.")
        })
    }

    @Sendable static func detail(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let incident = try await IncidentService.require(req.id("incidentID"), scope: principal.scope, on: req.db)
        let i = IncidentService.dto(incident, partnerName: incident.partner.name, policy: try await IncidentService.policy(of: incident.$partner.id, on: req.db), now: Date())
        let context = req.pageContext()
        let clockRows: [[HTML]] = i.escalation.map { e in
            ["\(e.position)", "\(e.person)", "\(Components.date(e.due))", e.breached ? Components.badge("Breached", "overdue") : (i.currentLevel == e.position && i.respondedAt == nil && i.status.isOpen ? Components.badge("Holding", "waiting") : "—")]
        }
        let values = FormValues(["status": i.status.rawValue, "rootCause": i.rootCause, "correctiveAction": i.correctiveAction,
                                 "respondedAt": i.respondedAt.map { String(Components.date($0).dropLast(4)) } ?? ""])
        return Layout.page(i.title, context, section: .relationship, """
        <p class="crumbs">\(Components.link(.incidents, "Incidents")) · \(Components.link(.relationshipPartner(.id(i.partnerID)), i.partnerName))</p>
        <h1>\(i.title) \(Components.badge(i.severity.label, "sev-\(i.severity.rawValue)"))</h1>
        \(Components.details([
            ("Status", "\(i.status.label)"), ("Raised by", "\(i.source.label) (\(i.raisedBy))"), ("Category", "\(i.category.label)"),
            ("Opened", "\(Components.date(i.openedAt))"), ("First response", "\(Components.date(i.respondedAt))"), ("Resolved", "\(Components.date(i.resolvedAt))"),
            ("Description", "<span class=\"notes\">\(i.description)</span>"),
            ("Root cause", i.rootCause.isEmpty ? "—" : "<span class=\"notes\">\(i.rootCause)</span>"),
            ("Corrective action", i.correctiveAction.isEmpty ? "—" : "<span class=\"notes\">\(i.correctiveAction)</span>"),
        ]))
        <section><h2>Escalation clock</h2>
        \(Components.table(["Level", "Person", "Respond by", ""], clockRows, empty: "This partner has no escalation policy yet.", id: "escalation"))
        <p class="how">\(EscalationClock.rule)</p></section>
        \(principal.can(.takePartInRelationship) ? "<section><h2>Update</h2>\(FormRenderer.form(action: .incident(.id(i.id)), fields: updateFields, values: values, errors: .init(), csrf: context.csrf, submit: "Save"))</section>" as HTML : .empty)
        """)
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let incident = try await IncidentService.require(req.id("incidentID"), scope: principal.scope, on: req.db)
        try req.require(.takePartInRelationship)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let status = form.choice("status", IncidentStatus.self, into: &errors)
        let responded = RelationshipSupport.dateTimeField(form, "respondedAt", into: &errors)
        let id = try incident.requireID()
        let context = req.pageContext()
        let partner = PartnerService.dto(try await PartnerService.require(incident.$partner.id, scope: .all, on: req.db))
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            RelationshipPages.formPage("Update incident", partner: partner, action: .incident(.id(id)), fields: updateFields, values: form, errors: errors, context)
        }, action: {
            try await IncidentService.update(incident, with: .init(status: status!, rootCause: form["rootCause"], correctiveAction: form["correctiveAction"], respondedAt: responded),
                                             by: principal.actor, on: req.db)
            return (.incident(.id(id)), "Incident updated.")
        })
    }
}
