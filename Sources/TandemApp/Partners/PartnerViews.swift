import Foundation
import TandemPartners
import TandemPerformance

/// Pages of the partner registry. Functions of view models only.
enum PartnerViews {
    static func list(_ partners: [PartnerDTO], canCreate: Bool, snapshots: [UUID: KPISnapshot] = [:], snapshotPeriod: ReportingPeriod? = nil,
                     filter: ListFilter = ListFilter(), _ context: PageContext) -> HTML {
        let rows: [[HTML]] = partners.map { p in [
            Components.link(.partner(.id(p.id)), p.name),
            Components.badge(p.kind.label, p.kind.rawValue),
            Components.badge(p.status.label, p.status.rawValue),
            p.kind == .partner ? HTML("\(p.involvement.label)") : "—",
            "\(ContactCentreFormat.count(p.siteCount))", "\(ContactCentreFormat.count(p.seats))",
            "\(ContactCentreFormat.date(p.goLiveDate))",
            "\(p.relationshipManager?.name ?? "—")",
        ] + KPISnapshotViews.compact(snapshots[p.id]) }
        let filters = ListFilterViews.form(.partners, filter, dateLabel: "Go-live between", choices: [
            ("status", "Status", [("", "any status")] + PartnerStatus.allCases.map { ($0.rawValue, $0.label) }),
            ("kind", "Kind", [("", "any kind")] + TeamKind.allCases.map { ($0.rawValue, $0.label) }),
        ])
        let empty: HTML = canCreate
            ? "No teams yet. <a href=\"\(SiteURL.partnerNew.path)\">Add your in-house team and first partner</a> so every scorecard can compare them."
            : "No teams to show yet."
        return Layout.page("Partners", context, section: .partners, """
        <div class="page-head"><h1>Teams</h1>\(canCreate ? HTML("<a class=\"button\" href=\"\(SiteURL.partnerNew.path)\">New team</a>") : .empty)</div>
        <p class="lead">The in-house team and every outsourcing partner, side by side.</p>
        \(filters)
        \(Components.table(["Name", "Kind", "Status", "Involvement", "Sites", "Seats", "Go-live", "Relationship manager", "Service level", "Abandon rate", "AHT"], rows, empty: empty, id: "partners"))
        <p class="how">KPIs: \(snapshotPeriod.map { $0.displayName } ?? "no week with contacts yet"), each against its target, with the arrow for the change since the week before (green better, red worse). Greyed “\(ThinData.label)”: below the minimum sample.</p>
        """)
    }

    static func fields(managers: [UserRef]) -> [FormField] {
        [
            FormField(name: "name", label: "Name", required: true),
            FormField(name: "kind", label: "Kind", kind: .select(FormRenderer.options(TeamKind.self, label: \.label)),
                      hint: "One in-house team per workspace: the client's own agents, compared with every partner."),
            FormField(name: "status", label: "Lifecycle status", kind: .select(FormRenderer.options(PartnerStatus.self, label: \.label))),
            FormField(name: "involvement", label: "Involvement level", kind: .select(FormRenderer.options(InvolvementLevel.self, label: { "\($0.label): \($0.summary)" }))),
            FormField(name: "goLiveDate", label: "Go-live date", kind: .date, hint: "Required once the team is live. Format YYYY-MM-DD."),
            FormField(name: "relationshipManagerID", label: "Relationship manager",
                      kind: .select([("", "— none —")] + managers.map { ($0.id.uuidString, $0.name) }),
                      hint: "The client's day-to-day owner of this partnership."),
            FormField(name: "notes", label: "Notes", kind: .textarea),
        ]
    }

    static func form(title: String, action: SiteURL, values: FormValues, errors: FieldErrors, managers: [UserRef], _ context: PageContext) -> HTML {
        Layout.page(title, context, section: .partners, """
        <h1>\(title)</h1>
        \(FormRenderer.form(action: action, fields: fields(managers: managers), values: values, errors: errors, csrf: context.csrf, submit: "Save"))
        """)
    }

