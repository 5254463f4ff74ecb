import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import TandemStaffing
import Vapor

/// Handlers for the staffing pages: parse, call the services, render.
enum StaffingPages {
    static let uploadLimit: ByteCount = "20mb"

    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.staffing.pathComponents, use: plan)
        routes.get(SiteURL.staffingHeatmap.pathComponents, use: heatmap)
        routes.get(SiteURL.staffingExit.pathComponents, use: exit)
        routes.get(SiteURL.staffingCalculator.pathComponents, use: calculator)
        routes.get(SiteURL.staffingForecastImport.pathComponents, use: forecastForm)
        routes.post(SiteURL.staffingForecastImport.pathComponents, maxBody: uploadLimit, use: forecastImport)
        routes.get(SiteURL.staffingBaseline.pathComponents, use: baselinePage)
        routes.post(SiteURL.staffingBaseline.pathComponents, use: saveBaseline)
        routes.get(SiteURL.staffingScheduleImport.pathComponents, use: scheduleForm)
        routes.post(SiteURL.staffingScheduleImport.pathComponents, maxBody: uploadLimit, use: scheduleImport)
        routes.get(SiteURL.staffingQueueSettings(.param).pathComponents, use: settingsForm)
        routes.post(SiteURL.staffingQueueSettings(.param).pathComponents, use: saveSettings)
        routes.get(SiteURL.staffingAllocation(.param).pathComponents, use: allocationPage)
        routes.post(SiteURL.staffingAllocation(.param).pathComponents, use: saveAllocation)
        routes.get(SiteURL.staffingRules.pathComponents, use: rulesPage)
        routes.post(SiteURL.staffingRules.pathComponents, use: saveRules)
        routes.post(SiteURL.staffingLeadTimes.pathComponents, use: saveLeadTimes)
        routes.post(SiteURL.staffingNoticePeriods.pathComponents, use: saveNoticePeriods)
    }

    static func weekQuery(_ req: Request) -> String? { try? req.query.get(String.self, at: "week") }

    @Sendable static func plan(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let week = try await StaffingFigures.week(req, query: weekQuery(req))
        let data = try await StaffingFigures.planPage(req, week: week, scope: principal.scope)
        let source = try await ScorecardFigures.source(req)
        var page = StaffingViews.PlanPage(context: data.context, queues: data.queues, allocations: data.allocations, imports: data.imports,
                                          canEdit: principal.can(.editRegistry), partnerView: principal.isPartnerUser)
        page.serviceLevels = try await serviceLevels(req, week: week, scope: principal.scope, source: source)
        page.canExit = !principal.isPartnerUser || source.context.settings.partners.shareExitScenarios
        // Rendered once per change of the plan or the measured service levels (rendering was a third of a page view).
        let body = try await req.derived("staffing:plan-html:\(week):\(principal.scope.cacheKey):\(page.canEdit):\(page.partnerView):\(page.canExit)",
                                         areas: StaffingFigures.areas + ScorecardSource.areas) { [page] _ in
            (StaffingViews.planBody(page), validUntil: .distantFuture, cost: data.context.dto.queues.count + data.context.dto.teams.count)
        }
        return StaffingViews.planPage(body: body, req.pageContext())
    }

    /// Each team's service level for the plan's week, or for the latest week with contacts when
    /// the plan's week has none yet (a plan is usually for a week still to come).
    static func serviceLevels(_ req: Request, week: LocalDate, scope: PartnerScope,
                              source: ScorecardSource) async throws -> [UUID: (cell: ScorecardCell, period: ReportingPeriod)] {
        var period = ReportingPeriod(kind: .week, containing: UTCDay(week.startOfDayUTC))
        if let latest = source.latestPeriod(.week), latest < period { period = latest }
        let card = try await ScorecardFigures.series(req, .week, first: period.index, count: 1, grouping: .team, scope: scope)[0]
        var out: [UUID: (cell: ScorecardCell, period: ReportingPeriod)] = [:]
        for row in card.rows { if let cell = row.cell(.serviceLevel) { out[row.teamID] = (cell, period) } }
        return out
    }

    @Sendable static func heatmap(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let week = try await StaffingFigures.week(req, query: weekQuery(req))
        let context = try await StaffingFigures.plan(req, week: week, scope: principal.scope)
        return StaffingViews.heatmaps(context, partnerView: principal.isPartnerUser, req.pageContext())
    }

    /// Partner users do not see other teams' spare capacity, so the scenario is the client's.
    @Sendable static func exit(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        try await ExitScenarioService.requireReadable(principal, on: req.db)
        let week = try await StaffingFigures.week(req, query: weekQuery(req))
        let context = try await StaffingFigures.plan(req, week: week, scope: .all)
        if let own = principal.scope.partnerID {
            // Shared with partners: their own team leaving, nobody else's capacity named.
            let dto = try await ExitScenarioService.evaluate(team: own, context: context, on: req.db)
            return StaffingViews.exit(ExitScenarioService.forPartner(dto), teams: context.teams.filter { $0.id == own }, selected: own, week: week, req.pageContext())
        }
        let selected = (try? req.query.get(String.self, at: "team")).flatMap(UUID.init(uuidString:)) ?? context.teams.first { $0.kind == .partner }?.id
        var dto: ExitScenarioDTO? = nil
        if let selected { dto = try await ExitScenarioService.evaluate(team: selected, context: context, on: req.db) }
        return StaffingViews.exit(dto, teams: context.teams, selected: selected, week: week, req.pageContext())
    }

    @Sendable static func calculator(req: Request) async throws -> Response {
        try req.requirePrincipal()
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let context = req.pageContext()
        guard raw["contacts"] != nil || raw["ahtSeconds"] != nil else {
            let defaults = FormValues(["intervalMinutes": "30", "serviceLevelPercent": "80", "thresholdSeconds": "20", "shrinkagePercent": "30",
                                       "concurrency": "1", "efficiencyPercent": "100"])
            return try await StaffingViews.calculator(values: defaults, result: nil, errors: .init(), target: nil, context).encodeResponse(for: req)
        }
        let (input, errors) = CalculatorService.parse(raw)
        let values = FormValues(raw)
        guard let input else {
            return StaffingViews.calculator(values: values, result: nil, errors: errors, target: nil, context).response(.unprocessableEntity)
        }
        do {
            let result = try CalculatorService.calculate(input)
            return try await StaffingViews.calculator(values: values, result: result, errors: .init(), target: input.policy.serviceLevel, context).encodeResponse(for: req)
        } catch let failure as ValidationFailed {
            return StaffingViews.calculator(values: values, result: nil, errors: failure.fields, target: nil, context).response(.unprocessableEntity)
        }
    }

    // MARK: Imports

    struct Upload: Content {
        var csv: String?
        var file: File?
    }

    static func upload(_ req: Request) throws -> (csv: String, name: String) {
        let form = try req.content.decode(Upload.self)
        if let file = form.file, file.data.readableBytes > 0 {
            return (String(decoding: Data(buffer: file.data), as: UTF8.self), file.filename)
        }
        return (form.csv ?? "", "pasted.csv")
    }

    static let forecastExample = "queue,interval_start,interval_minutes,contacts,aht_seconds\nbilling-voice,2026-03-02T08:00,30,120,310\nbilling-voice,2026-03-02T08:30,30,135,305"
    static let scheduleExample = "team,queue,interval_start,interval_minutes,agents\nHarborline Contact Services,billing-voice,2026-03-02T08:00,30,14\nHarborline Contact Services,billing-voice,2026-03-02T08:30,30,15"

    @Sendable static func forecastForm(req: Request) async throws -> HTML {
        try req.require(.editRegistry)
        return StaffingViews.importPage(kind: "forecast", columns: StaffingImportService.forecastColumns, example: forecastExample,
                                        action: .staffingForecastImport, issues: [], csv: "", req.pageContext())
    }

    @Sendable static func scheduleForm(req: Request) async throws -> HTML {
        try req.require(.editRegistry)
        return StaffingViews.importPage(kind: "schedule", columns: StaffingImportService.scheduleColumns, example: scheduleExample,
                                        action: .staffingScheduleImport, issues: [], csv: "", req.pageContext())
    }

    @Sendable static func forecastImport(req: Request) async throws -> Response {
        let principal = try req.require(.editRegistry)
        let (csv, name) = try upload(req)
        do {
            let result = try await StaffingImportService.importForecast(csv: csv, fileName: name, by: principal.actor, on: req.db)
            req.flash("Forecast \(result.fileName) imported: \(result.rows) rows (\(result.created) new, \(result.updated) changed, \(result.unchanged) unchanged).")
            let week = result.period.isEmpty ? "" : PlanTime.monday(of: LocalDate(String(result.period.prefix(10))) ?? LocalDate(date: Date())).description
            return req.redirect(to: SiteURL.staffing.path(query: [("week", week)]), redirectType: .normal)
        } catch let failure as StaffingImportFailed {
            return StaffingViews.importPage(kind: "forecast", columns: StaffingImportService.forecastColumns, example: forecastExample,
                                            action: .staffingForecastImport, issues: failure.issues, csv: name == "pasted.csv" ? csv : "", req.pageContext())
                .response(.unprocessableEntity)
        }
    }

    @Sendable static func scheduleImport(req: Request) async throws -> Response {
        let principal = try req.require(.editRegistry)
        let (csv, name) = try upload(req)
        do {
            let result = try await StaffingImportService.importSchedule(csv: csv, fileName: name, by: principal.actor, on: req.db)
            req.flash("Schedule \(result.fileName) imported: \(result.rows) rows (\(result.created) new, \(result.updated) changed, \(result.unchanged) unchanged).")
            let week = result.period.isEmpty ? "" : PlanTime.monday(of: LocalDate(String(result.period.prefix(10))) ?? LocalDate(date: Date())).description
            return req.redirect(to: SiteURL.staffingHeatmap.path(query: [("week", week)]), redirectType: .normal)
        } catch let failure as StaffingImportFailed {
            return StaffingViews.importPage(kind: "schedule", columns: StaffingImportService.scheduleColumns, example: scheduleExample,
                                            action: .staffingScheduleImport, issues: failure.issues, csv: name == "pasted.csv" ? csv : "", req.pageContext())
                .response(.unprocessableEntity)
        }
    }

    // MARK: Baseline forecast

    /// Client roles only: partner users never see the queue's whole history.
    @Sendable static func baselinePage(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        try principal.requireClientSide("Baseline forecasts are for the client's team.")
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        let values = FormValues(raw)
        let queues = try await Queue.query(on: req.db).sort(\.$name).all()
        let canEdit = principal.can(.editRegistry)
        guard !values["queue"].isEmpty else {
            return try await StaffingViews.baseline(queues: queues, values: values, dto: nil, errors: .init(), canEdit: canEdit, req.pageContext()).encodeResponse(for: req)
        }
        do {
            let input = try await BaselineService.parse(baselineRequest(values), on: req.db)
            let dto = try await BaselineService.compute(input, on: req.db)
            var shown = values
            shown.values["week"] = dto.week
            return try await StaffingViews.baseline(queues: queues, values: shown, dto: dto, errors: .init(), canEdit: canEdit, req.pageContext()).encodeResponse(for: req)
        } catch let failure as ValidationFailed {
            return StaffingViews.baseline(queues: queues, values: values, dto: nil, errors: failure.fields, canEdit: canEdit, req.pageContext()).response(.unprocessableEntity)
        }
    }

    static func baselineRequest(_ values: FormValues) throws -> BaselineService.Request {
        var errors = FieldErrors()
        let minutes = values["intervalMinutes"].isEmpty ? nil : values.int("intervalMinutes", into: &errors)
        let weeks = values["weeks"].isEmpty ? nil : values.int("weeks", into: &errors)
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        return BaselineService.Request(queue: values["queue"], week: values.optional("week"), intervalMinutes: minutes, weeks: weeks)
    }

    @Sendable static func saveBaseline(req: Request) async throws -> Response {
        let principal = try req.require(.editRegistry)
        let values = try FormValues.from(req)
        do {
            let input = try await BaselineService.parse(baselineRequest(values), on: req.db)
            let (dto, result) = try await BaselineService.save(input, by: principal.actor, on: req.db)
            req.flash("Baseline forecast of \(dto.queueName) saved for the week of \(LocalDate(dto.week)?.display ?? dto.week): \(result.rows) intervals (\(result.created) new, \(result.updated) changed, \(result.unchanged) unchanged).")
            return req.redirect(to: SiteURL.staffing.path(query: [("week", dto.week)]), redirectType: .normal)
        } catch let failure as ValidationFailed {
            let queues = try await Queue.query(on: req.db).sort(\.$name).all()
            return StaffingViews.baseline(queues: queues, values: values, dto: nil, errors: failure.fields, canEdit: true, req.pageContext()).response(.unprocessableEntity)
        }
    }

    // MARK: Settings

    @Sendable static func settingsForm(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let settings = try await StaffingSettingsService.settings(of: req.id("queueID"), on: req.db)
        return StaffingViews.settings(settings, values: StaffingViews.settingsValues(settings), errors: .init(), canEdit: principal.can(.editRegistry), req.pageContext())
    }

    /// Form percent → API fraction, with each unreadable field named.
    static func settingsInput(_ form: FormValues, errors: inout FieldErrors) -> QueueStaffingSettingsInput {
        func number(_ name: String) -> Double? {
            let raw = form[name]
            guard !raw.isEmpty else { return nil }
            guard let value = Double(raw), value.isFinite else { errors.add(name, "must be a number"); return nil }
            return value
        }
        let threshold = form.int("thresholdSeconds", into: &errors)
        return QueueStaffingSettingsInput(
            serviceLevel: number("serviceLevelPercent").map { $0 / 100 }, thresholdSeconds: threshold, maxASASeconds: number("maxASASeconds"),
            maxOccupancy: number("maxOccupancyPercent").map { $0 / 100 }, patienceSeconds: number("patienceSeconds"),
            shrinkage: number("shrinkagePercent").map { $0 / 100 }, concurrency: number("concurrency"), efficiency: number("efficiencyPercent").map { $0 / 100 }
        )
    }

    /// API field names → form field names, so errors land beside the right input.
    static let settingsFieldNames = ["serviceLevel": "serviceLevelPercent", "maxOccupancy": "maxOccupancyPercent", "shrinkage": "shrinkagePercent", "efficiency": "efficiencyPercent"]
    /// The service's messages speak in fractions; the form asks for percent.
    static let percentMessages = [
        "serviceLevelPercent": "must be more than 0 and less than 100", "maxOccupancyPercent": "must be more than 0 and at most 100",
        "shrinkagePercent": "must be from 0 to 95", "efficiencyPercent": "must be more than 0 and at most 100",
    ]

    @Sendable static func saveSettings(req: Request) async throws -> Response {
        let queue = try await CatalogueService.requireQueue(req.id("queueID"), on: req.db)
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let input = settingsInput(form, errors: &errors)
        let current = try await StaffingSettingsService.settings(of: queue.requireID(), on: req.db)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            var renamed = FieldErrors()
            for (field, message) in errors.messages {
                let name = settingsFieldNames[field] ?? field
                renamed.add(name, settingsFieldNames[field] == nil ? message : percentMessages[name] ?? message)
            }
            return StaffingViews.settings(current, values: form, errors: renamed, canEdit: true, context)
        }, action: {
            _ = try await StaffingSettingsService.save(input, queue: queue, by: principal.actor, on: req.db)
            return (.staffing, "Staffing settings of \(queue.name) were saved.")
        })
    }

    // MARK: Allocation

    @Sendable static func allocationPage(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let queue = try await CatalogueService.requireQueue(req.id("queueID"), on: req.db)
        return try await renderAllocation(req, queue: queue, principal: principal, values: FormValues(["effectiveFrom": LocalDate(date: Date()).description, "shift": "all"]), errors: .init())
    }

    static func renderAllocation(_ req: Request, queue: Queue, principal: Principal, values: FormValues, errors: FieldErrors) async throws -> HTML {
        let history = try await AllocationService.history(queue: queue, on: LocalDate(date: Date()), scope: principal.scope, db: req.db)
        let canEdit = principal.can(.editRegistry)
        let teams = canEdit ? try await PartnerService.list(scope: .all, on: req.db) : []
        let rules = try await StaffingRulesService.rules(on: req.db)
        return StaffingViews.allocation(queue: CatalogueService.dto(queue), history: history, teams: teams, values: values, errors: errors,
                                        canEdit: canEdit, shiftHours: StaffingRulesService.shiftHours(rules), req.pageContext())
    }

    @Sendable static func saveAllocation(req: Request) async throws -> Response {
        let queue = try await CatalogueService.requireQueue(req.id("queueID"), on: req.db)
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let date = form.date("effectiveFrom", into: &errors)
        if form["effectiveFrom"].isEmpty { errors.add("effectiveFrom", "is required") }
        var shares: [AllocationShareInput] = []
        for (name, raw) in form.values where name.hasPrefix("share_") && !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let team = UUID(uuidString: String(name.dropFirst(6))) else { continue }
            guard let percent = Double(raw.trimmingCharacters(in: .whitespaces)) else { errors.add(name, "must be a number"); continue }
            if percent != 0 { shares.append(AllocationShareInput(teamID: team, percent: percent)) }
        }
        shares.sort { $0.teamID.uuidString < $1.teamID.uuidString }
        if errors.isEmpty, let date {
            do {
                _ = try await AllocationService.create(AllocationInput(queueID: try queue.requireID(), shift: form["shift"], effectiveFrom: date, shares: shares, note: form.optional("note"),
                                                                       noteVisibleToPartners: form.flag("noteVisibleToPartners")),
                                                       by: principal.actor, on: req.db)
                req.flash("A new allocation of \(queue.name) applies from \(date).")
                return req.redirect(to: SiteURL.staffingAllocation(.id(try queue.requireID())).path, redirectType: .normal)
            } catch let failure as ValidationFailed {
                errors = failure.fields
            }
        }
        // Share errors are about the set as a whole; show them on the first share field too.
        var shown = errors
        if let message = errors["shares"] { shown.add("effectiveFrom", "— shares \(message)") }
        return try await renderAllocation(req, queue: queue, principal: principal, values: form, errors: shown).response(.unprocessableEntity)
    }

    // MARK: Rules

    @Sendable static func rulesPage(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        return StaffingViews.rules(try await StaffingRulesService.rules(on: req.db), leadTimes: try await StaffingRulesService.leadTimes(on: req.db),
                                   notices: try await StaffingRulesService.noticePeriods(scope: principal.scope, on: req.db), errors: .init(),
                                   canEdit: principal.can(.editRegistry), req.pageContext())
    }

    @Sendable static func saveRules(req: Request) async throws -> Response {
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let limit = Double(form["concentrationLimitPercent"])
        if limit == nil { errors.add("concentrationLimitPercent", "must be a number") }
        let day = form.int("dayStartsAt", into: &errors), evening = form.int("eveningStartsAt", into: &errors), overnight = form.int("overnightStartsAt", into: &errors)
        let input = StaffingRulesDTO(concentrationLimit: (limit ?? 100) / 100, exemptOvernight: form.flag("exemptOvernight"),
                                     shiftHours: .init(dayStartsAt: day ?? -1, eveningStartsAt: evening ?? -1, overnightStartsAt: overnight ?? -1))
        let context = req.pageContext()
        let leadTimes = try await StaffingRulesService.leadTimes(on: req.db)
        let notices = try await StaffingRulesService.noticePeriods(scope: .all, on: req.db)
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            var renamed = FieldErrors()
            for (field, message) in errors.messages { renamed.add(field == "concentrationLimit" ? "concentrationLimitPercent" : field == "shiftHours" ? "dayStartsAt" : field, message) }
            return StaffingViews.rules(input, leadTimes: leadTimes, notices: notices, errors: renamed, canEdit: true, context)
        }, action: {
            _ = try await StaffingRulesService.saveRules(input, by: principal.actor, on: req.db)
            return (.staffingRules, "Staffing rules were saved.")
        })
    }

    @Sendable static func saveLeadTimes(req: Request) async throws -> Response {
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var inputs: [ChannelLeadTimeInput] = []
        for lead in try await StaffingRulesService.leadTimes(on: req.db) {
            let id = lead.channelID.uuidString.lowercased()
            guard let hiring = Int(form["hiring_\(id)"]), let training = Int(form["training_\(id)"]) else { continue }
            inputs.append(.init(channelID: lead.channelID, hiringDays: hiring, trainingDays: training))
        }
        do {
            _ = try await StaffingRulesService.saveLeadTimes(inputs, by: principal.actor, on: req.db)
            req.flash("Lead times were saved.")
        } catch let failure as ValidationFailed {
            req.flash("Lead times were not saved: \(failure.fields.summary)")
        }
        return req.redirect(to: SiteURL.staffingRules.path, redirectType: .normal)
    }

    @Sendable static func saveNoticePeriods(req: Request) async throws -> Response {
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var inputs: [NoticePeriodInput] = []
        for notice in try await StaffingRulesService.noticePeriods(scope: .all, on: req.db) {
            guard let days = Int(form["notice_\(notice.teamID.uuidString.lowercased())"]) else { continue }
            inputs.append(.init(teamID: notice.teamID, noticeDays: days))
        }
        do {
            _ = try await StaffingRulesService.saveNoticePeriods(inputs, by: principal.actor, on: req.db)
            req.flash("Notice periods were saved.")
        } catch let failure as ValidationFailed {
            req.flash("Notice periods were not saved: \(failure.fields.summary)")
        }
        return req.redirect(to: SiteURL.staffingRules.path, redirectType: .normal)
    }

    // MARK: Sections for the dashboard and the partner page

    static func dashboardSection(_ req: Request, principal: Principal) async throws -> HTML {
        let week = try await StaffingFigures.week(req, query: nil)
        let context = try await StaffingFigures.plan(req, week: week, scope: principal.scope)
        return try await req.derived("staffing:dashboard-html:\(week):\(principal.scope.cacheKey)", areas: StaffingFigures.areas) { _ in
            (StaffingViews.dashboardSection(context.dto), validUntil: .distantFuture, cost: context.dto.teams.count + 1)
        }
    }

    static func partnerSection(_ req: Request, team: UUID, principal: Principal) async throws -> HTML {
        let week = try await StaffingFigures.week(req, query: nil)
        let scope: PartnerScope = principal.scope == .all ? .all : principal.scope
        let context = try await StaffingFigures.plan(req, week: week, scope: scope)
        let allocations = try await AllocationService.current(on: week, scope: .only(team), db: req.db)
        var showConcentration = !principal.isPartnerUser
        if !showConcentration { showConcentration = try await PerformanceSettingsStore.load(on: req.db).partners.shareConcentration }
        return StaffingViews.partnerSection(team: team, dto: context.dto, allocations: allocations, showConcentration: showConcentration)
    }
}
