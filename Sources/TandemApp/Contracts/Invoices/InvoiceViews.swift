import Foundation
import TandemContracts
import TandemPartners

/// Invoice pages: pure functions from view models to HTML.
enum InvoiceViews {
    static func statusBadge(_ status: InvoiceStatus) -> HTML {
        let kind: String = switch status {
        case .draft: "waiting"
        case .underReview: "onboarding"
        case .approved, .resolved: "live"
        case .disputed: "exiting"
        }
        return Components.badge(status.label, kind)
    }

    static func list(_ invoices: [InvoiceSummaryDTO], partners: [PartnerDTO], canManage: Bool, _ context: PageContext) -> HTML {
        let rows: [[HTML]] = invoices.map { i in
            [Components.link(.invoice(.id(i.id)), "\(i.month)\(i.reference.isEmpty ? "" : " · \(i.reference)")"), Components.link(.partnerContract(.id(i.partnerID)), i.partnerName),
             statusBadge(i.status), "\(ContractFormat.money(i.linesTotal))", "\(ContractFormat.money(i.credit))", "\(ContractFormat.money(i.earnedBack))",
             "\(ContractFormat.money(i.bonus))", "<strong>\(ContractFormat.money(i.payable))</strong>",
             i.flaggedLines > 0 ? Components.badge("\(i.flaggedLines) flagged", "overdue") : "—", i.disputedLines > 0 ? Components.badge("\(i.disputedLines) disputed", "exiting") : "—"]
        }
        let enter: HTML = canManage && !partners.isEmpty
            ? "<p>Enter or import an invoice for: \(HTML(raw: partners.map { Components.link(.invoiceNew(partner: .id($0.id)), $0.name).raw }.joined(separator: " · ")))</p>"
            : .empty
        return Layout.page("Invoices", context, section: .contracts, """
        \(ContractViews.tabs(.invoices, canManage: canManage))
        <h1>Invoices</h1>
        <p class="lead">Each partner's monthly invoice, held against what Tandem knows (the capacity plan, the schedules, delivered hours and handled contacts) and settled with the month's SLA credits and bonus.</p>
        \(enter)
        \(Components.table(["Month", "Partner", "Status", "Lines", "Credit", "Earned back", "Bonus", "Payable", "Reconciliation", "Disputes"], rows,
                           empty: "No invoices yet.", id: "invoices"))
        \(ContractViews.how("Payable = lines − SLA credit + credits earned back + bonus. Approved and resolved invoices keep the figures they were approved with."))
        """)
    }

    static func newForm(partner: PartnerDTO, values: FormValues, errors: FieldErrors, issues: [ContractIssue] = [], file: String = "", _ context: PageContext) -> HTML {
        let issueRows: [[HTML]] = issues.map { ["\(file)", "\($0.row.map(String.init) ?? "—")", "<code>\($0.field)</code>", "\($0.reason)"] }
        let report: HTML = issues.isEmpty ? .empty : """
        <div class="error-summary" role="alert"><strong>The invoice was not saved: \(issues.count) problem\(issues.count == 1 ? "" : "s"). Nothing was changed.</strong></div>
        \(Components.table(["File", "Line", "Field", "Problem"], issueRows, empty: "", id: "invoice-issues"))
        """
        let example = "team,unit,quantity,rate,channel,site,language,description\n\(partner.name),productive_hour,4120.5,18.75,voice,,,Billing voice\n\(partner.name),handled_contact,11800,1.10,chat,,,Orders chat"
        return Layout.page("New invoice: \(partner.name)", context, section: .contracts, """
        <p class="crumbs">\(Components.link(.invoices, "Invoices"))</p>
        <h1>\(partner.name): enter an invoice</h1>
        <p class="lead">A CSV with the header <code>\((InvoiceCSV.requiredColumns + InvoiceCSV.optionalColumns).joined(separator: ","))</code> (the last five optional). Every line is checked first; a file with any bad line changes nothing. Entering the same month again replaces its draft.</p>
        <pre>\(example)</pre>
        \(report)
        <form method="post" action="\(SiteURL.invoiceNew(partner: .id(partner.id)).path)?\(CSRFMiddleware.field)=\(context.csrf)" class="stacked" enctype="multipart/form-data" id="invoice-form">
        \(FormRenderer.field(FormField(name: "month", label: "Month", hint: "YYYY-MM", required: true), value: values["month"], error: errors["month"] ?? issues.first { $0.field == "month" }?.reason))
        \(FormRenderer.field(FormField(name: "reference", label: "Invoice number"), value: values["reference"], error: nil))
        <div class="field"><label for="f-file">CSV file</label><input type="file" id="f-file" name="file" accept=".csv,text/csv"></div>
        <div class="field"><label for="f-csv">…or paste the lines</label><textarea id="f-csv" name="csv" rows="8">\(values["csv"])</textarea></div>
        <div class="actions"><button type="submit">Save as draft</button></div>
        </form>
        """)
    }

