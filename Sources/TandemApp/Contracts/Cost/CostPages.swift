import Fluent
import Foundation
import TandemContracts
import TandemPartners
import Vapor

/// Cost per handled contact and resolution by team and month, the cost-benefit view of each
/// partner over time, and the in-house cost entry.
enum CostPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.costs.pathComponents, use: show)
        routes.get(SiteURL.inHouseCosts.pathComponents, use: inHouseForm)
        routes.post(SiteURL.inHouseCosts.pathComponents, use: saveInHouse)
    }

    /// Default: the six months up to last month.
    static func range(from: String?, through: String?) throws -> (BillingMonth, BillingMonth) {
        var errors = FieldErrors()
        let last = BillingMonth(containing: LocalDate(date: Date())).advanced(by: -1)
        var end = last
        if let through, !through.isEmpty {
            if let parsed = BillingMonth(through) { end = parsed } else { errors.add("through", "must be a month as YYYY-MM") }
        }
        var start = end.advanced(by: -5)
        if let from, !from.isEmpty {
            if let parsed = BillingMonth(from) { start = parsed } else { errors.add("from", "must be a month as YYYY-MM") }
        }
        if errors.isEmpty && start > end { errors.add("from", "must not be after through") }
        if errors.isEmpty && end.index - start.index >= 36 { errors.add("from", "show at most 36 months at once") }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        return (start, end)
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let (from, through) = try range(from: try? req.query.get(String.self, at: "from"), through: try? req.query.get(String.self, at: "through"))
        let report = try await CostService.report(scope: principal.scope, from: from, through: through, on: req.db)
        return CostViews.page(report, canManage: principal.can(.manageContracts), partnerView: principal.isPartnerUser, req.pageContext())
    }

    static let fields: [FormField] = [
        FormField(name: "month", label: "Month", hint: "YYYY-MM", required: true),
        FormField(name: "fte", label: "FTE", hint: "Agents on the floor that month, in full-time equivalents.", required: true),
        FormField(name: "salary", label: "Salary per FTE-month", required: true),
        FormField(name: "benefitsLoadPercent", label: "Benefits and payroll load (% of salary)", required: true),
        FormField(name: "facilities", label: "Facilities per FTE-month", required: true),
        FormField(name: "technology", label: "Technology per FTE-month", required: true),
        FormField(name: "managementOverhead", label: "Management overhead per FTE-month", required: true),
        FormField(name: "note", label: "Note"),
    ]

    static let formKeys = ["benefits_load_percent": "benefitsLoadPercent", "management_overhead": "managementOverhead"]

    @Sendable static func inHouseForm(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        try principal.requireClientSide("In-house costs are the client's own figures.")
        let entries = try await CostService.inHouseCosts(on: req.db)
        let last = BillingMonth(containing: LocalDate(date: Date())).advanced(by: -1)
        let latest = entries.first
        let values = FormValues(["month": last.description, "fte": latest?.fte ?? "", "salary": latest?.salary ?? "", "benefitsLoadPercent": latest?.benefitsLoadPercent ?? "",
                                 "facilities": latest?.facilities ?? "", "technology": latest?.technology ?? "", "managementOverhead": latest?.managementOverhead ?? ""])
        return CostViews.inHouse(entries, values: values, errors: .init(), canManage: principal.can(.manageContracts), req.pageContext())
    }

    @Sendable static func saveInHouse(req: Request) async throws -> Response {
        let principal = try req.require(.manageContracts)
        let form = try FormValues.from(req)
        let entries = try await CostService.inHouseCosts(on: req.db)
        let context = req.pageContext()
        let input = InHouseCostInput(month: form["month"], fte: form["fte"], salary: form["salary"], benefitsLoadPercent: form["benefitsLoadPercent"],
                                     facilities: form["facilities"], technology: form["technology"], managementOverhead: form["managementOverhead"], note: form.optional("note"))
        return try await FormSubmission.handle(req, rerender: { errors in
            CostViews.inHouse(entries, values: form, errors: errors, canManage: true, context)
        }, action: {
            do {
                let entry = try await CostService.saveInHouse(input, by: principal.actor, on: req.db)
                return (.inHouseCosts, "The in-house cost of \(entry.month) was saved.")
            } catch let error as ContractInputError {
                var messages: [String: String] = [:]
                for issue in error.issues { messages[formKeys[issue.field] ?? issue.field] = issue.reason }
                throw ValidationFailed(fields: FieldErrors(messages))
            }
        })
    }
}

