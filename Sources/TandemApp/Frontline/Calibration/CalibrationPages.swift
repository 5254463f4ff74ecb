import Fluent
import Foundation
import TandemFrontline
import TandemPartners
import TandemPerformance
import Vapor

/// QA calibration: sessions, each team's QA beside its graders' alignment, trends; a session's blind
/// score entry, closing, and results.
enum CalibrationPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.frontlineCalibration.pathComponents, use: overview)
        routes.get(SiteURL.frontlineCalibrationNew.pathComponents, use: newForm)
        routes.post(SiteURL.frontlineCalibrationNew.pathComponents, use: create)
        routes.get(SiteURL.frontlineCalibrationSession(.param).pathComponents, use: detail)
        routes.post(SiteURL.frontlineCalibrationScores(.param).pathComponents, use: scores)
        routes.post(SiteURL.frontlineCalibrationClose(.param).pathComponents, use: close)
    }

    static func alignmentRow(_ a: AlignmentDTO, name: HTML? = nil) -> [HTML] {
        [name ?? HTML("\(a.who)"), "\(a.side)", "\(a.itemsCompared)", ProficiencyPages.figure(a.meanAbsoluteDeviation),
         ProficiencyPages.figure(a.meanSignedDeviation), ProficiencyPages.figure(a.agreementShare)]
    }

    static let alignmentHeaders = ["Grader", "Side", "Items", "Mean absolute deviation", "Mean signed deviation (+ = lenient)", "Answered like the benchmark"]

    static func leniencyBadge(_ leniency: String) -> HTML {
        switch leniency {
        case "lenient": Components.badge("lenient grading", "exiting")
        case "strict": Components.badge("strict grading", "update")
        case "aligned": Components.badge("aligned", "live")
        default: Components.badge("not calibrated enough", "onboarding")
        }
    }

    @Sendable static func overview(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let kept = try await FrontlineFigures.calibration(req, principal: principal)
        let sessions = kept.sessions, trends = kept.trends
        let sessionRows: [[HTML]] = sessions.map { s in
            [Components.link(.frontlineCalibrationSession(.id(s.id)), s.title), "\(s.heldOn)", "\(s.items.count)", "\(s.graders.count)", "\(s.benchmark)",
             s.status == "closed" ? ProficiencyPages.figure(s.result?.alpha) : Components.badge("open: scoring blind", "onboarding")]
        }
        let teamRows: [[HTML]] = trends.teams.map { t in
            ["\(t.team.name)", ProficiencyPages.figure(t.qa), leniencyBadge(t.leniency), ProficiencyPages.figure(t.calibration.meanSignedDeviation),
             ProficiencyPages.figure(t.calibration.meanAbsoluteDeviation), "<span class=\"muted\">\(t.note)</span>"]
        }
        let sideRows: [[HTML]] = trends.sides.sorted { $0.key < $1.key }.flatMap { side, points in
            points.map { p in ["\(side)", "\(p.heldOn)", ProficiencyPages.figure(p.alignment.meanSignedDeviation),
                               ProficiencyPages.figure(p.alignment.meanAbsoluteDeviation), ProficiencyPages.figure(p.alignment.agreementShare)] }
        }
        let graderRows: [[HTML]] = trends.graders.sorted { $0.key < $1.key }.flatMap { grader, points in
            points.map { p in ["\(grader)", "\(p.heldOn)", ProficiencyPages.figure(p.alignment.meanSignedDeviation),
                               ProficiencyPages.figure(p.alignment.meanAbsoluteDeviation), ProficiencyPages.figure(p.alignment.agreementShare)] }
        }
        return Layout.page("QA calibration", req.pageContext(), section: .frontline, """
        <h1>QA calibration</h1>
        \(FrontlineViews.sectionTabs(.calibration, principal: principal))
        <p class="lead">Graders of the client and of each partner score the same interactions blind, against the client expert's score, an agreed score or the graders' median. A high QA score from lenient graders shows here.</p>
        \(principal.can(.manageRelationship) && !principal.isPartnerUser ? HTML("<p>\(Components.link(.frontlineCalibrationNew, "Set up a calibration session"))</p>") : .empty)
        <section><h2>Each team's QA with its graders' calibration beside it</h2>
        \(Components.table(["Team", "QA score, 13 weeks", "Grading", "Graders' mean signed deviation", "Mean absolute deviation", "How"], teamRows, empty: "No teams.", id: "aligned-qa"))
        </section>
        <section><h2>Sessions</h2>
        \(Components.table(["Session", "Held", "Items", "Graders", "Benchmark", "Krippendorff's alpha"], sessionRows, empty: "No calibration sessions yet.", id: "calibration-sessions"))
        </section>
        <section><h2>Trend per team</h2>
        \(Components.table(["Side", "Session", "Mean signed deviation", "Mean absolute deviation", "Answered like the benchmark"], sideRows, empty: "No closed sessions yet.", id: "calibration-sides"))
        </section>
        <section><h2>Trend per grader</h2>
        \(Components.table(["Grader", "Session", "Mean signed deviation", "Mean absolute deviation", "Answered like the benchmark"], graderRows, empty: "No closed sessions yet.", id: "calibration-graders"))
        </section>
        """)
    }

    static let fields: [FormField] = [
        FormField(name: "title", label: "Session", required: true),
        FormField(name: "heldOn", label: "Held on", kind: .date, required: true),
        FormField(name: "items", label: "Interactions to score", kind: .textarea, hint: "One id per line (e.g. the contacts' ids).", required: true),
        FormField(name: "benchmark", label: "Benchmark", kind: .select([("expert", "The client expert's score"), ("median", "The median of all graders"), ("agreed", "Scores agreed when closing")])),
        FormField(name: "tolerance", label: "Answered like the benchmark within (points)", kind: .number, hint: "0 = the same score."),
        FormField(name: "graders", label: "Graders", kind: .textarea,
                  hint: "One per line: name, side — the side is client or a team's name; mark the client's expert with * before the name (expert benchmark).", required: true),
    ]

    static func formPage(_ values: FormValues, errors: FieldErrors, principal: Principal, _ context: PageContext) -> HTML {
        var shown = errors
        for (key, message) in errors.messages where key.hasPrefix("graders[") || key.hasPrefix("scores[") { shown.add("graders", "\(key): \(message)") }
        return Layout.page("New calibration session", context, section: .frontline, """
        <p class="crumbs">\(Components.link(.frontline, "Front line")) · \(Components.link(.frontlineCalibration, "QA calibration"))</p>
        <h1>New calibration session</h1>
        \(FormRenderer.form(action: .frontlineCalibrationNew, fields: fields, values: values, errors: shown, csrf: context.csrf, submit: "Set up session"))
        """)
    }

    @Sendable static func newForm(req: Request) async throws -> HTML {
        let principal = try FrontlineAccess.requireManager(req)
        try principal.requireClientSide("Calibration sessions are set up by the client.")
        return formPage(FormValues(["benchmark": "expert", "tolerance": "5", "heldOn": UTCDay(Date()).description]), errors: .init(), principal: principal, req.pageContext())
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let principal = try FrontlineAccess.requireManager(req)
        try principal.requireClientSide("Calibration sessions are set up by the client.")
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let teams = try await Partner.query(on: req.db).all()
        var graders: [CalibrationGraderInput] = []
        for (index, line) in form["graders"].split(whereSeparator: \.isNewline).enumerated() {
            let parts = line.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { errors.add("graders", "line \(index + 1) must read name, side"); continue }
            let expert = parts[0].hasPrefix("*")
            let name = expert ? String(parts[0].dropFirst()).trimmingCharacters(in: .whitespaces) : parts[0]
            var teamID: UUID?
            if parts[1].lowercased() != "client" {
                guard let team = teams.first(where: { $0.name.lowercased() == parts[1].lowercased() }) else {
                    errors.add("graders", "line \(index + 1): \"\(parts[1])\" is not a team (or client)"); continue
                }
                teamID = team.id
            }
            graders.append(CalibrationGraderInput(name: name, teamID: teamID, expert: expert))
        }
        let tolerance = form["tolerance"].isEmpty ? 0 : Double(form["tolerance"])
        if tolerance == nil { errors.add("tolerance", "must be a number") }
        let input = CalibrationSessionInput(title: form["title"], heldOn: form["heldOn"], items: form["items"].split(whereSeparator: \.isNewline).map(String.init),
                                            benchmark: form["benchmark"], tolerance: tolerance, graders: graders)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in formPage(form, errors: errors, principal: principal, context) }, action: {
            let session = try await CalibrationService.create(input, by: principal, on: req.db)
            return (.frontlineCalibrationSession(.id(try session.requireID())), "Calibration session set up: each side enters its graders' scores, blind.")
        })
    }

    @Sendable static func detail(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let session = try await CalibrationService.require(req.id("calibrationID"), scope: principal.scope, on: req.db)
        let s = CalibrationService.dto(session, principal: principal, teamNames: try await CalibrationService.teamNames(on: req.db))
        let context = req.pageContext()
        var parts: [HTML] = []
        let graderRows: [[HTML]] = s.graders.map { g in
            ["\(g.name)\(g.isExpert ? " (expert)" : "")", "\(g.side)", "\(g.itemsScored) of \(s.items.count)"]
        }
        parts.append("<section><h2>Graders</h2>\(Components.table(["Grader", "Side", "Scored"], graderRows, empty: "None of your graders take part.", id: "calibration-graders"))</section>")
        if s.status == "open" {
            for g in s.graders where g.canScore {
                let inputs: [HTML] = s.items.enumerated().map { index, item in
                    let value = g.scores?[item].map { String(format: "%g", $0) } ?? ""
                    return "<div class=\"field\"><label for=\"g\(g.id)-\(index)\">\(item)</label><input type=\"number\" min=\"0\" max=\"100\" step=\"any\" id=\"g\(g.id)-\(index)\" name=\"score\(index)\" value=\"\(value)\"></div>"
                }
                parts.append("""
                    <section><h2>\(g.name)'s scores (blind: nobody else's are shown)</h2>
                    <form method="post" action="\(SiteURL.frontlineCalibrationScores(.id(s.id)).path)" class="stacked">
                    \(Components.csrfField(context.csrf))<input type="hidden" name="graderID" value="\(g.id.uuidString)">
                    \(inputs)
                    <div class="actions"><button type="submit">Save \(g.name)'s scores</button></div>
                    </form></section>
                    """)
            }
            if principal.can(.manageRelationship), !principal.isPartnerUser {
                let agreed: [FormField] = s.benchmark == "agreed"
                    ? [FormField(name: "agreed", label: "Agreed scores", kind: .textarea, hint: "One per line: item, score.", required: true)] : []
                parts.append("<section><h2>Close the session</h2>\(FormRenderer.form(action: .frontlineCalibrationClose(.id(s.id)), fields: agreed, values: FormValues(), errors: .init(), csrf: context.csrf, submit: "Close and compute"))</section>")
            }
        } else if let r = s.result {
            let benchmarkRows: [[HTML]] = s.items.map { item in
                ["\(item)", "\(r.benchmark[item].map { String(format: "%g", $0) } ?? "—")"]
                    + s.graders.map { g in HTML("\(g.scores?[item].map { String(format: "%g", $0) } ?? "—")") }
            }
            parts.append("""
                <section><h2>Result</h2>
                <p>Krippendorff's alpha (interval): \(ProficiencyPages.figure(r.alpha)) <span class="muted">\(r.alpha.arithmetic)</span></p>
                \(Components.table(alignmentHeaders, r.graders.map { alignmentRow($0) }, empty: "No graded graders.", id: "calibration-result"))
                <h3>Per side</h3>
                \(Components.table(["Side", "Side", "Items", "Mean absolute deviation", "Mean signed deviation (+ = lenient)", "Answered like the benchmark"], r.sides.map { alignmentRow($0) }, empty: "", id: "calibration-result-sides"))
                <h3>Scores against the benchmark</h3>
                \(Components.table(["Item", "Benchmark"] + s.graders.map(\.name), benchmarkRows, empty: "", id: "calibration-scores"))
                </section>
                """)
        }
        return Layout.page(s.title, context, section: .frontline, """
        <p class="crumbs">\(Components.link(.frontline, "Front line")) · \(Components.link(.frontlineCalibration, "QA calibration"))</p>
        <h1>\(s.title)</h1>
        \(Components.details([
            ("Held", "\(s.heldOn)"), ("Status", "\(s.status == "open" ? "open: each side enters its graders' scores, blind" : "closed")"),
            ("Benchmark", "\(s.benchmark == "expert" ? "the client expert's score" : s.benchmark == "agreed" ? "scores agreed when closing" : "the median of all graders' scores")"),
            ("Answered like the benchmark", "within \(String(format: "%g", s.tolerance)) points"), ("Interactions", "\(s.items.joined(separator: ", "))"),
        ]))
        \(parts)
        """)
    }

    @Sendable static func scores(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let session = try await CalibrationService.require(req.id("calibrationID"), scope: principal.scope, on: req.db)
        try FrontlineAccess.requireParticipant(req)
        let form = try FormValues.from(req)
        let id = try session.requireID()
        guard let grader = UUID(uuidString: form["graderID"]) else { throw Abort(.notFound, reason: "No such grader in this session.") }
        var scores: [CalibrationScoreInput] = []
        var errors = FieldErrors()
        for (index, item) in session.itemList.enumerated() where !form["score\(index)"].isEmpty {
            guard let value = Double(form["score\(index)"]) else { errors.add("score\(index)", "\(item): must be a number"); continue }
            scores.append(CalibrationScoreInput(item: item, score: value))
        }
        do {
            if !errors.isEmpty { throw ValidationFailed(fields: errors) }
            try await CalibrationService.submitScores(CalibrationScoresInput(graderID: grader, scores: scores), session: session, by: principal, on: req.db)
            return req.back(to: .frontlineCalibrationSession(.id(id)), "Scores saved (\(scores.count) of \(session.itemList.count) items).")
        } catch let failure as ValidationFailed {
            return req.back(to: .frontlineCalibrationSession(.id(id)), "Not saved: " + failure.fields.summary)
        }
    }

    @Sendable static func close(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let session = try await CalibrationService.require(req.id("calibrationID"), scope: principal.scope, on: req.db)
        try FrontlineAccess.requireManager(req)
        try principal.requireClientSide("Calibration sessions are closed by the client.")
        let form = try FormValues.from(req)
        let id = try session.requireID()
        var agreed: [String: Double] = [:]
        for line in form["agreed"].split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, let score = Double(parts[1]) { agreed[parts[0]] = score }
        }
        do {
            try await CalibrationService.close(session, input: CalibrationCloseInput(agreed: agreed.isEmpty ? nil : agreed), by: principal, on: req.db)
            return req.back(to: .frontlineCalibrationSession(.id(id)), "Session closed; the result is stored.")
        } catch let failure as ValidationFailed {
            return req.back(to: .frontlineCalibrationSession(.id(id)), "Not closed: " + failure.fields.summary)
        }
    }
}
