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
            <section id="baseline-result"><h2>\(d.queueName): week of \(LocalDate(d.week)?.display ?? d.week)</h2>
            <div class="error-summary" id="baseline-not-enough">\(d.message)</div>
            \(Components.details([("Weeks with contacts", HTML("\(weeksUsed)")), ("Offered contacts", HTML("\(d.sampleContacts)")),
                                  ("Weeks needed", HTML("\(d.minimumWeeks)"))]))
            \(how(d.method))
            </section>
            """
        }
        let wape = d.wape.map { StaffingFormat.percent($0) } ?? "—"
        let week = LocalDate(d.week)?.display ?? d.week
        let cards: [HTML] = [
            card("Baseline contacts", ContactCentreFormat.count(d.weeklyContacts ?? 0), "week of \(week), \(d.intervalMinutes)-minute intervals"),
            card("Mean AHT", d.meanAHTSeconds.map { ContactCentreFormat.duration(seconds: $0) } ?? "—", "Σ handle ÷ handled, per interval-of-week"),
            card("WAPE (held out)", wape, "Σ|actual − forecast| ÷ Σ actual on \(d.heldOutWeeks.joined(separator: ", ")): \(h(d.backtestActualContacts ?? 0)) actual vs \(h(d.backtestForecastContacts ?? 0)) forecast"),
        ]
        let rows: [[HTML]] = d.intervals.filter { $0.contacts > 0 }.map { ["\($0.intervalStart)", "\(StaffingFormat.number($0.contacts, digits: 2))", "\(h($0.ahtSeconds))"] }
        let baselineContacts = d.weeklyContacts ?? 0
        let comparison: HTML
        if let planned = d.plannedContacts {
            let change = planned > 0 ? (baselineContacts - planned) / planned : 0
            let sampleWeeks = max(1, d.weeksUsed.count)
            comparison = """
            <div class="explain" id="baseline-vs-plan"><h3>One week, one volume</h3><ul>
            <li>The capacity plan uses the forecast stored for \(d.queueName), week of \(week): <strong>\(ContactCentreFormat.count(planned)) contacts</strong> over \(d.plannedIntervals) intervals. The plan, the heatmaps and the exit scenario all read that one figure.</li>
            <li>This baseline: <strong>\(ContactCentreFormat.count(baselineContacts)) contacts</strong> (\(change >= 0 ? "+" : "")\(StaffingFormat.percent(change)) against the stored forecast).</li>
            <li>Why they differ: the baseline is built only from the contacts imported into Tandem for this queue (\(ContactCentreFormat.count(d.sampleContacts)) offered over \(sampleWeeks) week\(sampleWeeks == 1 ? "" : "s"), about \(ContactCentreFormat.count(Double(d.sampleContacts) / Double(sampleWeeks))) a week); the stored forecast came from a forecast file. When the imported history holds only part of the queue's traffic, the baseline is lower\(d.wape.map { ", and its WAPE of \(StaffingFormat.percent($0)) on the held-out week says how far it missed" } ?? "").</li>
            <li>Saving replaces the stored \(ContactCentreFormat.count(planned)) contacts with \(ContactCentreFormat.count(baselineContacts)) for this queue and week.</li>
            </ul></div>
            """
        } else {
            comparison = "<div class=\"explain\" id=\"baseline-vs-plan\"><h3>One week, one volume</h3><p>No forecast is stored for \(d.queueName) in the week of \(week): the capacity plan has no volume for it. Saving makes this baseline that volume.</p></div>"
        }
        let saveLabel = d.plannedContacts.map { "Replace the stored forecast (\(ContactCentreFormat.count($0)) contacts) with this baseline" } ?? "Save as the forecast of the week of \(week)"
        let save: HTML = canEdit ? """
        <form method="post" action="\(SiteURL.staffingBaseline.path)" id="baseline-save">
        \(Components.csrfField(csrf))
        <input type="hidden" name="queue" value="\(d.queueCode)"><input type="hidden" name="week" value="\(d.week)">
        <input type="hidden" name="intervalMinutes" value="\(d.intervalMinutes)"><input type="hidden" name="weeks" value="\(d.requestedWeeks)">
        <div class="actions"><button type="submit">\(saveLabel)</button></div></form>
        """ : .empty
        return """
        <section id="baseline-result"><h2>\(d.queueName): week of \(week)</h2>
        <div class="cards" id="baseline-cards">\(cards)</div>
        \(Components.details([("Weeks used", HTML("\(weeksUsed)")), ("Fitted on (for the WAPE)", HTML("\(d.fitWeeks.joined(separator: ", "))")),
                              ("Held-out weeks", HTML("\(d.heldOutWeeks.joined(separator: ", "))")),
                              ("Sample", HTML("\(d.sampleContacts) offered contacts, \(d.handledContacts) handled")), ("Time basis", HTML("\(d.timeBasis)"))]))
        \(how(d.method))
        \(comparison)
        \(save)
        \(Components.table(["Interval start (UTC)", "Contacts", "AHT s"], rows, empty: "No contacts forecast.", id: "baseline-intervals"))
        </section>
        """
    }
}
