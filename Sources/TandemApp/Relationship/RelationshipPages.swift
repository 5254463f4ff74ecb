import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor

/// The relationship overview, each partnership's relationship page and its QBR pack, and
/// the small forms on that page (series, meetings, escalation policy, feedback).
enum RelationshipPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.relationship.pathComponents, use: overview)
        routes.get(SiteURL.relationshipPartner(.param).pathComponents, use: partnerPage)
        routes.get(SiteURL.qbr(.param).pathComponents, use: qbr)
        routes.post(SiteURL.meetingSeriesNew(partner: .param).pathComponents, use: createSeries)
        routes.post(SiteURL.meetingNew(partner: .param).pathComponents, use: createMeeting)
        routes.post(SiteURL.escalationPolicy(partner: .param).pathComponents, use: savePolicy)
        routes.post(SiteURL.feedbackNew(partner: .param).pathComponents, use: addFeedback)
    }

    // MARK: Overview

    struct Attention: Sendable {
        var overdueAcknowledgements: [(broadcastID: UUID, title: String, partnerName: String, due: String)] = []
        var breachedIncidents: [IncidentDTO] = []
        var lateActions: [ActionItemDTO] = []
        var partnerNames: [UUID: String] = [:]

        var total: Int { overdueAcknowledgements.count + breachedIncidents.count + lateActions.count }
    }

    static func attention(scope: PartnerScope, on db: any Database) async throws -> Attention {
        let today = RelationshipSupport.today()
        var out = Attention()
        out.partnerNames = Dictionary(uniqueKeysWithValues: try await PartnerService.list(scope: scope, on: db).map { ($0.id, $0.name) })
        out.overdueAcknowledgements = try await BroadcastService.overdue(scope: scope, today: today, on: db).map {
            ($0.broadcast.id!, $0.broadcast.title, $0.recipient.partner.name, $0.broadcast.acknowledgeBy ?? $0.broadcast.effectiveOn)
        }
        out.breachedIncidents = try await IncidentService.breached(scope: scope, now: Date(), on: db)
        out.lateActions = try await CadenceService.lateActions(scope: scope, today: today, on: db).map { CadenceService.actionDTO($0, today: today) }
        return out
    }

    /// The same, kept until the relationship data or the registry changes, the day ends, or the
    /// next escalation deadline of an open incident passes (when it would become breached).
    static func keptAttention(_ req: Request, scope: PartnerScope) async throws -> Attention {
        try await keptAttentionAndTables(req, scope: scope).attention
    }

    /// The attention lists and their tables rendered once (pages under load reuse the HTML).
    struct KeptAttention: Sendable { let attention: Attention; let tables: HTML }

    static func keptAttentionAndTables(_ req: Request, scope: PartnerScope) async throws -> KeptAttention {
        try await req.derived("relationship:attention:\(scope.cacheKey):\(RelationshipSupport.today())", areas: [.relationship, .registry]) { db in
            let now = Date()
            let found = try await attention(scope: scope, on: db)
            let open = try await IncidentService.list(scope: scope, now: now, on: db).filter { $0.status.isOpen }
            let nextDeadline = open.flatMap(\.escalation).filter { !$0.breached && $0.due > now }.map(\.due).min()
            return (KeptAttention(attention: found, tables: attentionTables(found)),
                    validUntil: min(nextDeadline ?? .distantFuture, Clock.nextUTCMidnight(after: now)), cost: found.total)
        }
    }

    /// The "needs attention" block shown on the overview, the dashboard and partner pages.
    static func attentionTables(_ a: Attention) -> HTML {
        let acks: [[HTML]] = a.overdueAcknowledgements.map { ["\($0.partnerName)", Components.link(.broadcast(.id($0.broadcastID)), $0.title), "\($0.due)"] }
        let incidents: [[HTML]] = a.breachedIncidents.map { i in
            let breach = i.escalation.last { $0.breached }
            return ["\(i.partnerName)", Components.link(.incident(.id(i.id)), i.title), "\(i.severity.label)",
                    "level \(breach?.position ?? 0) (\(breach?.person ?? "—")) due \(Components.date(breach?.due))"]
        }
        let actions: [[HTML]] = a.lateActions.map { item in
            ["\(a.partnerNames[item.partnerID] ?? "—")", item.meetingID.map { Components.link(.meeting(.id($0)), item.title) } ?? "\(item.title)",
             "\(item.ownerName) (\(item.ownerSide.label))", "\(item.dueDate.display)"]
        }
        return """
        <h3>Overdue acknowledgements</h3>
        \(Components.table(["Partner", "Broadcast", "Due"], acks, empty: "Every required acknowledgement is in.", id: "overdue-acknowledgements"))
        <h3>Breached escalations</h3>
        \(Components.table(["Partner", "Incident", "Severity", "Breached"], incidents, empty: "No open incident has breached its escalation targets.", id: "breached-escalations"))
        <h3>Late action items</h3>
        \(Components.table(["Partner", "Action", "Owner", "Due"], actions, empty: "No action item is late.", id: "late-actions"))
        """
    }

    @Sendable static func overview(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let today = RelationshipSupport.today()
        let quarter = Quarter(containing: today)
        let partners = try await PartnerService.kept(req, scope: principal.scope).filter { $0.kind == .partner }
        var rows: [[HTML]] = []
        for p in partners {
            let health = try await HealthService.kept(req, partner: p, quarter: quarter, today: today)
            let previous = try await HealthService.kept(req, partner: p, quarter: quarter.previous, today: today)
            rows.append([Components.link(.relationshipPartner(.id(p.id)), p.name), Components.badge(p.status.label, p.status.rawValue),
                         RelationshipSupport.healthScore(health), RelationshipSupport.healthScore(previous),
                         Components.link(.qbr(.id(p.id)), "QBR \(quarter)")])
        }
        let attention = try await keptAttention(req, scope: principal.scope)
        let links: [HTML] = [Components.link(.broadcasts, "Change broadcasts"), Components.link(.incidents, "Incidents"), Components.link(.surveys, "Trust surveys"),
                             Components.link(.calendarAccount, "Meetings in your calendar")]
            + (principal.can(.administer) ? [Components.link(.webhooks, "Webhooks"), Components.link(.relationshipSettings, "Settings")] : [])
        return Layout.page("Relationship", req.pageContext(), section: .relationship, """
        <h1>Relationship</h1>
        <p class="lead">Communication and trust, made measurable: broadcasts, cadence, incidents, surveys both ways and one health index per partner.</p>
        <p class="subnav">\(links.map { HTML("\($0) ") })</p>
        <section><h2>Health by partner</h2>
        \(Components.table(["Partner", "Status", "Health \(quarter)", "Health \(quarter.previous)", ""], rows, empty: "No partners to show.", id: "health"))
        <p class="how">\(HealthService.explanation) See each partner for its components.</p></section>
        <section><h2>Needs attention</h2>\(attentionTables(attention))</section>
        """)
    }

    // MARK: One partnership

    @Sendable static func partnerPage(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let partner = try await RelationshipSupport.scopedPartner(req)
        let p = PartnerService.dto(partner)
        let db = req.db
        let today = RelationshipSupport.today()
        let quarter = (try? req.query.get(String.self, at: "quarter")).flatMap(Quarter.init) ?? Quarter(containing: today)
        let history = try await HealthService.keptHistory(req, partner: p, through: quarter, today: today)
        let commitments = try await CadenceService.commitments(of: p.id, quarters: quarter.trailing(4), today: today, on: db)
        let series = try await CadenceService.series(of: p.id, on: db)
        let meetings = try await CadenceService.meetings(of: p.id, on: db)
        let actions = try await CadenceService.actionItems(of: p.id, on: db).map { CadenceService.actionDTO($0, today: today) }
        let incidents = try await IncidentService.list(scope: .only(p.id), now: Date(), on: db)
        let policy = try await IncidentService.policy(of: p.id, on: db)
        let feedback = try await FeedbackService.list(partnerID: p.id, on: db)
        var surveys: [SurveyResultDTO] = []
        for q in quarter.trailing(4) {
            for direction in SurveyDirection.allCases {
                if let result = try await SurveyService.results(partner: p, quarter: q, direction: direction, on: db) { surveys.append(result) }
            }
        }
        return RelationshipViews.partner(.init(partner: p, quarter: quarter, history: history, commitments: commitments, series: series,
                                               meetings: meetings.map { ($0.id!, $0.title, $0.startsAt) }, actions: actions, incidents: incidents,
                                               policy: policy.map { EscalationLevelDTO(position: $0.position, person: $0.person, responseMinutes: $0.responseMinutes) },
                                               surveys: surveys, feedback: feedback, principal: principal), req.pageContext())
    }

    @Sendable static func qbr(req: Request) async throws -> Response {
        let partner = try await RelationshipSupport.scopedPartner(req)
        let today = RelationshipSupport.today()
        let quarter = try req.query.get(String?.self, at: "quarter").map { raw in
            guard let q = Quarter(raw) else { throw Abort(.badRequest, reason: "quarter must look like 2026-Q3") }
            return q
        } ?? Quarter(containing: today)
        let pack = try await QBRService.build(partner: partner, quarter: quarter, today: today, on: req.db)
        return QBRViews.document(pack, styles: .linked).response(.ok)
    }

    // MARK: Forms on the partner page

    static func formPage(_ title: String, partner: PartnerDTO, action: SiteURL, fields: [FormField], values: FormValues, errors: FieldErrors, _ context: PageContext) -> HTML {
        Layout.page(title, context, section: .relationship, """
        <p class="crumbs">\(Components.link(.relationshipPartner(.id(partner.id)), "Relationship with \(partner.name)"))</p>
        <h1>\(title)</h1>
        \(FormRenderer.form(action: action, fields: fields, values: values, errors: errors, csrf: context.csrf, submit: "Save"))
        """)
    }

    @Sendable static func createSeries(req: Request) async throws -> Response {
        let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .manageRelationship)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let cadence = form.choice("cadence", MeetingCadence.self, into: &errors)
        let start = RelationshipSupport.dateTimeField(form, "firstStartsAt", into: &errors)
        if form["firstStartsAt"].isEmpty { errors.add("firstStartsAt", "is required") }
        let duration = form.int("durationMinutes", into: &errors)
        let dto = PartnerService.dto(partner)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            formPage("New meeting series", partner: dto, action: .meetingSeriesNew(partner: .id(dto.id)), fields: RelationshipViews.seriesFields, values: form, errors: errors, context)
        }, action: {
            let series = try await CadenceService.createSeries(.init(cadence: cadence!, title: form.optional("title"), firstStartsAt: start!, durationMinutes: duration),
                                                               partner: partner, by: principal.actor, on: req.db)
            return (.relationshipPartner(.id(dto.id)), "\(series.title) was scheduled.")
        })
    }

    @Sendable static func createMeeting(req: Request) async throws -> Response {
        let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .manageRelationship)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let start = RelationshipSupport.dateTimeField(form, "startsAt", into: &errors)
        if form["startsAt"].isEmpty { errors.add("startsAt", "is required") }
        let seriesID = form.uuid("seriesID", into: &errors)
        let dto = PartnerService.dto(partner)
        let series = try await CadenceService.series(of: dto.id, on: req.db)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            formPage("New meeting", partner: dto, action: .meetingNew(partner: .id(dto.id)), fields: RelationshipViews.meetingFields(series), values: form, errors: errors, context)
        }, action: {
            let meeting = try await CadenceService.createMeeting(.init(title: form.optional("title"), seriesID: seriesID, startsAt: start!), partner: partner, by: principal.actor, on: req.db)
            return (.meeting(.id(try meeting.requireID())), "Meeting created with a drafted agenda.")
        })
    }

    /// One level per line: "Person | minutes".
    static func parsePolicy(_ text: String, into errors: inout FieldErrors) -> EscalationPolicyInput {
        var levels: [EscalationPolicyInput.Level] = []
        for line in text.components(separatedBy: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty {
            let parts = line.components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let minutes = Int(parts[1]) else { errors.add("levels", "write each level as Person | minutes (\"\(line)\")"); continue }
            levels.append(.init(person: parts[0], responseMinutes: minutes))
        }
        return EscalationPolicyInput(levels: levels)
    }

    @Sendable static func savePolicy(req: Request) async throws -> Response {
        let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .manageRelationship)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let input = parsePolicy(form["levels"], into: &errors)
        let dto = PartnerService.dto(partner)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            formPage("Escalation policy", partner: dto, action: .escalationPolicy(partner: .id(dto.id)), fields: [RelationshipViews.policyField], values: form, errors: errors, context)
        }, action: {
            let levels = try await IncidentService.replacePolicy(input, partner: partner, by: principal.actor, on: req.db)
            return (.relationshipPartner(.id(dto.id)), "Escalation policy saved with \(levels.count) level(s).")
        })
    }

    @Sendable static func addFeedback(req: Request) async throws -> Response {
        let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .takePartInRelationship)
        let form = try FormValues.from(req)
        let dto = PartnerService.dto(partner)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, rerender: { errors in
            formPage("Candid feedback", partner: dto, action: .feedbackNew(partner: .id(dto.id)), fields: [RelationshipViews.feedbackField], values: form, errors: errors, context)
        }, action: {
            _ = try await FeedbackService.add(.init(body: form["body"]), partner: partner, principal: principal, on: req.db)
            return (.relationshipPartner(.id(dto.id)), "Feedback added.")
        })
    }
}
