import Foundation
import TandemPartners
import TandemRelationship

/// Rendering of the relationship page of one partnership.
enum RelationshipViews {
    static let seriesFields: [FormField] = [
        FormField(name: "cadence", label: "Cadence", kind: .select(FormRenderer.options(MeetingCadence.self, label: \.label))),
        FormField(name: "title", label: "Title", hint: "Defaults to the cadence and partner name."),
        FormField(name: "firstStartsAt", label: "First meeting (UTC)", hint: "YYYY-MM-DD HH:MM", required: true),
        FormField(name: "durationMinutes", label: "Duration (minutes)", kind: .number),
    ]

    static func meetingFields(_ series: [MeetingSeriesDTO]) -> [FormField] {
        [
            FormField(name: "seriesID", label: "Series", kind: .select([("", "— one-off meeting —")] + series.map { ($0.id.uuidString, $0.title) })),
            FormField(name: "startsAt", label: "Starts (UTC)", hint: "YYYY-MM-DD HH:MM", required: true),
            FormField(name: "title", label: "Title", hint: "Defaults to the series title."),
        ]
    }

    static let policyField = FormField(name: "levels", label: "Levels, in order", kind: .textarea,
                                       hint: "One per line: Person | response target in minutes. Level 2's target runs from level 1's deadline.")
    static let feedbackField = FormField(name: "body", label: "Your note", kind: .textarea, hint: "Both sides read every note.", required: true)

    struct Partner: Sendable {
        let partner: PartnerDTO
        let quarter: Quarter
        let history: [RelationshipHealthDTO]
        let commitments: CommitmentsDTO
        let series: [MeetingSeriesDTO]
        let meetings: [(id: UUID, title: String, startsAt: Date)]
        let actions: [ActionItemDTO]
        let incidents: [IncidentDTO]
        let policy: [EscalationLevelDTO]
        let surveys: [SurveyResultDTO]
        let feedback: [FeedbackNoteDTO]
        let principal: Principal
    }

    static func healthTable(_ health: RelationshipHealthDTO) -> HTML {
        let rows: [[HTML]] = health.components.map { c in
            ["\(c.label)", c.score.map { HTML("<strong>\(String(format: "%.1f", $0))</strong>") } ?? "<span class=\"muted\">no data: excluded</span>",
             "\(String(format: "%.0f", c.weight))%", c.score == nil ? "0%" : "\(String(format: "%.1f", c.effectiveWeight))%", "\(c.basis)", "<span class=\"how\">\(c.formula)</span>"]
        }
        var excluded: HTML = health.excluded.isEmpty ? "Every component has data this quarter."
            : "Excluded for lack of data: \(health.excluded.map(\.label).joined(separator: ", ")); the other weights were rescaled to 100%."
        if health.thin {
            excluded = "<strong class=\"caveat\">This index rests on \(health.coverage) (the minimum for a full score is \(HealthIndex.minimumComponents)): \(ThinData.label).</strong> \(excluded)"
        }
        return """
        \(Components.table(["Component", "Score (0–100)", "Weight", "Weight used", "Basis", "Formula"], rows, empty: "No components.", id: "health-components"))
        <p class="how">\(HealthService.explanation) \(excluded) Full definition: docs/relationship-health.md.</p>
        """
    }

    static func actionRow(_ a: ActionItemDTO, principal: Principal, csrf: String) -> [HTML] {
        let mySide: ContactSide = principal.side
        let canUpdate = principal.can(.manageRelationship) || (principal.can(.takePartInRelationship) && a.ownerSide == mySide)
        let status: HTML = a.late ? Components.badge("Late", "overdue") : Components.badge(a.status.label, a.status == .done ? "ok" : "waiting")
        let update: HTML = canUpdate ? """
            <form method="post" action="\(SiteURL.actionItem(.id(a.id)).path)" class="inline">\(Components.csrfField(csrf))<select name="status" aria-label="Status">\(ActionStatus.allCases.map { HTML("<option value=\"\($0.rawValue)\"\($0 == a.status ? HTML(" selected") : .empty)>\($0.label)</option>") })</select> <button class="secondary">Update</button></form>
            """ : .empty
        return ["\(a.title)", "\(a.ownerName) (\(a.ownerSide.label))", "\(a.dueDate.display)", status, "\(ContactCentreFormat.date(a.completedOn))", update]
    }

