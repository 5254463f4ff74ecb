import Foundation
import TandemContracts
import TandemPartners
import TandemPerformance

/// Contract pages: pure functions from view models to HTML.
enum ContractViews {
    static func tabs(_ current: SiteURL, canManage: Bool) -> HTML {
        var links: [(SiteURL, String)] = [(.contracts, "Contracts"), (.invoices, "Invoices"), (.costs, "Cost")]
        if canManage { links += [(.deliveredHoursImport, "Delivered hours"), (.contractSettings, "Settings")] }
        return "<nav class=\"tabs\">\(links.map { HTML("<a href=\"\($0.0.path)\"\($0.0.path == current.path ? HTML(" aria-current=\"page\"") : .empty)>\($0.1)</a>") })</nav>"
    }

    static func how(_ text: String) -> HTML { "<p class=\"how\">\(text)</p>" }

    static func sideLabel(_ side: ContactSide?) -> String { side.map { $0 == .client ? "client" : "partner" } ?? "—" }

    static func keyDateRows(_ dates: [KeyDateDTO], withPartner: Bool) -> [[HTML]] {
        dates.map { k in
            var row: [HTML] = []
            if withPartner { row.append(Components.link(.partnerContract(.id(k.partnerID)), k.partnerName)) }
            row += [Components.badge(k.kind.label, k.kind == .noticeDeadline ? "overdue" : "waiting"), "\(k.date)", "\(k.daysAway) d",
                    "\(sideLabel(k.side))", "<span class=\"how\">\(k.explanation)</span>"]
            return row
        }
    }

    /// The key-dates block of the dashboard and the partner page.
    static func keyDatesSection(_ dates: [KeyDateDTO], horizonDays: Int, withPartner: Bool) -> HTML {
        let head = (withPartner ? ["Partner"] : []) + ["What", "Date", "In", "Side", "Why"]
        return """
        <section id="key-dates"><div class="section-head"><h2>Contract key dates (next \(horizonDays) days)</h2>\(Components.link(.contracts, "Contracts"))</div>
        \(Components.table(head, keyDateRows(dates, withPartner: withPartner), empty: "No renewal, notice deadline or expiry in the next \(horizonDays) days.", id: "key-date-table"))
        </section>
        """
    }

    static func list(_ rows: [(partner: PartnerDTO, current: ContractVersionDTO?)], keyDates: [KeyDateDTO], horizon: Int, canManage: Bool, _ context: PageContext) -> HTML {
        let body: [[HTML]] = rows.map { r in
            guard let v = r.current else {
                return [Components.link(.partnerContract(.id(r.partner.id)), r.partner.name), "no contract yet", "—", "—", "—", "—"]
            }
            let t = v.terms
            return [Components.link(.partnerContract(.id(r.partner.id)), r.partner.name), "version \(v.number)\(v.inForce ? "" : " (not yet in force)")",
                    "\(t.start) to \(t.initialEnd)\(t.autoRenew ? ", renews \(t.renewalTermMonths ?? 12) months" : ", does not renew")",
                    "client \(t.clientNoticeDays) d · partner \(t.partnerNoticeDays) d",
                    "\(t.minimumHeadcount.map { "\($0) heads" } ?? "no minimum")",
                    t.sla.map { HTML("\($0.atRiskPercent)% at risk, \($0.metrics.count) metric\($0.metrics.count == 1 ? "" : "s")") } ?? "no service credits"]
        }
        return Layout.page("Contracts", context, section: .contracts, """
        \(tabs(.contracts, canManage: canManage))
        <h1>Contracts</h1>
        <p class="lead">Each partner's terms, versioned: notice periods, convenience exits, headcount, rates and service credits.</p>
        \(Components.table(["Partner", "Version", "Term", "Notice", "Minimum headcount", "Service credits"], body, empty: "No partners yet.", id: "contracts"))
        \(keyDatesSection(keyDates, horizonDays: horizon, withPartner: true))
        """)
    }

    static func termsDetails(_ v: ContractVersionDTO) -> HTML {
        let t = v.terms
        let convenience: String = {
            let sides = t.convenienceAllowedFor ?? []
            guard !sides.isEmpty else { return "not allowed" }
            let who = sides.count == 2 ? "either side" : "the \(sides[0].rawValue)"
            switch t.convenienceFee ?? .none {
            case .none: return "\(who), no fee"
            case .fixed: return "\(who), fixed fee \(ContractFormat.money(t.convenienceFeeAmount ?? "0"))"
            case .monthsOfAverageBilling: return "\(who), fee \(t.convenienceFeeMonths ?? "?") × the average monthly invoice of the last \(t.convenienceFeeLookbackMonths ?? 3) months"
            case .perRemainingMonth: return "\(who), \(ContractFormat.money(t.convenienceFeeAmount ?? "0")) per month left in the term"
            }
        }()
        let rates: [[HTML]] = (t.rates ?? []).map { r in
            ["\(r.unit.label)", "\(r.channel?.rawValue ?? "any")", "\(r.site ?? "any")", "\(r.language ?? "any")", "\(r.rate)",
             r.rampWeeks.map { HTML("\(r.rampRate ?? "?") for \($0) weeks from \(r.rampStart?.description ?? "the start")") } ?? "—"]
        }
        let metrics: [[HTML]] = (t.sla?.metrics ?? []).map { m in
            ["\(KPILabels.name(m.kpi))", "\(ContractFormat.level(m.minimum, m.kpi))", "\(ContractFormat.level(m.expected, m.kpi))", "\(m.allocationPercent)%",
             "\(m.stretch.map { ContractFormat.level($0, m.kpi) } ?? "—")", "\(m.bonusPercent.map { "\($0)%" } ?? "—")"]
        }
        let sla: HTML = t.sla.map { s in
            """
            <p>At risk: \(s.atRiskPercent)% of the month's invoice. Earnback after \(s.earnbackMonths ?? 0) month(s) at the expected level. \
            Bonus cap: \(s.bonusCapPercent.map { "\($0)%" } ?? "none")\(s.bonusOffsetsCredits == true ? ", set against credits" : ""). \
            Volume exclusion: \(s.volumeExclusionPercent.map { "offered more than \($0)% above forecast" } ?? "none").</p>
            \(Components.table(["Metric", "Minimum", "Expected", "Allocation", "Stretch", "Bonus"], metrics, empty: "No metrics.", id: "sla-metrics-\(v.number)"))
            """
        } ?? "<p class=\"how\">No service credits in this version.</p>"
        return """
        \(Components.details([
            ("In force", "\(t.effectiveFrom) to \(t.effectiveThrough?.description ?? "open end")"),
            ("Term", "\(t.start) to \(t.initialEnd); \(t.autoRenew ? "renews automatically for \(t.renewalTermMonths ?? 12) months at a time" : "does not renew")"),
            ("Notice", "client \(t.clientNoticeDays) days · partner \(t.partnerNoticeDays) days"),
            ("For cause", "cure period \(t.cureDays ?? 30) days"),
            ("For convenience", "\(convenience)"),
            ("Headcount", "\(t.minimumHeadcount.map { "minimum \($0) heads" } ?? "no minimum headcount"); flex up \(t.flexUp ?? "not restricted"), down \(t.flexDown ?? "not restricted"), \(t.flexNoticeDays ?? 0) days' notice"),
            ("Note", t.note.map { HTML("<span class=\"notes\">\($0)</span>") } ?? "—"),
        ]))
        <h3>Rates</h3>
        \(Components.table(["Unit", "Channel", "Site", "Language", "Rate", "Ramp"], rates, empty: "No rates.", id: "rates-\(v.number)"))
        <h3>Service credits</h3>
        \(sla)
        """
    }

    static func detail(partner: PartnerDTO, contract: ContractDTO?, horizon: Int, canManage: Bool, _ context: PageContext) -> HTML {
        let id = SiteURL.Ref.id(partner.id)
        let links = "\(Components.link(.partnerSLA(id), "SLA evaluations")) · \(Components.link(.invoices, "Invoices")) · \(Components.link(.partner(id), "Partner page"))"
        guard let contract else {
            return Layout.page("Contract: \(partner.name)", context, section: .contracts, """
            \(tabs(.contracts, canManage: canManage))
            <p class="crumbs">\(links)</p>
            <h1>\(partner.name): contract</h1>
            <div class="empty">No contract recorded yet.\(canManage ? HTML(" \(Components.link(.contractVersionNew(partner: id), "Enter its terms")).") : .empty)</div>
            """)
        }
        let versions: [HTML] = contract.versions.map { v in
            """
            <details\(v.inForce ? HTML(" open") : .empty) class="version"><summary><strong>Version \(v.number)</strong> · \(v.terms.effectiveFrom) to \(v.terms.effectiveThrough?.description ?? "open end") \
            \(v.inForce ? Components.badge("in force", "live") : .empty) \(canManage ? Components.link(.contractVersion(.id(v.id)), "Edit") : .empty)</summary>
            \(termsDetails(v))
            </details>
            """
        }
        let docRows: [[HTML]] = contract.documents.map { d in
            var row: [HTML] = [Components.link(.contractDocument(.id(d.id)), d.fileName), "\(d.kind.label)", "\(d.sizeBytes / 1024 + 1) KB", "\(d.uploadedBy)",
                               "\(Components.date(d.uploadedAt))", "\(d.note)"]
            if canManage { row.append(Components.postButton(.contractDocumentDelete(.id(d.id)), "Remove", csrf: context.csrf, danger: true)) }
            return row
        }
        let upload: HTML = canManage ? """
            <form method="post" action="\(SiteURL.contractDocuments(partner: id).path)?\(CSRFMiddleware.field)=\(context.csrf)" enctype="multipart/form-data" class="stacked" id="document-upload">
            <div class="field"><label for="f-file">Attach a document</label><input type="file" id="f-file" name="file"></div>
            <div class="field"><label for="f-note">Note</label><input type="text" id="f-note" name="note"></div>
            <div class="actions"><button type="submit">Upload</button></div>
            <p class="hint">PDF, Word (.docx), PNG, JPEG or plain text, at most \(DocumentService.maxBytes / 1_048_576) MB. The file is checked by its content: a file that is not what its name says is refused.</p>
            </form>
            """ : .empty
        let upcoming = contract.keyDates.filter { $0.daysAway <= horizon }
        return Layout.page("Contract: \(partner.name)", context, section: .contracts, """
        \(tabs(.contracts, canManage: canManage))
        <p class="crumbs">\(links)</p>
        <div class="page-head"><h1>\(contract.title)</h1>\(canManage ? HTML("<a class=\"button\" href=\"\(SiteURL.contractVersionNew(partner: id).path)\">New version (amendment)</a>") : .empty)</div>
        \(keyDatesSection(upcoming, horizonDays: horizon, withPartner: false))
        <section><h2>Versions</h2>\(versions)</section>
        <section><h2>Documents</h2>
        \(Components.table(["File", "Kind", "Size", "Uploaded by", "When", "Note"] + (canManage ? [""] : []), docRows, empty: "No documents attached.", id: "documents"))
        \(upload)
        </section>
        """)
    }

    static func versionForm(title: String, partner: PartnerDTO, action: SiteURL, isNew: Bool, values: FormValues, errors: FieldErrors, _ context: PageContext) -> HTML {
        Layout.page(title, context, section: .contracts, """
        <p class="crumbs">\(Components.link(.partnerContract(.id(partner.id)), "\(partner.name): contract"))</p>
        <h1>\(title)</h1>
        \(FormRenderer.form(action: action, fields: ContractForm.fields(isNew: isNew), values: values, errors: errors, csrf: context.csrf, submit: "Save version"))
        """)
    }

    static func settings(_ values: FormValues, errors: FieldErrors, canManage: Bool, _ context: PageContext) -> HTML {
        let fields = [
            FormField(name: "keyDateHorizonDays", label: "Key dates ahead (days)", kind: .number, hint: "Renewals and notice deadlines this close show on the dashboard and partner pages and go to the chat webhook.", required: true),
            FormField(name: "tolerancePercent", label: "Reconciliation tolerance (%)", kind: .number, hint: "A billed quantity within this share of what Tandem knows is not flagged.", required: true),
            FormField(name: "toleranceAbsolute", label: "…or at least (units)", kind: .number, hint: "The allowance is the larger of the two."),
            FormField(name: "adherenceOnly", label: "Pay productive hours only when in adherence", kind: .checkbox),
            FormField(name: "hoursPerFTEWeek", label: "Hours of one FTE per week", kind: .number, hint: "Turns hours into FTE-months for FTE-month lines (default 40)."),
        ]
        let form: HTML = canManage ? FormRenderer.form(action: .contractSettings, fields: fields, values: values, errors: errors, csrf: context.csrf, submit: "Save settings")
            : Components.details(fields.map { ($0.label, HTML("\(values[$0.name])")) })
        return Layout.page("Contract settings", context, section: .contracts, """
        \(tabs(.contractSettings, canManage: canManage))
        <h1>Contract settings</h1>
        \(form)
        """)
    }

    /// The contract part of the exit scenario: the partner's notice, and what a client exit for convenience costs.
    static func exitSection(_ contract: ContractExitDTO?, teamID: UUID, teamName: String) -> HTML {
        guard let c = contract else {
            return "<section id=\"exit-contract\"><h2>Contract</h2><p class=\"how\">\(teamName) has no contract in Tandem: the notice period is the one typed in the staffing rules.</p></section>"
        }
        let fee: HTML = c.clientConvenienceAllowed
            ? (c.convenienceFee.map { HTML("<strong>\(ContractFormat.money($0))</strong>") } ?? "not computable")
            : "the contract does not let the client end it for convenience"
        return """
        <section id="exit-contract"><h2>Contract (version \(c.contractVersion))</h2>
        \(Components.details([
            ("If \(teamName) gives notice today", "\(c.partnerExplanation): it must keep serving until \(c.partnerExitEndsOn)"),
            ("If we give notice today", "\(c.clientNoticeDays) days: ends \(c.clientExitEndsOn)"),
            ("Leaving for convenience costs", fee),
            ("How", HTML("<ul class=\"changes\">\(c.convenienceExplanation.map { HTML("<li>\($0)</li>") })</ul>")),
            ("Minimum headcount", "\(c.minimumHeadcount.map { "\($0) heads" } ?? "none")"),
        ]))
        <p>\(Components.link(.partnerContract(.id(teamID)), "The contract"))</p>
        </section>
        """
    }
}
