import Fluent
import Foundation
import TandemPartners
import TandemSelection
import Vapor

/// Reference checks, site visits with photos, the side-by-side comparison and the decision record.
enum DiligencePages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.referenceNew(event: .param, partner: .param).pathComponents, use: newReference)
        routes.post(SiteURL.referenceNew(event: .param, partner: .param).pathComponents, use: createReference)
        routes.get(SiteURL.reference(.param).pathComponents, use: reference)
        routes.post(SiteURL.reference(.param).pathComponents, use: saveReference)
        routes.get(SiteURL.siteVisitNew(event: .param, partner: .param).pathComponents, use: newVisit)
        routes.post(SiteURL.siteVisitNew(event: .param, partner: .param).pathComponents, use: createVisit)
        routes.get(SiteURL.siteVisit(.param).pathComponents, use: visit)
        routes.post(SiteURL.siteVisit(.param).pathComponents, use: saveVisit)
        routes.post(SiteURL.siteVisitPhotos(.param).pathComponents, maxBody: photoBodyLimit, use: uploadPhoto)
        routes.get(SiteURL.visitPhoto(.param).pathComponents, use: photo)
        routes.get(SiteURL.sourcingComparison(.param).pathComponents, use: comparison)
        routes.get(SiteURL.sourcingDecision(.param).pathComponents, use: decision)
        routes.post(SiteURL.sourcingDecision(.param).pathComponents, use: decide)
        routes.get(SiteURL.sourcingDecisionPrint(.param).pathComponents, use: printable)
    }

    /// A photo at the limit plus the multipart framing and caption.
    static let photoBodyLimit: ByteCount = ByteCount(value: PhotoCheck.maxBytes + 256 * 1024)

    static func eventCrumbs(_ eventID: UUID, _ title: String) -> HTML {
        SelectionPages.crumbs(" · \(Components.link(.sourcingEvent(.id(eventID)), title))")
    }

    // MARK: References

    static let referenceFields: [FormField] = [
        FormField(name: "refereeName", label: "Referee", required: true),
        FormField(name: "refereeCompany", label: "Referee's company", hint: "A client of the candidate.", required: true),
        FormField(name: "refereeRole", label: "Referee's role"),
        FormField(name: "checkedOn", label: "Checked on", kind: .date, required: true),
    ]

    @Sendable static func newReference(req: Request) async throws -> HTML {
        let (event, partner, _) = try await SelectionPages.eventAndCandidate(req)
        try req.require(.editRegistry)
        return try referenceForm(event, partner, values: FormValues(["checkedOn": LocalDate(date: Date()).description]), errors: .init(), req.pageContext())
    }

    static func referenceForm(_ event: SourcingEvent, _ partner: Partner, values: FormValues, errors: FieldErrors, _ context: PageContext) throws -> HTML {
        Layout.page("Reference check", context, section: .selection, """
        \(eventCrumbs(try event.requireID(), event.title))
        <h1>Reference check for \(partner.name)</h1>
        \(FormRenderer.form(action: .referenceNew(event: .id(try event.requireID()), partner: .id(try partner.requireID())), fields: referenceFields, values: values,
                            errors: errors, csrf: context.csrf, submit: "Start the reference check"))
        """)
    }

    @Sendable static func createReference(req: Request) async throws -> Response {
        let (event, partner, _) = try await SelectionPages.eventAndCandidate(req)
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let checked = form.date("checkedOn", into: &errors)
        if form["checkedOn"].isEmpty { errors.add("checkedOn", "is required") }
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            try referenceForm(event, partner, values: form, errors: errors, context)
        }, action: {
            let ref = try await DiligenceService.saveReference(.init(refereeName: form["refereeName"], refereeCompany: form["refereeCompany"], refereeRole: form["refereeRole"],
                                                                     checkedOn: checked!, answers: nil, redFlags: nil),
                                                               reference: nil, event: event, partner: partner, principal: principal, on: req.db)
            return (.reference(.id(try ref.requireID())), "Reference check started: record the answers and any red flags.")
        })
    }

    @Sendable static func reference(req: Request) async throws -> HTML {
        let principal = try SelectionPages.clientPrincipal(req)
        let ref = try await DiligenceService.requireReference(req.id("referenceID"), principal: principal, on: req.db)
        let dto = try await DiligenceService.referenceDTO(ref, on: req.db)
        return referencePage(dto, eventTitle: ref.event.title, open: ref.event.status == .open && principal.can(.editRegistry), values: referenceValues(dto), errors: .init(), req.pageContext())
    }

    static func referenceValues(_ r: ReferenceCheckDTO) -> FormValues {
        var values = ["refereeName": r.refereeName, "refereeCompany": r.refereeCompany, "refereeRole": r.refereeRole, "checkedOn": r.checkedOn.description,
                      "redFlags": r.redFlags.joined(separator: "\n")]
        for (i, qa) in r.answers.enumerated() { values["q\(i)_question"] = qa.question; values["q\(i)_answer"] = qa.answer }
        return FormValues(values)
    }

    static func referencePage(_ r: ReferenceCheckDTO, eventTitle: String, open: Bool, values: FormValues, errors: FieldErrors, _ context: PageContext) -> HTML {
        let rows = r.answers.count + 2
        let qa: [HTML] = (0..<rows).map { i in
            """
            <div class="field\(errors["answers[\(i)].answer"] != nil ? " has-error" : "")">
            <label for="f-q\(i)_question">Question \(i + 1)</label>
            <input type="text" id="f-q\(i)_question" name="q\(i)_question" value="\(values["q\(i)_question"])">
            <textarea name="q\(i)_answer" rows="3" aria-label="Answer \(i + 1)">\(values["q\(i)_answer"])</textarea>
            </div>
            """
        }
        let body: HTML = open ? """
            <form method="post" action="\(SiteURL.reference(.id(r.id)).path)" class="stacked wide" novalidate>
            \(errors.isEmpty ? HTML.empty : HTML("<div class=\"error-summary\" role=\"alert\"><strong>Please correct the highlighted fields.</strong></div>"))
            \(Components.csrfField(context.csrf))
            \(referenceFields.map { FormRenderer.field($0, value: values[$0.name], error: errors[$0.name]) })
            <h2>Questions and answers</h2>
            \(qa)
            \(FormRenderer.field(FormField(name: "redFlags", label: "Red flags", kind: .textarea, hint: "One a line: what should worry us. Leave empty when there is none."), value: values["redFlags"], error: errors["redFlags"]))
            <div class="actions"><button type="submit">Save reference check</button></div>
            </form>
            """ : """
            \(Components.details(r.answers.map { ($0.question, HTML("<span class=\"notes\">\($0.answer.isEmpty ? "—" : $0.answer)</span>")) }))
            <h2>Red flags</h2>
            \(r.redFlags.isEmpty ? HTML("<p>None recorded.</p>") : HTML("<ul>\(r.redFlags.map { HTML("<li class=\"flag\">\($0)</li>") })</ul>"))
            """
        return Layout.page("Reference: \(r.refereeName)", context, section: .selection, """
        \(eventCrumbs(r.eventID, eventTitle))
        <h1>Reference check for \(r.partnerName)</h1>
        <p class="lead">\(r.refereeName)\(r.refereeRole.isEmpty ? "" : ", \(r.refereeRole)"), \(r.refereeCompany) · \(r.checkedOn.description) · by \(r.checkedBy)
        \(r.redFlags.isEmpty ? HTML.empty : HTML(" · <span class=\"flag\">\(r.redFlags.count) red flag(s)</span>"))</p>
        \(body)
        """)
    }

    @Sendable static func saveReference(req: Request) async throws -> Response {
        let principal = try SelectionPages.clientPrincipal(req)
        let ref = try await DiligenceService.requireReference(req.id("referenceID"), principal: principal, on: req.db)
        try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let checked = form.date("checkedOn", into: &errors)
        if form["checkedOn"].isEmpty { errors.add("checkedOn", "is required") }
        let count = form.values.keys.filter { $0.hasSuffix("_question") }.count
        let answers = (0..<count).map { QuestionAnswer(question: form["q\($0)_question"], answer: form.values["q\($0)_answer"] ?? "") }
            .filter { !$0.question.isEmpty }
        let flags = (form.values["redFlags"] ?? "").components(separatedBy: "\n")
        let dto = try await DiligenceService.referenceDTO(ref, on: req.db)
        let event = ref.event, partner = ref.partner
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            referencePage(dto, eventTitle: event.title, open: true, values: form, errors: errors, context)
        }, action: {
            _ = try await DiligenceService.saveReference(.init(refereeName: form["refereeName"], refereeCompany: form["refereeCompany"], refereeRole: form["refereeRole"],
                                                               checkedOn: checked!, answers: answers, redFlags: flags),
                                                         reference: ref, event: event, partner: partner, principal: principal, on: req.db)
            return (.reference(.id(dto.id)), "Reference check saved.")
        })
    }

    // MARK: Site visits

    static func visitFields(sites: [SiteDTO]) -> [FormField] {
        [
            FormField(name: "siteID", label: "Site visited", kind: .select([("", "Another place (write it below)")] + sites.map { ($0.id.uuidString, "\($0.name), \($0.city) (\($0.locationType.label))") })),
            FormField(name: "location", label: "Where, if not a registered site", hint: "Know the facilities, not just the headquarters: visit the floor that would serve your customers."),
            FormField(name: "visitedOn", label: "Visited on", kind: .date, required: true),
            FormField(name: "visitors", label: "Who went", required: true),
        ]
    }

    @Sendable static func newVisit(req: Request) async throws -> HTML {
        let (event, partner, _) = try await SelectionPages.eventAndCandidate(req)
        try req.require(.editRegistry)
        let sites = try await PartnerService.sites(of: partner.requireID(), on: req.db)
        return try visitForm(event, partner, sites: sites, values: FormValues(["visitedOn": LocalDate(date: Date()).description]), errors: .init(), req.pageContext())
    }

    static func visitForm(_ event: SourcingEvent, _ partner: Partner, sites: [SiteDTO], values: FormValues, errors: FieldErrors, _ context: PageContext) throws -> HTML {
        Layout.page("Site visit", context, section: .selection, """
        \(eventCrumbs(try event.requireID(), event.title))
        <h1>Site visit to \(partner.name)</h1>
        \(FormRenderer.form(action: .siteVisitNew(event: .id(try event.requireID()), partner: .id(try partner.requireID())), fields: visitFields(sites: sites), values: values,
                            errors: errors, csrf: context.csrf, submit: "Record the visit"))
        """)
    }

    @Sendable static func createVisit(req: Request) async throws -> Response {
        let (event, partner, _) = try await SelectionPages.eventAndCandidate(req)
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let siteID = form.uuid("siteID", into: &errors)
        let visited = form.date("visitedOn", into: &errors)
        if form["visitedOn"].isEmpty { errors.add("visitedOn", "is required") }
        let sites = try await PartnerService.sites(of: partner.requireID(), on: req.db)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            try visitForm(event, partner, sites: sites, values: form, errors: errors, context)
        }, action: {
            let visit = try await DiligenceService.saveVisit(.init(siteID: siteID, location: form["location"], visitedOn: visited!, visitors: form["visitors"], notes: nil, observations: nil),
                                                             visit: nil, event: event, partner: partner, principal: principal, on: req.db)
            return (.siteVisit(.id(try visit.requireID())), "Visit recorded: go through the checklist and add photos.")
        })
    }

    @Sendable static func visit(req: Request) async throws -> HTML {
        let principal = try SelectionPages.clientPrincipal(req)
        let visit = try await DiligenceService.requireVisit(req.id("visitID"), principal: principal, on: req.db)
        let dto = try await DiligenceService.visitDTO(visit, on: req.db)
        return visitPage(dto, eventTitle: visit.event.title, open: visit.event.status == .open && principal.can(.editRegistry), values: visitValues(dto), errors: .init(), req.pageContext())
    }

    static func visitValues(_ v: SiteVisitDTO) -> FormValues {
        var values = ["notes": v.notes]
        for o in v.observations { values["finding_\(o.observation.rawValue)"] = o.finding.rawValue; values["note_\(o.observation.rawValue)"] = o.note }
        return FormValues(values)
    }

    static func visitPage(_ v: SiteVisitDTO, eventTitle: String, open: Bool, values: FormValues, errors: FieldErrors, _ context: PageContext) -> HTML {
        let rows: [[HTML]] = v.observations.map { o in
            let key = o.observation.rawValue
            guard open else {
                return ["<strong>\(o.label)</strong><br><span class=\"muted\">\(o.prompt)</span>", Components.badge(o.finding.label, o.finding.rawValue), "\(o.note.isEmpty ? "—" : o.note)"]
            }
            let options = ObservationFinding.allCases.map { f in
                HTML("<option value=\"\(f.rawValue)\"\(values["finding_\(key)"] == f.rawValue ? HTML(" selected") : .empty)>\(f.label)</option>")
            }
            return ["<label for=\"f-finding_\(key)\"><strong>\(o.label)</strong></label><br><span class=\"muted\">\(o.prompt)</span>",
                    "<select id=\"f-finding_\(key)\" name=\"finding_\(key)\">\(options)</select>",
                    "<input type=\"text\" name=\"note_\(key)\" value=\"\(values["note_\(key)"])\" aria-label=\"Note on \(o.label)\">"]
        }
        let checklist = Components.table(["Observation", "Finding", "Note"], rows, empty: "", id: "checklist")
        let photos: [HTML] = v.photos.map { p in
            HTML("<figure><img src=\"\(SiteURL.visitPhoto(.id(p.id)).path)\" alt=\"\(p.caption.isEmpty ? p.fileName : p.caption)\"><figcaption>\(p.caption.isEmpty ? p.fileName : p.caption) · \(String(format: "%.0f", Double(p.size) / 1024)) KB · \(p.uploadedBy)</figcaption></figure>")
        }
        let form: HTML = open ? """
            <form method="post" action="\(SiteURL.siteVisit(.id(v.id)).path)" class="stacked wide" novalidate>
            \(Components.csrfField(context.csrf))
            \(checklist)
            \(FormRenderer.field(FormField(name: "notes", label: "Notes", kind: .textarea), value: values["notes"], error: errors["notes"]))
            <div class="actions"><button type="submit">Save the checklist</button></div>
            </form>
            """ : "\(checklist)<h2>Notes</h2><p class=\"notes\">\(v.notes.isEmpty ? "—" : v.notes)</p>"
        let upload: HTML = open ? """
            <form method="post" action="\(SiteURL.siteVisitPhotos(.id(v.id)).path)?\(CSRFMiddleware.field)=\(context.csrf)" enctype="multipart/form-data" class="stacked">
            <div class="field\(errors["photo"] != nil ? " has-error" : "")"><label for="f-photo">Photo</label><input type="file" id="f-photo" name="photo" accept="image/png,image/jpeg">
            <p class="hint">PNG or JPEG, up to \(PhotoCheck.maxBytes / 1_048_576) MB; checked by its content, not its name.</p>
            \(errors["photo"].map { HTML("<p class=\"field-error\">Photo \($0)</p>") } ?? .empty)</div>
            \(FormRenderer.field(FormField(name: "caption", label: "Caption"), value: "", error: errors["caption"]))
            <div class="actions"><button type="submit">Upload photo</button></div>
            </form>
            """ : .empty
        return Layout.page("Visit: \(v.location)", context, section: .selection, """
        \(eventCrumbs(v.eventID, eventTitle))
        <h1>Site visit: \(v.partnerName), \(v.location)</h1>
        <p class="lead">\(v.visitedOn.description) · \(v.visitors) · \(v.summary)</p>
        \(v.notTheDeliverySite ? HTML("<p class=\"notice\">The visit has not confirmed it saw the site that would deliver the work: know the facilities, not just the headquarters.</p>") : .empty)
        \(form)
        <section><h2>Photos</h2>\(photos.isEmpty ? HTML("<div class=\"empty\">No photos yet.</div>") : HTML("<div class=\"photos\">\(photos)</div>"))\(upload)</section>
        """)
    }

    @Sendable static func saveVisit(req: Request) async throws -> Response {
        let principal = try SelectionPages.clientPrincipal(req)
        let visit = try await DiligenceService.requireVisit(req.id("visitID"), principal: principal, on: req.db)
        try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        var observations: [String: ObservationInput] = [:]
        for o in VisitObservation.allCases {
            let raw = form["finding_\(o.rawValue)"]
            guard !raw.isEmpty else { continue }
            guard let finding = ObservationFinding(rawValue: raw) else { errors.add("finding_\(o.rawValue)", "is not a valid choice"); continue }
            observations[o.rawValue] = ObservationInput(finding: finding, note: form["note_\(o.rawValue)"])
        }
        let dto = try await DiligenceService.visitDTO(visit, on: req.db)
        let event = visit.event, partner = visit.partner
        let context = req.pageContext()
        let input = SiteVisitInput(siteID: visit.$site.id, location: visit.location, visitedOn: dto.visitedOn, visitors: visit.visitors,
                                   notes: form.values["notes"] ?? "", observations: observations)
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            visitPage(dto, eventTitle: event.title, open: true, values: form, errors: errors, context)
        }, action: {
            _ = try await DiligenceService.saveVisit(input, visit: visit, event: event, partner: partner, principal: principal, on: req.db)
            return (.siteVisit(.id(dto.id)), "Checklist saved.")
        })
    }

    @Sendable static func uploadPhoto(req: Request) async throws -> Response {
        let principal = try SelectionPages.clientPrincipal(req)
        let visit = try await DiligenceService.requireVisit(req.id("visitID"), principal: principal, on: req.db)
        try req.require(.editRegistry)
        try SourcingService.requireOpen(visit.event)
        struct Upload: Content {
            var photo: File?
            var caption: String?
        }
        let form = (try? req.content.decode(Upload.self)) ?? Upload()
        let bytes = form.photo.map { [UInt8](buffer: $0.data) } ?? []
        do {
            _ = try await DiligenceService.addPhoto(bytes, fileName: form.photo?.filename ?? "photo", caption: form.caption ?? "", visit: visit, principal: principal, on: req.db)
            return req.back(to: .siteVisit(.id(try visit.requireID())), "Photo added.")
        } catch let failure as ValidationFailed {
            let dto = try await DiligenceService.visitDTO(visit, on: req.db)
            return visitPage(dto, eventTitle: visit.event.title, open: true, values: visitValues(dto), errors: failure.fields, req.pageContext()).response(.unprocessableEntity)
        }
    }

    @Sendable static func photo(req: Request) async throws -> Response {
        let principal = try SelectionPages.clientPrincipal(req)
        return DiligenceService.photoResponse(try await DiligenceService.requirePhoto(req.id("photoID"), principal: principal, on: req.db))
    }

    // MARK: Comparison and decision

    static func sideBySide(_ c: ComparisonDTO) -> HTML {
        let head: [HTML] = c.candidates.map { HTML("<th scope=\"col\">\($0.name)</th>") }
        let totalWeight = c.criteria.reduce(0) { $0 + $1.weight }
        let rows: [HTML] = c.criteria.map { criterion in
            let cells: [HTML] = c.candidates.map { cand in
                guard let f = cand.criteria.first(where: { $0.criterionID == criterion.id }), let mean = f.mean else { return "<td><span class=\"muted\">not scored</span></td>" }
                let spread: HTML = f.spread.map { s in HTML(" <span class=\"\(f.disagreement ? "flag" : "muted")\">spread \(SelectionFormat.number(s))\(f.disagreement ? " disagreement" : "")</span>") } ?? .empty
                let ko: HTML = f.knockedOut == true ? " <span class=\"flag\">below pass mark</span>" : .empty
                return "<td\(f.disagreement ? HTML(" class=\"disagree\"") : .empty)>\(String(format: "%.2f", mean))\(spread)\(ko)</td>"
            }
            let label: HTML = "\(criterion.group.isEmpty ? "" : "\(criterion.group): ")\(criterion.name)"
            return "<tr><th scope=\"row\">\(label)<br><span class=\"muted\">weight \(SelectionFormat.number(criterion.weight)) (\(SelectionFormat.percent(criterion.weight / max(totalWeight, 1)))) · \(SelectionFormat.number(criterion.scaleMin))–\(SelectionFormat.number(criterion.scaleMax))\(criterion.passMark.map { " · must reach \(SelectionFormat.number($0))" } ?? "")</span></th>\(cells)</tr>"
        }
        let totals: [HTML] = c.candidates.map { HTML("<td><strong>\($0.total.map { String(format: "%.1f", $0) } ?? "—")</strong><br><span class=\"muted\">coverage \(SelectionFormat.percent($0.coverage))</span></td>") }
        let refs: [HTML] = c.candidates.map { cand in
            HTML("<td>\(cand.references) check(s)\(cand.redFlags.isEmpty ? HTML.empty : HTML("<br><span class=\"flag\">\(cand.redFlags.joined(separator: "; "))</span>"))</td>")
        }
        let visits: [HTML] = c.candidates.map { cand in HTML("<td>\(cand.visitSummaries.isEmpty ? "none" : cand.visitSummaries.joined(separator: "; "))</td>") }
        return """
        <table class="side-by-side" id="side-by-side"><thead><tr><th scope="col">Criterion</th>\(head)</tr></thead>
        <tbody>\(rows)<tr><th scope="row">Weighted total (0–100)</th>\(totals)</tr>
        <tr><th scope="row">References</th>\(refs)</tr><tr><th scope="row">Site visits</th>\(visits)</tr></tbody></table>
        """
    }

    static func rankingTable(_ c: ComparisonDTO) -> HTML {
        let rows: [[HTML]] = c.candidates.map { cand in
            let standing: HTML = switch cand.standing {
            case .ranked: cand.knockOutsUnassessed.isEmpty ? "ranked" : "ranked; <span class=\"flag\">not yet cleared on \(cand.knockOutsUnassessed.joined(separator: ", "))</span>"
            case .knockedOut: Components.badge("Knocked out: \(cand.knockOuts.joined(separator: ", "))", "knocked_out")
            case .notEnoughScored: Components.badge("Not enough scored", "not_enough_scored")
            }
            return ["\(cand.rank.map(String.init) ?? "—")", "\(cand.name)", "\(cand.total.map { String(format: "%.1f", $0) } ?? "—")",
                    "\(SelectionFormat.percent(cand.coverage))\(cand.unscored.isEmpty ? "" : " (not scored: \(cand.unscored.joined(separator: ", ")))")",
                    "\(cand.evaluators)", standing]
        }
        return Components.table(["Rank", "Candidate", "Total", "Coverage", "Evaluators", "Standing"], rows, empty: "No candidates.", id: "ranking")
    }

    static func sensitivityTable(_ c: ComparisonDTO) -> HTML {
        let winner = c.winners.count == 1 ? c.candidates.first { $0.partnerID == c.winners[0] }?.name : nil
        guard let winner else {
            return "<p>\(c.winners.count > 1 ? "The top is tied: no weight needs to move for the winner to change." : "No single winner yet: sensitivity needs at least two ranked candidates.")</p>"
        }
        func flip(_ f: ComparisonDTO.Flip?, _ direction: String) -> HTML {
            guard let f else { return "<span class=\"muted\">no \(direction) changes the winner</span>" }
            return "\(SelectionFormat.number((f.weight * 100).rounded() / 100)) (\(SelectionFormat.percent(f.share, decimals: 1)) of the weight): \(f.challengerName) draws level"
        }
        let rows: [[HTML]] = c.sensitivity.map { s in
            ["\(s.criterion)", "\(SelectionFormat.number(s.weight)) (\(SelectionFormat.percent(s.share, decimals: 1)))", flip(s.decrease, "decrease"), flip(s.increase, "increase")]
        }
        return """
        <p>Winner: <strong>\(winner)</strong>. How far each weight must move, the others kept, before another candidate draws level:</p>
        \(Components.table(["Criterion", "Weight now", "Lowered to", "Raised to"], rows, empty: "No weights.", id: "sensitivity"))
        """
    }

    static func rules(_ c: ComparisonDTO) -> HTML {
        "<ul class=\"how\"><li>\(c.rules.total)</li><li>\(c.rules.knockOut)</li><li>\(c.rules.ranking)</li><li>\(c.rules.disagreement)</li><li>\(c.rules.sensitivity)</li><li>\(c.rules.blind)</li></ul>"
    }

    @Sendable static func comparison(req: Request) async throws -> HTML {
        let principal = try SelectionPages.clientPrincipal(req)
        let event = try await SourcingService.require(req.id("eventID"), principal: principal, on: req.db)
        try await EvaluationService.requireComparisonVisible(event, principal: principal, on: req.db)
        let c = try await ComparisonService.build(event, on: req.db)
        let id = SiteURL.Ref.id(c.eventID)
        return Layout.page("Compare: \(c.title)", req.pageContext(), section: .selection, """
        \(eventCrumbs(c.eventID, c.title))
        <div class="page-head"><h1>Side by side: \(c.title)</h1><div>\(Components.link(.sourcingDecision(id), c.status == .decided ? "Decision record" : "Decide"))</div></div>
        <section><h2>Ranking</h2>\(rankingTable(c))</section>
        <section><h2>Criterion by criterion</h2><p class="lead">Mean of the evaluators who scored each criterion; the spread between them is flagged above \(SelectionFormat.percent(c.disagreementThreshold)) of the scale.</p>\(sideBySide(c))</section>
        <section><h2>Sensitivity of the weights</h2>\(sensitivityTable(c))</section>
        <section><h2>How these figures are computed</h2>\(rules(c))</section>
        """)
    }

    static func decisionRecord(_ d: SelectionDecisionDTO) -> HTML {
        """
        \(Components.details([
            ("Chosen", "<strong>\(d.partnerName)</strong> (moved to onboarding)"), ("Decided by", "\(d.decidedBy)"), ("When", "\(Components.date(d.decidedAt))"),
            ("Why", "<span class=\"notes\">\(d.rationale)</span>"), ("What was traded off", d.tradeOffs.isEmpty ? "—" : "<span class=\"notes\">\(d.tradeOffs)</span>"),
            ("Ranking when decided", "<ul>\(d.ranking.map { HTML("<li>\($0)</li>") })</ul>"),
        ]))
        """
    }

    @Sendable static func decision(req: Request) async throws -> HTML {
        let principal = try SelectionPages.clientPrincipal(req)
        let event = try await SourcingService.require(req.id("eventID"), principal: principal, on: req.db)
        return try await decisionPage(event, principal: principal, values: FormValues(), errors: .init(), req)
    }

    static func decisionPage(_ event: SourcingEvent, principal: Principal, values: FormValues, errors: FieldErrors, _ req: Request) async throws -> HTML {
        let eventID = try event.requireID()
        let context = req.pageContext()
        if let d = try await DiligenceService.decision(eventID: eventID, on: req.db) {
            return Layout.page("Decision: \(event.title)", context, section: .selection, """
            \(eventCrumbs(eventID, event.title))
            <div class="page-head"><h1>Decision: \(event.title)</h1><div><a class="button" href="\(SiteURL.sourcingDecisionPrint(.id(eventID)).path)">Printable record</a></div></div>
            \(decisionRecord(DiligenceService.decisionDTO(d)))
            """)
        }
        try await EvaluationService.requireComparisonVisible(event, principal: principal, on: req.db)
        let c = try await ComparisonService.build(event, on: req.db)
        let choices = c.candidates.filter { $0.standing != .knockedOut }.map { ($0.partnerID.uuidString, "\($0.name)\($0.rank.map { " (rank \($0))" } ?? "")") }
        let form: HTML = principal.can(.editRegistry) && event.status == .open ? FormRenderer.form(action: .sourcingDecision(.id(eventID)), fields: [
            FormField(name: "partnerID", label: "Chosen candidate", kind: .select([("", "Choose…")] + choices), required: true),
            FormField(name: "rationale", label: "Why", kind: .textarea, required: true),
            FormField(name: "tradeOffs", label: "What was traded off", kind: .textarea, hint: "Required when the choice is not the top-ranked candidate."),
        ], values: values, errors: errors, csrf: context.csrf, submit: "Record the decision") : HTML("<p class=\"notice\">This sourcing event is \(event.status.rawValue).</p>")
        return Layout.page("Decide: \(event.title)", context, section: .selection, """
        \(eventCrumbs(eventID, event.title))
        <h1>Decide: \(event.title)</h1>
        <p class="lead">The chosen candidate moves to onboarding in the partner lifecycle; the others go back to prospect unless another open selection still evaluates them. Knocked-out candidates cannot be chosen.</p>
        \(rankingTable(c))
        \(form)
        """)
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let principal = try SelectionPages.clientPrincipal(req)
        let event = try await SourcingService.require(req.id("eventID"), principal: principal, on: req.db)
        try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let partnerID = form.uuid("partnerID", into: &errors)
        if form["partnerID"].isEmpty { errors.add("partnerID", "is required") }
        let eventID = try event.requireID()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            try await decisionPage(event, principal: principal, values: form, errors: errors, req)
        }, action: {
            let d = try await DiligenceService.decide(.init(partnerID: partnerID!, rationale: form.values["rationale"] ?? "", tradeOffs: form.values["tradeOffs"]),
                                                      event: event, principal: principal, on: req.db)
            return (.sourcingDecision(.id(eventID)), "\(d.partner.name) chosen: it moves to onboarding.")
        })
    }

    /// The decision record as a standalone printable document (the stylesheet linked: the CSP forbids inline styles).
    @Sendable static func printable(req: Request) async throws -> HTML {
        let principal = try SelectionPages.clientPrincipal(req)
        let event = try await SourcingService.require(req.id("eventID"), principal: principal, on: req.db)
        guard let d = try await DiligenceService.decision(eventID: event.requireID(), on: req.db) else { throw Abort(.notFound, reason: "No decision is recorded for this sourcing event yet.") }
        let c = try await ComparisonService.build(event, on: req.db)
        let dto = try await SourcingService.dto(event, on: req.db)
        return """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Decision record · \(event.title)</title>
        <link rel="stylesheet" href="\(SiteURL.stylesheet.path)"></head>
        <body class="record"><main>
        <p class="crumbs">Partner selection · decision record · printed \(Components.date(Date()))</p>
        <h1>\(event.title)</h1>
        <p class="lead">\(dto.scope) · \(dto.channels.map(\.label).joined(separator: ", ")) · \(dto.monthlyVolume) contacts a month · from \(dto.startDate.description)</p>
        <h2>Decision</h2>
        \(decisionRecord(DiligenceService.decisionDTO(d)))
        <h2>Criterion by criterion</h2>
        \(sideBySide(c))
        <h2>Sensitivity of the weights</h2>
        \(sensitivityTable(c))
        <h2>How these figures are computed</h2>
        \(rules(c))
        </main></body></html>
        """
    }
}