    static func values(_ p: PartnerDTO?) -> FormValues {
        guard let p else { return FormValues(["kind": "partner", "status": "prospect", "involvement": "partial"]) }
        return FormValues([
            "name": p.name, "kind": p.kind.rawValue, "status": p.status.rawValue, "involvement": p.involvement.rawValue,
            "goLiveDate": p.goLiveDate?.description ?? "", "relationshipManagerID": p.relationshipManager?.id.uuidString ?? "", "notes": p.notes,
        ])
    }

    struct Detail: Sendable {
        let partner: PartnerDTO
        let sites: [SiteDTO]
        let contacts: [KeyContactDTO]
        let history: [AuditEntryDTO]
        let canEditRegistry: Bool
        let canEditDirectory: Bool
        var alerts: [PerformanceAlertDTO] = []
        /// Offer "Open incident" on the alerts (users who manage the relationship).
        var canOpenIncidents = false
        /// The relationship section (health, late actions, incidents, acknowledgements).
        var relationship: HTML = .empty
        var staffing: HTML = .empty
        /// A partner user: the client's own contacts are shown without Edit or Delete.
        var isPartnerUser = false
        /// The partner's KPI snapshot (figure vs target, trend).
        var snapshot: HTML = .empty
        /// Partnership design and SMART goals (issue 15).
        var design: HTML = .empty
        /// Contract key dates and terms (issue 14).
        var contract: HTML = .empty
    }

    static func detail(_ d: Detail, _ context: PageContext) -> HTML {
        let p = d.partner
        let id = SiteURL.Ref.id(p.id)
        let siteRows: [[HTML]] = d.sites.map { s in
            var row: [HTML] = ["\(s.name)", "\(s.city), \(s.country)", Components.badge(s.locationType.label, s.locationType.rawValue),
                               "\(s.timeZone)", "\(s.languages.joined(separator: ", "))", "\(s.seats)"]
            if d.canEditDirectory {
                row.append("\(Components.link(.siteEdit(partner: id, site: .id(s.id)), "Edit")) \(Components.postButton(.siteDelete(partner: id, site: .id(s.id)), "Delete", csrf: context.csrf, danger: true))")
            }
            return row
        }
        let contactRows: [[HTML]] = d.contacts.map { c in
            var row: [HTML] = ["\(c.name)", "\(c.role)", Components.badge(c.side.label, c.side.rawValue),
                               c.email.map { HTML("<a href=\"mailto:\($0)\">\($0)</a>") } ?? "—", "\(c.phone ?? "—")"]
            if d.canEditDirectory {
                // The client's own contacts are read-only to a partner user.
                row.append(d.isPartnerUser && c.side == .client ? "<span class=\"muted\">the client's contact</span>"
                    : "\(Components.link(.contactEdit(partner: id, contact: .id(c.id)), "Edit")) \(Components.postButton(.contactDelete(partner: id, contact: .id(c.id)), "Delete", csrf: context.csrf, danger: true))")
            }
            return row
        }
        let actions: HTML = d.canEditRegistry
            ? "<a class=\"button\" href=\"\(SiteURL.partnerEdit(id).path)\">Edit</a> \(Components.postButton(.partnerDelete(id), "Delete team", csrf: context.csrf, danger: true))"
            : .empty
        let siteHead = ["Site", "Location", "Type", "Time zone", "Languages", "Seats"] + (d.canEditDirectory ? ["" ] : [])
        let contactHead = ["Name", "Role", "Side", "Email", "Phone"] + (d.canEditDirectory ? [""] : [])
        return Layout.page(p.name, context, section: .partners, """
        <div class="page-head"><h1>\(p.name) \(Components.badge(p.status.label, p.status.rawValue))</h1><div>\(actions)</div></div>
        \(Components.details([
            ("Kind", "\(p.kind.label)"),
            ("Involvement", p.kind == .partner ? "\(p.involvement.label): \(p.involvement.summary)" : "—"),
            ("Go-live", "\(p.goLiveDate?.display ?? "not set")"),
            ("Relationship manager", "\(p.relationshipManager?.name ?? "nobody yet")"),
            ("Seats", "\(p.seats) across \(p.siteCount) site(s)"),
            ("Notes", p.notes.isEmpty ? "—" : "<span class=\"notes\">\(p.notes)</span>"),
        ]))
        <section>
        <div class="section-head"><h2>Sites</h2>\(d.canEditDirectory ? Components.link(.siteNew(partner: id), "Add a site") : .empty)</div>
        \(Components.table(siteHead, siteRows, empty: "No sites yet. Add where this team's agents work, with the site's time zone: imported contact times without an offset are read in it.", id: "sites"))
        </section>
        <section>
        <div class="section-head"><h2>Key contacts</h2>\(d.canEditDirectory ? Components.link(.contactNew(partner: id), "Add a contact") : .empty)</div>
        \(Components.table(contactHead, contactRows, empty: "No contacts yet. Name the program manager on the partner side and the relationship owner on yours.", id: "contacts"))
        </section>
        \(d.snapshot)
        \(d.relationship)
        \(d.design)
        \(d.contract)
        <section>
        <div class="section-head"><h2>Performance alerts</h2>\(Components.link(.performance, "Scorecards"))</div>
        \(PerformanceViews.alertTable(d.alerts, incidentCSRF: d.canOpenIncidents ? context.csrf : nil))
        </section>
        \(d.staffing)
        <section>
        <div class="section-head"><h2>Recent changes</h2>\(Components.link(.partnerAudit(id), "Full history"))</div>
        \(AuditViews.table(d.history, empty: "No changes recorded yet."))
        </section>
        """)
    }

