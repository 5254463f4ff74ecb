import Foundation
import TandemPartners
import TandemPerformance
import TandemStaffing

extension SiteURL {
    /// The path with a query string, e.g. `.staffing.path(query: [("week", "2026-03-02")])`.
    func path(query: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let pairs = query.filter { !$0.1.isEmpty }.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }
}

/// Pages of the staffing area: pure functions from view models to HTML.
enum StaffingViews {
    /// Hours and other figures on staffing pages: one decimal, thousands separated.
    static func h(_ value: Double) -> String { value.isFinite ? ContactCentreFormat.number(value, digits: 1) : "∞" }

    static func how(_ text: String) -> HTML { "<p class=\"how\">\(text)</p>" }

    static func tabs(_ week: LocalDate?, canExit: Bool) -> HTML {
        let q: [(String, String)] = week.map { [("week", $0.description)] } ?? []
        var links: [HTML] = [
            "<a href=\"\(SiteURL.staffing.path(query: q))\">Plan</a>",
            "<a href=\"\(SiteURL.staffingHeatmap.path(query: q))\">Required vs scheduled</a>",
        ]
        if canExit { links.append("<a href=\"\(SiteURL.staffingExit.path(query: q))\">Exit scenario</a>") }
        links.append(Components.link(.staffingCalculator, "Erlang calculator"))
        links.append(Components.link(.staffingRules, "Rules"))
        return "<p class=\"crumbs\">\(links.map { HTML("\($0) · ") })</p>"
    }

    static func weekSwitcher(_ url: SiteURL, _ week: LocalDate, extra: [(String, String)] = []) -> HTML {
        """
        <p class="filters"><a href="\(url.path(query: [("week", week.adding(days: -7).description)] + extra))">← Previous week</a>
        <strong>Week of \(PlanTime.weekdayName(week)) \(week.display)</strong>
        <a href="\(url.path(query: [("week", week.adding(days: 7).description)] + extra))">Next week →</a></p>
        """
    }

    static func warningsBox(_ warnings: [ConcentrationWarningDTO], limit: Double, exempt: [String], id: String = "concentration") -> HTML {
        let rule = "Rule: warn when one team holds at least \(StaffingFormat.number(limit))% of a queue or channel\(exempt.isEmpty ? "" : "; \(exempt.joined(separator: ", ")) shift exempt"). Queue shares are the allocation in force on the week's first day; channel shares weight each queue and shift by its required hours that week."
        guard !warnings.isEmpty else {
            return "<div class=\"empty\" id=\"\(id)\">No concentration warnings.</div>\(how(rule))"
        }
        let items = warnings.map { HTML("<li>\(Components.badge($0.scope, "exiting")) \($0.message)</li>") }
        return "<div class=\"error-summary\" role=\"alert\" id=\"\(id)\"><strong>Concentration warnings (\(warnings.count))</strong><ul>\(items)</ul></div>\(how(rule))"
    }

    // MARK: Plan

    struct PlanPage: Sendable {
        let context: PlanContext
        let queues: [StaffingSettingsService.QueuePolicy]
        let allocations: [AllocationSetDTO]
        let imports: [StaffingImport]
        let canEdit: Bool
        let partnerView: Bool
        /// Each team's measured service level for the plan's week (or the latest week with data), to set beside its hours.
        var serviceLevels: [UUID: (cell: ScorecardCell, period: ReportingPeriod)] = [:]
        var canExit: Bool = true
    }

    static func plan(_ p: PlanPage, _ context: PageContext) -> HTML {
        planPage(body: planBody(p), context)
    }

    static func planPage(body: HTML, _ context: PageContext) -> HTML {
        Layout.page("Staffing plan", context, section: .staffing, body)
    }

