import Foundation
import TandemPartners

extension StaffingViews {
    /// The baseline forecast page: pick a queue, week and interval; see the baseline beside its
    /// WAPE on the held-out week, and save it as the week's forecast.
    static func baseline(queues: [Queue], values: FormValues, dto: BaselineForecastDTO?, errors: FieldErrors, canEdit: Bool, _ context: PageContext) -> HTML {
        let selected = values["queue"].lowercased()
        let queueOptions = queues.map { q in
            HTML("<option value=\"\(q.code)\"\(q.code == selected ? HTML(" selected") : .empty)>\(q.name) (\(q.code))</option>")
        }
        let minutes = values["intervalMinutes"].isEmpty ? "30" : values["intervalMinutes"]
        let minuteOptions = ["15", "30", "60"].map { m in HTML("<option value=\"\(m)\"\(m == minutes ? HTML(" selected") : .empty)>\(m) minutes</option>") }
        let errorBox: HTML = errors.isEmpty ? .empty : "<div class=\"error-summary\" role=\"alert\"><strong>\(errors.summary)</strong></div>"
        let picker: HTML = """
        <form method="get" action="\(SiteURL.staffingBaseline.path)" class="filters" id="baseline-picker">
        <div class="field"><label for="f-queue">Queue</label><select id="f-queue" name="queue">\(queueOptions)</select></div>
        <div class="field"><label for="f-week">Target week (any day)</label><input type="date" id="f-week" name="week" value="\(values["week"])"></div>
        <div class="field"><label for="f-interval">Interval</label><select id="f-interval" name="intervalMinutes">\(minuteOptions)</select></div>
        <div class="field"><label for="f-weeks">Weeks of history</label><input type="number" id="f-weeks" name="weeks" min="1" max="52" value="\(values["weeks"].isEmpty ? String(BaselineService.defaultWeeks) : values["weeks"])"></div>
        <div class="actions"><button type="submit">Compute baseline</button></div></form>
        """
        return Layout.page("Baseline forecast", context, section: .staffing, """
        \(tabs(nil, canExit: true))
        <h1>Baseline forecast</h1>
        <p class="lead">A forecast from the imported contact history: the weekly pattern scaled to the recent level, with its accuracy (WAPE) on the held-out week beside it. Intervals are <strong>UTC</strong>: history is grouped on the UTC clock and the saved forecast's plan time is the UTC wall clock.</p>
        \(errorBox)
        \(picker)
        \(dto.map { baselineResult($0, canEdit: canEdit, csrf: context.csrf) } ?? .empty)
        """)
    }

    static func baselineResult(_ d: BaselineForecastDTO, canEdit: Bool, csrf: String) -> HTML {
        let weeksUsed = d.weeksUsed.isEmpty ? "none" : "\(d.weeksUsed.count) (\(d.weeksUsed.first!) – \(d.weeksUsed.last!))"
        guard d.enoughHistory else {
            return """
            <section id="baseline-result"><h2>\(d.queueName): week of \(d.week)</h2>
            <div class="error-summary" id="baseline-not-enough">\(d.message)</div>
            \(Components.details([("Weeks with contacts", HTML("\(weeksUsed)")), ("Offered contacts", HTML("\(d.sampleContacts)")),
                                  ("Weeks needed", HTML("\(d.minimumWeeks)"))]))
            \(how(d.method))
            </section>
            """
        }
        let wape = d.wape.map { StaffingFormat.percent($0) } ?? "—"
        let cards: [HTML] = [
            card("Forecast contacts", h(d.weeklyContacts ?? 0), "week of \(d.week), \(d.intervalMinutes)-minute intervals"),
            card("Mean AHT", d.meanAHTSeconds.map { "\(h($0)) s" } ?? "—", "Σ handle ÷ handled, per interval-of-week"),
            card("WAPE (held out)", wape, "Σ|actual − forecast| ÷ Σ actual on \(d.heldOutWeeks.joined(separator: ", ")): \(h(d.backtestActualContacts ?? 0)) actual vs \(h(d.backtestForecastContacts ?? 0)) forecast"),
        ]
        let rows: [[HTML]] = d.intervals.filter { $0.contacts > 0 }.map { ["\($0.intervalStart)", "\(StaffingFormat.number($0.contacts, digits: 2))", "\(h($0.ahtSeconds))"] }
        let save: HTML = canEdit ? """
        <form method="post" action="\(SiteURL.staffingBaseline.path)" id="baseline-save">
        \(Components.csrfField(csrf))
        <input type="hidden" name="queue" value="\(d.queueCode)"><input type="hidden" name="week" value="\(d.week)">
        <input type="hidden" name="intervalMinutes" value="\(d.intervalMinutes)"><input type="hidden" name="weeks" value="\(d.requestedWeeks)">
        <div class="actions"><button type="submit">Save as the forecast of week \(d.week)</button></div></form>
        """ : .empty
        return """
        <section id="baseline-result"><h2>\(d.queueName): week of \(d.week)</h2>
        <div class="cards" id="baseline-cards">\(cards)</div>
        \(Components.details([("Weeks used", HTML("\(weeksUsed)")), ("Fitted on (for the WAPE)", HTML("\(d.fitWeeks.joined(separator: ", "))")),
                              ("Held-out weeks", HTML("\(d.heldOutWeeks.joined(separator: ", "))")),
                              ("Sample", HTML("\(d.sampleContacts) offered contacts, \(d.handledContacts) handled")), ("Time basis", HTML("\(d.timeBasis)"))]))
        \(how(d.method))
        \(save)
        \(Components.table(["Interval start (UTC)", "Contacts", "AHT s"], rows, empty: "No contacts forecast.", id: "baseline-intervals"))
        </section>
        """
    }
}