    static func siteFields() -> [FormField] {
        [
            FormField(name: "name", label: "Site name", required: true),
            FormField(name: "city", label: "City", required: true),
            FormField(name: "country", label: "Country", hint: "Two-letter ISO code, e.g. US, MX, PH.", required: true),
            FormField(name: "locationType", label: "Location type", kind: .select(FormRenderer.options(LocationType.self, label: \.label))),
            FormField(name: "timeZone", label: "Time zone", hint: "IANA name, e.g. America/Chicago.", required: true),
            FormField(name: "languages", label: "Languages", hint: "Comma-separated language tags, e.g. en, es-MX."),
            FormField(name: "seats", label: "Seats", kind: .number, required: true),
        ]
    }

    static func siteValues(_ s: SiteDTO?) -> FormValues {
        guard let s else { return FormValues(["locationType": "onshore", "seats": "0"]) }
        return FormValues(["name": s.name, "city": s.city, "country": s.country, "locationType": s.locationType.rawValue,
                           "timeZone": s.timeZone, "languages": s.languages.joined(separator: ", "), "seats": String(s.seats)])
    }

    static func contactFields() -> [FormField] {
        [
            FormField(name: "name", label: "Name", required: true),
            FormField(name: "side", label: "Side", kind: .select(FormRenderer.options(ContactSide.self, label: \.label))),
            FormField(name: "role", label: "Role", hint: "e.g. Program manager, WFM lead, Trainer.", required: true),
            FormField(name: "email", label: "Email", kind: .email),
            FormField(name: "phone", label: "Phone"),
        ]
    }

    static func contactValues(_ c: KeyContactDTO?) -> FormValues {
        guard let c else { return FormValues(["side": "partner"]) }
        return FormValues(["name": c.name, "side": c.side.rawValue, "role": c.role, "email": c.email ?? "", "phone": c.phone ?? ""])
    }

    static func childForm(title: String, partner: PartnerDTO, action: SiteURL, fields: [FormField], values: FormValues, errors: FieldErrors, _ context: PageContext) -> HTML {
        Layout.page(title, context, section: .partners, """
        <p class="crumbs">\(Components.link(.partner(.id(partner.id)), partner.name))</p>
        <h1>\(title)</h1>
        \(FormRenderer.form(action: action, fields: fields, values: values, errors: errors, csrf: context.csrf, submit: "Save"))
        """)
    }

    static func history(_ partner: PartnerDTO, _ entries: [AuditEntryDTO], _ context: PageContext) -> HTML {
        Layout.page("History of \(partner.name)", context, section: .partners, """
        <p class="crumbs">\(Components.link(.partner(.id(partner.id)), partner.name))</p>
        <h1>Change history</h1>
        \(AuditViews.table(entries, empty: "No changes recorded yet."))
        """)
    }
}