    /// The plan page's content: the same for everyone with the same scope and rights (pages keep it rendered).
    static func planBody(_ p: PlanPage) -> HTML {
        let d = p.context.dto
        let teamRows: [[HTML]] = d.teams.map { t in
            ["\(t.teamName)", "\(t.kind.label)", "\(h(t.requiredHours))", "\(h(t.scheduledHours))",
             "\(h(t.underHours))", "\(h(t.overHours))", "\(t.scheduledHours - t.requiredHours >= 0 ? "+" : "")\(h(t.scheduledHours - t.requiredHours))"]
        }
        let queueRows: [[HTML]] = d.queues.map { q in
            var row: [HTML] = ["\(q.queueName)", "\(q.channelName)", "<span title=\"\(q.target)\">\(StaffingPolicy.Model(rawValue: q.model)?.label ?? q.model)</span>",
                               "\(q.intervals) × \(q.intervalMinutes) min", "\(ContactCentreFormat.count(q.contacts))"]
            if !p.partnerView {
                row += ["\(h(q.agentHours ?? 0))", "\(h(q.requiredHours ?? 0))", "\(q.peakAgents ?? 0)"]
            }
            row.append("\(q.shares.map { "\($0.teamName) \(h($0.requiredHours))" }.joined(separator: " · "))")
            return row
        }
        let queueHead = ["Queue", "Channel", "Model", "Intervals", "Contacts"] + (p.partnerView ? [] : ["Agent-hours", "Required hours", "Peak agents"]) + [p.partnerView ? "Your required hours" : "Required hours by team"]
        let allocation = Dictionary(grouping: p.allocations, by: \.queueID)
        let settingsRows: [[HTML]] = p.queues.map { q in
            let sets = allocation[q.queue.id] ?? []
            let shares: HTML = sets.isEmpty ? "not allocated" : HTML(raw: sets.map { set in
                "\(HTML.escape(set.shift == "all" ? "All shifts" : set.shift.capitalized)): " + set.shares.map { HTML.escape("\($0.teamName) \(StaffingFormat.number($0.percent, digits: 0))%") }.joined(separator: ", ")
            }.joined(separator: "<br>"))
            var row: [HTML] = ["\(q.queue.name)", "\(PlanService.describe(q.policy))\(q.customised ? "" : " (channel defaults)")", shares]
            row.append("\(Components.link(.staffingQueueSettings(.id(q.queue.id)), p.canEdit ? "Settings" : "View settings")) · \(Components.link(.staffingAllocation(.id(q.queue.id)), "Allocation"))")
            return row
        }
        let unallocated = d.unallocatedQueues ?? []
        let cards: [HTML] = p.partnerView ? [
            card("Your required hours", h(d.teams.first?.requiredHours ?? 0), "your allocation share of the week's scheduled FTE × hours"),
            card("Your scheduled hours", h(d.teams.first?.scheduledHours ?? 0), "from your imported schedule"),
        ] : [
            card("Required hours", h(d.totalRequiredHours ?? 0), "Σ scheduled FTE × interval hours, all queues"),
            "<div class=\"card\" id=\"unallocated-card\"><div class=\"card-title\">Unallocated</div><div class=\"card-figure\">\(unallocated.count) \(unallocated.count == 1 ? "queue" : "queues")</div><div class=\"card-note\">\(h(d.unallocatedHours ?? 0)) required hours no allocation covers\(unallocated.isEmpty ? "" : ": " + unallocated.map(\.queueName).joined(separator: ", "))</div></div>",
            card("Peak agents (pooled)", "\(d.peakPooledAgents ?? 0)", "fractional agents summed across queues, rounded up once"),
            card("Peak agents (rounded each)", "\(d.peakRoundedEachAgents ?? 0)", "each queue rounded up before adding: what early rounding costs"),
        ]
        let importRows: [[HTML]] = p.imports.map { i in
            ["\(Components.date(i.createdAt))", "\(i.kind)", "\(i.fileName)", "\(i.rowCount)", "\(i.createdCount) new, \(i.updatedCount) changed", "\(i.period)"]
        }
        let actions: HTML = p.canEdit
            ? "<div>\(Components.link(.staffingForecastImport, "Import forecast")) · \(Components.link(.staffingBaseline, "Baseline forecast")) · \(Components.link(.staffingScheduleImport, "Import schedule"))</div>"
            : .empty
        return """
        \(tabs(d.week, canExit: p.canExit))
        <div class="page-head"><h1>Capacity plan</h1>\(actions)</div>
        \(weekSwitcher(.staffing, d.week))
        <div class="cards" id="plan-cards">\(cards)</div>
        \(how(d.method))
        \(p.partnerView ? HTML.empty : unallocatedBox(unallocated))
        \(p.partnerView && d.warnings.isEmpty ? HTML.empty : "<section><h2>Concentration</h2>\(warningsBox(d.warnings, limit: d.concentrationLimitPercent, exempt: d.exemptShifts))</section>")
        <section><div class="section-head"><h2>Teams: required vs scheduled</h2>\(Components.link(.staffingHeatmap, "Heatmaps"))</div>
        \(Components.table(["Team", "Kind", "Required h", "Scheduled h", "Under h", "Over h", "Net h"], teamRows, empty: "No teams yet.", id: "plan-teams"))
        \(how("Required h = Σ the team's allocation share × scheduled FTE × interval hours. Scheduled h = Σ imported agents × interval hours. Under / over = Σ max(0, required − scheduled) and Σ max(0, scheduled − required) × hours, slot by slot, so one team's surplus at 09:00 does not hide its gap at 15:00. Week of \(d.week.display), plan time."))
        \(teamExplanations(p))
        </section>
        <section><h2>Queues this week</h2>
        \(Components.table(queueHead, queueRows, empty: "No forecast for this week. Import one (queue, interval_start, interval_minutes, contacts, aht_seconds).", id: "plan-queues"))
        \(how("Agent-hours = Σ fractional agents × interval hours (on the phones). Required hours = agent-hours grossed up for shrinkage. Peak agents = the largest whole-agent requirement of any interval. Hover a model for its target."))
        <p class="how" id="volume-source"><strong>Contacts:</strong> \(d.volumeSource)\(p.partnerView ? "" : " Compare or replace it on the ") \(p.partnerView ? HTML.empty : Components.link(.staffingBaseline, "Baseline forecast")).</p>
        </section>
        <section><h2>Queue settings and allocation</h2>
        \(Components.table(["Queue", "Staffing settings", p.partnerView ? "Your allocation" : "Allocation in force", ""], settingsRows, empty: "No queues in the catalogue.", id: "plan-settings"))
        </section>
        \(p.partnerView ? HTML.empty : HTML("""
        <section><h2>Recent imports</h2>\(Components.table(["When", "Kind", "File", "Rows", "Written", "Period"], importRows, empty: "Nothing imported yet.", id: "imports"))</section>
        """))
        """
    }

