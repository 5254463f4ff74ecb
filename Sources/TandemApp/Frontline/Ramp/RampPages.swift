import Fluent
import Foundation
import TandemFrontline
import TandemPartners
import TandemPerformance
import Vapor

/// Ramp plans: the list, a new plan for a team, one plan with its waves and gates, and the
/// managers' forms (open a wave, name its agents, add a wave, override a gate with a reason).
enum RampPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.frontlineRamp.pathComponents, use: list)
        routes.get(SiteURL.frontlineRampPlanNew(.param).pathComponents, use: newForm)
        routes.post(SiteURL.frontlineRampPlanNew(.param).pathComponents, use: create)
        routes.get(SiteURL.frontlineRampPlan(.param).pathComponents, use: detail)
        routes.post(SiteURL.frontlineRampWaveNew(.param).pathComponents, use: addWave)
        routes.post(SiteURL.frontlineRampWave(.param).pathComponents, use: updateWave)
        routes.post(SiteURL.frontlineRampWaveOverride(.param).pathComponents, use: overrideGate)
    }

    static func statusBadge(_ wave: RampWaveDTO) -> HTML {
        switch wave.status {
        case "open": Components.badge("open since \(wave.openedOn ?? "")", "live")
        case "ready": Components.badge(wave.gateMetOn.map { "ready: gate met \($0)" } ?? "ready", "create")
        case "overridden": Components.badge("gate overridden", "update")
        case "blocked": Components.badge("blocked by its gate", "exiting")
        case "waiting": Components.badge("waiting for wave \(wave.number - 1)", "onboarding")
        default: Components.badge("not evaluated", "onboarding")
        }
    }

    @Sendable static func list(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let plans = try await RampService.plans(scope: principal.scope, on: req.db).map(RampService.dto)
        let rows: [[HTML]] = plans.map { p in
            [Components.link(.frontlineRampPlan(.id(p.id)), p.name), "\(p.team.name)",
             HTML(raw: p.waves.map { "Wave \($0.number) (\($0.headcount)): \(statusBadge($0).raw)" }.joined(separator: "<br>")),
             "\(p.waves.first { $0.status == "blocked" || $0.status == "waiting" }?.projectedOpen ?? "—")"]
        }
        let teams = principal.can(.manageRelationship) ? try await FrontlineAccess.visibleTeams(principal, on: req.db) : []
        let links: HTML = teams.isEmpty ? .empty
            : "<p>New ramp plan for: \(HTML(raw: teams.map { Components.link(.frontlineRampPlanNew(.id($0.id!)), $0.name).raw }.joined(separator: " · ")))</p>"
        return Layout.page("Ramp plans", req.pageContext(), section: .frontline, """
        <h1>Ramp plans</h1>
        \(FrontlineViews.sectionTabs(.ramp, principal: principal))
        <p class="lead">Start small, grow thoughtfully: a partner grows in waves, and each wave opens only when the previous wave's agents meet the plan's gate (QA and AHT from their stored contacts and evaluations, for consecutive complete weeks), or a manager overrides it with a recorded reason.</p>
        \(Components.table(["Plan", "Team", "Waves", "Next projected opening"], rows, empty: "No ramp plans yet.", id: "ramp-plans"))
        \(links)
        """)
    }

    static let planFields: [FormField] = [
        FormField(name: "name", label: "Plan", required: true),
        FormField(name: "qaMinimum", label: "Gate: QA at least", kind: .number),
        FormField(name: "ahtMultiplier", label: "Gate: AHT at most this × the tenured median"),
        FormField(name: "consecutiveWeeks", label: "Gate: for this many consecutive weeks", kind: .number),
        FormField(name: "minimumContacts", label: "Least contacts a gate week is judged on", kind: .number),
        FormField(name: "minimumEvaluations", label: "Least QA evaluations a gate week is judged on", kind: .number),
        FormField(name: "waves", label: "Waves", kind: .textarea, hint: "One per line: headcount, target start (YYYY-MM-DD), e.g. 12, 2027-01-11", required: true),
    ]

    static func planPage(team: Partner, values: FormValues, errors: FieldErrors, _ context: PageContext) -> HTML {
        var shown = errors
        for (key, message) in errors.messages where key.hasPrefix("waves[") { shown.add("waves", "\(key): \(message)") }
        return Layout.page("New ramp plan", context, section: .frontline, """
        <p class="crumbs">\(Components.link(.frontline, "Front line")) · \(Components.link(.frontlineRamp, "Ramp plans"))</p>
        <h1>New ramp plan for \(team.name)</h1>
        \(FormRenderer.form(action: .frontlineRampPlanNew(.id(team.id!)), fields: planFields, values: values, errors: shown, csrf: context.csrf, submit: "Create plan"))
        """)
    }

    @Sendable static func newForm(req: Request) async throws -> HTML {
        let (team, _) = try await FrontlineAccess.team(req)
        try FrontlineAccess.requireManager(req)
        let settings = try await FrontlineSettingsStore.load(on: req.db)
        return planPage(team: team, values: FormValues(["qaMinimum": "85", "ahtMultiplier": "1.1", "consecutiveWeeks": "2",
                                                        "minimumContacts": String(settings.minimumContacts), "minimumEvaluations": String(settings.minimumEvaluations)]),
                        errors: .init(), req.pageContext())
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (team, _) = try await FrontlineAccess.team(req)
        let principal = try FrontlineAccess.requireManager(req)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        var waves: [RampWaveInput] = []
        for (index, line) in form["waves"].split(whereSeparator: \.isNewline).enumerated() {
            let parts = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let headcount = Int(parts[0]) else { errors.add("waves", "line \(index + 1) must read headcount, YYYY-MM-DD"); continue }
            waves.append(RampWaveInput(headcount: headcount, targetStart: parts[1]))
        }
        if waves.isEmpty && errors.isEmpty { errors.add("waves", "is required") }
        let qa = Double(form["qaMinimum"]), aht = Double(form["ahtMultiplier"].replacingOccurrences(of: ",", with: "."))
        if qa == nil { errors.add("qaMinimum", "must be a number") }
        if aht == nil { errors.add("ahtMultiplier", "must be a number, e.g. 1.10") }
        let input = RampPlanInput(name: form["name"], qaMinimum: qa, ahtMultiplier: aht, consecutiveWeeks: form.int("consecutiveWeeks", into: &errors),
                                  minimumContacts: form.int("minimumContacts", into: &errors), minimumEvaluations: form.int("minimumEvaluations", into: &errors),
                                  waves: waves)
        let settings = try await FrontlineSettingsStore.load(on: req.db)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in planPage(team: team, values: form, errors: errors, context) },
                                               action: {
            let plan = try await RampService.create(input, team: team, settings: settings, by: principal.actor, on: req.db)
            return (.frontlineRampPlan(.id(try plan.requireID())), "Ramp plan created.")
        })
    }

    static func weekRows(_ wave: RampWaveDTO) -> [[HTML]] {
        wave.gateWeeks.enumerated().map { index, w in
            let result: HTML = switch w.result {
            case "met": "<span class=\"status-met\">met</span>"
            case "missed": "<span class=\"status-missed\">missed</span>"
            default: "<span class=\"status-none\">not measured</span>"
            }
            return ["week \(index + 1): \(w.first) to \(w.last)", ProficiencyPages.figure(w.qa), ProficiencyPages.figure(w.aht), result,
                    "\(w.shortfalls.joined(separator: "; "))"]
        }
    }

    @Sendable static func detail(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let plan = RampService.dto(try await RampService.requirePlan(req.id("planID"), scope: principal.scope, on: req.db))
        let context = req.pageContext()
        let manager = principal.can(.manageRelationship)
        let rows: [[HTML]] = plan.waves.map { w in
            ["Wave \(w.number)", "\(w.headcount)", "\(w.agentIDs.count)", "\(w.targetStart)", statusBadge(w), "\(w.projectedOpen ?? "—")",
             HTML(raw: (w.blockers + w.notes).map { HTML.escape($0) }.joined(separator: "<br>"))]
        }
        var sections: [HTML] = []
        for w in plan.waves {
            var parts: [HTML] = []
            if w.number > 1 {
                parts.append("""
                    <h3>Gate of wave \(w.number): wave \(w.number - 1)'s weeks</h3>
                    \(Components.table(["Week", "QA", "AHT", "Gate", "Shortfalls"], weekRows(w), empty: "No complete week of wave \(w.number - 1) yet.", id: "gate-wave-\(w.number)"))
                    """)
            }
            if let o = w.override { parts.append("<p class=\"notice\">Gate overridden by \(o.by) on \(o.on): \(o.reason)</p>") }
            if manager {
                let values = FormValues(["openedOn": w.openedOn ?? "", "agentIDs": w.agentIDs.joined(separator: ", "), "headcount": String(w.headcount),
                                         "targetStart": w.targetStart])
                parts.append(FormRenderer.form(action: .frontlineRampWave(.id(w.id)), fields: [
                    FormField(name: "headcount", label: "Headcount", kind: .number),
                    FormField(name: "targetStart", label: "Target start", kind: .date),
                    FormField(name: "openedOn", label: "Opened on", kind: .date, hint: "The day the wave's agents started; empty while it has not opened."),
                    FormField(name: "agentIDs", label: "Agents (agent ids, comma separated)", kind: .textarea, hint: "Roster agent ids hired into this wave: the next wave's gate reads their data."),
                ], values: values, errors: .init(), csrf: context.csrf, submit: "Save wave \(w.number)"))
                if w.number > 1, w.status == "blocked" || w.status == "waiting" {
                    parts.append(FormRenderer.form(action: .frontlineRampWaveOverride(.id(w.id)), fields: [
                        FormField(name: "reason", label: "Override the gate of wave \(w.number): reason", kind: .textarea, required: true),
                    ], values: FormValues(), errors: .init(), csrf: context.csrf, submit: "Override the gate"))
                }
            }
            sections.append("<section id=\"wave-\(w.number)\"><h2>Wave \(w.number)</h2>\(parts)</section>")
        }
        let add: HTML = manager ? """
            <section><h2>Add a wave</h2>\(FormRenderer.form(action: .frontlineRampWaveNew(.id(plan.id)), fields: [
                FormField(name: "headcount", label: "Headcount", kind: .number, required: true),
                FormField(name: "targetStart", label: "Target start", kind: .date, required: true),
            ], values: FormValues(), errors: .init(), csrf: context.csrf, submit: "Add wave"))</section>
            """ : .empty
        return Layout.page(plan.name, context, section: .frontline, """
        <p class="crumbs">\(Components.link(.frontline, "Front line")) · \(Components.link(.frontlineRamp, "Ramp plans"))</p>
        <h1>\(plan.name)</h1>
        \(Components.details([
            ("Team", "\(plan.team.name)"),
            ("Gate", "\(plan.gate ?? plan.problem ?? "not evaluated yet")"),
            ("Measured", "\(plan.asOf.map { "on the data to \($0): complete 7-day weeks from the day the previous wave opened; a week with too little data is not measured, never met" } ?? "—")"),
        ]))
        <section><h2>Waves</h2>
        \(Components.table(["Wave", "Headcount", "Agents named", "Target start", "Status", "Projected opening", "Blockers and notes"], rows, empty: "No waves.", id: "ramp-waves"))
        \(FrontlineViews.how("The projected opening assumes every remaining gate week is met. A wave that opened before its gate was met, without an override, is noted."))
        </section>
        \(sections)
        \(add)
        """)
    }

    static func back(_ req: Request, _ plan: RampPlanRecord, _ message: String) throws -> Response {
        req.back(to: .frontlineRampPlan(.id(try plan.requireID())), message)
    }

    /// Wave forms post here; invalid input comes back to the plan page as a flash naming the fields.
    static func run(_ req: Request, plan: RampPlanRecord, _ body: () async throws -> String) async throws -> Response {
        do {
            return try back(req, plan, try await body())
        } catch let failure as ValidationFailed {
            req.flash("Not saved: " + failure.fields.summary)
            return req.redirect(to: SiteURL.frontlineRampPlan(.id(try plan.requireID())).path)
        }
    }

    @Sendable static func addWave(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let plan = try await RampService.requirePlan(req.id("planID"), scope: principal.scope, on: req.db)
        try FrontlineAccess.requireManager(req)
        let form = try FormValues.from(req)
        return try await run(req, plan: plan) {
            var errors = FieldErrors()
            let headcount = form.int("headcount", into: &errors) ?? 0
            if !errors.isEmpty { throw ValidationFailed(fields: errors) }
            try await RampService.addWave(RampWaveInput(headcount: headcount, targetStart: form["targetStart"]), to: plan, by: principal.actor, on: req.db)
            return "Wave added."
        }
    }

    @Sendable static func updateWave(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let (wave, plan) = try await RampService.requireWave(req.id("waveID"), scope: principal.scope, on: req.db)
        try FrontlineAccess.requireManager(req)
        let form = try FormValues.from(req)
        return try await run(req, plan: plan) {
            var errors = FieldErrors()
            let headcount = form.int("headcount", into: &errors)
            if !errors.isEmpty { throw ValidationFailed(fields: errors) }
            try await RampService.update(wave, plan: plan, with: RampWaveUpdate(headcount: headcount, targetStart: form.optional("targetStart"), openedOn: form["openedOn"],
                                                                                agentIDs: Check.list(form["agentIDs"].replacingOccurrences(of: "\n", with: ","))),
                                         by: principal.actor, on: req.db)
            return "Wave \(wave.position) saved."
        }
    }

    @Sendable static func overrideGate(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let (wave, plan) = try await RampService.requireWave(req.id("waveID"), scope: principal.scope, on: req.db)
        try FrontlineAccess.requireManager(req)
        let form = try FormValues.from(req)
        return try await run(req, plan: plan) {
            try await RampService.override(wave, plan: plan, reason: form["reason"], by: principal, on: req.db)
            return "The gate of wave \(wave.position) was overridden; the reason is recorded."
        }
    }
}
