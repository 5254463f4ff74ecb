import Fluent
import Foundation
import TandemPartners
import TandemSelection
import Vapor

/// The partnership design page: responsibility matrix, gaps, client capacity, go-live readiness.
enum DesignPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.partnerDesign(.param).pathComponents, use: page)
        routes.post(SiteURL.partnerDesign(.param).pathComponents, use: saveMatrix)
        routes.post(SiteURL.partnerDesignPropose(.param).pathComponents, use: propose)
        routes.post(SiteURL.partnerDesignPeople(.param).pathComponents, use: addPerson)
        routes.post(SiteURL.partnerDesignPersonDelete(partner: .param, person: .param).pathComponents, use: deletePerson)
    }

    static func scopedPartner(_ req: Request) async throws -> (Partner, Principal) {
        let principal = try req.requirePrincipal()
        let partner = try await PartnerService.require(req.id("partnerID"), scope: principal.scope, on: req.db)
        try DesignService.requirePartner(partner)
        return (partner, principal)
    }

    @Sendable static func page(req: Request) async throws -> HTML {
        let (partner, principal) = try await scopedPartner(req)
        return try await render(partner, principal: principal, errors: .init(), req)
    }

    static func render(_ partner: Partner, principal: Principal, errors: FieldErrors, _ req: Request) async throws -> HTML {
        let d = try await DesignService.dto(partner, scope: principal.scope, on: req.db)
        let context = req.pageContext()
        let canEdit = principal.can(.editRegistry)
        let id = SiteURL.Ref.id(d.partnerID)
        let rows: [HTML] = d.rows.enumerated().map { i, r in
            let owner: HTML = canEdit
                ? "<select name=\"owner_\(r.activity.rawValue)\" aria-label=\"Owner of \(r.label)\">\(ResponsibilityOwner.allCases.map { o in HTML("<option value=\"\(o.rawValue)\"\(o == r.owner ? HTML(" selected") : .empty)>\(o.label)</option>") })</select>"
                : Components.badge(r.owner.label, r.gap ? "gap" : "ok")
            let hours: HTML = canEdit
                ? "<input type=\"number\" step=\"any\" min=\"0\" max=\"168\" name=\"hours_\(r.activity.rawValue)\" value=\"\(r.owner.takesClientHours ? SelectionFormat.number(r.clientHoursPerWeek) : "")\" aria-label=\"Client hours a week on \(r.label)\"\(errors["rows[\(i)].clientHoursPerWeek"] != nil ? HTML(" aria-invalid=\"true\"") : .empty)>"
                : "\(r.owner.takesClientHours ? SelectionFormat.hours(r.clientHoursPerWeek) : "—")"
            return """
            <tr\(r.gap ? HTML(" class=\"gap\"") : .empty)><td>\(r.label)</td><td>\(owner)\(r.gap ? HTML(" \(Components.badge("Gap: nobody owns it", "gap"))") : .empty)</td>
            <td>\(hours)</td><td class="muted">\(r.proposedOwner.label)</td></tr>
            """
        }
        let matrix: HTML = """
            <table id="responsibilities" class="scores"><thead><tr><th>Activity</th><th>Who owns it</th><th>Client hours a week</th><th>Proposed for \(d.involvement.label.lowercased())</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let matrixBlock: HTML = canEdit ? """
            <form method="post" action="\(SiteURL.partnerDesign(id).path)" class="stacked wide" novalidate>\(Components.csrfField(context.csrf))
            \(errors.isEmpty ? HTML.empty : HTML("<div class=\"error-summary\" role=\"alert\"><strong>Please correct the highlighted hours.</strong></div>"))
            \(matrix)
            <p class="hint">Blank hours take the activity's estimate for its owner (all of it when the client owns it, half when shared). Hours only count for what the client owns or shares.</p>
            <div class="actions"><button type="submit">Save the matrix</button></div></form>
            <form method="post" action="\(SiteURL.partnerDesignPropose(id).path)" class="inline-form">\(Components.csrfField(context.csrf))
            \(FormRenderer.field(FormField(name: "involvement", label: "Involvement level", kind: .select(FormRenderer.options(InvolvementLevel.self, label: \.label))), value: d.involvement.rawValue, error: errors["involvement"]))
            <button type="submit" class="secondary">Set the level and propose its matrix again</button></form>
            """ : matrix
        let gaps: HTML = d.gaps.isEmpty ? "<p>No gaps: every activity has an owner.</p>"
            : "<p class=\"notice\" id=\"gaps\">\(d.gaps.count) gap(s): nobody owns \(d.gaps.map(\.label).joined(separator: ", ")).</p>"
        var capacity: HTML = .empty
        if let c = d.capacity {
            let people: [[HTML]] = c.people.map { p in
                ["\(p.name)", "\(p.role.isEmpty ? "—" : p.role)", "\(SelectionFormat.hours(p.hoursPerWeek))",
                 canEdit ? Components.postButton(.partnerDesignPersonDelete(partner: id, person: .id(p.id)), "Remove", csrf: context.csrf, danger: true) : ""]
            }
            let verdict: HTML = c.overCommitted
                ? "<p class=\"notice\" id=\"over-commitment\">\(Components.badge("Over-committed", "over")) The design needs \(SelectionFormat.hours(c.neededHours)) of client time a week; your people have \(SelectionFormat.hours(c.availableHours)): \(SelectionFormat.hours(c.shortfall)) short\(c.utilisation.map { " (\(SelectionFormat.percent($0)) of what they can give)" } ?? "").</p>"
                : "<p id=\"capacity-ok\">The design needs \(SelectionFormat.hours(c.neededHours)) a week of the \(SelectionFormat.hours(c.availableHours)) your people can give\(c.utilisation.map { " (\(SelectionFormat.percent($0)))" } ?? "").</p>"
            let add: HTML = canEdit ? """
                <form method="post" action="\(SiteURL.partnerDesignPeople(id).path)" class="inline-form">\(Components.csrfField(context.csrf))
                \(FormRenderer.field(FormField(name: "name", label: "Name", required: true), value: "", error: errors["name"]))
                \(FormRenderer.field(FormField(name: "role", label: "Role"), value: "", error: errors["role"]))
                \(FormRenderer.field(FormField(name: "hoursPerWeek", label: "Hours a week for this partner", kind: .number, required: true), value: "", error: errors["hoursPerWeek"]))
                <button type="submit">Add person</button></form>
                """ : .empty
            capacity = """
            <section><h2>The client's capacity</h2>
            <p class="lead">Be honest about the resources available internally: who on your side gives this partnership time, and how much.</p>
            \(verdict)
            \(Components.table(["Person", "Role", "Hours a week", ""], people, empty: "Nobody entered yet.", id: "people"))
            \(add)
            <p class="how">\(c.rule) \(d.rules.hours)</p></section>
            """
        }
        let goLive: HTML = d.readyToGoLive ? "Relationship manager: <strong>\(d.relationshipManager ?? "")</strong>."
            : "<span class=\"flag\">No relationship manager named: \(d.partnerName) cannot go live until one is.</span> \(canEdit ? Components.link(.partnerEdit(id), "Name one") : .empty)"
        return Layout.page("Partnership design · \(d.partnerName)", context, section: .partners, """
        <p class="crumbs">\(Components.link(.partner(id), d.partnerName))</p>
        <h1>Partnership design</h1>
        <p class="lead">Involvement: <strong>\(d.involvement.label)</strong>. \(d.involvement.summary)\(d.saved ? "" : " The matrix below is the level's proposal, not saved yet.")</p>
        <p>\(goLive)</p>
        <section><h2>Responsibility matrix</h2>\(gaps)\(matrixBlock)<p class="how">\(d.rules.proposal)</p></section>
        \(capacity)
        """)
    }

    @Sendable static func saveMatrix(req: Request) async throws -> Response {
        let (partner, _) = try await scopedPartner(req)
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        var rows: [ResponsibilityInput.Row] = []
        for (i, activity) in Activity.allCases.enumerated() {
            guard let owner = ResponsibilityOwner(rawValue: form["owner_\(activity.rawValue)"]) else { continue }
            let raw = form["hours_\(activity.rawValue)"].replacingOccurrences(of: ",", with: ".")
            var hours: Double?
            if !raw.isEmpty {
                if let value = Double(raw) { hours = value } else { errors.add("rows[\(i)].clientHoursPerWeek", "must be a number") }
            }
            rows.append(.init(activity: activity, owner: owner, clientHoursPerWeek: hours))
        }
        let id = try partner.requireID()
        let input = ResponsibilityInput(rows: rows)
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            try await render(partner, principal: principal, errors: errors, req)
        }, action: {
            try await DesignService.save(input, partner: partner, by: principal.actor, on: req.db)
            return (.partnerDesign(.id(id)), "Responsibility matrix saved.")
        })
    }

    @Sendable static func propose(req: Request) async throws -> Response {
        let (partner, _) = try await scopedPartner(req)
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let level = form.choice("involvement", InvolvementLevel.self, into: &errors)
        let id = try partner.requireID()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            try await render(partner, principal: principal, errors: errors, req)
        }, action: {
            try await DesignService.propose(level!, partner: partner, by: principal.actor, on: req.db)
            return (.partnerDesign(.id(id)), "Involvement set to \(level!.label.lowercased()); its matrix is proposed.")
        })
    }

    @Sendable static func addPerson(req: Request) async throws -> Response {
        let (partner, _) = try await scopedPartner(req)
        let principal = try req.require(.editRegistry)
        try principal.requireClientSide("The client's capacity is the client's own.")
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let hours = Double(form["hoursPerWeek"].replacingOccurrences(of: ",", with: "."))
        if hours == nil { errors.add("hoursPerWeek", form["hoursPerWeek"].isEmpty ? "is required" : "must be a number") }
        let id = try partner.requireID()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            try await render(partner, principal: principal, errors: errors, req)
        }, action: {
            let person = try await DesignService.addPerson(.init(name: form["name"], role: form["role"], hoursPerWeek: hours!), partner: partner, by: principal.actor, on: req.db)
            return (.partnerDesign(.id(id)), "\(person.name) added.")
        })
    }

    @Sendable static func deletePerson(req: Request) async throws -> Response {
        let (partner, _) = try await scopedPartner(req)
        let person = try await DesignService.requirePerson(req.id("personID"), of: partner, on: req.db)
        let principal = try req.require(.editRegistry)
        try await AuditLog.delete(person, by: principal.actor, on: req.db)
        return req.back(to: .partnerDesign(.id(try partner.requireID())), "\(person.name) removed.")
    }

    /// The summary on the partner's page.
    static func summary(_ partner: Partner, principal: Principal, on db: any Database) async throws -> HTML {
        guard partner.kind == .partner else { return .empty }
        let d = try await DesignService.dto(partner, scope: principal.scope, on: db)
        var lines: [HTML] = []
        lines.append(d.gaps.isEmpty ? "No gaps in the responsibility matrix." : "<span class=\"flag\">\(d.gaps.count) gap(s): nobody owns \(d.gaps.map(\.label).joined(separator: ", ")).</span>")
        if let c = d.capacity {
            lines.append(c.overCommitted
                ? "<span class=\"flag\">Over-committed: needs \(SelectionFormat.hours(c.neededHours)) of client time a week, the people have \(SelectionFormat.hours(c.availableHours)).</span>"
                : "Client time: \(SelectionFormat.hours(c.neededHours)) a week of \(SelectionFormat.hours(c.availableHours)) available.")
        }
        if !d.readyToGoLive { lines.append("<span class=\"flag\">No relationship manager: cannot go live yet.</span>") }
        return """
        <section id="design-summary"><div class="section-head"><h2>Partnership design</h2>\(Components.link(.partnerDesign(.id(d.partnerID)), "Responsibility matrix and capacity"))</div>
        <ul>\(lines.map { HTML("<li>\($0)</li>") })</ul></section>
        """
    }
}