    /// Every queue whose work no allocation fully covers, so "Unallocated" agrees with the queue table.
    static func unallocatedBox(_ queues: [UnallocatedQueueDTO]) -> HTML {
        guard !queues.isEmpty else { return .empty }
        let rows: [[HTML]] = queues.map { q in
            [Components.link(.staffingAllocation(.id(q.queueID)), q.queueName), "\(q.reason)",
             q.hasForecast ? "\(h(q.requiredHours)) h" : "no forecast this week (0.0 h)"]
        }
        return """
        <section id="unallocated"><h2>Not allocated</h2>
        \(Components.table(["Queue", "Why", "Required hours no team is asked to staff"], rows, empty: "", id: "unallocated-queues"))
        \(how("A queue counts when no allocation is in force on the week's first day, a shift has none, or its shares add up to less than 100%: even without a forecast this week, nobody would staff its volume when it arrives."))
        </section>
        """
    }

    /// Why a team's hours and its service level can disagree, with the numbers: hours over the
    /// week in total but short in some slots (interval mismatch), shrinkage and occupancy already
    /// in the requirement, and the service level measured.
    static func teamExplanations(_ p: PlanPage) -> HTML {
        let d = p.context.dto
        let shortfalls = Dictionary(d.shortfalls.map { ($0.teamID, $0) }, uniquingKeysWith: { a, _ in a })
        var items: [HTML] = []
        for team in d.teams {
            guard let s = shortfalls[team.teamID] else { continue }
            let net = team.scheduledHours - team.requiredHours
            let measured = p.serviceLevels[team.teamID]
            let missed = measured?.cell.status == .missed || measured?.cell.status == .near
            guard (net > 0 && team.underHours > 0) || (net >= 0 && missed) else { continue }
            var parts: [String] = []
            parts.append("scheduled \(h(net)) h \(net >= 0 ? "over" : "under") its requirement for the week, yet short in \(s.shortSlots) of \(s.slots) queue slots (\(h(team.underHours)) h under)")
            if let worst = s.worstSlot, let minute = PlanTime.parse(worst) {
                let day = PlanTime.day(ofMinute: minute)
                parts.append("the worst is \(PlanTime.weekdayName(day)) \(day.display) \(PlanTime.clock(minuteOfDay: minute % 1_440))\(s.worstQueue.map { " on \($0)" } ?? ""), \(StaffingFormat.number(s.worstShortAgents)) agents short: hours at other times or on other queues do not answer these contacts (interval mismatch)")
            }
            let queues = p.queues.filter { q in d.queues.first { $0.queueID == q.queue.id }?.shares.contains { $0.teamID == team.teamID } ?? false }
            if !queues.isEmpty {
                let shrink = queues.map { "\($0.queue.name) \(StaffingFormat.percent($0.policy.shrinkage, digits: 0))" }.joined(separator: ", ")
                parts.append("required hours already assume shrinkage of \(shrink): more absence, training or meetings than that leaves fewer agents on the phones than scheduled")
                let occupancy = queues.compactMap { q in q.policy.maxOccupancy.map { "\(q.queue.name) ≤ \(StaffingFormat.percent($0, digits: 0))" } }
                parts.append(occupancy.isEmpty
                    ? "no occupancy cap is set, so the requirement runs agents as busy as the service-level target allows; volume or AHT above the forecast pushes occupancy up and the service level down"
                    : "occupancy is capped at \(occupancy.joined(separator: ", ")); volume or AHT above the forecast needs more agents than planned")
            }
            if let measured, let value = measured.cell.value, measured.cell.enoughData {
                let target = measured.cell.target.map { " against a target of \(KPILabels.formatTarget($0, kind: .serviceLevel))" } ?? ""
                parts.append("service level measured \(measured.period.displayName): \(KPILabels.format(value, kind: .serviceLevel, unit: .fraction))\(target) (n = \(ContactCentreFormat.count(measured.cell.sampleSize)))")
            }
            items.append("<li><strong>\(team.teamName)</strong>: \(parts.joined(separator: "; ")).</li>")
        }
        guard !items.isEmpty else { return .empty }
        return """
        <div class="explain" id="plan-explain"><h3>Why hours and service level can disagree</h3><ul>\(items)</ul></div>
        """
    }

