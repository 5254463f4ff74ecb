import Fluent
import Foundation
import TandemFrontline
import TandemPartners
import TandemPerformance
import Vapor

/// Recognition: kudos, celebrations, site visits and contests, per team and across the teams you may see.
enum RecognitionPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.frontlineRecognition.pathComponents, use: overview)
        routes.get(SiteURL.frontlineTeamRecognition(.param).pathComponents, use: team)
        routes.post(SiteURL.frontlineKudosNew(.param).pathComponents, use: giveKudos)
        routes.post(SiteURL.frontlineCelebrationNew(.param).pathComponents, use: addCelebration)
        routes.post(SiteURL.frontlineSiteVisitNew(.param).pathComponents, use: addSiteVisit)
        routes.post(SiteURL.frontlineContestNew(.param).pathComponents, use: createContest)
        routes.get(SiteURL.frontlineContest(.param).pathComponents, use: contest)
        routes.post(SiteURL.frontlineContestWinners(.param).pathComponents, use: recordWinners)
    }

    @Sendable static func overview(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        var kudosRows: [[HTML]] = [], celebrationRows: [[HTML]] = [], visitRows: [[HTML]] = []
        for team in try await FrontlineAccess.visibleTeams(principal, on: req.db) {
            let id = try team.requireID()
            for k in try await RecognitionService.kudos(teamID: id, on: req.db).prefix(10) {
                kudosRows.append(["\(k.givenOn)", Components.link(.frontlineAgent(.id(k.rosterAgentID)), k.agentName), "\(team.name)", "\(k.fromName) (\(k.fromSide))", "\(k.message)"])
            }
            for c in try await RecognitionService.celebrations(teamID: id, on: req.db).prefix(10) {
                celebrationRows.append(["\(c.celebratedOn)", "\(team.name)", "\(c.title)", "\(c.notes)"])
            }
            for v in try await RecognitionService.siteVisits(teamID: id, on: req.db).prefix(10) {
                visitRows.append(["\(v.visitedOn)", "\(team.name)\(v.siteName.map { " · \($0)" } ?? "")", "\(v.visitors)", "\(v.purpose)"])
            }
        }
        let contests: [[HTML]] = try await ContestService.contests(scope: principal.scope, on: req.db).map { c in
            [Components.link(.frontlineContest(.id(c.id!)), c.name), "\(c.team.name)", "\(ContestMetric(rawValue: c.metric)?.label ?? c.metric)",
             "\(UTCDay(daysSince1970: c.firstDay)) to \(UTCDay(daysSince1970: c.lastDay))", c.winnersRecordedAt == nil ? "—" : "recorded"]
        }
        return Layout.page("Recognition", req.pageContext(), section: .frontline, """
        <h1>Recognition and contests</h1>
        \(FrontlineViews.sectionTabs(.recognition, principal: principal))
        <p class="lead">Recognise and reward the people on the phones: kudos from either side (the partner's team leads see them), celebrations, contests with fair leaderboards, site visits. Give kudos or start a contest from a team's page.</p>
        <section><h2>Contests</h2>\(Components.table(["Contest", "Team", "KPI", "Period", "Winners"], contests, empty: "No contests yet.", id: "contests"))</section>
        <section><h2>Latest kudos</h2>\(Components.table(["Given", "Agent", "Team", "From", "Message"], kudosRows.sorted { $0[0].raw > $1[0].raw }, empty: "No kudos yet.", id: "kudos"))</section>
        <section><h2>Celebrations</h2>\(Components.table(["Day", "Team", "What", "Notes"], celebrationRows.sorted { $0[0].raw > $1[0].raw }, empty: "Nothing celebrated yet.", id: "celebrations"))</section>
        <section><h2>Site visits</h2>\(Components.table(["Day", "Where", "Who", "Purpose"], visitRows.sorted { $0[0].raw > $1[0].raw }, empty: "No site visits logged.", id: "site-visits"))</section>
        """)
    }

    static func teamPage(_ team: Partner, principal: Principal, errors: FieldErrors, values: FormValues, _ req: Request) async throws -> HTML {
        let id = try team.requireID()
        let context = req.pageContext()
        let agents = try await RosterService.agents(of: id, on: req.db).filter { $0.status != "left" }
        let sites = try await Site.query(on: req.db).filter(\.$partner.$id == id).sort(\.$name).all()
        let kudos = try await RecognitionService.kudos(teamID: id, on: req.db)
        let celebrations = try await RecognitionService.celebrations(teamID: id, on: req.db)
        let visits = try await RecognitionService.siteVisits(teamID: id, on: req.db)
        let contests = try await ContestService.contests(scope: .all, teamID: id, on: req.db)
        let canAct = principal.can(.takePartInRelationship)
        func form(_ action: SiteURL, _ fields: [FormField], _ submit: String) -> HTML {
            canAct ? FormRenderer.form(action: action, fields: fields, values: values, errors: errors, csrf: context.csrf, submit: submit) : .empty
        }
        let today = UTCDay(Date()).description
        let settings = try await FrontlineSettingsStore.load(on: req.db)
        return Layout.page("Recognition · \(team.name)", context, section: .frontline, """
        <p class="crumbs">\(Components.link(.frontline, "Front line")) · \(Components.link(.frontlineRecognition, "Recognition"))</p>
        <h1>\(team.name) \(FrontlineViews.teamBadge(team.kind))</h1>
        \(FrontlineViews.teamTabs(id, .recognition))
        <section><h2>Kudos</h2>
        \(Components.table(["Given", "Agent", "From", "Message"], kudos.map { ["\($0.givenOn)", Components.link(.frontlineAgent(.id($0.rosterAgentID)), $0.agentName), "\($0.fromName) (\($0.fromSide))", "\($0.message)"] }, empty: "No kudos yet.", id: "kudos"))
        \(form(.frontlineKudosNew(.id(id)), [
            FormField(name: "rosterAgentID", label: "Agent", kind: .select(agents.map { ($0.id!.uuidString, "\($0.name) (\($0.agentID))") }), required: true),
            FormField(name: "message", label: "Kudos", kind: .textarea, required: true),
        ], "Give kudos"))
        </section>
        <section><h2>Contests</h2>
        \(Components.table(["Contest", "KPI", "Period", "Winners"], contests.map { c in [Components.link(.frontlineContest(.id(c.id!)), c.name), "\(ContestMetric(rawValue: c.metric)?.label ?? c.metric)", "\(UTCDay(daysSince1970: c.firstDay)) to \(UTCDay(daysSince1970: c.lastDay))", c.winnersRecordedAt == nil ? "—" : "recorded"] }, empty: "No contests yet.", id: "team-contests"))
        \(form(.frontlineContestNew(.id(id)), [
            FormField(name: "name", label: "Contest", required: true),
            FormField(name: "metric", label: "KPI", kind: .select(ContestMetric.allCases.map { ($0.rawValue, $0.label) })),
            FormField(name: "firstDay", label: "From", kind: .date, required: true),
            FormField(name: "lastDay", label: "To", kind: .date, required: true),
            FormField(name: "minimumSample", label: "Minimum sample per agent", kind: .number, hint: "Agents below it are listed, not ranked (default \(settings.minimumSample))."),
            FormField(name: "normalisePerQueue", label: "Normalise per queue (each agent against their own queue mix at the queue averages)", kind: .checkbox),
            FormField(name: "prizes", label: "Winning ranks", kind: .number, hint: "1 = the top rank; every agent tied on a winning rank wins."),
        ], "Start contest"))
        </section>
        <section><h2>Celebrations</h2>
        \(Components.table(["Day", "What", "Notes", "Recorded by"], celebrations.map { ["\($0.celebratedOn)", "\($0.title)", "\($0.notes)", "\($0.recordedBy)"] }, empty: "Nothing celebrated yet.", id: "celebrations"))
        \(form(.frontlineCelebrationNew(.id(id)), [
            FormField(name: "title", label: "What we celebrate", required: true),
            FormField(name: "celebratedOn", label: "Day", kind: .date, hint: "Default today (\(today))."),
            FormField(name: "notes", label: "Notes", kind: .textarea),
        ], "Log celebration"))
        </section>
        <section><h2>Site visits</h2>
        \(Components.table(["Day", "Site", "Who", "Purpose", "Notes"], visits.map { ["\($0.visitedOn)", "\($0.siteName ?? "—")", "\($0.visitors)", "\($0.purpose)", "\($0.notes)"] }, empty: "No site visits logged.", id: "site-visits"))
        \(form(.frontlineSiteVisitNew(.id(id)), [
            FormField(name: "siteID", label: "Site", kind: .select([("", "—")] + sites.map { ($0.id!.uuidString, $0.name) })),
            FormField(name: "visitedOn", label: "Day", kind: .date, required: true),
            FormField(name: "visitors", label: "Who visited", required: true),
            FormField(name: "purpose", label: "Purpose", required: true),
            FormField(name: "notes", label: "What the floor showed", kind: .textarea),
        ], "Log site visit"))
        </section>
        """)
    }

    @Sendable static func team(req: Request) async throws -> HTML {
        let (team, principal) = try await FrontlineAccess.team(req)
        return try await teamPage(team, principal: principal, errors: .init(), values: FormValues(["normalisePerQueue": "on", "prizes": "1", "metric": "qa"]), req)
    }

    /// Each form posts here; invalid input re-renders the team page (422) with the errors beside the fields.
    static func submit(_ req: Request, _ body: @Sendable (Partner, Principal, FormValues) async throws -> (SiteURL, String)) async throws -> Response {
        let (team, principal) = try await FrontlineAccess.team(req)
        try FrontlineAccess.requireParticipant(req)
        let form = try FormValues.from(req)
        do {
            let (url, message) = try await body(team, principal, form)
            return req.back(to: url, message)
        } catch let failure as ValidationFailed {
            return try await teamPage(team, principal: principal, errors: failure.fields, values: form, req).response(.unprocessableEntity)
        }
    }

    @Sendable static func giveKudos(req: Request) async throws -> Response {
        try await submit(req) { team, principal, form in
            guard let agent = UUID(uuidString: form["rosterAgentID"]) else { throw ValidationFailed(fields: FieldErrors(["rosterAgentID": "is required"])) }
            _ = try await RecognitionService.giveKudos(KudosInput(rosterAgentID: agent, message: form["message"]), team: team, by: principal, on: req.db)
            return (.frontlineTeamRecognition(.id(team.id!)), "Kudos given.")
        }
    }

    @Sendable static func addCelebration(req: Request) async throws -> Response {
        try await submit(req) { team, principal, form in
            _ = try await RecognitionService.addCelebration(CelebrationInput(title: form["title"], celebratedOn: form.optional("celebratedOn"), notes: form["notes"]),
                                                            team: team, by: principal, on: req.db)
            return (.frontlineTeamRecognition(.id(team.id!)), "Celebration logged.")
        }
    }

    @Sendable static func addSiteVisit(req: Request) async throws -> Response {
        try await submit(req) { team, principal, form in
            _ = try await RecognitionService.addSiteVisit(TeamSiteVisitInput(siteID: UUID(uuidString: form["siteID"]), visitedOn: form["visitedOn"], visitors: form["visitors"],
                                                                         purpose: form["purpose"], notes: form["notes"]), team: team, by: principal, on: req.db)
            return (.frontlineTeamRecognition(.id(team.id!)), "Site visit logged.")
        }
    }

    @Sendable static func createContest(req: Request) async throws -> Response {
        try await submit(req) { team, principal, form in
            var errors = FieldErrors()
            let minimum = form.int("minimumSample", into: &errors), prizes = form.int("prizes", into: &errors)
            if !errors.isEmpty { throw ValidationFailed(fields: errors) }
            let record = try await ContestService.create(ContestInput(name: form["name"], metric: form["metric"], firstDay: form["firstDay"], lastDay: form["lastDay"],
                                                                      minimumSample: minimum, normalisePerQueue: form.flag("normalisePerQueue"), prizes: prizes),
                                                         team: team, settings: try await FrontlineSettingsStore.load(on: req.db), by: principal, on: req.db)
            return (.frontlineContest(.id(try record.requireID())), "Contest started.")
        }
    }

    @Sendable static func contest(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let record = try await ContestService.require(req.id("contestID"), scope: principal.scope, on: req.db)
        let c = try await ContestService.dto(record, on: req.db)
        let context = req.pageContext()
        func row(_ e: LeaderboardEntryDTO) -> [HTML] {
            ["\(e.rank.map(String.init) ?? "—")", "\(e.name ?? e.agentID) (\(e.agentID))", ProficiencyPages.figure(e.value),
             "\(e.index.map { String(format: "%.3f", $0) } ?? "—")", e.winner ? Components.badge("winner", "live") : .empty, "<span class=\"muted\">\(e.explanation)</span>"]
        }
        let winners: HTML = c.winners.map { list in
            "<p class=\"notice\" id=\"winners\">Winners recorded by \(c.winnersRecordedBy ?? "") on \(Components.date(c.winnersRecordedAt)): \(list.map { "\($0.name ?? $0.agentID) (rank \($0.rank), \($0.value))" }.joined(separator: ", "))</p>"
        } ?? (principal.can(.takePartInRelationship) && !c.ranked.isEmpty
              ? Components.postButton(.frontlineContestWinners(.id(c.id)), "Record the winners", csrf: context.csrf) : .empty)
        return Layout.page(c.name, context, section: .frontline, """
        <p class="crumbs">\(Components.link(.frontline, "Front line")) · \(Components.link(.frontlineTeamRecognition(.id(c.team.id)), c.team.name))</p>
        <h1>\(c.name)</h1>
        \(Components.details([
            ("KPI", "\(c.metricLabel)"), ("Period", "\(c.firstDay) to \(c.lastDay)"),
            ("Fairness", "at least \(c.minimumSample) per agent to be ranked; \(c.normalisePerQueue ? "normalised per queue: each agent's actual ÷ what their own queue mix gives at each queue's average (1 = average\(c.metric == "aht" ? ", lower is better" : ", higher is better"))" : "raw values"); equal scores (3 decimals) share a rank; \(c.prizes == 1 ? "the top rank wins" : "ranks 1 to \(c.prizes) win")"),
            ("Computed", "\(Components.date(c.computedAt)) from the stored agent-days"),
        ]))
        \(winners)
        <section><h2>Leaderboard</h2>
        \(Components.table(["Rank", "Agent", c.metricLabel, "Index", "", "How"], c.ranked.map(row), empty: "Nobody has the minimum sample yet.", id: "leaderboard"))
        </section>
        <section><h2>Not ranked</h2>
        \(Components.table(["Rank", "Agent", c.metricLabel, "Index", "", "Why"], c.unranked.map(row), empty: "Everyone who took part is ranked.", id: "unranked"))
        </section>
        """)
    }

    @Sendable static func recordWinners(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let record = try await ContestService.require(req.id("contestID"), scope: principal.scope, on: req.db)
        try FrontlineAccess.requireParticipant(req)
        do {
            try await ContestService.recordWinners(record, by: principal, on: req.db)
            return req.back(to: .frontlineContest(.id(try record.requireID())), "Winners recorded.")
        } catch let failure as ValidationFailed {
            return req.back(to: .frontlineContest(.id(try record.requireID())), "Not recorded: " + failure.fields.summary)
        }
    }
}
