import Fluent
import Foundation
import TandemFrontline
import TandemPartners
import TandemPerformance
import Vapor

/// Time to proficiency: every team's ramp side by side, one team's agents and cohorts, and the settings.
enum ProficiencyPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.frontlineProficiency.pathComponents, use: overview)
        routes.get(SiteURL.frontlineTeamProficiency(.param).pathComponents, use: team)
        routes.get(SiteURL.frontlineSettings.pathComponents, use: settings)
        routes.post(SiteURL.frontlineSettings.pathComponents, use: saveSettings)
    }

    static let weeksShown = [4, 8, 12]

    static func share(_ cohort: CohortDTO?, week: Int) -> HTML {
        guard let cohort, week - 1 < cohort.shareByWeek.count else { return "—" }
        return figure(cohort.shareByWeek[week - 1])
    }

    static func figure(_ f: FigureDTO?) -> HTML {
        guard let f else { return "<span class=\"status-none\">no data</span>" }
        let tip = "\(f.formula); \(f.arithmetic); \(f.period); n = \(f.sampleSize) \(f.sampleUnit)"
        return f.status == "value" ? "<span class=\"kpi\" title=\"\(tip)\">\(f.display)</span>" : "<span class=\"status-none\" title=\"\(tip)\">\(f.display)</span>"
    }

    @Sendable static func overview(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        var found: [(Partner, ProficiencyDTO)] = []
        for team in try await FrontlineAccess.visibleTeams(principal, on: req.db) { found.append((team, try await FrontlineFigures.proficiency(req, team))) }
        let all = found
        let body = try await FrontlineFigures.rendered(req, "proficiency", scope: principal.scope) { db in
            overviewBody(all, settings: try await FrontlineSettingsStore.load(on: db))
        }
        return Layout.page("Time to proficiency", req.pageContext(), section: .frontline, """
        <h1>Time to proficiency</h1>
        \(FrontlineViews.sectionTabs(.proficiency, principal: principal))
        \(body)
        """)
    }

    static func overviewBody(_ all: [(Partner, ProficiencyDTO)], settings: FrontlineSettings) -> HTML {
        let rows: [[HTML]] = all.map { team, p in
            [HTML("\(Components.link(.frontlineTeamProficiency(.id(team.id!)), team.name)) \(FrontlineViews.teamBadge(team.kind))"),
             figure(p.tenuredMedian), "\(p.team_?.agents ?? 0)", figure(p.team_?.medianDays)] + weeksShown.map { share(p.team_, week: $0) }
                + ["\(p.team_?.stillRamping ?? 0)", "\(p.team_?.leftBeforeProficiency ?? 0)"]
        }
        let weeks = (1...settings.curveWeeks).map { "week \($0)" }
        let aht = FrontlineViews.lineChart(label: "Median AHT by week of tenure", xLabels: weeks, series: all.map { team, p in
            FrontlineViews.Series(name: team.name, inHouse: team.kind == .inHouse, values: p.rampCurve.map { $0.medianAHT.status == "value" ? $0.medianAHT.value : nil },
                                  tips: p.rampCurve.map { "\(team.name), week \($0.week): \($0.medianAHT.display) (\($0.medianAHT.arithmetic); n = \($0.medianAHT.sampleSize) contacts)" })
        }, format: { String(format: "%.0f s", $0) })
        let qa = FrontlineViews.lineChart(label: "Median QA by week of tenure", xLabels: weeks, series: all.map { team, p in
            FrontlineViews.Series(name: team.name, inHouse: team.kind == .inHouse, values: p.rampCurve.map { $0.medianQA.status == "value" ? $0.medianQA.value : nil },
                                  tips: p.rampCurve.map { "\(team.name), week \($0.week): \($0.medianQA.display) (\($0.medianQA.arithmetic); n = \($0.medianQA.sampleSize) evaluations)" })
        }, format: { String(format: "%.0f", $0) })
        let shares = FrontlineViews.lineChart(label: "Share of starters proficient by week of tenure", xLabels: weeks, series: all.map { team, p in
            FrontlineViews.Series(name: team.name, inHouse: team.kind == .inHouse, values: (p.team_?.shareByWeek ?? []).map { $0.status == "value" ? $0.value : nil },
                                  tips: (p.team_?.shareByWeek ?? []).enumerated().map { "\(team.name), week \($0.offset + 1): \($0.element.display) (\($0.element.arithmetic))" })
        }, format: { String(format: "%.0f%%", $0 * 100) }, floorAtZero: true)
        return """
        <p class="lead">Days from an agent's start to the first day their rolling \(settings.windowDays)-day QA and AHT are both within target: QA ≥ \(String(format: "%g", settings.qaMinimum)) and AHT ≤ \(String(format: "%g", settings.ahtMultiplier * 100))% of the tenured median (domain.md), each on at least \(settings.minimumEvaluations) evaluations and \(settings.minimumContacts) contacts. Computed when contacts, QA evaluations or rosters arrive.</p>
        \(Components.table(["Team", "Tenured median AHT", "Starters observed", "Median days to proficiency"] + weeksShown.map { "Proficient by week \($0)" } + ["Still ramping", "Left before"],
                           rows, empty: "No teams yet.", id: "proficiency-teams"))
        \(FrontlineViews.how("Starters observed: agents who started on or after the team's first day of data. Share proficient by week N = proficient within 7 N days ÷ agents whose answer is known (proficient, left without it, or observed for 7 N days). Hover a figure for its arithmetic."))
        <section><h2>Ramp curves by team</h2>\(aht)\(qa)
        \(FrontlineViews.how("Per week of tenure (days 1–7 = week 1), the median of each ramping agent's own AHT (Σ handle ÷ handled) and QA (Σ scores ÷ evaluations) that week."))</section>
        <section><h2>Share of starters proficient by week</h2>\(shares)</section>
        """
    }

    @Sendable static func team(req: Request) async throws -> HTML {
        let (team, principal) = try await FrontlineAccess.team(req)
        let p = try await FrontlineFigures.proficiency(req, team)
        let agentIDs = Dictionary(try await RosterAgentRecord.query(on: req.db).filter(\.$team.$id == team.requireID()).all()
            .map { ($0.agentID, $0.id!) }, uniquingKeysWith: { first, _ in first })
        let cohortRows: [[HTML]] = (p.cohorts.reversed() + (p.team_.map { [$0] } ?? [])).map { c in
            ["\(c.month ?? "All starters")", "\(c.agents)", "\(c.proficient)", "\(c.stillRamping)", "\(c.leftBeforeProficiency)", figure(c.medianDays)]
                + weeksShown.map { share(c, week: $0) }
        }
        let agentRows: [[HTML]] = p.agents.reversed().map { a in
            let name: HTML = agentIDs[a.agentID].map { Components.link(.frontlineAgent(.id($0)), a.name ?? a.agentID) } ?? HTML("\(a.agentID)")
            let status: HTML = switch a.status {
            case "proficient": Components.badge("proficient in \(a.days ?? 0) days", "live")
            case "left_before": Components.badge("left before proficiency", "exiting")
            default: Components.badge("ramping, \(a.observedDays) days in", "onboarding")
            }
            return [name, "<code>\(a.agentID)</code>", "\(a.startDate)", status, "<span class=\"muted\">\(a.explanation)</span>"]
        }
        let curveRows: [[HTML]] = p.rampCurve.map { ["week \($0.week)", figure($0.medianAHT), figure($0.medianQA)] }
        _ = principal
        return Layout.page("Proficiency · \(team.name)", req.pageContext(), section: .frontline, """
        <p class="crumbs">\(Components.link(.frontline, "Front line")) · \(Components.link(.frontlineProficiency, "Time to proficiency"))</p>
        <h1>\(team.name) \(FrontlineViews.teamBadge(team.kind))</h1>
        \(FrontlineViews.teamTabs(team.id!, .proficiency))
        \(Components.details([
            ("Data", "\(p.observedFrom.map { "\($0) to \(p.asOf ?? "")" } ?? "no contacts or QA evaluations yet")"),
            ("Rule", "\(p.rule)"),
            ("Tenured median AHT", "\(figure(p.tenuredMedian)) — \(p.tenuredMedianSource)\(p.tenuredMedian.map { " (\($0.arithmetic))" } ?? "")"),
            ("Starters without data", "\(p.startersWithoutData) (no contact or evaluation since they started: not measured, left out)"),
        ]))
        <section><h2>Cohorts by start month</h2>
        \(Components.table(["Started", "Agents", "Proficient", "Still ramping", "Left before", "Median days"] + weeksShown.map { "By week \($0)" }, cohortRows,
                           empty: "No agent started inside the data yet.", id: "proficiency-cohorts"))
        </section>
        <section><h2>Ramp curve</h2>
        \(Components.table(["Week of tenure", "Median AHT", "Median QA"], curveRows, empty: "No data.", id: "ramp-curve"))
        </section>
        <section><h2>Agents</h2>
        \(Components.table(["Agent", "Agent id", "Started", "Status", "How"], agentRows, empty: "No ramping agents.", id: "proficiency-agents"))
        </section>
        """)
    }

    static let settingsFields: [FormField] = [
        FormField(name: "qaMinimum", label: "QA within target: at least", kind: .number, hint: "0–100 (default 85)."),
        FormField(name: "ahtMultiplier", label: "AHT within target: at most this × the tenured median", hint: "domain.md: 1.10 (110%)."),
        FormField(name: "windowDays", label: "Rolling window (days)", kind: .number, hint: "domain.md: 14."),
        FormField(name: "minimumContacts", label: "Least contacts a window is judged on", kind: .number),
        FormField(name: "minimumEvaluations", label: "Least QA evaluations a window is judged on", kind: .number),
        FormField(name: "tenuredMedianDays", label: "Tenured median AHT over the last (days)", kind: .number),
        FormField(name: "curveWeeks", label: "Weeks on ramp curves", kind: .number),
        FormField(name: "leniencyPoints", label: "Calibration: lenient or strict beyond (points)", hint: "A team's graders scoring more than this above (below) the benchmark on average."),
        FormField(name: "minimumSample", label: "Minimum sample of a figure", kind: .number, hint: "domain.md: 30."),
    ]

    static func settingsValues(_ s: FrontlineSettings) -> FormValues {
        FormValues(["qaMinimum": String(format: "%g", s.qaMinimum), "ahtMultiplier": String(format: "%g", s.ahtMultiplier), "windowDays": String(s.windowDays),
                    "minimumContacts": String(s.minimumContacts), "minimumEvaluations": String(s.minimumEvaluations),
                    "tenuredMedianDays": String(s.tenuredMedianDays), "curveWeeks": String(s.curveWeeks),
                    "leniencyPoints": String(format: "%g", s.leniencyPoints), "minimumSample": String(s.minimumSample)])
    }

    static func settingsPage(_ values: FormValues, errors: FieldErrors, canEdit: Bool, principal: Principal, _ context: PageContext) -> HTML {
        Layout.page("Front-line settings", context, section: .frontline, """
        <h1>Front-line settings</h1>
        \(FrontlineViews.sectionTabs(.settings, principal: principal))
        \(canEdit ? FormRenderer.form(action: .frontlineSettings, fields: settingsFields, values: values, errors: errors, csrf: context.csrf, submit: "Save and recompute")
                  : Components.details(settingsFields.map { ($0.label, HTML("\(values[$0.name])")) }))
        """)
    }

    @Sendable static func settings(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        try principal.requireClientSide("The front line's settings are the client's.")
        return settingsPage(settingsValues(try await FrontlineSettingsStore.load(on: req.db)), errors: .init(),
                            canEdit: principal.can(.manageRelationship), principal: principal, req.pageContext())
    }

    @Sendable static func saveSettings(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        try principal.requireClientSide("The front line's settings are the client's.")
        try FrontlineAccess.requireManager(req)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        var s = FrontlineSettings()
        func double(_ name: String) -> Double? {
            guard let value = Double(form[name].replacingOccurrences(of: ",", with: ".")) else { errors.add(name, "must be a number"); return nil }
            return value
        }
        s.qaMinimum = double("qaMinimum") ?? s.qaMinimum
        s.ahtMultiplier = double("ahtMultiplier") ?? s.ahtMultiplier
        s.leniencyPoints = double("leniencyPoints") ?? s.leniencyPoints
        s.windowDays = form.int("windowDays", into: &errors) ?? s.windowDays
        s.minimumContacts = form.int("minimumContacts", into: &errors) ?? s.minimumContacts
        s.minimumEvaluations = form.int("minimumEvaluations", into: &errors) ?? s.minimumEvaluations
        s.tenuredMedianDays = form.int("tenuredMedianDays", into: &errors) ?? s.tenuredMedianDays
        s.curveWeeks = form.int("curveWeeks", into: &errors) ?? s.curveWeeks
        s.minimumSample = form.int("minimumSample", into: &errors) ?? s.minimumSample
        let context = req.pageContext()
        let settings = s
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            settingsPage(form, errors: errors, canEdit: true, principal: principal, context)
        }, action: {
            try await FrontlineSettingsStore.save(settings, by: principal.actor, on: req.db)
            return (.frontlineSettings, "Settings saved; every team's front-line figures were recomputed.")
        })
    }
}