    static func card(_ title: String, _ figure: String, _ note: String) -> HTML {
        "<div class=\"card\"><div class=\"card-title\">\(title)</div><div class=\"card-figure\">\(figure)</div><div class=\"card-note\">\(note)</div></div>"
    }

    // MARK: Heatmap

    static func heatmaps(_ c: PlanContext, partnerView: Bool, _ context: PageContext) -> HTML {
        let totals = c.coverage.totals()
        // One scale for every team: the largest gap of any team this week.
        let scale = max(1, c.teams.flatMap { c.coverage.teamGaps($0.id).values.map { abs($0.gap) } }.max() ?? 1)
        let sections: [HTML] = c.teams.map { team in
            let t = totals[team.id] ?? Coverage.TeamTotals()
            return """
            <section class="team-heatmap" id="heatmap-\(team.id.uuidString.lowercased())"><h2>\(team.name)</h2>
            <p>Required \(h(t.requiredHours)) h · scheduled \(h(t.scheduledHours)) h · under \(h(t.underHours)) h · over \(h(t.overHours)) h</p>
            \(StaffingCharts.heatmap(team: team.name, week: c.dto.week, slotMinutes: c.coverage.slotMinutes, gaps: c.coverage.teamGaps(team.id), scale: scale))
            </section>
            """
        }
        return Layout.page("Required vs scheduled", context, section: .staffing, """
        \(tabs(c.dto.week, canExit: !partnerView))
        <h1>Required vs scheduled</h1>
        \(weekSwitcher(.staffingHeatmap, c.dto.week))
        \(how("Each cell is one \(c.coverage.slotMinutes)-minute slot: gap = agents scheduled − the team's required FTE (allocation share × required agents ÷ (1 − shrinkage)), summed over the team's queues. Red: under-staffed; blue: over; grey: nothing required or scheduled. Darker = larger gap, on one scale for every team (the largest gap of any team this week: \(StaffingFormat.number(scale)) agents), so the same colour means the same gap in each. Hover a cell for its figures. Plan time."))
        \(StaffingCharts.heatmapLegend(scale: scale))
        \(sections)
        """)
    }

    // MARK: Exit scenario

    static func exit(_ dto: ExitScenarioDTO?, teams: [PartnerDTO], selected: UUID?, week: LocalDate, _ context: PageContext) -> HTML {
        let options = teams.map { HTML("<option value=\"\($0.id.uuidString.lowercased())\"\($0.id == selected ? HTML(" selected") : .empty)>\($0.name)</option>") }
        let picker: HTML = """
        <form method="get" action="\(SiteURL.staffingExit.path)" class="filters">
        <input type="hidden" name="week" value="\(week.description)">
        <div class="field"><label for="f-team">Team leaving</label><select id="f-team" name="team">\(options)</select></div>
        <div class="actions"><button type="submit">Run scenario</button></div></form>
        """
        guard let dto else {
            return Layout.page("Exit scenario", context, section: .staffing, "\(tabs(week, canExit: true))<h1>Exit scenario</h1>\(picker)")
        }
        let rows: [[HTML]] = dto.channels.map { c in
            let absorbers = c.absorbers.isEmpty ? "no spare capacity" : c.absorbers.map { "\($0.teamName): \(h($0.absorbedHoursPerWeek)) of \(h($0.spareHoursPerWeek)) h spare" }.joined(separator: "; ")
            return ["\(c.channelName)", "\(h(c.leavingHoursPerWeek))", "\(c.hiringDays) + \(c.trainingDays) = \(c.hiringDays + c.trainingDays) d",
                    "\(c.daysExposed)", "\(absorbers)", "\(h(c.uncoveredHoursPerWeek))", "\(h(c.uncoveredHoursTotal))"]
        }
        let cards: [HTML] = [
            card("Notice period", "\(dto.noticeDays) d", dto.contract == nil ? "as entered for \(dto.teamName) (Rules)" : "the partner's notice in \(dto.noticeSource)"),
            card("Hours carried", h(dto.leavingHoursPerWeek), "required hours per week of \(dto.teamName)"),
            card("Days exposed", "\(dto.maxDaysExposed)", "longest channel lead time beyond the notice"),
            card("Uncovered per week", h(dto.uncoveredHoursPerWeek), "after other teams' spare capacity"),
            card("Uncovered in total", h(dto.uncoveredHoursTotal), "per week × days exposed ÷ 7, summed"),
        ]
        return Layout.page("Exit scenario", context, section: .staffing, """
        \(tabs(week, canExit: true))
        <h1>Exit scenario: \(dto.teamName) leaves</h1>
        \(picker)
        \(weekSwitcher(.staffingExit, week, extra: [("team", dto.teamID.uuidString.lowercased())]))
        <div class="cards" id="exit-cards">\(cards)</div>
        <section><h2>By channel</h2>
        \(Components.table(["Channel", "Leaving h/week", "Lead time", "Days exposed", "Could absorb", "Uncovered h/week", "Uncovered h total"], rows, empty: "\(dto.teamName) carries no required hours this week.", id: "exit-channels"))
        \(how(dto.method + " Hours from the plan and schedules of the week of \(dto.week.display)."))
        </section>
        \(ContractViews.exitSection(dto.contract, teamID: dto.teamID, teamName: dto.teamName))
        """)
    }