enum CostViews {
    static func page(_ r: CostReportDTO, canManage: Bool, partnerView: Bool, _ context: PageContext) -> HTML {
        let teams = Dictionary(grouping: r.rows, by: \.teamID)
        let order = r.rows.reduce(into: [UUID]()) { if !$0.contains($1.teamID) { $0.append($1.teamID) } }
        let series: [MoneyChart.Series] = order.compactMap { id in
            guard let rows = teams[id], let first = rows.first else { return nil }
            return MoneyChart.Series(name: first.teamName, kind: first.teamKind, points: r.months.map { month in
                rows.first { $0.month == month }.flatMap { row in row.perContact.flatMap(Double.init).map { ($0, row.perContactExplanation) } }
            })
        }
        let tableRows: [[HTML]] = r.rows.filter { $0.cost != nil || $0.handled != nil }.map { row in
            ["\(row.month)", "\(row.teamName)", row.cost.map { HTML("<span title=\"\(row.costSource)\">\(ContractFormat.money($0))</span>") } ?? "—",
             "\(row.handled.map(String.init) ?? "—")", row.perContact.map { HTML("<span class=\"kpi\" title=\"\(row.perContactExplanation)\">\($0)</span>") } ?? "—",
             "\(row.resolutions.map(String.init) ?? "—")", row.perResolution.map { HTML("<span class=\"kpi\" title=\"\(row.perResolutionExplanation)\">\($0)</span>") } ?? "—"]
        }
        let partners = order.compactMap { id -> HTML? in
            guard let rows = teams[id], let first = rows.first, first.teamKind == .partner else { return nil }
            let cells: [[HTML]] = rows.map { row in
                ["\(row.month)", "\(row.cost.map { ContractFormat.money($0) } ?? "—")", "\(row.perContact ?? "—")", "\(row.credit.map { ContractFormat.money($0) } ?? "—")",
                 "\(row.earnedBack.map { ContractFormat.money($0) } ?? "—")", "\(row.bonus.map { ContractFormat.money($0) } ?? "—")",
                 "\(row.serviceLevel.map { String(format: "%.1f%%", $0 * 100) } ?? "—")", "\(row.customerSatisfaction.map { String(format: "%.1f%%", $0 * 100) } ?? "—")",
                 "\(row.qaScore.map { String(format: "%.1f", $0) } ?? "—")"]
            }
            return """
            <section class="cost-benefit"><h3>\(first.teamName)</h3>
            \(Components.table(["Month", "Cost", "Per contact", "SLA credit", "Earned back", "Bonus", "Service level", "CSAT", "QA"], cells, empty: "", id: "cost-benefit-\(id.uuidString.lowercased())"))
            </section>
            """
        }
        let inHouseLink: HTML = partnerView ? .empty : HTML(raw: "<p>\(Components.link(.inHouseCosts, "The in-house team's fully loaded cost").raw) stands beside the partners' invoices.</p>")
        return Layout.page("Cost", context, section: .contracts, """
        \(ContractViews.tabs(.costs, canManage: canManage))
        <h1>Cost per contact</h1>
        <form method="get" action="\(SiteURL.costs.path)" class="filters">
        <div class="field"><label for="f-from">From</label><input type="text" id="f-from" name="from" value="\(r.from)"></div>
        <div class="field"><label for="f-through">Through</label><input type="text" id="f-through" name="through" value="\(r.through)"></div>
        <div class="actions"><button type="submit">Show</button></div></form>
        \(inHouseLink)
        <section><h2>Cost per handled contact by month</h2>
        \(MoneyChart.lines("Cost per handled contact", months: r.months, series: series, format: { String(format: "%.2f", $0) }))
        </section>
        <section><h2>By team and month</h2>
        \(Components.table(["Month", "Team", "Cost", "Handled", "Per contact", "Resolved", "Per resolution"], tableRows, empty: "No cost or contacts in these months.", id: "costs"))
        \(ContractViews.how(r.method))
        </section>
        <section><h2>Cost and benefit per partner</h2>\(HTML(raw: partners.map(\.raw).joined()))
        \(ContractViews.how("Quality figures are the month's scorecard (team row), shown only with enough data. Credits are the SLA credits applied to the month's invoice."))
        </section>
        """)
    }

    static func inHouse(_ entries: [InHouseCostDTO], values: FormValues, errors: FieldErrors, canManage: Bool, _ context: PageContext) -> HTML {
        let rows: [[HTML]] = entries.map { e in
            ["\(e.month)", "\(e.fte)", "\(ContractFormat.money(e.salary))", "\(e.benefitsLoadPercent)%", "\(ContractFormat.money(e.facilities))",
             "\(ContractFormat.money(e.technology))", "\(ContractFormat.money(e.managementOverhead))", "\(ContractFormat.money(e.perFTEMonth))",
             "<span title=\"\(e.explanation)\"><strong>\(ContractFormat.money(e.monthlyCost))</strong></span>"]
        }
        return Layout.page("In-house cost", context, section: .contracts, """
        \(ContractViews.tabs(.costs, canManage: canManage))
        <p class="crumbs">\(Components.link(.costs, "Cost"))</p>
        <h1>In-house fully loaded cost</h1>
        <p class="lead">Per FTE-month: salary × (1 + benefits load) + facilities + technology + management overhead; the month's cost is that × FTE.</p>
        \(Components.table(["Month", "FTE", "Salary", "Load", "Facilities", "Technology", "Management", "Per FTE-month", "Month's cost"], rows, empty: "No in-house cost entered yet.", id: "in-house-costs"))
        \(canManage ? FormRenderer.form(action: .inHouseCosts, fields: CostPages.fields, values: values, errors: errors, csrf: context.csrf, submit: "Save month") : .empty)
        """)
    }
}
