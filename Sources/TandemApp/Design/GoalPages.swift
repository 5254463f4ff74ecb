import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import TandemSelection
import Vapor

/// SMART goals per partner: the list with their progress, and the form.
enum GoalPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.partnerGoals(.param).pathComponents, use: list)
        routes.post(SiteURL.partnerGoals(.param).pathComponents, use: create)
        routes.get(SiteURL.goal(.param).pathComponents, use: edit)
        routes.post(SiteURL.goal(.param).pathComponents, use: save)
        routes.post(SiteURL.goalDelete(.param).pathComponents, use: delete)
    }

    static func fields() -> [FormField] {
        [
            FormField(name: "title", label: "Goal", hint: "Specific and relevant, e.g. Service level back to 80% on billing voice.", required: true),
            FormField(name: "kpi", label: "Measured by", kind: .select([("", "A figure entered by hand")] + KPILabels.targetable.map { ($0.rawValue, "\(KPILabels.name($0)) (from the scorecards)") })),
            FormField(name: "unit", label: "Unit of a hand-entered figure", hint: "e.g. agents certified, %."),
            FormField(name: "manualValue", label: "Current figure (hand-entered goals)"),
            FormField(name: "baseline", label: "Baseline", hint: "Percent KPIs (service level, FCR, CSAT, abandon rate) in percent, e.g. 72; AHT and ASA in seconds.", required: true),
            FormField(name: "target", label: "Target", required: true),
            FormField(name: "startDate", label: "From", kind: .date, required: true),
            FormField(name: "deadline", label: "Deadline", kind: .date, required: true),
            FormField(name: "owner", label: "Owner", required: true),
            FormField(name: "ownerSide", label: "Owner's side", kind: .select(FormRenderer.options(ContactSide.self, label: \.label))),
        ]
    }

    /// Percent KPIs are typed in percent on the form and kept as fractions.
    static func fromForm(_ value: Double, kpi: KPIKind?) -> Double { kpi.map(KPILabels.isFraction) == true ? value / 100 : value }
    static func toForm(_ value: Double, kpi: KPIKind?) -> String { SelectionFormat.number(kpi.map(KPILabels.isFraction) == true ? (value * 100 * 1e6).rounded() / 1e6 : value) }

    static func input(_ form: FormValues, errors: inout FieldErrors) -> SmartGoalInput? {
        let kpi = form.optional("kpi").flatMap(KPIKind.init(rawValue:))
        if !form["kpi"].isEmpty && kpi == nil { errors.add("kpi", "is not a valid choice") }
        func number(_ name: String, required: Bool) -> Double? {
            let raw = form[name].replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: "%", with: "")
            if raw.isEmpty { if required { errors.add(name, "is required") }; return nil }
            guard let value = Double(raw), value.isFinite else { errors.add(name, "must be a number"); return nil }
            return value
        }
        let baseline = number("baseline", required: true), target = number("target", required: true), manual = number("manualValue", required: false)
        let start = form.date("startDate", into: &errors), deadline = form.date("deadline", into: &errors)
        if form["startDate"].isEmpty { errors.add("startDate", "is required") }
        if form["deadline"].isEmpty { errors.add("deadline", "is required") }
        let side = form.choice("ownerSide", ContactSide.self, into: &errors)
        guard let baseline, let target, let start, let deadline, let side else { return nil }
        return SmartGoalInput(title: form["title"], kpi: kpi, unit: form["unit"], manualValue: manual, manualAsOf: nil,
                              baseline: fromForm(baseline, kpi: kpi), target: fromForm(target, kpi: kpi), startDate: start, deadline: deadline,
                              owner: form["owner"], ownerSide: side)
    }

    static func badge(_ status: GoalStatus) -> HTML { Components.badge(status.label, status.rawValue) }

    /// The goals table shared by the goals page and the partner page.
    static func table(_ goals: [SmartGoalDTO], editable: Bool) -> HTML {
        let rows: [[HTML]] = goals.map { g in
            [editable ? Components.link(.goal(.id(g.id)), g.title) : "\(g.title)", "\(g.metric)", "\(g.baselineDisplay) → \(g.targetDisplay)",
             "\(g.startDate.description) to \(g.deadline.description)", "\(g.owner) (\(g.ownerSide.label))",
             "\(g.currentDisplay)<br><span class=\"muted\">\(g.measuredOver)</span>", "\(g.expectedDisplay)", badge(g.status)]
        }
        return Components.table(["Goal", "Metric", "Baseline → target", "Period", "Owner", "Now", "Expected today", "Status"], rows,
                                empty: "No SMART goals yet.", id: "smart-goals")
    }

    static func page(_ partner: Partner, principal: Principal, values: FormValues, errors: FieldErrors, _ req: Request) async throws -> HTML {
        let id = try partner.requireID()
        let goals = try await GoalService.list(partnerID: id, today: RelationshipSupport.today(), on: req.db)
        let context = req.pageContext()
        let canEdit = principal.can(.editRegistry)
        return Layout.page("SMART goals · \(partner.name)", context, section: .partners, """
        <p class="crumbs">\(Components.link(.partner(.id(id)), partner.name))</p>
        <h1>SMART goals</h1>
        <p class="lead">Specific, measurable, agreed, relevant and time-bound: a metric, a baseline, a target, a deadline and an owner.</p>
        \(table(goals, editable: canEdit))
        <p class="how">\(GoalPlan.rule) \(GoalService.measurementRule)</p>
        \(canEdit ? HTML("<section><h2>New goal</h2>\(FormRenderer.form(action: .partnerGoals(.id(id)), fields: fields(), values: values, errors: errors, csrf: context.csrf, submit: "Add goal"))</section>") : .empty)
        """)
    }

    @Sendable static func list(req: Request) async throws -> HTML {
        let (partner, principal) = try await DesignPages.scopedPartner(req)
        return try await page(partner, principal: principal, values: FormValues(["ownerSide": "partner", "startDate": LocalDate(date: Date()).description]), errors: .init(), req)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (partner, _) = try await DesignPages.scopedPartner(req)
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let input = input(form, errors: &errors)
        let id = try partner.requireID()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            try await page(partner, principal: principal, values: form, errors: errors, req)
        }, action: {
            let goal = try await GoalService.save(input!, goal: nil, partner: partner, by: principal.actor, on: req.db)
            return (.partnerGoals(.id(id)), "Goal \(goal.title) added.")
        })
    }

    static func values(_ g: SmartGoalRecord) -> FormValues {
        FormValues(["title": g.title, "kpi": g.kpi?.rawValue ?? "", "unit": g.unit, "manualValue": g.manualValue.map(SelectionFormat.number) ?? "",
                    "baseline": toForm(g.baseline, kpi: g.kpi), "target": toForm(g.target, kpi: g.kpi), "startDate": g.startOn, "deadline": g.deadline,
                    "owner": g.ownerName, "ownerSide": g.ownerSide.rawValue])
    }

    static func editPage(_ goal: SmartGoalRecord, partner: Partner, principal: Principal, values: FormValues, errors: FieldErrors, _ context: PageContext) throws -> HTML {
        let id = try goal.requireID()
        let canEdit = principal.can(.editRegistry)
        return Layout.page(goal.title, context, section: .partners, """
        <p class="crumbs">\(Components.link(.partner(.id(try partner.requireID())), partner.name)) · \(Components.link(.partnerGoals(.id(try partner.requireID())), "SMART goals"))</p>
        <div class="page-head"><h1>\(goal.title)</h1><div>\(canEdit ? Components.postButton(.goalDelete(.id(id)), "Delete goal", csrf: context.csrf, danger: true) : .empty)</div></div>
        \(canEdit ? FormRenderer.form(action: .goal(.id(id)), fields: fields(), values: values, errors: errors, csrf: context.csrf, submit: "Save") : HTML("<p>\(goal.title)</p>"))
        """)
    }

    @Sendable static func edit(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let goal = try await GoalService.require(req.id("goalID"), scope: principal.scope, on: req.db)
        let partner = try await PartnerService.require(goal.$partner.id, scope: principal.scope, on: req.db)
        return try editPage(goal, partner: partner, principal: principal, values: values(goal), errors: .init(), req.pageContext())
    }

    @Sendable static func save(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let goal = try await GoalService.require(req.id("goalID"), scope: principal.scope, on: req.db)
        try req.require(.editRegistry)
        let partner = try await PartnerService.require(goal.$partner.id, scope: .all, on: req.db)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let input = input(form, errors: &errors)
        let context = req.pageContext()
        let partnerID = try partner.requireID()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            try editPage(goal, partner: partner, principal: principal, values: form, errors: errors, context)
        }, action: {
            _ = try await GoalService.save(input!, goal: goal, partner: partner, by: principal.actor, on: req.db)
            return (.partnerGoals(.id(partnerID)), "Goal saved.")
        })
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let goal = try await GoalService.require(req.id("goalID"), scope: principal.scope, on: req.db)
        try req.require(.editRegistry)
        try await AuditLog.delete(goal, by: principal.actor, on: req.db)
        return req.back(to: .partnerGoals(.id(goal.$partner.id)), "Goal deleted.")
    }

    /// The goals on the partner's page.
    static func summary(_ partner: Partner, principal: Principal, on db: any Database) async throws -> HTML {
        guard partner.kind == .partner else { return .empty }
        let goals = try await GoalService.list(partnerID: try partner.requireID(), today: RelationshipSupport.today(), on: db)
        return """
        <section id="goals-summary"><div class="section-head"><h2>SMART goals</h2>\(Components.link(.partnerGoals(.id(try partner.requireID())), principal.can(.editRegistry) ? "Set goals" : "All goals"))</div>
        \(table(goals, editable: false))</section>
        """
    }
}