    // MARK: Calculator

    static let calculatorFields: [FormField] = [
        FormField(name: "contacts", label: "Contacts in the interval", kind: .number, required: true),
        FormField(name: "ahtSeconds", label: "AHT (seconds)", kind: .number, required: true),
        FormField(name: "intervalMinutes", label: "Interval", kind: .select([("15", "15 minutes"), ("30", "30 minutes"), ("60", "60 minutes")])),
        FormField(name: "serviceLevelPercent", label: "Service-level target (%)", kind: .number, hint: "Share answered within the threshold. Empty: no SL target (then give max ASA or occupancy)."),
        FormField(name: "thresholdSeconds", label: "Threshold T (seconds)", kind: .number),
        FormField(name: "maxASASeconds", label: "Max ASA (seconds)", kind: .number, hint: "Optional."),
        FormField(name: "maxOccupancyPercent", label: "Max occupancy (%)", kind: .number, hint: "Optional; for deferred work the planning occupancy (default 85)."),
        FormField(name: "patienceSeconds", label: "Mean patience (seconds)", kind: .number, hint: "Optional: switches to Erlang A (customers abandon)."),
        FormField(name: "shrinkagePercent", label: "Shrinkage (%)", kind: .number),
        FormField(name: "concurrency", label: "Chat concurrency", kind: .number, hint: "Simultaneous chats per agent; 1 for voice."),
        FormField(name: "efficiencyPercent", label: "Concurrency efficiency (%)", kind: .number),
        FormField(name: "deferred", label: "Deferred work (email, back office)", kind: .checkbox),
    ]

    static func calculator(values: FormValues, result: CalculatorResultDTO?, errors: FieldErrors, target: Double?, _ context: PageContext) -> HTML {
        let fields = calculatorFields.map { FormRenderer.field($0, value: values[$0.name], error: errors[$0.name]) }
        let form: HTML = """
        <form method="get" action="\(SiteURL.staffingCalculator.path)" class="stacked" novalidate>
        \(errors.isEmpty ? HTML.empty : HTML("<div class=\"error-summary\" role=\"alert\"><strong>Please correct the highlighted fields.</strong></div>"))
        \(fields)
        <div class="actions"><button type="submit">Calculate</button></div></form>
        """
        var resultHTML: HTML = .empty
        if let r = result {
            let rows: [[HTML]] = r.rows.map { row in
                let mark: HTML = row.agents == r.agents ? " <strong>← required</strong>" : .empty
                return ["\(row.agents)\(mark)", "\(StaffingFormat.percent(row.serviceLevel))", "\(row.asaSeconds.map(StaffingFormat.seconds) ?? "∞")",
                        "\(StaffingFormat.percent(row.occupancy))", "\(StaffingFormat.percent(row.probabilityOfWaiting))",
                        "\(StaffingFormat.percent(row.probabilityOfAbandoning))", row.meetsTarget ? "yes" : "no"]
            }
            let model = StaffingPolicy.Model(rawValue: r.model)?.label ?? r.model
            resultHTML = """
            <section id="calculator-result"><h2>Answer</h2>
            <div class="cards">
            \(card("Agents required", "\(r.agents)", "\(model); fractional \(StaffingFormat.number(r.fractionalAgents, digits: 2))"))
            \(card("Scheduled FTE", StaffingFormat.number(r.scheduledFTE, digits: 2), "fractional agents ÷ (1 − shrinkage)"))
            \(card("Traffic", "\(StaffingFormat.number(r.trafficErlangs, digits: 2)) E", "effective AHT \(StaffingFormat.number(r.effectiveAHTSeconds, digits: 1)) s"))
            \(r.serviceLevel.map { card("Service level", StaffingFormat.percent($0), "at \(r.agents) agents; ASA \(r.asaSeconds.map(StaffingFormat.seconds) ?? "∞"), occupancy \(StaffingFormat.percent(r.occupancy ?? 0))") } ?? .empty)
            </div>
            \(how(r.formula))
            \(StaffingCharts.serviceLevelChart(r.rows, target: target, answer: r.agents))
            \(Components.table(["Agents", "Service level", "ASA", "Occupancy", "P(wait)", "Abandon", "Meets target"], rows, empty: "Deferred work has no queue to tabulate: agents = workload ÷ occupancy.", id: "calculator-table"))
            </section>
            """
        }
        return Layout.page("Erlang calculator", context, section: .staffing, """
        \(tabs(nil, canExit: context.principal?.isPartnerUser == false))
        <h1>Erlang calculator</h1>
        <p class="lead">One interval: how many agents meet the target, and what a few more or fewer would do. The API (<code>GET /api/v1/staffing/calculator</code>) and <code>tandem staffing calc</code> take the same inputs and give the same figures.</p>
        \(resultHTML)
        \(form)
        """)
    }

