import Foundation
import TandemPartners
import TandemPerformance
import TandemSources

/// Performance pages: functions of view models only.
enum PerformanceViews {
    static func tabs(_ current: String, canAdminister: Bool, canImport: Bool) -> HTML {
        var items: [(SiteURL, String)] = [(.performance, "Scorecards"), (.performanceTrends, "Trends"), (.targets, "Targets")]
        if canImport || current == "imports" { items.append((.imports, "Imports")) }
        if canAdminister { items.append((.performanceSettings, "Settings")) }
        return "<nav class=\"tabs\">\(items.map { item in HTML("<a href=\"\(item.0.path)\"\(item.1.lowercased() == current ? HTML(" aria-current=\"page\"") : .empty)>\(item.1)</a>") })</nav>"
    }

    static func query(_ period: ReportingPeriod, _ grouping: ScorecardGrouping) -> String {
        "?period=\(period.kind.rawValue)&at=\(period.firstDay)&by=\(grouping.rawValue)"
    }

    static func scorecard(_ card: Scorecard, alerts: [PerformanceAlertDTO], settings: PerformanceSettings, canAdminister: Bool, canImport: Bool, _ context: PageContext) -> HTML {
        scorecardPage(body: scorecardBody(card, alerts: alerts, settings: settings), canAdminister: canAdminister, canImport: canImport, context)
    }

    /// The page around a rendered body (what differs per user: the tabs and links they may use).
    static func scorecardPage(body: HTML, canAdminister: Bool, canImport: Bool, _ context: PageContext) -> HTML {
        Layout.page("Scorecards", context, section: .performance, """
        <div class="page-head"><h1>Scorecards</h1>\(canImport ? Components.link(.imports, "Import contacts") : .empty)</div>
        \(tabs("scorecards", canAdminister: canAdminister, canImport: canImport))
        \(body)
        """)
    }

    /// Everything of the scorecard page that depends only on the figures (pages keep it rendered).
    static func scorecardBody(_ card: Scorecard, alerts: [PerformanceAlertDTO], settings: PerformanceSettings) -> HTML {
        let period = card.period
        let nav: HTML = """
        <div class="toolbar">
        <a href="\(SiteURL.performance.path)\(query(period.advanced(by: -1), card.grouping))">← Previous</a>
        <strong>\(period.kind == .week ? "Week" : "Month") \(period.displayRange)</strong>
        <a href="\(SiteURL.performance.path)\(query(period.advanced(by: 1), card.grouping))">Next →</a>
        · \(PeriodKind.allCases.map { kind in HTML("<a href=\"\(SiteURL.performance.path)\(query(ReportingPeriod(kind: kind, containing: period.firstDay), card.grouping))\"\(kind == period.kind ? HTML(" aria-current=\"true\"") : .empty)>\(kind == .week ? "Weekly" : "Monthly")</a> ") })
        · \(ScorecardGrouping.allCases.map { g in HTML("<a href=\"\(SiteURL.performance.path)\(query(period, g))\"\(g == card.grouping ? HTML(" aria-current=\"true\"") : .empty)>\(g.label)</a> ") })
        · <a href="\(SiteURL.performanceCSV.path)\(query(period, card.grouping))">Download CSV</a>
        </div>
        """
        let head = ["Team"] + (card.grouping == .team ? [] : [card.grouping == .queue ? "Queue" : "Channel"]) + card.kpis.map(KPILabels.name)
        let rows: [[HTML]] = card.rows.map { row in
            var cells: [HTML] = ["<a href=\"\(SiteURL.partner(.id(row.teamID)).path)\">\(row.teamName)</a>\(row.teamKind == .inHouse ? HTML(" \(Components.badge("In-house", "in_house"))") : .empty)"]
            if card.grouping != .team { cells.append("\(row.segment ?? "")") }
            for kind in card.kpis {
                let drill = kind == .qaScore ? nil : ScorecardDrill.link(team: row.teamID, kpi: kind, period: period, row: row)
                cells.append(row.cell(kind).map { cell($0, period: period, drill: drill) } ?? "—")
            }
            return cells
        }
        let alertRows: [[HTML]] = alerts.map { ["<a href=\"\(SiteURL.partner(.id($0.teamID)).path)\">\($0.teamName)</a>", "\($0.message)"] }
        return """
        <p class="lead">Every team side by side, in-house first. Each figure shows its target and sample (n); hover it for its formula and period, click it for the days behind it. A figure on fewer than \(ContactCentreFormat.count(settings.kpi.minimumSample)) contacts is greyed and marked “\(ThinData.label)”: never ranked or judged.</p>
        \(nav)
        \(Components.table(head, rows, empty: "No teams yet.", id: "scorecard"))
        <p class="how">Status against target: <span class="status-met">met</span>, <span class="status-near">near</span> (within \(String(format: "%.0f", settings.nearBandPercent))% on the wrong side), <span class="status-missed">missed</span>. “rank 2 of 4” ranks the teams with enough data on the same queue or channel, always among every team the client compares. “launch” is the partner's first \(settings.baselineWeeks) weeks after go-live.</p>
        <section><h2>Alerts</h2>\(Components.table(["Team", "Alert"], alertRows, empty: "No alerts: no KPI has missed its target several periods in a row or fallen well below its launch baseline.", id: "alerts"))</section>
        """
    }

    /// One scorecard figure: the value in the field's units with its target beside it, its rank
    /// among every team ("2 of 4"), its launch baseline, and its sample. Below the minimum sample
    /// it is greyed and marked "too little data" (`ThinData`), never ranked or judged.
    static func cell(_ cell: ScorecardCell, period: ReportingPeriod, drill: String? = nil) -> HTML {
        var tip = "\(KPILabels.name(cell.kpi)) = \(cell.formula)\n\(ContactCentreFormat.dateRange(period.firstLocalDay, through: period.lastLocalDay))\nn = \(ContactCentreFormat.count(cell.sampleSize))"
        if cell.unit != .count { tip += " (\(formatNumber(cell.numerator)) ÷ \(formatNumber(cell.denominator)))" }
        if cell.isThin, let value = cell.value {
            tip += "\nBelow the minimum sample: \(KPILabels.format(value, kind: cell.kpi, unit: cell.unit)) is not shown as a figure, ranked or judged"
        }
        if let target = cell.target { tip += "\nTarget \(KPILabels.formatTarget(target, kind: cell.kpi))" }
        if let baseline = cell.baseline { tip += "\nLaunch baseline \(KPILabels.format(baseline, kind: cell.kpi, unit: cell.unit))" }
        let css = cell.isThin ? "thin" : cell.status.map { "status-\($0.rawValue)" } ?? (cell.enoughData ? "" : "status-none")
        var extra: [HTML] = []
        if let target = cell.target, !cell.isThin, cell.kpi.direction != nil {
            extra.append("<span class=\"target\">target \(KPILabels.formatTarget(target, kind: cell.kpi))</span>")
        }
        if let rank = cell.rankText { extra.append("<span class=\"rank\">rank \(rank)</span>") }
        if let baseline = cell.baseline, !cell.isThin { extra.append("<span class=\"baseline\">launch \(KPILabels.format(baseline, kind: cell.kpi, unit: cell.unit))</span>") }
        if cell.isThin || (cell.unit != .count && cell.value != nil) {
            extra.append("<span class=\"sample\">n = \(ContactCentreFormat.count(cell.sampleSize))</span>")
        }
        let figure: HTML = drill.map { HTML("<a href=\"\($0)\" class=\"drill\">\(cell.display)</a>") } ?? "\(cell.display)"
        return "<span class=\"kpi \(css)\" title=\"\(tip)\">\(figure)</span> \(extra)"
    }

    private static func formatNumber(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.3f", value)
    }

    static func trends(kpi: KPIKind, weeks: Int, periods: [ReportingPeriod], series: [TrendChart.Series], target: Double?, _ context: PageContext) -> HTML {
        let kpiLinks: [HTML] = KPILabels.scorecardKPIs.filter { $0.direction != nil }.map { kind in
            HTML("<a href=\"\(SiteURL.performanceTrends.path)?kpi=\(kind.rawValue)&weeks=\(weeks)\"\(kind == kpi ? HTML(" aria-current=\"true\"") : .empty)>\(KPILabels.name(kind))</a> ")
        }
        let spanLinks: [HTML] = [13, 52].map { n in
            HTML("<a href=\"\(SiteURL.performanceTrends.path)?kpi=\(kpi.rawValue)&weeks=\(n)\"\(n == weeks ? HTML(" aria-current=\"true\"") : .empty)>\(n) weeks</a> ")
        }
        return Layout.page("Trends", context, section: .performance, """
        <h1>\(KPILabels.name(kpi)) by week</h1>
        \(tabs("trends", canAdminister: context.principal?.can(.administer) ?? false, canImport: context.principal?.can(.editRegistry) ?? false))
        <div class="toolbar">\(kpiLinks) · \(spanLinks)</div>
        \(TrendChart.render(kpi: kpi, periods: periods, series: series, target: target))
        <p class="how">One line per team (the in-house team dashed and thicker). Weeks with too few contacts are gaps, not guesses. The dashed grey line is the workspace-wide target, when one is set.</p>
        """)
    }

    static func imports(_ runs: [ImportRunDTO], canImport: Bool, values: FormValues, errors: FieldErrors, filter: ListFilter = ListFilter(), _ context: PageContext) -> HTML {
        let rows: [[HTML]] = runs.map { run in [
            Components.link(.importDetail(.id(run.id)), run.fileName), "\(kindLabel(run.kind))", "\(run.source)", Components.badge(run.status.rawValue, statusBadge(run.status)),
            "\(ContactCentreFormat.count(run.rowsRead))", "\(ContactCentreFormat.count(run.rowsInserted + run.rowsUpdated))", "\(ContactCentreFormat.count(run.rowsRejected))",
            "\(Components.date(run.createdAt))", "\(run.requestedBy)",
        ] }
        let filters = ListFilterViews.form(.imports, filter, dateLabel: "Started between", choices: [
            ("status", "Status", [("", "any status")] + ImportRun.Status.allCases.map { ($0.rawValue, $0.rawValue) }),
            ("holds", "Holds", [("", "contacts and QA"), (ImportRun.contacts, "contacts"), (ImportRun.qaEvaluations, "QA evaluations")]),
        ])
        let form: HTML = canImport ? """
            <section><h2>Upload a file</h2>
            <form method="post" action="\(SiteURL.imports.path)?\(CSRFMiddleware.field)=\(context.csrf)" enctype="multipart/form-data" class="stacked">
            \(errors.isEmpty ? HTML.empty : HTML("<div class=\"error-summary\" role=\"alert\"><strong>Please correct the highlighted fields.</strong></div>"))
            \(Components.csrfField(context.csrf))
            \(FormRenderer.field(FormField(name: "file", label: "File", hint: "CSV with a header row, or JSON Lines (.jsonl). Times with an offset are taken as written; without one, in the site's time zone.", required: true), value: "", error: errors["file"]).raw.replacingOccurrences(of: "type=\"text\" id=\"f-file\"", with: "type=\"file\" id=\"f-file\"").asHTML)
            \(FormRenderer.field(FormField(name: "source", label: "Source system", hint: "e.g. genesys, zendesk. (source, external id) is unique: re-importing updates.", required: true), value: values["source"], error: errors["source"]))
            \(FormRenderer.field(FormField(name: "format", label: "Format", kind: .select([("", "From the file name"), ("csv", "CSV"), ("jsonl", "JSON Lines")])), value: values["format"], error: errors["format"]))
            \(FormRenderer.field(FormField(name: "mapping", label: "Column mapping", kind: .textarea, hint: "Only if the file's columns differ from Tandem's: one field=Column per line, e.g. external_id=Ticket ID. Saved for the source."), value: values["mapping"], error: errors["mapping"]))
            <fieldset id="preset"><legend>Or a contact-centre platform's own export</legend>
            \(FormRenderer.field(FormField(name: "preset", label: "Source preset", kind: .select([("", "None: a file with Tandem's columns")] + SourcePreset.allCases.map { ($0.rawValue, $0.label) }), hint: "Reads the platform's export as it is (docs/import-presets.md); format and column mapping are then not used."), value: values["preset"], error: errors["preset"]))
            <div class="field"><label for="f-files">More files of the same export</label><input type="file" id="f-files" name="files[]" multiple><p class="hint">E.g. Zendesk ticket pages, ticket metrics and satisfaction ratings, or Genesys details and the queue/user lookup: one import.</p></div>
            \(FormRenderer.field(FormField(name: "presetSettings", label: "Preset settings", kind: .textarea, hint: "One per line: team=queue (or roster, site, attribute:NAME, fixed:TEAM; several in order), team.Billing_DE=Alpha Support, queue.Billing_DE=billing-voice, csat=csatScore, customer=customerId. Saved for the source."), value: values["presetSettings"], error: errors["presetSettings"]))
            </fieldset>
            \(FormRenderer.field(FormField(name: "acceptValid", label: "Store the valid rows even if some rows are bad", kind: .checkbox), value: values["acceptValid"], error: nil))
            <div class="actions"><button type="submit">Import</button></div>
            </form></section>
            <section id="qa-import"><h2>Upload QA evaluations</h2>
            <p class="how">One row per evaluation item. Columns: \(QAField.allCases.map(\.rawValue).joined(separator: ", ")). \
            answer is the points earned, yes, no or N/A; for an auto-fail item (auto_fail true) fail, pass or N/A. \
            (source, evaluation_id) is unique: importing again updates. Imported right away: QA files are small.</p>
            <form method="post" action="\(SiteURL.qaImports.path)?\(CSRFMiddleware.field)=\(context.csrf)" enctype="multipart/form-data" class="stacked">
            \(Components.csrfField(context.csrf))
            \(FormRenderer.field(FormField(name: "qaFile", label: "File", hint: "CSV with a header row, or JSON Lines (.jsonl).", required: true), value: "", error: errors["qaFile"]).raw.replacingOccurrences(of: "type=\"text\" id=\"f-qaFile\"", with: "type=\"file\" id=\"f-qaFile\"").asHTML)
            \(FormRenderer.field(FormField(name: "qaSource", label: "Source system", hint: "e.g. the QA tool's name.", required: true), value: values["qaSource"], error: errors["qaSource"]))
            \(FormRenderer.field(FormField(name: "qaFormat", label: "Format", kind: .select([("", "From the file name"), ("csv", "CSV"), ("jsonl", "JSON Lines")])), value: values["qaFormat"], error: errors["qaFormat"]))
            \(FormRenderer.field(FormField(name: "qaAcceptValid", label: "Store the complete valid evaluations even if some rows are bad", kind: .checkbox), value: values["qaAcceptValid"], error: nil))
            <div class="actions"><button type="submit">Import QA evaluations</button></div>
            </form></section>
            """ : .empty
        return Layout.page("Imports", context, section: .performance, """
        <h1>Imports</h1>
        \(tabs("imports", canAdminister: context.principal?.can(.administer) ?? false, canImport: canImport))
        <p class="lead">Columns: \(CanonicalField.allCases.map(\.rawValue).joined(separator: ", ")). A file with any bad row imports nothing unless you accept valid rows; every bad row is listed with its line, field and reason.</p>
        \(form)
        <section><h2>Recent imports</h2>\(filters)\(Components.table(["File", "Holds", "Source", "Status", "Rows", "Stored", "Rejected", "Started", "By"], rows, empty: "No imports yet.", id: "imports"))</section>
        """)
    }

    /// What the user is told when the server running the import died: while it waits or runs
    /// again ("interrupted, resuming"), and afterwards.
    static func interruptionNotice(_ run: ImportRunDTO, active: Bool) -> HTML {
        guard let job = run.job, let interrupted = job.interruptedAt else { return .empty }
        let when = Components.timestamp(interrupted)
        if active {
            let now = job.status == .running ? "running again (attempt \(job.attempts) of \(JobQueue.maxAttempts))" : "waiting for a server to pick it up"
            return HTML("""
                <div class="notice" role="status" id="interrupted"><strong>Interrupted, resuming.</strong> The server running this import stopped \
                (last heartbeat \(when)). The import is \(now); it starts again from the top, and nothing from the interrupted attempt was stored, \
                so every row is stored once.</div>
                """)
        }
        return HTML("""
            <p class="how" id="interrupted">Interrupted (last heartbeat of the interrupted attempt \(when)); \
            \(run.status == .succeeded ? "resumed and finished" : "ended") after \(job.attempts) attempt\(job.attempts == 1 ? "" : "s").</p>
            """)
    }

    static func kindLabel(_ kind: String) -> String {
        kind == ImportRun.qaEvaluations ? "QA evaluations" : "contacts"
    }

    static func statusBadge(_ status: ImportRun.Status) -> String {
        switch status {
        case .succeeded: "live"
        case .queued, .running: "onboarding"
        case .rejected, .failed: "ended"
        }
    }

    static func importDetail(_ run: ImportRunDTO, live: ImportProgress?, _ context: PageContext) -> HTML {
        let active = run.status == .queued || run.status == .running
        let read = live?.rowsRead ?? run.rowsRead
        let bytes = live?.bytesRead ?? run.bytesRead
        let percent = run.bytesTotal > 0 ? min(100, bytes * 100 / run.bytesTotal) : 0
        let progress: HTML = active ? """
            <p><progress max="100" value="\(percent)">\(percent)%</progress> \(percent)% · \(read) rows read\(live.map { " · now \($0.phase.rawValue)" } ?? ""). This page refreshes every 2 seconds.</p>
            """ : .empty
        let issueRows: [[HTML]] = run.issues.map { issue in
            let line: HTML = "\(issue.line)\(issue.record.map { " (\($0))" } ?? "")"
            return ["\(issue.file ?? run.fileName)", line, "<code>\(issue.field)</code>", "\(issue.reason)"]
        }
        let interruption = interruptionNotice(run, active: active)
        let refresh = active ? "<meta http-equiv=\"refresh\" content=\"2\">" : ""
        let page = Layout.page("Import \(run.fileName)", context, section: .performance, """
        <p class="crumbs">\(Components.link(.imports, "Imports"))</p>
        <h1>\(run.fileName) \(Components.badge(run.status.rawValue, statusBadge(run.status)))</h1>
        \(interruption)
        \(progress)
        \(Components.details([
            ("Source", "\(run.source)"), ("Format", "\(run.format)"), ("Accept valid rows", run.acceptValid ? "yes" : "no"),
            ("Holds", "\(kindLabel(run.kind))"),
            ("Rows read", "\(read)"), ("New \(run.kind == ImportRun.qaEvaluations ? "evaluations" : "contacts")", "\(run.rowsInserted)"),
            ("Updated \(run.kind == ImportRun.qaEvaluations ? "evaluations" : "contacts")", "\(run.rowsUpdated)"),
            ("Rejected rows", "\(run.rowsRejected)"), ("Outcome", run.message.isEmpty ? "—" : "\(run.message)"), ("Requested by", "\(run.requestedBy)"),
        ] + (run.preset.map { preset in [
            ("Source preset", "\(SourcePreset(rawValue: preset)?.label ?? preset)"),
            ("Records left out (not contacts, older copies, deletions)", "\(run.rowsSkipped)"), ("Contacts deleted at the source", "\(run.rowsDeleted)"),
        ] } ?? [])))
        <section><h2>Rejected rows</h2>\(Components.table(["File", "Line", "Field", "Reason"], issueRows, empty: "None.", id: "issues"))
        \(run.rowsRejected > run.issues.count ? HTML("<p class=\"how\">Showing the first \(run.issues.count); import from the command line with --rejects FILE for all of them.</p>") : .empty)</section>
        """)
        return HTML(raw: page.raw.replacingOccurrences(of: "<head>\n", with: "<head>\n\(refresh)"))
    }

    static func targets(_ targets: [KPITargetDTO], directory: PerformanceDirectory, canEdit: Bool, values: FormValues, errors: FieldErrors, _ context: PageContext) -> HTML {
        let teamNames = Dictionary(uniqueKeysWithValues: directory.teams.map { ($0.id, $0.name) })
        let queueNames = Dictionary(uniqueKeysWithValues: directory.queues.map { ($0.id, $0.name) })
        var channelNames: [UUID: String] = [:]
        for queue in directory.queues { channelNames[queue.channelID] = queue.channelName }
        let rows: [[HTML]] = targets.map { t in
            var row: [HTML] = [
                "\(t.teamID.map { teamNames[$0] ?? "—" } ?? "All teams")",
                "\(t.queueID.map { "Queue: " + (queueNames[$0] ?? "—") } ?? t.channelID.map { "Channel: " + (channelNames[$0] ?? "—") } ?? "Overall")",
                "\(KPILabels.name(t.kpi))", "\(KPILabels.formatTarget(t.target, kind: t.kpi))", "\(t.effectiveFrom.display)", "\(t.effectiveTo?.display ?? "open")",
            ]
            if canEdit { row.append(Components.postButton(.targetDelete(.id(t.id)), "Delete", csrf: context.csrf, danger: true)) }
            return row
        }
        var channels: [(String, String)] = []
        for queue in directory.queues where !channels.contains(where: { $0.0 == queue.channelID.uuidString }) { channels.append((queue.channelID.uuidString, queue.channelName)) }
        let fields: [FormField] = [
            FormField(name: "teamID", label: "Team", kind: .select([("", "All teams")] + directory.teams.map { ($0.id.uuidString, $0.name) })),
            FormField(name: "queueID", label: "Queue", kind: .select([("", "Any queue")] + directory.queues.map { ($0.id.uuidString, $0.name) })),
            FormField(name: "channelID", label: "Channel", kind: .select([("", "Any channel")] + channels), hint: "Leave empty when a queue is chosen."),
            FormField(name: "kpi", label: "KPI", kind: .select(KPILabels.targetable.map { ($0.rawValue, KPILabels.name($0)) }), required: true),
            FormField(name: "target", label: "Target", hint: "Percent for rates (80 = 80%), seconds for ASA and AHT, points for QA and NPS.", required: true),
            FormField(name: "effectiveFrom", label: "Effective from", kind: .date, required: true),
            FormField(name: "effectiveTo", label: "Effective to", kind: .date, hint: "Empty: until replaced."),
        ]
        return Layout.page("Targets", context, section: .performance, """
        <h1>Targets</h1>
        \(tabs("targets", canAdminister: context.principal?.can(.administer) ?? false, canImport: canEdit))
        <p class="lead">The most specific target applies: a team's own beats all teams'; a queue's beats its channel's, which beats an overall one. For a period, the target in effect on its first day counts.</p>
        \(Components.table(["Team", "Applies to", "KPI", "Target", "From", "To"] + (canEdit ? [""] : []), rows, empty: "No targets yet: scorecards show figures without a status.", id: "targets"))
        \(canEdit ? HTML("<section><h2>Add a target</h2>\(FormRenderer.form(action: .targets, fields: fields, values: values, errors: errors, csrf: context.csrf, submit: "Add target"))</section>") : .empty)
        """)
    }

    static func settingsFields() -> [FormField] {
        [
            FormField(name: "serviceLevelMethod", label: "Service level", kind: .select([
                ("overAnsweredAndAbandoned", "answered within T ÷ (answered + abandoned after S)"),
                ("overAnswered", "answered within T ÷ answered"),
                ("withinThresholdOverOffered", "(answered + abandoned within T) ÷ offered"),
                ("overAnsweredAndAbandonedAfterThreshold", "answered within T ÷ (answered + abandoned after T)"),
            ])),
            FormField(name: "shortAbandonSeconds", label: "Short-abandon threshold S (seconds)", kind: .number, hint: "Abandons under S are ignored everywhere. Changing it recounts every stored contact."),
            FormField(name: "abandonRateMethod", label: "Abandon rate", kind: .select([("excludingShortAbandons", "abandoned after S ÷ offered"), ("includingShortAbandons", "all abandoned ÷ all entering")])),
            FormField(name: "fcrMethod", label: "First-contact resolution", kind: .select([("resolutionFlag", "resolved flag ÷ handled with a flag"), ("repeatContact", "no repeat contact within N days")])),
            FormField(name: "csatMethod", label: "CSAT", kind: .select([("topTwoBox", "4–5 ÷ all responses (1–5)"), ("binary", "good ÷ (good + bad)"), ("meanScore", "mean score (1–5)")])),
            FormField(name: "minimumSample", label: "Minimum sample", kind: .number, hint: "Below it a figure is greyed and marked “too little data”: never ranked or judged."),
            FormField(name: "nearBandPercent", label: "“Near” band (% of target)", kind: .number),
            FormField(name: "baselineWeeks", label: "Launch baseline (weeks after go-live)", kind: .number),
            FormField(name: "alertConsecutiveMisses", label: "Alert after this many missed weeks in a row (0 = off)", kind: .number),
            FormField(name: "alertWorseThanBaselinePercent", label: "Alert when this % worse than the launch baseline (0 = off)", kind: .number),
            FormField(name: "partnerRanks", label: "Ranks partner users see", kind: .select([
                ("outOfAll", "Their rank among every team, e.g. “2 of 4”"), ("hidden", "No rank"),
            ]), hint: "Ranks are always taken over every team you compare, never over the partner alone."),
            FormField(name: "shareExitScenarios", label: "Show partner users the exit scenario of their own team", kind: .checkbox,
                      hint: "Your own planning: hidden from partners unless shared; other teams' capacity is never named."),
            FormField(name: "shareConcentration", label: "Show partner users the concentration warnings about their own team", kind: .checkbox,
                      hint: "Your vendor-risk view: hidden from partners unless shared."),
        ]
    }

    static func values(_ s: PerformanceSettings) -> FormValues {
        FormValues([
            "serviceLevelMethod": s.kpi.serviceLevelMethod.rawValue, "shortAbandonSeconds": String(s.kpi.shortAbandonThreshold),
            "abandonRateMethod": s.kpi.abandonRateMethod.rawValue, "fcrMethod": s.kpi.fcrMethod.rawValue, "csatMethod": s.kpi.csatMethod.rawValue,
            "minimumSample": String(s.kpi.minimumSample), "nearBandPercent": String(s.nearBandPercent), "baselineWeeks": String(s.baselineWeeks),
            "alertConsecutiveMisses": String(s.alerts.consecutiveMissedPeriods), "alertWorseThanBaselinePercent": String(s.alerts.worseThanBaselinePercent),
            "partnerRanks": s.partners.ranks.rawValue, "shareExitScenarios": s.partners.shareExitScenarios ? "on" : "",
            "shareConcentration": s.partners.shareConcentration ? "on" : "",
        ])
    }

    static func settings(values: FormValues, errors: FieldErrors, _ context: PageContext) -> HTML {
        Layout.page("Performance settings", context, section: .performance, """
        <h1>Performance settings</h1>
        \(tabs("settings", canAdminister: true, canImport: true))
        <p class="lead">How every scorecard counts. Repeat-contact FCR counts answered contacts with a customer key whose N-day window is fully observed in the imported data.</p>
        \(FormRenderer.form(action: .performanceSettings, fields: settingsFields(), values: values, errors: errors, csrf: context.csrf, submit: "Save settings"))
        """)
    }
}

private extension String {
    var asHTML: HTML { HTML(raw: self) }
}