    static func partner(_ d: Partner, _ context: PageContext) -> HTML {
        let p = d.partner
        let id = SiteURL.Ref.id(p.id)
        let manage = d.principal.can(.manageRelationship)
        let takePart = d.principal.can(.takePartInRelationship)
        let current = d.history.last!
        let trend: [HTML] = d.history.map { h in
            RelationshipSupport.healthCard("Health \(h.quarter)", h)
        }
        let commitmentRows: [[HTML]] = d.commitments.periods.map { c in
            ["\(c.quarter)", "\(RelationshipSupport.percent(c.partnerRatio)) (\(c.partnerKept) of \(c.partnerDue))", "\(RelationshipSupport.percent(c.clientRatio)) (\(c.clientKept) of \(c.clientDue))"]
        }
        let seriesRows: [[HTML]] = d.series.map { s in ["\(s.title)", "\(s.cadence.label)", "\(Components.date(s.firstStartsAt))", "\(s.durationMinutes) min"] }
        let meetingRows: [[HTML]] = d.meetings.map { m in [Components.link(.meeting(.id(m.id)), m.title), "\(Components.date(m.startsAt))"] }
        let actionRows = d.actions.map { actionRow($0, principal: d.principal, csrf: context.csrf) }
        let incidentRows: [[HTML]] = d.incidents.map { i in
            [Components.link(.incident(.id(i.id)), i.title), Components.badge(i.severity.label, "sev-\(i.severity.rawValue)"), "\(i.source.label)", "\(i.status.label)",
             "\(Components.date(i.openedAt))", i.breached ? Components.badge("Breached", "overdue") : i.escalation.isEmpty ? "no policy" : "within target"]
        }
        let policyRows: [[HTML]] = d.policy.map { ["\($0.position)", "\($0.person)", "\($0.responseMinutes) min"] }
        let surveyRows: [[HTML]] = d.surveys.map { s in
            ["\(s.quarter)", "\(s.direction.label)", "\(s.responses)",
             "\(s.dimensions.map { "\($0.dimension): \($0.suppressed ? "not enough responses" : RelationshipSupport.score($0.mean))" }.joined(separator: " · "))",
             "\(RelationshipSupport.score(s.overall))"]
        }
        let feedbackRows: [[HTML]] = d.feedback.map { f in ["\(Components.date(f.writtenAt))", Components.badge("From the \(f.fromSide.rawValue)", f.fromSide.rawValue), "\(f.author)", "<span class=\"notes\">\(f.body)</span>"] }
        let policyText = d.policy.map { "\($0.person) | \($0.responseMinutes)" }.joined(separator: "\n")
        return Layout.page("Relationship with \(p.name)", context, section: .relationship, """
        <p class="crumbs">\(Components.link(.relationship, "Relationship")) · \(Components.link(.partner(id), p.name))</p>
        <div class="page-head"><h1>Relationship with \(p.name)</h1><div><a class="button" href="\(SiteURL.qbr(id).path)?quarter=\(d.quarter.description)">QBR pack \(d.quarter.description)</a></div></div>
        <section><h2>Relationship health \(d.quarter.description): \(RelationshipSupport.healthScore(current))</h2>
        <div class="cards">\(trend)</div>
        \(healthTable(current))</section>
        <section><h2>Commitments kept</h2>
        \(Components.table(["Quarter", "Partner side", "Client side"], commitmentRows, empty: "No action items yet.", id: "commitments"))
        <p class="how">\(CommitmentsKept.formula).</p></section>
        <section><div class="section-head"><h2>Meetings</h2></div>
        \(Components.table(["Series", "Cadence", "First meeting", "Length"], seriesRows, empty: "No meeting series yet.", id: "series"))
        \(Components.table(["Meeting", "When"], meetingRows, empty: "No meetings recorded yet.", id: "meetings"))
        \(manage ? "<details><summary>Schedule a series</summary>\(FormRenderer.form(action: .meetingSeriesNew(partner: id), fields: seriesFields, values: FormValues(["cadence": "weekly", "durationMinutes": "45"]), errors: .init(), csrf: context.csrf, submit: "Schedule"))</details><details><summary>Record a meeting</summary>\(FormRenderer.form(action: .meetingNew(partner: id), fields: meetingFields(d.series), values: FormValues(), errors: .init(), csrf: context.csrf, submit: "Create with a drafted agenda"))</details>" as HTML : .empty)
        </section>
        <section><h2>Action items</h2>
        \(Components.table(["Action", "Owner", "Due", "Status", "Done on", ""], actionRows, empty: "No action items yet: add them from a meeting.", id: "actions"))</section>
        <section><div class="section-head"><h2>Incidents</h2>\(takePart ? Components.link(.incidentNew(partner: id), "Report an incident") : .empty)</div>
        \(Components.table(["Incident", "Severity", "Raised by", "Status", "Opened", "Escalation"], incidentRows, empty: "No incidents recorded.", id: "incidents"))</section>
        <section><h2>Escalation policy</h2>
        \(Components.table(["Level", "Person", "Response target"], policyRows, empty: "No escalation policy yet.", id: "policy"))
        <p class="how">\(EscalationClock.rule)</p>
        \(manage ? "<details><summary>Edit the policy</summary>\(FormRenderer.form(action: .escalationPolicy(partner: id), fields: [policyField], values: FormValues(["levels": policyText]), errors: .init(), csrf: context.csrf, submit: "Save policy"))</details>" as HTML : .empty)
        </section>
        <section><div class="section-head"><h2>Trust surveys</h2>\(Components.link(.surveys, "All surveys"))</div>
        \(Components.table(["Quarter", "Direction", "Responses", "By dimension (1–5)", "Overall"], surveyRows, empty: "No survey results yet.", id: "survey-results"))</section>
        <section><h2>Candid feedback</h2>
        \(Components.table(["When", "From", "Who", "Note"], feedbackRows, empty: "No feedback yet. Say what works and what does not: both sides read it.", id: "feedback"))
        \(takePart ? FormRenderer.form(action: .feedbackNew(partner: id), fields: [feedbackField], values: FormValues(), errors: .init(), csrf: context.csrf, submit: "Add feedback") : .empty)
        </section>
        """)
    }

    /// The section on the partner registry page.
    static func partnerSection(partnerID: UUID, health: RelationshipHealthDTO?, lateActions: Int, openIncidents: Int, overdueAcks: Int) -> HTML {
        """
        <section><div class="section-head"><h2>Relationship</h2>\(Components.link(.relationshipPartner(.id(partnerID)), "Open the relationship page"))</div>
        <div class="cards">
        \(RelationshipSupport.healthCard("Health \(health?.quarter ?? "")", health))
        <div class="card"><div class="card-title">Late action items</div><div class="card-figure">\(lateActions)</div></div>
        <div class="card"><div class="card-title">Open incidents</div><div class="card-figure">\(openIncidents)</div></div>
        <div class="card"><div class="card-title">Overdue acknowledgements</div><div class="card-figure">\(overdueAcks)</div></div>
        </div></section>
        """
    }
}