    // MARK: Imports

    static func importPage(kind: String, columns: [String], example: String, action: SiteURL, issues: [StaffingImportIssue], csv: String, _ context: PageContext) -> HTML {
        let issueRows: [[HTML]] = issues.prefix(500).map { ["\($0.file)", "\($0.line)", "<code>\($0.field)</code>", "\($0.reason)"] }
        let report: HTML = issues.isEmpty ? .empty : """
        <div class="error-summary" role="alert"><strong>The file was not imported: \(issues.count) problem\(issues.count == 1 ? "" : "s"). Nothing was changed.</strong></div>
        \(Components.table(["File", "Line", "Field", "Problem"], issueRows, empty: "", id: "import-issues"))
        \(issues.count > 500 ? HTML("<p class=\"how\">First 500 shown.</p>") : .empty)
        """
        return Layout.page("Import \(kind)", context, section: .staffing, """
        \(tabs(nil, canExit: true))
        <h1>Import \(kind)</h1>
        <p class="lead">A CSV with the header <code>\(columns.joined(separator: ","))</code>. Every row is checked first; a file with any bad row changes nothing. Importing the same \(kind == "schedule" ? "team × queue × interval" : "queue × interval") again updates it.</p>
        \(kind == "forecast" ? HTML("<p>No file? \(Components.link(.staffingBaseline, "Baseline forecast")): build one from the imported contact history, with its accuracy on a held-out week.</p>") : .empty)
        <pre>\(example)</pre>
        \(report)
        <form method="post" action="\(action.path)" class="stacked" enctype="multipart/form-data">
        \(Components.csrfField(context.csrf))
        <div class="field"><label for="f-file">CSV file</label><input type="file" id="f-file" name="file" accept=".csv,text/csv"></div>
        <div class="field"><label for="f-csv">…or paste the CSV</label><textarea id="f-csv" name="csv" rows="8">\(csv)</textarea></div>
        <div class="actions"><button type="submit">Import</button></div>
        </form>
        \(how("Times are plan time (as written, no time zone): YYYY-MM-DDTHH:MM, aligned to the interval (15, 30 or 60 minutes). One interval length per \(kind == "schedule" ? "team and queue" : "queue")."))
        """)
    }

    // MARK: Queue settings and allocation

    static func settingsFields(deferred: Bool) -> [FormField] {
        var fields: [FormField] = []
        if !deferred {
            fields += [
                FormField(name: "serviceLevelPercent", label: "Service-level target (%)", kind: .number, hint: "Empty: no SL target (give a max ASA or occupancy)."),
                FormField(name: "thresholdSeconds", label: "Threshold T (seconds)", kind: .number, hint: "Empty: the queue's own service-level threshold."),
                FormField(name: "maxASASeconds", label: "Max ASA (seconds)", kind: .number),
            ]
        }
        fields.append(FormField(name: "maxOccupancyPercent", label: "Max occupancy (%)", kind: .number, hint: deferred ? "Deferred work is planned at this occupancy (default 85)." : "Optional."))
        if !deferred {
            fields += [
                FormField(name: "patienceSeconds", label: "Mean patience (seconds)", kind: .number, hint: "Set to plan with Erlang A (customers abandon)."),
                FormField(name: "concurrency", label: "Concurrency", kind: .number, hint: "Simultaneous contacts per agent (chat)."),
                FormField(name: "efficiencyPercent", label: "Concurrency efficiency (%)", kind: .number),
            ]
        }
        fields.append(FormField(name: "shrinkagePercent", label: "Shrinkage (%)", kind: .number))
        return fields
    }

    static func settingsValues(_ s: QueueStaffingSettingsDTO) -> FormValues {
        func pct(_ v: Double?) -> String { v.map { StaffingFormat.plain(($0 * 10_000).rounded() / 100) } ?? "" }
        return FormValues([
            "serviceLevelPercent": pct(s.serviceLevel), "thresholdSeconds": String(s.thresholdSeconds), "maxASASeconds": s.maxASASeconds.map(StaffingFormat.plain) ?? "",
            "maxOccupancyPercent": pct(s.maxOccupancy), "patienceSeconds": s.patienceSeconds.map(StaffingFormat.plain) ?? "",
            "concurrency": StaffingFormat.plain(s.concurrency), "efficiencyPercent": pct(s.efficiency), "shrinkagePercent": pct(s.shrinkage),
        ])
    }