enum GoalAPI {
    static func register(_ api: APIRoutes) {
        let tag = "Design"
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "goals"], summary: "A partner's SMART goals with their progress (on track / at risk / missed)", tag: tag,
                      response: .array(.ref("SmartGoal")))) { req in
            let (partner, _) = try await DesignPages.scopedPartner(req)
            return try await GoalService.list(partnerID: partner.requireID(), today: RelationshipSupport.today(), on: req.db)
        }
        api.add(.init(method: .POST, path: ["partners", ":partnerID", "goals"], summary: "Set a SMART goal", tag: tag,
                      request: .ref("SmartGoalInput"), response: .ref("SmartGoal"), successStatus: 201)) { req in
            let (partner, _) = try await DesignPages.scopedPartner(req)
            let principal = try req.require(.editRegistry)
            let goal = try await GoalService.save(req.decodeJSON(SmartGoalInput.self), goal: nil, partner: partner, by: principal.actor, on: req.db)
            return Created(value: try await one(goal, on: req.db))
        }
        api.add(.init(method: .GET, path: ["goals", ":goalID"], summary: "One SMART goal with its progress", tag: tag, response: .ref("SmartGoal"))) { req in
            try await one(GoalService.require(req.id("goalID"), scope: req.requirePrincipal().scope, on: req.db), on: req.db)
        }
        api.add(.init(method: .PUT, path: ["goals", ":goalID"], summary: "Replace a SMART goal", tag: tag, request: .ref("SmartGoalInput"), response: .ref("SmartGoal"))) { req in
            let goal = try await GoalService.require(req.id("goalID"), scope: req.requirePrincipal().scope, on: req.db)
            let principal = try req.require(.editRegistry)
            let partner = try await PartnerService.require(goal.$partner.id, scope: .all, on: req.db)
            _ = try await GoalService.save(req.decodeJSON(SmartGoalInput.self), goal: goal, partner: partner, by: principal.actor, on: req.db)
            return try await one(goal, on: req.db)
        }
        api.add(.init(method: .DELETE, path: ["goals", ":goalID"], summary: "Delete a SMART goal", tag: tag, response: nil, successStatus: 204)) { req -> HTTPStatus in
            let goal = try await GoalService.require(req.id("goalID"), scope: req.requirePrincipal().scope, on: req.db)
            let principal = try req.require(.editRegistry)
            try await AuditLog.delete(goal, by: principal.actor, on: req.db)
            return .noContent
        }
    }

    static func one(_ goal: SmartGoalRecord, on db: any Database) async throws -> SmartGoalDTO {
        let today = RelationshipSupport.today()
        let (week, row) = goal.kpi == nil ? (ReportingPeriod(kind: .week, index: 0), nil) : try await GoalService.lastWeek(partnerID: goal.$partner.id, today: today, on: db)
        return GoalService.dto(goal, week: week, row: row, today: today)
    }

    static let smartGoal: JSONSchema = .object([
        ("id", .uuid), ("partnerID", .uuid), ("title", .string()), ("kpi", .nullable(.enumeration(KPIKind.self))), ("metric", .string()), ("unit", .string()),
        ("baseline", .number), ("target", .number), ("baselineDisplay", .string()), ("targetDisplay", .string()), ("startDate", .date), ("deadline", .date),
        ("owner", .string()), ("ownerSide", .enumeration(ContactSide.self)), ("direction", .enumeration(GoalDirection.self)),
        ("current", .nullable(.number)), ("currentDisplay", .string()), ("measuredOver", .string()), ("expected", .number), ("expectedDisplay", .string()),
        ("status", .enumeration(GoalStatus.self)), ("progress", .nullable(.number)), ("judgedOn", .date), ("rule", .string()),
    ], required: ["id", "partnerID", "title", "metric", "unit", "baseline", "target", "baselineDisplay", "targetDisplay", "startDate", "deadline", "owner",
                  "ownerSide", "direction", "currentDisplay", "measuredOver", "expected", "expectedDisplay", "status", "judgedOn", "rule"])

    static let schemas: [String: JSONSchema] = [
        "SmartGoal": smartGoal,
        "SmartGoalInput": .object([
            ("title", .string(maxLength: 200)), ("kpi", .nullable(.enumeration(KPIKind.self))), ("unit", .nullable(.string(maxLength: 50))),
            ("manualValue", .nullable(.number)), ("manualAsOf", .nullable(.date)),
            ("baseline", .number), ("target", .number), ("startDate", .date), ("deadline", .date), ("owner", .string(maxLength: 200)), ("ownerSide", .enumeration(ContactSide.self)),
        ], required: ["title", "baseline", "target", "startDate", "deadline", "owner", "ownerSide"]),
    ]
}
