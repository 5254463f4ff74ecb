import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import Vapor

/// Handlers for the performance pages: scorecards, trends, imports, targets, settings.
enum PerformancePages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.performance.pathComponents, use: scorecard)
        routes.get(SiteURL.performanceCSV.pathComponents, use: scorecardCSV)
        routes.get(SiteURL.performanceTrends.pathComponents, use: trends)
        routes.get(SiteURL.imports.pathComponents, use: imports)
        routes.post(SiteURL.imports.pathComponents, maxBody: "64mb", use: upload)
        routes.post(SiteURL.qaImports.pathComponents, maxBody: "16mb", use: uploadQA)
        routes.get(SiteURL.importDetail(.param).pathComponents, use: importDetail)
        routes.get(SiteURL.targets.pathComponents, use: targets)
        routes.post(SiteURL.targets.pathComponents, use: createTarget)
        routes.post(SiteURL.targetDelete(.param).pathComponents, use: deleteTarget)
        routes.get(SiteURL.performanceSettings.pathComponents, use: settings)
        routes.post(SiteURL.performanceSettings.pathComponents, use: saveSettings)
        routes.get(SiteURL.performanceDrill.pathComponents, use: ScorecardDrill.page)
    }

    /// period, at (a day in the period) and by, from the query; defaults: the latest week with data, by team.
    struct ScorecardQuery: Sendable {
        let period: ReportingPeriod
        let grouping: ScorecardGrouping

        static func parse(_ req: Request) async throws -> ScorecardQuery {
            let kind = PeriodKind(rawValue: req.query[String.self, at: "period"] ?? "") ?? .week
            let grouping = ScorecardGrouping(rawValue: req.query[String.self, at: "by"] ?? "") ?? .team
            let period: ReportingPeriod
            if let at = req.query[String.self, at: "at"].flatMap(LocalDate.init) {
                period = ReportingPeriod(kind: kind, containing: UTCDay(at.startOfDayUTC))
            } else {
                period = try await ScorecardFigures.latestPeriod(req, kind) ?? ReportingPeriod(kind: kind, containing: UTCDay(Date()))
            }
            return ScorecardQuery(period: period, grouping: grouping)
        }
    }

    @Sendable static func scorecard(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let query = try await ScorecardQuery.parse(req)
        let source = try await ScorecardFigures.source(req)
        let card = try await ScorecardFigures.series(req, query.period.kind, first: query.period.index, count: 1, grouping: query.grouping,
                                                     scope: principal.scope)[0]
        let alerts = try await AlertService.kept(req, scope: principal.scope)
        // Rendered once per change of the figures (rendering the table was 40% of a page view).
        let key = "scorecards:html:\(query.period.kind.rawValue):\(query.period.index):\(query.grouping.rawValue):\(principal.scope.cacheKey)"
        let body = try await req.derived(key, areas: AlertService.keptAreas) { _ in
            (PerformanceViews.scorecardBody(card, alerts: alerts, settings: source.context.settings), validUntil: .distantFuture,
             cost: card.rows.count * max(1, card.kpis.count))
        }
        return PerformanceViews.scorecardPage(body: body, canAdminister: principal.can(.administer), canImport: principal.can(.editRegistry), req.pageContext())
    }

    @Sendable static func scorecardCSV(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let query = try await ScorecardQuery.parse(req)
        let card = try await ScorecardFigures.series(req, query.period.kind, first: query.period.index, count: 1, grouping: query.grouping,
                                                     scope: principal.scope)[0]
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "scorecard-\(query.period.kind.rawValue)-\(query.period.firstDay)-\(query.grouping.rawValue).csv")
        return Response(status: .ok, headers: headers, body: .init(string: ScorecardCSV.render(card)))
    }

    @Sendable static func trends(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let kpi = KPIKind(rawValue: req.query[String.self, at: "kpi"] ?? "").flatMap { KPILabels.scorecardKPIs.contains($0) ? $0 : nil } ?? .serviceLevel
        let weeks = req.query[Int.self, at: "weeks"] == 52 ? 52 : 13
        let source = try await ScorecardFigures.source(req)
        let context = source.context
        let last = source.latestPeriod(.week) ?? ReportingPeriod(kind: .week, containing: UTCDay(Date()))
        let cards = try await ScorecardFigures.series(req, .week, first: last.index - weeks + 1, count: weeks, grouping: .team, scope: principal.scope)
        let series = principal.scope.visible(context.directory.teams, owner: \.id).map { team in
            TrendChart.Series(name: team.name, kind: team.kind, points: cards.map { $0.rows.first { $0.teamID == team.id }?.cell(kpi) })
        }
        let workspaceTarget = context.targets.targets.first { $0.kpi == kpi && $0.teamID == nil && $0.queueID == nil && $0.channelID == nil }?.target
        return PerformanceViews.trends(kpi: kpi, weeks: weeks, periods: cards.map(\.period), series: series, target: workspaceTarget, req.pageContext())
    }

    /// Imports span every team: partner users do not see them (404), like any other team's data.
    private static func requireImportReader(_ req: Request) throws -> Principal {
        let principal = try req.requirePrincipal()
        if principal.isPartnerUser { throw Abort(.notFound, reason: "No such page.") }
        return principal
    }

    @Sendable static func imports(req: Request) async throws -> HTML {
        let principal = try requireImportReader(req)
        let filter = ListFilter.parse(req, choices: ["status", "holds"])
        let query = ImportRun.query(on: req.db).sort(\.$createdAt, .descending)
        if let from = filter.from { query.filter(\.$createdAt >= from.startOfDayUTC) }
        if let to = filter.to { query.filter(\.$createdAt < to.adding(days: 1).startOfDayUTC) }
        let runs = try await query.limit(filter.isEmpty ? 50 : 500).all().map(\.dto)
            .filter { filter.matches("status", $0.status.rawValue) && filter.matches("holds", $0.kind) }
        return PerformanceViews.imports(runs, canImport: principal.can(.editRegistry), values: FormValues(), errors: FieldErrors(), filter: filter, req.pageContext())
    }

    @Sendable static func upload(req: Request) async throws -> Response {
        let principal = try req.require(.editRegistry)
        struct Upload: Content {
            var file: File?
            /// Source presets: the export's other files (Zendesk metrics and ratings, the Genesys lookup).
            var files: [File]?
            var source: String?
            var format: String?
            var mapping: String?
            var acceptValid: String?
            var preset: String?
            var presetSettings: String?
        }
        let form = (try? req.content.decode(Upload.self)) ?? Upload()
        let values = FormValues(["source": form.source ?? "", "mapping": form.mapping ?? "", "preset": form.preset ?? "", "presetSettings": form.presetSettings ?? ""])
        let acceptValid = ["on", "true", "1"].contains(form.acceptValid ?? "")
        let preset: PresetRequest?
        do { preset = try PresetRequest.parse(preset: form.preset, settings: form.presetSettings) } catch let failure as ValidationFailed {
            return try await rerender(req, principal, values, failure.fields)
        }
        if let preset {
            let files = ([form.file] + (form.files ?? []).map(Optional.some)).compactMap { $0 }.filter { $0.data.readableBytes > 0 }
            guard !files.isEmpty else {
                var errors = FieldErrors()
                errors.add("file", "is required: choose the export's files")
                return try await rerender(req, principal, values, errors)
            }
            do {
                let run = try await ImportService.enqueuePresetUpload(files: files.map { ($0.filename, Data(buffer: $0.data)) }, source: form.source ?? "",
                                                                      preset: preset, acceptValid: acceptValid, by: principal.actor, on: req.db)
                req.flash("Import of \(run.fileName) queued.")
                return req.redirect(to: SiteURL.importDetail(.id(try run.requireID())).path)
            } catch let failure as ValidationFailed {
                return try await rerender(req, principal, values, failure.fields)
            }
        }
        var errors = FieldErrors()
        var mapping: ColumnMapping?
        if let text = form.mapping?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            do { mapping = try ColumnMapping.parse(pairs: text.replacingOccurrences(of: "\n", with: ",")) }
            catch { errors.add("mapping", error.message) }
        }
        guard let file = form.file, file.data.readableBytes > 0 else {
            errors.add("file", "is required: choose a CSV or JSON Lines file")
            return try await rerender(req, principal, values, errors)
        }
        let format = ContactFileFormat(rawValue: form.format ?? "")
        guard errors.isEmpty else { return try await rerender(req, principal, values, errors) }
        do {
            let run = try await ImportService.enqueueUpload(bytes: Data(buffer: file.data), fileName: file.filename, source: form.source ?? "",
                                                            format: format, mapping: mapping, acceptValid: acceptValid,
                                                            by: principal.actor, on: req.db)
            req.flash("Import of \(file.filename) queued.")
            return req.redirect(to: SiteURL.importDetail(.id(try run.requireID())).path)
        } catch let failure as ValidationFailed {
            return try await rerender(req, principal, values, failure.fields)
        }
    }

    private static func rerender(_ req: Request, _ principal: Principal, _ values: FormValues, _ errors: FieldErrors) async throws -> Response {
        let runs = try await ImportRun.query(on: req.db).sort(\.$createdAt, .descending).limit(50).all().map(\.dto)
        return PerformanceViews.imports(runs, canImport: true, values: values, errors: errors, req.pageContext())
            .response(.unprocessableEntity)
    }

    /// A QA evaluation file, imported right away (QA files are small): the result page is the run's page.
    @Sendable static func uploadQA(req: Request) async throws -> Response {
        let principal = try req.require(.editRegistry)
        struct Upload: Content {
            var qaFile: File?
            var qaSource: String?
            var qaFormat: String?
            var qaAcceptValid: String?
        }
        let form = (try? req.content.decode(Upload.self)) ?? Upload()
        guard let file = form.qaFile, file.data.readableBytes > 0 else {
            var errors = FieldErrors()
            errors.add("qaFile", "is required: choose a CSV or JSON Lines file")
            return try await rerender(req, principal, FormValues(["qaSource": form.qaSource ?? ""]), errors)
        }
        do {
            let run = try await QAImportService.importFile(MemoryChunkSource([UInt8](buffer: file.data)), fileName: file.filename, bytesTotal: file.data.readableBytes,
                                                           source: form.qaSource ?? "", format: ContactFileFormat(rawValue: form.qaFormat ?? ""),
                                                           options: .init(acceptValid: ["on", "true", "1"].contains(form.qaAcceptValid ?? "")),
                                                           by: principal.actor, on: req.db)
            req.flash(run.message)
            return req.redirect(to: SiteURL.importDetail(.id(try run.requireID())).path)
        } catch let failure as ValidationFailed {
            var errors = FieldErrors()
            for (field, message) in failure.fields.messages { errors.add(field == "source" ? "qaSource" : field, message) }
            return try await rerender(req, principal, FormValues(["qaSource": form.qaSource ?? ""]), errors)
        }
    }

    @Sendable static func importDetail(req: Request) async throws -> HTML {
        _ = try requireImportReader(req)
        guard let run = try await ImportRun.find(req.id("importID"), on: req.db) else { throw Abort(.notFound, reason: "No such import.") }
        let live = req.application.importProgress.get(try run.requireID())
        var dto = run.dto
        dto.job = try await run.jobState(on: req.db)
        return PerformanceViews.importDetail(dto, live: live, req.pageContext())
    }

    @Sendable static func targets(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let directory = try await PerformanceDirectory.load(on: req.db)
        return PerformanceViews.targets(try await KPITargetService.list(scope: principal.scope, on: req.db), directory: directory.scoped(principal.scope),
                                        canEdit: principal.can(.editRegistry), values: FormValues(["effectiveFrom": LocalDate(date: Date()).description]),
                                        errors: FieldErrors(), req.pageContext())
    }

    @Sendable static func createTarget(req: Request) async throws -> Response {
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let kpi = form.choice("kpi", KPIKind.self, into: &errors)
        var target: Double? = nil
        if let value = Double(form["target"].replacingOccurrences(of: "%", with: "")) {
            target = kpi.map { KPILabels.isFraction($0) ? value / 100 : value } ?? value
        } else { errors.add("target", "must be a number") }
        let from = form.date("effectiveFrom", into: &errors)
        if form["effectiveFrom"].isEmpty { errors.add("effectiveFrom", "is required") }
        let to = form.date("effectiveTo", into: &errors)
        let chosenTarget = target
        let team = form.uuid("teamID", into: &errors), queue = form.uuid("queueID", into: &errors), channel = form.uuid("channelID", into: &errors)
        let directory = try await PerformanceDirectory.load(on: req.db)
        let context = req.pageContext()
        let list = try await KPITargetService.list(scope: .all, on: req.db)
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            PerformanceViews.targets(list, directory: directory, canEdit: true, values: form, errors: errors, context)
        }, action: {
            _ = try await KPITargetService.create(KPITargetInput(teamID: team, queueID: queue, channelID: channel, kpi: kpi!, target: chosenTarget!,
                                                                 effectiveFrom: from!, effectiveTo: to), by: principal.actor, on: req.db)
            return (.targets, "\(KPILabels.name(kpi!)) target saved.")
        })
    }

    @Sendable static func deleteTarget(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let record = try await KPITargetService.find(req.id("targetID"), scope: principal.scope, on: req.db) else {
            throw Abort(.notFound, reason: "No such target.")
        }
        try req.require(.editRegistry)
        try await KPITargetService.delete(record, by: principal.actor, on: req.db)
        req.flash("Target deleted.")
        return req.redirect(to: SiteURL.targets.path)
    }

    @Sendable static func settings(req: Request) async throws -> HTML {
        try req.require(.administer)
        return PerformanceViews.settings(values: PerformanceViews.values(try await PerformanceSettingsStore.load(on: req.db)), errors: FieldErrors(), req.pageContext())
    }

    @Sendable static func saveSettings(req: Request) async throws -> Response {
        let principal = try req.require(.administer)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        var settings = try await PerformanceSettingsStore.load(on: req.db)
        if let v = form.choice("serviceLevelMethod", ServiceLevelMethod.self, into: &errors) { settings.kpi.serviceLevelMethod = v }
        if let v = form.choice("abandonRateMethod", AbandonRateMethod.self, into: &errors) { settings.kpi.abandonRateMethod = v }
        if let v = form.choice("fcrMethod", FCRMethod.self, into: &errors) { settings.kpi.fcrMethod = v }
        if let v = form.choice("csatMethod", CSATMethod.self, into: &errors) { settings.kpi.csatMethod = v }
        func number(_ name: String) -> Double? {
            guard let value = Double(form[name]) else { errors.add(name, "must be a number"); return nil }
            return value
        }
        if let v = number("shortAbandonSeconds") { settings.kpi.shortAbandonThreshold = v }
        if let v = form.int("minimumSample", into: &errors) { settings.kpi.minimumSample = v }
        if let v = number("nearBandPercent") { settings.nearBandPercent = v }
        if let v = form.int("baselineWeeks", into: &errors) { settings.baselineWeeks = v }
        if let v = form.int("alertConsecutiveMisses", into: &errors) { settings.alerts.consecutiveMissedPeriods = v }
        if let v = number("alertWorseThanBaselinePercent") { settings.alerts.worseThanBaselinePercent = v }
        var partners = settings.partners
        if let v = form.choice("partnerRanks", PartnerViewSettings.Ranks.self, into: &errors) { partners.ranks = v }
        partners.shareExitScenarios = form.flag("shareExitScenarios")
        partners.shareConcentration = form.flag("shareConcentration")
        settings.partnerView = partners
        let chosen = settings
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            PerformanceViews.settings(values: form, errors: errors, context)
        }, action: {
            try await PerformanceSettingsStore.save(chosen, by: principal.actor, on: req.db)
            return (.performanceSettings, "Performance settings saved.")
        })
    }
}