    static func settings(_ s: QueueStaffingSettingsDTO, values: FormValues, errors: FieldErrors, canEdit: Bool, _ context: PageContext) -> HTML {
        let deferred = s.model == StaffingPolicy.Model.workload.rawValue
        let body: HTML = canEdit
            ? FormRenderer.form(action: .staffingQueueSettings(.id(s.queueID)), fields: settingsFields(deferred: deferred), values: values, errors: errors, csrf: context.csrf, submit: "Save settings")
            : Components.details(settingsFields(deferred: deferred).map { ($0.label, HTML("\(values[$0.name].isEmpty ? "—" : values[$0.name])")) })
        return Layout.page("Staffing settings", context, section: .staffing, """
        \(tabs(nil, canExit: context.principal?.isPartnerUser == false))
        <h1>Staffing settings: \(s.queueName)</h1>
        <p class="lead">\(s.channelName) · model \(StaffingPolicy.Model(rawValue: s.model)?.label ?? s.model)\(s.customised ? "" : " · using the channel's defaults")</p>
        \(body)
        \(how(deferred
            ? "Deferred work (\(s.channelKind.label)): agents = contacts × AHT ÷ interval ÷ max occupancy; FTE = agents ÷ (1 − shrinkage)."
            : "Erlang C by default; Erlang A when a patience is set. Chat: AHT ÷ (concurrency × efficiency). FTE = agents ÷ (1 − shrinkage). Defaults: 80% in the queue's threshold, shrinkage 30%, chat 2 at 85%."))
        """)
    }

    static func allocation(queue: QueueDTO, history: [AllocationSetDTO], teams: [PartnerDTO], values: FormValues, errors: FieldErrors,
                           canEdit: Bool, shiftHours: ShiftHours, _ context: PageContext) -> HTML {
        let rows: [[HTML]] = history.map { set in
            ["\(set.effectiveFrom.display)\(set.revision > 1 ? " (rev. \(set.revision))" : "")", "\(set.shift == "all" ? "All shifts" : set.shift.capitalized)",
             "\(set.shares.map { "\($0.teamName) \(StaffingFormat.number($0.percent, digits: 2))%" }.joined(separator: ", "))",
             set.note.isEmpty ? "" : "\(set.note)\(set.noteVisibleToPartners || context.principal?.isPartnerUser == true ? "" : " <span class=\"muted\">(client only)</span>")", set.current ? Components.badge("in force", "live") : Components.badge("history", "ended")]
        }
        var form: HTML = .empty
        if canEdit {
            let shareFields = teams.map { FormField(name: "share_\($0.id.uuidString.lowercased())", label: "\($0.name) (%)", kind: .number) }
            let fields = [
                FormField(name: "shift", label: "Shift", kind: .select([("all", "All shifts")] + Shift.allCases.map { ($0.rawValue, "\($0.label) (\(shiftHours.span(of: $0)))") })),
                FormField(name: "effectiveFrom", label: "Effective from", kind: .date, required: true),
            ] + shareFields + [FormField(name: "note", label: "Note", hint: "Why the split changes (optional). Partner users do not see it unless you tick the box below."),
                          FormField(name: "noteVisibleToPartners", label: "Partners sharing this queue may read the note", kind: .checkbox)]
            form = """
            <section><h2>New allocation</h2>
            <p class="how">Shares must add up to 100%. Earlier allocations are kept as history; the new one applies from its date.</p>
            \(FormRenderer.form(action: .staffingAllocation(.id(queue.id)), fields: fields, values: values, errors: errors, csrf: context.csrf, submit: "Add allocation"))
            </section>
            """
        }
        return Layout.page("Allocation", context, section: .staffing, """
        \(tabs(nil, canExit: context.principal?.isPartnerUser == false))
        <h1>Allocation: \(queue.name)</h1>
        <section><h2>History</h2>
        \(Components.table(["Effective from", "Shift", "Shares", "Note", ""], rows, empty: "Not allocated yet: no team is asked to staff this queue.", id: "allocation-history"))
        \(how("On a given day a shift uses the latest set effective on or before it, among that shift's sets and the all-shift sets (a shift's own set wins on the same date). Shifts: \(Shift.allCases.map { "\($0.label) \(shiftHours.span(of: $0))" }.joined(separator: ", ")), plan time."))
        </section>
        \(form)
        """)
    }

    // MARK: Rules

