import Fluent
import Foundation
import TandemFrontline
import TandemPartners
import TandemPerformance
import Vapor

/// A team's roster page (import, unknown agent ids, the agents), one agent's page, and adding one.
enum RosterPages {
    static let uploadLimit: ByteCount = "8mb"

    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.frontlineRoster(.param).pathComponents, use: roster)
        routes.post(SiteURL.frontlineRosterImport(.param).pathComponents, maxBody: uploadLimit, use: upload)
        routes.get(SiteURL.frontlineAgentNew(.param).pathComponents, use: newAgentForm)
        routes.post(SiteURL.frontlineAgentNew(.param).pathComponents, use: createAgent)
        routes.get(SiteURL.frontlineAgent(.param).pathComponents, use: agent)
        routes.post(SiteURL.frontlineAgent(.param).pathComponents, use: updateAgent)
    }

    static let example = """
        agent_id,name,site,start_date,queues,status,leave_date,leave_reason
        H-1042,Ana Reyes,Tampa,2026-03-02,billing-voice;orders-chat,production,,
        H-1043,Ben Cruz,Tampa,2026-03-02,billing-voice,left,2026-04-17,Better offer
        """

    @Sendable static func roster(req: Request) async throws -> HTML {
        let (team, principal) = try await FrontlineAccess.team(req)
        return try await page(team: team, principal: principal, rejected: nil, pasted: "", req)
    }

    static func page(team: Partner, principal: Principal, rejected: RosterImportDTO?, pasted: String, _ req: Request) async throws -> HTML {
        let roster = try await RosterService.roster(of: team, on: req.db)
        let context = req.pageContext()
        let id = roster.team.id
        let employed = roster.agents.filter { $0.status != .left }
        let rows: [[HTML]] = roster.agents.map { a in
            [Components.link(.frontlineAgent(.id(a.id)), a.name), "<code>\(a.agentID)</code>", "\(a.site ?? "—")", "\(a.startDate)",
             "\(a.tenureDays) days", "\(a.queues.joined(separator: ", "))",
             a.status == .left ? "left \(a.leaveDate ?? "")\(a.leaveReason.map { " (\($0))" } ?? "")" as HTML : Components.badge(a.status.rawValue, a.status == .production ? "live" : "onboarding")]
        }
        let canEdit = principal.can(.editPartnerDirectory)
        let issues: HTML = rejected.map { run in
            """
            <section id="import-issues"><div class="error-summary" role="alert"><strong>\(run.message)</strong></div>
            \(Components.table(["File", "Line", "Field", "Reason"], run.issues.map { ["\($0.file)", "\($0.line)", "<code>\($0.field)</code>", "\($0.reason)"] }, empty: "", id: "roster-issues"))
            </section>
            """
        } ?? .empty
        let form: HTML = canEdit ? """
            <section><h2>Import a roster file</h2>
            <form method="post" action="\(SiteURL.frontlineRosterImport(.id(id)).path)?\(CSRFMiddleware.field)=\(context.csrf)" enctype="multipart/form-data" class="stacked" id="roster-import">
            \(Components.csrfField(context.csrf))
            <div class="field"><label for="f-file">CSV file</label><input type="file" id="f-file" name="file" accept=".csv,text/csv"></div>
            <div class="field"><label for="f-csv">…or paste the CSV</label><textarea id="f-csv" name="csv" rows="6">\(pasted)</textarea></div>
            <div class="actions"><button type="submit">Import roster</button></div>
            </form>
            \(FrontlineViews.how("One row per agent; columns agent_id (as in contact and QA files), name, start_date (YYYY-MM-DD) and status (nesting, production, leave, left) are required; site (one of the team's sites), queues (queue ids separated by ;), leave_date (only with left) and leave_reason are optional. A file with any bad row changes nothing and every issue is listed by line and field. Importing again updates agents by agent_id; agents missing from the file are listed, never deleted. Also: tandem import roster FILE --team NAME, or the API."))
            <pre>\(example)</pre>
            </section>
            """ : .empty
        let last: HTML = roster.lastImport.flatMap { run in
            run.status == "succeeded" ? HTML("<p class=\"notice\" id=\"last-import\">Last import (\(Components.date(run.createdAt)), by \(run.requestedBy)): \(run.message)</p>") : nil
        } ?? .empty
        return Layout.page("Roster · \(team.name)", context, section: .frontline, """
        <p class="crumbs">\(Components.link(.frontline, "Front line"))</p>
        <div class="page-head"><h1>\(team.name) \(FrontlineViews.teamBadge(team.kind))</h1>\(canEdit ? Components.link(.frontlineAgentNew(.id(id)), "Add an agent") : .empty)</div>
        \(FrontlineViews.teamTabs(id, .roster))
        \(issues)
        \(last)
        <p class="lead">\(employed.count) employed (\(employed.filter { $0.status == .nesting }.count) nesting, \(employed.filter { $0.status == .leave }.count) on leave), \(roster.agents.count - employed.count) left.</p>
        \(linksSection("Contacts", roster.contactLinks, id: "unknown-contact-agents"))
        \(linksSection("QA evaluations", roster.qaLinks, id: "unknown-qa-agents"))
        <section><h2>Agents</h2>
        \(Components.table(["Name", "Agent id", "Site", "Started", "Tenure", "Queues", "Status"], rows, empty: "No agents on this roster yet. Import a roster file.", id: "roster"))
        </section>
        \(form)
        """)
    }

    static func linksSection(_ what: String, _ links: AgentLinksDTO?, id: String) -> HTML {
        guard let links else { return .empty }
        let unknown: HTML = links.unknown.isEmpty ? .empty : """
            <p>\(links.unknown.count) agent id\(links.unknown.count == 1 ? "" : "s") in the \(what.lowercased()) \(links.unknown.count == 1 ? "is" : "are") not on this roster (\(links.unknown.reduce(0) { $0 + $1.records }) records, kept and listed, not dropped):</p>
            \(Components.table(["Agent id", what], links.unknown.prefix(50).map { ["<code>\($0.agentID)</code>", "\($0.records)"] }, empty: "", id: id))
            """
        return """
        <section><h2>\(what) linked by agent id</h2>
        <p class="muted">\(links.linkedRecords) records link to \(links.linkedAgents) roster agent\(links.linkedAgents == 1 ? "" : "s"); \(links.recordsWithoutAgent) name no agent.</p>
        \(unknown)
        </section>
        """
    }

    struct Upload: Content {
        var csv: String?
        var file: File?
    }

    @Sendable static func upload(req: Request) async throws -> Response {
        let (team, principal) = try await FrontlineAccess.team(req)
        try FrontlineAccess.requireRosterEditor(req)
        let form = (try? req.content.decode(Upload.self)) ?? Upload()
        var bytes: [UInt8] = [], name = "pasted.csv"
        if let file = form.file, file.data.readableBytes > 0 {
            bytes = [UInt8](buffer: file.data)
            name = file.filename
        } else if let csv = form.csv, !csv.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            bytes = Array(csv.utf8)
        }
        let run = try await RosterService.importCSV(bytes, fileName: name, team: team, by: principal.actor, on: req.db)
        if run.status == "rejected" {
            return try await page(team: team, principal: principal, rejected: RosterService.dto(run),
                                  pasted: name == "pasted.csv" ? form.csv ?? "" : "", req).response(.unprocessableEntity)
        }
        return req.back(to: .frontlineRoster(.id(try team.requireID())), run.message)
    }

    static func fields(new: Bool, sites: [String], queues: [String]) -> [FormField] {
        var fields: [FormField] = []
        if new { fields.append(FormField(name: "agentID", label: "Agent id", hint: "Exactly as contact and QA files name the agent.", required: true)) }
        fields += [
            FormField(name: "name", label: "Name", required: true),
            FormField(name: "site", label: "Site", kind: .select([("", "—")] + sites.map { ($0, $0) })),
            FormField(name: "startDate", label: "Start date", kind: .date, required: true),
            FormField(name: "queues", label: "Queues", hint: "Queue ids separated by commas: " + queues.joined(separator: ", ")),
            FormField(name: "status", label: "Status", kind: .select(AgentStatus.allCases.map { ($0.rawValue, $0.rawValue) })),
            FormField(name: "leaveDate", label: "Leave date", kind: .date, hint: "The last day employed; only with status left."),
            FormField(name: "leaveReason", label: "Leave reason"),
        ]
        return fields
    }

    static func input(_ form: FormValues) -> RosterAgentInput {
        RosterAgentInput(agentID: form.optional("agentID"), name: form["name"], site: form.optional("site"), startDate: form["startDate"],
                         queues: Check.list(form["queues"].replacingOccurrences(of: ";", with: ",")), status: form["status"],
                         leaveDate: form.optional("leaveDate"), leaveReason: form.optional("leaveReason"))
    }

    static func choices(_ teamID: UUID, on db: any Database) async throws -> (sites: [String], queues: [String]) {
        (try await Site.query(on: db).filter(\.$partner.$id == teamID).sort(\.$name).all().map(\.name),
         try await Queue.query(on: db).sort(\.$code).all().map(\.code))
    }

    static func formPage(_ title: String, team: Partner, action: SiteURL, new: Bool, values: FormValues, errors: FieldErrors,
                         choices: (sites: [String], queues: [String]), _ context: PageContext) -> HTML {
        Layout.page(title, context, section: .frontline, """
        <p class="crumbs">\(Components.link(.frontline, "Front line")) · \(Components.link(.frontlineRoster(.id(team.id!)), team.name))</p>
        <h1>\(title)</h1>
        \(FormRenderer.form(action: action, fields: fields(new: new, sites: choices.sites, queues: choices.queues), values: values, errors: errors, csrf: context.csrf, submit: "Save"))
        """)
    }

    @Sendable static func newAgentForm(req: Request) async throws -> HTML {
        let (team, _) = try await FrontlineAccess.team(req)
        try FrontlineAccess.requireRosterEditor(req)
        return formPage("Add an agent", team: team, action: .frontlineAgentNew(.id(try team.requireID())), new: true,
                        values: FormValues(["status": "nesting", "startDate": LocalDate(date: Date()).description]), errors: .init(),
                        choices: try await choices(team.requireID(), on: req.db), req.pageContext())
    }

    @Sendable static func createAgent(req: Request) async throws -> Response {
        let (team, principal) = try await FrontlineAccess.team(req)
        try FrontlineAccess.requireRosterEditor(req)
        let form = try FormValues.from(req)
        let choices = try await choices(team.requireID(), on: req.db)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, rerender: { errors in
            formPage("Add an agent", team: team, action: .frontlineAgentNew(.id(team.id!)), new: true, values: form, errors: errors, choices: choices, context)
        }, action: {
            let record = try await RosterService.save(input(form), record: nil, team: team, by: principal.actor, on: req.db)
            return (.frontlineAgent(.id(try record.requireID())), "\(record.name) added to the roster.")
        })
    }

    @Sendable static func agent(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let record = try await RosterService.requireAgent(req.id("rosterAgentID"), scope: principal.scope, on: req.db)
        let team = record.team
        let a = RosterService.dto(record)
        let context = req.pageContext()
        let figures = try await FrontlineRefresh.figures(of: team.requireID(), on: req.db)
        let proficiency = figures?.proficiency?.agents.first { $0.agentID == record.agentID }
        let today = UTCDay(Date())
        let recent = try await AgentActivityStore.activity(teamID: team.requireID(), from: (figures?.asOf ?? today).daysSince1970 - 27,
                                                           through: (figures?.asOf ?? today).daysSince1970, agents: [record.agentID], on: req.db)
        let totals = ActivityTotals(recent)
        let kudos = try await RecognitionService.kudos(teamID: team.requireID(), agentID: record.requireID(), on: req.db)
        let values = FormValues(["name": a.name, "site": a.site ?? "", "startDate": a.startDate, "queues": a.queues.joined(separator: ", "),
                                 "status": a.status.rawValue, "leaveDate": a.leaveDate ?? "", "leaveReason": a.leaveReason ?? ""])
        let options = try await choices(team.requireID(), on: req.db)
        let edit: HTML = principal.can(.editPartnerDirectory)
            ? "<section><h2>Edit</h2>\(FormRenderer.form(action: .frontlineAgent(.id(a.id)), fields: fields(new: false, sites: options.sites, queues: options.queues), values: values, errors: .init(), csrf: context.csrf, submit: "Save"))</section>"
            : .empty
        let window = figures?.asOf.map { "28 days to \($0)" } ?? "no data yet"
        return Layout.page(a.name, context, section: .frontline, """
        <p class="crumbs">\(Components.link(.frontline, "Front line")) · \(Components.link(.frontlineRoster(.id(a.teamID)), team.name))</p>
        <h1>\(a.name) <code>\(a.agentID)</code></h1>
        \(Components.details([
            ("Team", "\(team.name)"), ("Site", "\(a.site ?? "—")"), ("Started", "\(a.startDate) (\(a.tenureDays) days)"),
            ("Queues", "\(a.queues.isEmpty ? "—" : a.queues.joined(separator: ", "))"), ("Status", "\(a.status.rawValue)"),
            ("Left", "\(a.leaveDate.map { "\($0)\(a.leaveReason.map { " — \($0)" } ?? "")" } ?? "—")"),
            ("Time to proficiency", "\(proficiency?.explanation ?? (figures?.proficiency?.ruleProblem ?? "not evaluated (started before the data begins, or no data yet)"))"),
            ("Contacts handled (\(window))", "\(totals.handled)"),
            ("AHT (\(window))", "\(totals.averageHandleTime.map { String(format: "%.0f s", $0) } ?? "—") over \(totals.handled) contacts"),
            ("QA (\(window))", "\(totals.qaScore.map { String(format: "%.1f", $0) } ?? "—") over \(totals.evaluations) evaluations"),
        ]))
        <section><h2>Kudos</h2>
        \(Components.table(["Given", "From", "Message"], kudos.map { ["\($0.givenOn)", "\($0.fromName) (\($0.fromSide))", "\($0.message)"] }, empty: "No kudos yet.", id: "agent-kudos"))
        </section>
        \(edit)
        """)
    }

    @Sendable static func updateAgent(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let record = try await RosterService.requireAgent(req.id("rosterAgentID"), scope: principal.scope, on: req.db)
        try FrontlineAccess.requireRosterEditor(req)
        let form = try FormValues.from(req)
        let team = record.team
        let choices = try await choices(team.requireID(), on: req.db)
        let context = req.pageContext()
        let id = try record.requireID()
        return try await FormSubmission.handle(req, rerender: { errors in
            formPage("Edit \(record.name)", team: team, action: .frontlineAgent(.id(id)), new: false, values: form, errors: errors, choices: choices, context)
        }, action: {
            _ = try await RosterService.save(input(form), record: record, team: team, by: principal.actor, on: req.db)
            return (.frontlineAgent(.id(id)), "Agent saved.")
        })
    }
}
