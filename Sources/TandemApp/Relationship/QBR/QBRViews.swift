import Foundation
import TandemPartners
import TandemPerformance
import TandemRelationship
import TandemSelection

/// The printable QBR: a standalone document, so the same HTML serves the web page (with
/// the site stylesheet linked) and `tandem qbr` (with the stylesheet inlined).
enum QBRViews {
    enum Styles {
        /// The web page links the stylesheet: the Content-Security-Policy forbids inline styles.
        case linked
        /// A saved file carries its styles inside.
        case inline
    }

    static func document(_ pack: QBRPack, styles: Styles) -> HTML {
        let style: HTML = switch styles {
        case .linked: "<link rel=\"stylesheet\" href=\"\(SiteURL.stylesheet.path)\">"
        case .inline: HTML(raw: "<style>\n\(Stylesheet.css)\(RelationshipStyles.css)\n</style>")
        }
        let current = pack.health.last
        let healthRows: [[HTML]] = (current?.components ?? []).map { c in
            ["\(c.label)", c.score.map { HTML("\(RelationshipSupport.score($0))") } ?? "<span class=\"muted\">excluded</span>",
             "\(String(format: "%.0f", c.weight))%", c.score == nil ? "—" : "\(String(format: "%.1f", c.effectiveWeight))%", "\(c.basis)"]
        }
        let trend: [HTML] = pack.health.map { h in
            RelationshipSupport.healthCard(h.quarter, h)
        }
        let incidentRows: [[HTML]] = pack.incidents.map { i in
            ["\(i.title)", Components.badge(i.severity.label, "sev-\(i.severity.rawValue)"), "\(i.source.label)", "\(i.status.label)",
             "\(LocalDate(date: i.openedAt).display)", i.breached ? Components.badge("breached", "overdue") : "within target", "\(i.rootCause.isEmpty ? "—" : i.rootCause)"]
        }
        let actionRows: [[HTML]] = pack.actionItems.map { a in
            ["\(a.title)", "\(a.ownerName) (\(a.ownerSide.label))", "\(a.dueDate.display)",
             a.late ? Components.badge("Late", "overdue") : Components.badge(a.status.label, a.status == .done ? "ok" : "waiting"), "\(ContactCentreFormat.date(a.completedOn))"]
        }
        let commitmentRows: [[HTML]] = pack.commitments.periods.map { p in
            ["\(p.quarter)", "\(RelationshipSupport.percent(p.partnerRatio)) (\(p.partnerKept) of \(p.partnerDue))", "\(RelationshipSupport.percent(p.clientRatio)) (\(p.clientKept) of \(p.clientDue))"]
        }
        let surveyBlocks: [HTML] = pack.surveys.map { s in
            let rows: [[HTML]] = s.dimensions.map { d in
                ["\(d.dimension)", d.suppressed ? "<span class=\"muted\">not enough responses</span>" : "\(RelationshipSupport.score(d.mean)) / 5", "\(d.responses)"]
            }
            return "<h3>\(s.direction.label)</h3>\(Components.table(["Dimension", "Mean", "Responses"], rows, empty: "No questions."))"
        }
        let card = pack.scorecard
        let scorecardRows: [[HTML]] = card.rows.map { r in
            ["\(r.label)"] + r.figures.map { f -> HTML in
                guard let target = f.targetDisplay else { return "\(f.display)" }
                let status: HTML = f.status.map { HTML("<span class=\"status-\($0.rawValue)\">\($0.rawValue)</span>") } ?? "<span class=\"muted\">not judged</span>"
                return "\(f.display) · target \(target) · \(status)"
            }
        }
        let weekly = card.weeksMet + card.weeksNear + card.weeksMissed
        let weeklyNote: HTML = weekly == 0 ? "No weekly figure had a target this quarter."
            : "Weekly figures with a target: \(card.weeksMet) met, \(card.weeksNear) near, \(card.weeksMissed) missed of \(weekly) (near counts half in the health index)."
        let goals: [HTML] = pack.goals.map { HTML("<li>\($0)</li>") }
        // The health trend as a chart on the 0–100 scale; a thin index is drawn grey and captioned.
        let healthBars = pack.health.compactMap { h in
            h.index.map { BarChart.Bar(label: h.quarter + (h.thin ? " (\(h.coverage))" : ""), value: $0, kind: h.thin ? "bar-thin" : "bar-partner",
                                       tip: "\(h.quarter): \(RelationshipSupport.score($0)) from \(h.coverage)\(h.thin ? ", \(ThinData.label)" : "")") }
        }
        let healthChart: HTML = healthBars.isEmpty ? .empty
            : BarChart.render(healthBars, axisLabel: "Relationship health index (0–100)",
                              legend: [("bar-partner", "index from at least \(HealthIndex.minimumComponents) components"), ("bar-thin", "\(ThinData.label): fewer components")],
                              ariaLabel: "Relationship health by quarter")
        // Each KPI's monthly figures against its target, as bars on one axis per KPI.
        let kpiCharts: [HTML] = card.rows.filter { [KPIKind.serviceLevel, .abandonRate].contains($0.kpi) }.compactMap { row in
            let bars = zip(card.months, row.figures).compactMap { month, figure in
                figure.value.map { BarChart.Bar(label: month, value: $0 * 100, kind: figure.display == ThinData.label ? "bar-thin" : "bar-partner",
                                                tip: "\(row.label) \(month): \(figure.display)\(figure.targetDisplay.map { " (target \($0))" } ?? "")") }
            }
            guard !bars.isEmpty else { return nil }
            return "<h3>\(row.label) by month</h3>\(BarChart.render(bars, axisLabel: "\(row.label) (%)\(row.figures.compactMap(\.targetDisplay).first.map { "; target \($0)" } ?? "")", legend: [("bar-partner", row.label), ("bar-thin", ThinData.label)], ariaLabel: "\(row.label) by month"))"
        }
        let broadcastRows: [[HTML]] = pack.broadcasts.map { b in
            let mine = b.recipients.first
            return ["\(b.title)", "\(b.kind.label)", "\(b.effectiveDate.display)",
                    !b.requiresAcknowledgement ? "not required" : mine?.acknowledgedAt.map { HTML("\(Components.date($0))") } ?? (mine?.overdue == true ? Components.badge("Overdue", "overdue") : "waiting")]
        }
        return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>QBR \(pack.quarter) · \(pack.partner.name)</title>
        \(style)
        </head>
        <body class="qbr">
        <main>
        <header class="qbr-head"><div><p class="crumbs">Quarterly business review · \(pack.quarter) (\(ContactCentreFormat.dateRange(pack.from, through: pack.through)))</p>
        <h1>\(pack.partner.name)</h1>
        <p class="lead">Relationship manager: \(pack.partner.relationshipManager?.name ?? "—") · Prepared \(Components.date(pack.generatedAt))</p></div>
        <div class="qbr-index">\(RelationshipSupport.healthCard("Relationship health", current))</div>
        </header>
        <section class="qbr-section"><h2>Relationship health</h2>
        <div class="cards">\(trend)</div>
        \(healthChart)
        \(Components.table(["Component", "Score", "Weight", "Weight used", "Basis"], healthRows, empty: "No data."))
        \(current.map { c in c.thin ? HTML("<p class=\"caveat\" id=\"health-caveat\">\(c.quarter): the index rests on \(c.coverage); below \(HealthIndex.minimumComponents) components it is \(ThinData.label) for a full score.</p>") : .empty } ?? .empty)
        <p class="how">\(HealthService.explanation)\((current?.excluded.isEmpty ?? true) ? HTML.empty : HTML(" Excluded this quarter for lack of data: \((current?.excluded ?? []).map(\.label).joined(separator: ", ")).")) Formulas: docs/relationship-health.md.</p>
        </section>
        <section class="qbr-section"><h2>Scorecard</h2>
        \(card.snapshot.items.isEmpty ? HTML.empty : HTML("<h3>At a glance: \(card.months.last ?? "")</h3>\(KPISnapshotViews.cards(card.snapshot))<p class=\"how\">The quarter's latest month with contacts against its target; the arrow shows the change since the month before.</p>"))
        \(Components.table(["KPI"] + card.months, scorecardRows, empty: "No scorecard figures or targets for this partner this quarter."))
        \(kpiCharts)
        <p class="how">\(weeklyNote) Monthly figures from the performance scorecards; status against the target in force on the month's first day.</p></section>
        <section class="qbr-section"><h2>Incidents</h2>
        \(Components.table(["Incident", "Severity", "Raised by", "Status", "Opened", "Escalation", "Root cause"], incidentRows, empty: "No incidents this quarter."))</section>
        <section class="qbr-section"><h2>Action items</h2>
        \(Components.table(["Action", "Owner", "Due", "Status", "Done on"], actionRows, empty: "No action items due this quarter."))
        <h3>Commitments kept</h3>
        \(Components.table(["Quarter", "Partner side", "Client side"], commitmentRows, empty: "No data."))
        <p class="how">\(CommitmentsKept.formula).</p></section>
        <section class="qbr-section"><h2>Survey results</h2>
        \(surveyBlocks.isEmpty ? HTML("<p class=\"muted\">No survey this quarter.</p>") : surveyBlocks.joined())</section>
        <section class="qbr-section"><h2>SMART goals</h2>
        \(smartGoals(pack.smartGoals))</section>
        <section class="qbr-section"><h2>Goals and decisions</h2>
        \(goals.isEmpty ? HTML("<p class=\"muted\">No decisions recorded in this quarter's meetings.</p>") : "<ul>\(goals)</ul>")</section>
        <section class="qbr-section"><h2>Changes this quarter</h2>
        \(Components.table(["Broadcast", "Kind", "Effective", "Acknowledged"], broadcastRows, empty: "No broadcasts effective this quarter."))</section>
        </main>
        </body>
        </html>
        """
    }

    /// SMART goals in the pack (issue 15), with the status classes the pack's own styles carry.
    static func smartGoals(_ goals: [SmartGoalDTO]) -> HTML {
        guard !goals.isEmpty else { return "<p class=\"muted\">No SMART goals set.</p>" }
        let rows: [[HTML]] = goals.map { g in
            let css = switch g.status {
            case .achieved, .onTrack: "status-met"
            case .atRisk: "status-near"
            case .missed: "status-missed"
            case .notMeasured: "status-none"
            }
            return ["\(g.title)", "\(g.metric)", "\(g.baselineDisplay) → \(g.targetDisplay) by \(g.deadline.description)", "\(g.owner) (\(g.ownerSide.label))",
                    "\(g.currentDisplay) (\(g.measuredOver))", "\(g.expectedDisplay)", "<span class=\"\(css)\">\(g.status.label)</span>"]
        }
        return """
        \(Components.table(["Goal", "Metric", "Baseline → target", "Owner", "Now", "Expected", "Status"], rows, empty: ""))
        <p class="how">\(GoalPlan.rule) \(GoalService.measurementRule)</p>
        """
    }
}