    static func rules(_ rules: StaffingRulesDTO, leadTimes: [ChannelLeadTimeDTO], notices: [NoticePeriodDTO], errors: FieldErrors, canEdit: Bool, _ context: PageContext) -> HTML {
        let disabled: HTML = canEdit ? .empty : " disabled"
        let leadRows: [[HTML]] = leadTimes.map { l in
            let id = l.channelID.uuidString.lowercased()
            return ["\(l.channelName)",
                    "<input type=\"number\" name=\"hiring_\(id)\" value=\"\(l.hiringDays)\" aria-label=\"Hiring days for \(l.channelName)\"\(disabled)>",
                    "<input type=\"number\" name=\"training_\(id)\" value=\"\(l.trainingDays)\" aria-label=\"Training days for \(l.channelName)\"\(disabled)>",
                    l.customised ? "set" : "default"]
        }
        let noticeRows: [[HTML]] = notices.map { n in
            ["\(n.teamName)", "<input type=\"number\" name=\"notice_\(n.teamID.uuidString.lowercased())\" value=\"\(n.noticeDays)\" aria-label=\"Notice days for \(n.teamName)\"\(disabled)>",
             n.customised ? "set" : "default"]
        }
        let save: (String) -> HTML = { label in canEdit ? "<div class=\"actions\"><button type=\"submit\">\(label)</button></div>" : .empty }
        let values = FormValues([
            "concentrationLimitPercent": StaffingFormat.plain((rules.concentrationLimit * 10_000).rounded() / 100),
            "exemptOvernight": rules.exemptOvernight ? "on" : "",
            "dayStartsAt": String(rules.shiftHours.dayStartsAt), "eveningStartsAt": String(rules.shiftHours.eveningStartsAt),
            "overnightStartsAt": String(rules.shiftHours.overnightStartsAt),
        ])
        let ruleFields = [
            FormField(name: "concentrationLimitPercent", label: "Warn when one team holds at least (%)", kind: .number, hint: "100: only a sole team is flagged (the practice rule). 80 also flags 80/20 splits."),
            FormField(name: "exemptOvernight", label: "Overnight shift exempt", kind: .checkbox),
            FormField(name: "dayStartsAt", label: "Day shift starts at (hour)", kind: .number),
            FormField(name: "eveningStartsAt", label: "Evening shift starts at (hour)", kind: .number),
            FormField(name: "overnightStartsAt", label: "Overnight shift starts at (hour)", kind: .number),
        ]
        let ruleForm: HTML = canEdit
            ? FormRenderer.form(action: .staffingRules, fields: ruleFields, values: values, errors: errors, csrf: context.csrf, submit: "Save rules")
            : Components.details(ruleFields.map { ($0.label, HTML("\(values[$0.name].isEmpty ? "no" : values[$0.name])")) })
        return Layout.page("Staffing rules", context, section: .staffing, """
        \(tabs(nil, canExit: context.principal?.isPartnerUser == false))
        <h1>Staffing rules</h1>
        <section><h2>Concentration and shifts</h2>\(ruleForm)</section>
        <section><h2>Backfill lead time per channel</h2>
        <form method="post" action="\(SiteURL.staffingLeadTimes.path)">\(Components.csrfField(context.csrf))
        \(Components.table(["Channel", "Hiring days", "Training days", ""], leadRows, empty: "No channels yet.", id: "lead-times"))\(save("Save lead times"))</form>
        \(how("Lead time = hiring + training days: how long until a replacement agent takes contacts. Defaults: voice 30 + 21, chat 30 + 14, others 21 + 10."))
        </section>
        <section><h2>Notice periods</h2>
        <form method="post" action="\(SiteURL.staffingNoticePeriods.path)">\(Components.csrfField(context.csrf))
        \(Components.table(["Team", "Notice days", ""], noticeRows, empty: "No teams yet.", id: "notice-periods"))\(save("Save notice periods"))</form>
        \(how("Days of notice a team gives before it stops handling contacts; entered here until contracts record it. Default \(StaffingRulesService.defaultNoticeDays) days."))
        </section>
        """)
    }

    // MARK: Sections on other pages

    /// The dashboard's small staffing section.
    static func dashboardSection(_ dto: PlanDTO) -> HTML {
        let totals = dto.teams.map { "\($0.teamName): required \(h($0.requiredHours)) h, scheduled \(h($0.scheduledHours)) h" }.joined(separator: " · ")
        return """
        <section id="staffing-summary"><div class="section-head"><h2>Staffing, week of \(dto.week.display)</h2>\(Components.link(.staffing, "Capacity plan"))</div>
        \(warningsBox(dto.warnings, limit: dto.concentrationLimitPercent, exempt: dto.exemptShifts, id: "dashboard-concentration"))
        <p class="how">\(totals)</p>
        </section>
        """
    }

    /// The partner page's staffing section: this team's allocation, hours and warnings.
    static func partnerSection(team: UUID, dto: PlanDTO, allocations: [AllocationSetDTO], showConcentration: Bool = true) -> HTML {
        let rows: [[HTML]] = allocations.compactMap { set in
            guard let share = set.shares.first(where: { $0.teamID == team }) else { return nil }
            return ["\(set.queueName)", "\(set.shift == "all" ? "All shifts" : set.shift.capitalized)", "\(StaffingFormat.number(share.percent, digits: 2))%", "\(set.effectiveFrom.display)"]
        }
        let t = dto.teams.first { $0.teamID == team }
        let warnings = dto.warnings.filter { $0.teamID == team }
        return """
        <section id="partner-staffing"><div class="section-head"><h2>Staffing</h2>\(Components.link(.staffing, "Capacity plan"))</div>
        \(showConcentration ? warningsBox(warnings, limit: dto.concentrationLimitPercent, exempt: dto.exemptShifts, id: "partner-concentration") : .empty)
        \(t.map { HTML("<p>Week of \(dto.week.display): required \(h($0.requiredHours)) h, scheduled \(h($0.scheduledHours)) h (under \(h($0.underHours)) h, over \(h($0.overHours)) h).</p>") } ?? .empty)
        \(Components.table(["Queue", "Shift", "Share", "Since"], rows, empty: "No allocation in force.", id: "partner-allocation"))
        </section>
        """
    }
}