extension PerformanceDirectory {
    /// Only the teams a scope may see (a partner user sees their own).
    func scoped(_ scope: PartnerScope) -> PerformanceDirectory {
        PerformanceDirectory(teams: scope.visible(teams, owner: \.id), queues: queues, contactDirectory: contactDirectory)
    }
}

/// The scorecard as CSV: one line per row × KPI, every figure with its parts.
enum ScorecardCSV {
    static func render(_ card: Scorecard) -> String {
        var lines = ["period_start,period_end,team,team_kind,segment,kpi,value,numerator,denominator,sample_size,enough_data,target,status,baseline,rank,rank_of,formula"]
        let last = UTCDay(daysSince1970: card.period.endDay.daysSince1970 - 1)
        for row in card.rows {
            for cell in row.cells {
                let fields: [String] = [
                    card.period.firstDay.description, last.description, row.teamName, row.teamKind.rawValue, row.segment ?? "", cell.kpi.rawValue,
                    cell.value.map { String($0) } ?? "", String(cell.numerator), String(cell.denominator), String(cell.sampleSize),
                    String(cell.enoughData), cell.target.map { String($0) } ?? "", cell.status?.rawValue ?? "",
                    cell.baseline.map { String($0) } ?? "", cell.rank.map(String.init) ?? "", cell.rankOf.map(String.init) ?? "", cell.formula,
                ]
                lines.append(fields.map(quote).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func quote(_ text: String) -> String {
        // A leading =, +, - or @ would run as a formula in a spreadsheet.
        let safe = text.first.map { "=+@".contains($0) || ($0 == "-" && Double(text) == nil) } == true ? "'" + text : text
        return safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : safe
    }
}