    static func comparisonCell(_ c: ReconciliationComparisonDTO) -> HTML {
        guard let reference = c.reference else { return "<span class=\"how\" title=\"\(c.explanation)\">not known</span>" }
        let mark: HTML = c.withinTolerance == false ? Components.badge("beyond tolerance", "overdue") : Components.badge("within", "live")
        return "<span title=\"\(c.explanation)\">\(reference) (Δ \(c.difference ?? "0"))</span> \(mark)"
    }

    static func detail(_ i: InvoiceDTO, evaluation: SLAEvaluationDTO?, history: [AuditEntryDTO], canAddLines: Bool, errors: FieldErrors, values: FormValues,
                       _ context: PageContext) -> HTML {
        let id = SiteURL.Ref.id(i.id)
        let canDispute = i.actions.contains(.dispute)
        let lineRows: [[HTML]] = i.lines.map { l in
            var row: [HTML] = ["\(l.row)", "\(l.unit.label)", "\([l.channel?.rawValue, l.site, l.language].compactMap { $0 }.joined(separator: ", "))",
                               "\(l.quantity)", "\(l.rate)", "\(ContractFormat.money(l.amount))", "\(l.description)",
                               l.disputeReason.map { HTML("\(Components.badge("disputed", "exiting")) \($0) <span class=\"how\">(\(l.disputedBy ?? ""))</span>") } ?? "—"]
            if canDispute {
                row.append("<textarea name=\"reason_\(l.row)\" rows=\"1\" aria-label=\"Reason to dispute line \(l.row)\" form=\"dispute-form\"></textarea>")
            }
            return row
        }
        let lineHead = ["Line", "Unit", "Channel · site · language", "Quantity", "Rate", "Amount", "Description", "Dispute"] + (canDispute ? ["Dispute reason"] : [])
        let reconRows: [[HTML]] = i.reconciliation.lines.map { l in
            let cells: [HTML] = ["required", "scheduled", "delivered", "delivered_in_adherence", "handled", "resolved"].map { basis in
                l.comparisons.first { $0.basis == basis }.map(comparisonCell) ?? "—"
            }
            return ["\(l.row)", "\(l.line)", "\(l.quantity)"] + cells + [
                l.rateMatches == false ? HTML("\(Components.badge("rate", "overdue")) <span class=\"how\">\(l.rateCheck)</span>") : HTML("<span class=\"how\">\(l.rateCheck)</span>"),
                l.flagged ? Components.badge("flagged", "overdue") : (l.unverified ? Components.badge("not verifiable", "waiting") : Components.badge("ok", "live")),
            ]
        }
        var actions: [HTML] = []
        for action in i.actions where action != .dispute {
            let note: HTML = action == .resolve
                ? "<div class=\"field\"><label for=\"f-note\">How it was resolved</label><textarea id=\"f-note\" name=\"note\" rows=\"2\">\(values["note"])</textarea>\(errors["note"].map { HTML("<p class=\"field-error\">\($0)</p>") } ?? .empty)</div>"
                : .empty
            actions.append("""
            <form method="post" action="\(SiteURL.invoiceAction(id).path)" class="stacked" id="action-\(action.rawValue)">\(Components.csrfField(context.csrf))
            <input type="hidden" name="action" value="\(action.rawValue)">\(note)<div class="actions"><button type="submit">\(action.label)</button></div></form>
            """)
        }
        let disputeForm: HTML = canDispute ? """
            <form method="post" action="\(SiteURL.invoiceDispute(id).path)" id="dispute-form" class="inline">\(Components.csrfField(context.csrf))
            <p>To dispute lines, write a reason beside each one above, then <button type="submit" class="secondary">Dispute the lines with a reason</button></p>
            \(errors["disputes"].map { HTML("<p class=\"field-error\">\($0)</p>") } ?? .empty)
            </form>
            """ : .empty
        let actionErrors = errors.messages.filter { $0.key != "note" && $0.key != "disputes" && !["unit", "quantity", "rate", "channel", "site", "language", "line", "description", "amount"].contains($0.key) }
        let addFields: [FormField] = [
            FormField(name: "unit", label: "Unit", kind: .select(FormRenderer.options(BillingUnit.self, label: \.label))),
            FormField(name: "quantity", label: "Quantity", required: true), FormField(name: "rate", label: "Rate", required: true),
            FormField(name: "channel", label: "Channel", kind: .select([("", "any")] + ChannelKind.allCases.map { ($0.rawValue, $0.label) })),
            FormField(name: "site", label: "Site"), FormField(name: "language", label: "Language"), FormField(name: "description", label: "Description"),
        ]
        var lineErrors = FieldErrors()
        for (key, message) in errors.messages where addFields.contains(where: { $0.name == key }) || key == "line" { lineErrors.add(key == "line" ? "description" : key, message) }
        let addLine: HTML = canAddLines && i.status == .draft
            ? "<section><h2>Add a line</h2>\(FormRenderer.form(action: .invoiceLines(id), fields: addFields, values: values, errors: lineErrors, csrf: context.csrf, submit: "Add line"))</section>"
            : .empty
        let s = i.settlement
        let slaLink: HTML = evaluation.map { e in
            HTML("<p>SLA \(e.month): credit \(e.creditApplied) of \(e.atRiskAmount) at risk, bonus \(e.bonusPayable), earned back \(e.earnedBack). \(HTML(raw: "<a href=\"\(SiteURL.partnerSLA(.id(i.partnerID)).path)?month=\(e.month)\">Line by line</a>"))</p>")
        } ?? "<p class=\"how\">No SLA evaluation for this month (no contract version with service credits governs it).</p>"
        return Layout.page("Invoice \(i.month): \(i.partnerName)", context, section: .contracts, """
        <p class="crumbs">\(Components.link(.invoices, "Invoices")) · \(Components.link(.partnerContract(.id(i.partnerID)), "\(i.partnerName): contract"))</p>
        <h1>\(i.partnerName): invoice \(i.month)\(i.reference.isEmpty ? "" : " (\(i.reference))") \(statusBadge(i.status))</h1>
        \(actionErrors.isEmpty ? .empty : HTML("<div class=\"error-summary\" role=\"alert\">\(actionErrors.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; "))</div>"))
        <div class="cards" id="settlement-cards">
        <div class="card"><div class="card-title">Lines</div><div class="card-figure">\(ContractFormat.money(s.linesTotal))</div></div>
        <div class="card"><div class="card-title">SLA credit</div><div class="card-figure">\(s.credit == "0.00" ? "" : "−")\(ContractFormat.money(s.credit))</div></div>
        <div class="card"><div class="card-title">Earned back</div><div class="card-figure">\(s.earnedBack == "0.00" ? "" : "+")\(ContractFormat.money(s.earnedBack))</div></div>
        <div class="card"><div class="card-title">Bonus</div><div class="card-figure">\(s.bonus == "0.00" ? "" : "+")\(ContractFormat.money(s.bonus))</div></div>
        <div class="card"><div class="card-title">Payable</div><div class="card-figure" id="payable">\(ContractFormat.money(s.payable))</div></div>
        </div>
        <section><h2>Lines</h2>
        \(Components.table(lineHead, lineRows, empty: "No lines yet.", id: "invoice-lines"))
        \(disputeForm)
        \(i.resolutionNote.isEmpty ? .empty : HTML("<p><strong>Resolution:</strong> <span class=\"notes\">\(i.resolutionNote)</span></p>"))
        </section>
        <section><h2>What happens next</h2>\(actions.isEmpty ? HTML("<p class=\"how\">Nothing for you to do on this invoice.</p>") : HTML(raw: actions.map(\.raw).joined()))</section>
        \(addLine)
        <section><h2>Reconciliation</h2>
        \(Components.table(["Line", "Billed", "Quantity", "Required (plan)", "Scheduled", "Delivered", "In adherence", "Handled", "Resolved", "Rate", ""], reconRows,
                           empty: "Not reconciled yet.", id: "reconciliation"))
        \(ContractViews.how("Tolerance: \(i.reconciliation.tolerance). Billed above the pay basis beyond tolerance: \(i.reconciliation.overbilledAmount). Hover a figure for its arithmetic. Sources: \(i.reconciliation.sources.isEmpty ? "none imported for this month" : i.reconciliation.sources.joined(separator: "; "))."))
        </section>
        <section><h2>Settlement</h2>\(slaLink)
        <ul class="changes" id="settlement">\(s.explanation.map { HTML("<li>\($0)</li>") })</ul>
        </section>
        <section><h2>History</h2>\(AuditViews.table(history, empty: "No changes recorded."))</section>
        """)
    }

    static func deliveredPage(issues: [StaffingImportIssue], csv: String, _ context: PageContext) -> HTML {
        let issueRows: [[HTML]] = issues.prefix(500).map { ["\($0.file)", "\($0.line)", "<code>\($0.field)</code>", "\($0.reason)"] }
        let report: HTML = issues.isEmpty ? .empty : """
        <div class="error-summary" role="alert"><strong>The file was not imported: \(issues.count) problem\(issues.count == 1 ? "" : "s"). Nothing was changed.</strong></div>
        \(Components.table(["File", "Line", "Field", "Problem"], issueRows, empty: "", id: "import-issues"))
        """
        return Layout.page("Import delivered hours", context, section: .contracts, """
        \(ContractViews.tabs(.deliveredHoursImport, canManage: true))
        <h1>Import delivered hours</h1>
        <p class="lead">One row per agent and day: <code>\((DeliveredHoursImport.requiredColumns + DeliveredHoursImport.optionalColumns).joined(separator: ","))</code> (the adherence columns are optional). Every row is checked first; a file with any bad row changes nothing; an agent and day imported again is updated. Invoices are reconciled against these hours, and schedule adherence for SLAs comes from the adherence columns.</p>
        <pre>\(DeliveredHoursImport.example)</pre>
        \(report)
        <form method="post" action="\(SiteURL.deliveredHoursImport.path)" class="stacked" enctype="multipart/form-data">
        \(Components.csrfField(context.csrf))
        <div class="field"><label for="f-file">CSV file</label><input type="file" id="f-file" name="file" accept=".csv,text/csv"></div>
        <div class="field"><label for="f-csv">…or paste the CSV</label><textarea id="f-csv" name="csv" rows="8">\(csv)</textarea></div>
        <div class="actions"><button type="submit">Import</button></div>
        </form>
        """)
    }
}
