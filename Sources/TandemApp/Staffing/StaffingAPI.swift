import Fluent
import Foundation
import TandemPartners
import TandemStaffing
import Vapor

struct ForecastIntervalDTO: Content, Equatable {
    let queueID: UUID
    let queueCode: String
    /// Plan time, `YYYY-MM-DDTHH:MM`.
    let intervalStart: String
    let intervalMinutes: Int
    let contacts: Double
    let ahtSeconds: Double
}

struct ScheduledIntervalDTO: Content, Equatable {
    let teamID: UUID
    let teamName: String
    let queueID: UUID
    let queueCode: String
    let intervalStart: String
    let intervalMinutes: Int
    let agents: Double
}

/// A CSV sent as JSON (the API also takes the file itself as `text/csv`).
struct StaffingUploadInput: Content {
    var fileName: String?
    var csv: String
}

struct StaffingImportFailureBody: Content {
    let error: String
    let reason: String
    let issues: [StaffingImportIssue]
}

/// `/api/v1/staffing/...`: the calculator, settings, forecast and schedule imports,
/// allocations, the plan and the exit scenario.
enum StaffingAPI {
    static func register(_ api: APIRoutes) {
        let tag = "Staffing"
        let week = APIOperation.QueryParameter(name: "week", schema: .date, description: "any day of the plan week (default: this week if it has a forecast, else the next/last one with one)")

        api.add(.init(method: .GET, path: ["staffing", "calculator"], summary: "Erlang calculator: agents for one interval", tag: tag,
                      response: .ref("StaffingCalculation"),
                      query: CalculatorService.parameters.map { .init(name: $0.name, schema: $0.name == "deferred" ? .boolean : .number, description: $0.description) })) { req in
            try req.requirePrincipal()
            return try CalculatorService.calculate((try? req.query.decode([String: String].self)) ?? [:])
        }

        // Settings
        api.add(.init(method: .GET, path: ["staffing", "settings"], summary: "Staffing settings of every queue", tag: tag, response: .array(.ref("QueueStaffingSettings")))) { req in
            try req.requirePrincipal()
            return try await StaffingSettingsService.policies(on: req.db).map(StaffingSettingsService.dto)
        }
        api.add(.init(method: .GET, path: ["staffing", "queues", ":queueID", "settings"], summary: "Staffing settings of a queue", tag: tag, response: .ref("QueueStaffingSettings"))) { req in
            try req.requirePrincipal()
            return try await StaffingSettingsService.settings(of: req.id("queueID"), on: req.db)
        }
        api.add(.init(method: .PUT, path: ["staffing", "queues", ":queueID", "settings"], summary: "Replace a queue's staffing settings", tag: tag,
                      request: .ref("QueueStaffingSettingsInput"), response: .ref("QueueStaffingSettings"))) { req in
            let queue = try await CatalogueService.requireQueue(req.id("queueID"), on: req.db)
            let principal = try req.require(.editRegistry)
            return try await StaffingSettingsService.save(req.decodeJSON(QueueStaffingSettingsInput.self), queue: queue, by: principal.actor, on: req.db)
        }

        // Forecast and schedule
        api.add(.init(method: .GET, path: ["staffing", "forecast"], summary: "Forecast intervals of a week", tag: tag, response: .array(.ref("ForecastInterval")),
                      query: [week, .init(name: "queue", schema: .string(), description: "only this queue code")])) { req in
            try req.requirePrincipal()
            return try await forecast(req)
        }
        api.add(.init(method: .POST, path: ["staffing", "forecast"], summary: "Import a forecast CSV (all rows or nothing)", tag: tag,
                      request: .ref("StaffingUpload"), response: .ref("StaffingImportResult"), successStatus: 201)) { req -> Response in
            let principal = try req.require(.editRegistry)
            return try await runImport(req) { csv, name in try await StaffingImportService.importForecast(csv: csv, fileName: name, by: principal.actor, on: req.db) }
        }
        api.add(.init(method: .GET, path: ["staffing", "forecast", "baseline"],
                      summary: "Baseline forecast of a queue and week from imported contacts (weekly pattern × recent level), with its WAPE on the held-out week (client roles)",
                      tag: tag, response: .ref("BaselineForecast"),
                      query: [.init(name: "queue", schema: .string(), description: "queue code (required)"), week,
                              .init(name: "intervalMinutes", schema: .integer(minimum: 15, maximum: 60), description: "15, 30 or 60 (default 30)"),
                              .init(name: "weeks", schema: .integer(minimum: 1, maximum: 52), description: "whole weeks of history to read (default 8)")])) { req in
            let principal = try req.requirePrincipal()
            try principal.requireClientSide("Baseline forecasts are for the client's team.")
            let input = try await BaselineService.parse(baselineRequest(req), on: req.db)
            return try await BaselineService.compute(input, on: req.db)
        }
        api.add(.init(method: .POST, path: ["staffing", "forecast", "baseline"], summary: "Compute the baseline forecast and save it as the week's forecast (audited, all or nothing)",
                      tag: tag, request: .ref("BaselineForecastInput"), response: .ref("BaselineForecastSaved"), successStatus: 201)) { req in
            let principal = try req.require(.editRegistry)
            let input = try await BaselineService.parse(req.decodeJSON(BaselineService.Request.self), on: req.db)
            let (baseline, saved) = try await BaselineService.save(input, by: principal.actor, on: req.db)
            return Created(value: BaselineSaveResultDTO(baseline: baseline, saved: saved))
        }
        api.add(.init(method: .GET, path: ["staffing", "schedule"], summary: "Scheduled agents of a week (partner users: their own team)", tag: tag,
                      response: .array(.ref("ScheduledInterval")), query: [week])) { req in
            let principal = try req.requirePrincipal()
            return try await schedule(req, scope: principal.scope)
        }
        api.add(.init(method: .POST, path: ["staffing", "schedule"], summary: "Import a schedule CSV (all rows or nothing)", tag: tag,
                      request: .ref("StaffingUpload"), response: .ref("StaffingImportResult"), successStatus: 201)) { req -> Response in
            let principal = try req.require(.editRegistry)
            return try await runImport(req) { csv, name in try await StaffingImportService.importSchedule(csv: csv, fileName: name, by: principal.actor, on: req.db) }
        }

        // Allocation
        api.add(.init(method: .GET, path: ["staffing", "allocations"], summary: "Allocations in force on a date (partner users: their own shares)", tag: tag,
                      response: .array(.ref("AllocationSet")), query: [.init(name: "date", schema: .date, description: "default today")])) { req in
            let principal = try req.requirePrincipal()
            return try await AllocationService.current(on: try date(req, "date") ?? LocalDate(date: Date()), scope: principal.scope, db: req.db)
        }
        api.add(.init(method: .GET, path: ["staffing", "queues", ":queueID", "allocations"], summary: "Allocation history of a queue, newest first", tag: tag,
                      response: .array(.ref("AllocationSet")))) { req in
            let principal = try req.requirePrincipal()
            let queue = try await CatalogueService.requireQueue(req.id("queueID"), on: req.db)
            return try await AllocationService.history(queue: queue, on: LocalDate(date: Date()), scope: principal.scope, db: req.db)
        }
        api.add(.init(method: .POST, path: ["staffing", "allocations"], summary: "Add an allocation (shares add up to 100%; history is kept)", tag: tag,
                      request: .ref("AllocationInput"), response: .ref("AllocationSet"), successStatus: 201)) { req in
            let principal = try req.require(.editRegistry)
            return Created(value: try await AllocationService.create(req.decodeJSON(AllocationInput.self), by: principal.actor, on: req.db))
        }

        // Plan and scenarios
        api.add(.init(method: .GET, path: ["staffing", "plan"], summary: "Capacity plan of a week: required vs scheduled hours per team, concentration warnings", tag: tag,
                      response: .ref("StaffingPlan"), query: [week])) { req in
            let principal = try req.requirePrincipal()
            let week = try await StaffingFigures.week(req, query: try? req.query.get(String.self, at: "week"))
            return try await StaffingFigures.plan(req, week: week, scope: principal.scope).dto
        }
        api.add(.init(method: .GET, path: ["staffing", "exit"], summary: "Exit scenario: what if a team leaves (client roles)", tag: tag,
                      response: .ref("ExitScenario"), query: [week, .init(name: "team", schema: .uuid, description: "the team leaving (required)")])) { req in
            let principal = try req.requirePrincipal()
            try await ExitScenarioService.requireReadable(principal, on: req.db)
            guard let team = (try? req.query.get(String.self, at: "team")).flatMap(UUID.init(uuidString:)) ?? principal.scope.partnerID else {
                throw ValidationFailed(fields: FieldErrors(["team": "is required: the id of the team leaving"]))
            }
            try principal.scope.require(team, notFound: "No such team.")
            let week = try await StaffingFigures.week(req, query: try? req.query.get(String.self, at: "week"))
            let context = try await StaffingFigures.plan(req, week: week, scope: .all)
            let dto = try await ExitScenarioService.evaluate(team: team, context: context, on: req.db)
            return principal.isPartnerUser ? ExitScenarioService.forPartner(dto) : dto
        }

        // Rules
        api.add(.init(method: .GET, path: ["staffing", "rules"], summary: "Concentration rule and shift hours", tag: tag, response: .ref("StaffingRules"))) { req in
            try req.requirePrincipal()
            return try await StaffingRulesService.rules(on: req.db)
        }
        api.add(.init(method: .PUT, path: ["staffing", "rules"], summary: "Replace the concentration rule and shift hours", tag: tag,
                      request: .ref("StaffingRules"), response: .ref("StaffingRules"))) { req in
            let principal = try req.require(.editRegistry)
            return try await StaffingRulesService.saveRules(req.decodeJSON(StaffingRulesDTO.self), by: principal.actor, on: req.db)
        }
        api.add(.init(method: .GET, path: ["staffing", "lead-times"], summary: "Backfill lead time (hiring + training days) per channel", tag: tag,
                      response: .array(.ref("ChannelLeadTime")))) { req in
            try req.requirePrincipal()
            return try await StaffingRulesService.leadTimes(on: req.db)
        }
        api.add(.init(method: .PUT, path: ["staffing", "lead-times"], summary: "Set lead times of the channels listed", tag: tag,
                      request: .array(.ref("ChannelLeadTimeInput")), response: .array(.ref("ChannelLeadTime")))) { req in
            let principal = try req.require(.editRegistry)
            return try await StaffingRulesService.saveLeadTimes(req.decodeJSON([ChannelLeadTimeInput].self), by: principal.actor, on: req.db)
        }
        api.add(.init(method: .GET, path: ["staffing", "notice-periods"], summary: "Notice period per team (partner users: their own)", tag: tag,
                      response: .array(.ref("NoticePeriod")))) { req in
            let principal = try req.requirePrincipal()
            return try await StaffingRulesService.noticePeriods(scope: principal.scope, on: req.db)
        }
        api.add(.init(method: .PUT, path: ["staffing", "notice-periods"], summary: "Set notice periods of the teams listed", tag: tag,
                      request: .array(.ref("NoticePeriodInput")), response: .array(.ref("NoticePeriod")))) { req in
            let principal = try req.require(.editRegistry)
            return try await StaffingRulesService.saveNoticePeriods(req.decodeJSON([NoticePeriodInput].self), by: principal.actor, on: req.db)
        }
    }

    static func baselineRequest(_ req: Request) throws -> BaselineService.Request {
        var errors = FieldErrors()
        func int(_ name: String) -> Int? {
            guard let raw = try? req.query.get(String.self, at: name), !raw.isEmpty else { return nil }
            guard let value = Int(raw) else { errors.add(name, "must be a whole number"); return nil }
            return value
        }
        let request = BaselineService.Request(queue: (try? req.query.get(String.self, at: "queue")) ?? "", week: try? req.query.get(String.self, at: "week"),
                                              intervalMinutes: int("intervalMinutes"), weeks: int("weeks"))
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        return request
    }

    static func date(_ req: Request, _ name: String) throws -> LocalDate? {
        guard let raw = try? req.query.get(String.self, at: name), !raw.isEmpty else { return nil }
        guard let day = LocalDate(raw) else { throw ValidationFailed(fields: FieldErrors([name: "must be a date as YYYY-MM-DD"])) }
        return day
    }

    static func forecast(_ req: Request) async throws -> [ForecastIntervalDTO] {
        let week = try await PlanService.week(from: try? req.query.get(String.self, at: "week"), on: req.db)
        let from = PlanTime.minute(week)
        let queues = try await Queue.query(on: req.db).all()
        let codes = Dictionary(queues.map { ($0.id!, $0.code) }, uniquingKeysWith: { a, _ in a })
        let query = ForecastRow.query(on: req.db).filter(\.$startMinute >= from).filter(\.$startMinute < from + 7 * 1_440)
        if let code = try? req.query.get(String.self, at: "queue") {
            guard let queue = queues.first(where: { $0.code == code.lowercased() }) else { throw Abort(.notFound, reason: "No queue has the code \(code).") }
            query.filter(\.$queue.$id == queue.id!)
        }
        return try await query.sort(\.$startMinute).all().map {
            ForecastIntervalDTO(queueID: $0.$queue.id, queueCode: codes[$0.$queue.id] ?? "", intervalStart: PlanTime.format(minute: $0.startMinute),
                                intervalMinutes: $0.intervalMinutes, contacts: $0.contacts, ahtSeconds: $0.ahtSeconds)
        }.sorted { ($0.queueCode, $0.intervalStart) < ($1.queueCode, $1.intervalStart) }
    }

    static func schedule(_ req: Request, scope: PartnerScope) async throws -> [ScheduledIntervalDTO] {
        let week = try await PlanService.week(from: try? req.query.get(String.self, at: "week"), on: req.db)
        let from = PlanTime.minute(week)
        let codes = Dictionary(try await Queue.query(on: req.db).all().map { ($0.id!, $0.code) }, uniquingKeysWith: { a, _ in a })
        let names = Dictionary(try await Partner.query(on: req.db).all().map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let query = ScheduleRow.query(on: req.db).filter(\.$startMinute >= from).filter(\.$startMinute < from + 7 * 1_440)
        scope.restrict(query, to: \.$partner.$id)
        return try await query.all().map {
            ScheduledIntervalDTO(teamID: $0.$partner.id, teamName: names[$0.$partner.id] ?? "", queueID: $0.$queue.id, queueCode: codes[$0.$queue.id] ?? "",
                                 intervalStart: PlanTime.format(minute: $0.startMinute), intervalMinutes: $0.intervalMinutes, agents: $0.agents)
        }.sorted { ($0.teamName, $0.queueCode, $0.intervalStart) < ($1.teamName, $1.queueCode, $1.intervalStart) }
    }

    /// Takes `text/csv` (file name from `?fileName=`) or JSON `{fileName, csv}`; a bad file
    /// answers 422 with every issue.
    static func runImport(_ req: Request, _ run: (String, String) async throws -> StaffingImportResult) async throws -> Response {
        let csv: String, name: String
        if req.headers.contentType?.subType == "csv" {
            csv = req.body.string ?? ""
            name = (try? req.query.get(String.self, at: "fileName")) ?? "upload.csv"
        } else {
            let input = try req.decodeJSON(StaffingUploadInput.self)
            csv = input.csv
            name = input.fileName ?? "upload.csv"
        }
        do {
            let result = try await run(csv, name)
            let response = Response(status: .created)
            try response.content.encode(result, as: .json)
            return response
        } catch let failure as StaffingImportFailed {
            let response = Response(status: .unprocessableEntity)
            try response.content.encode(StaffingImportFailureBody(
                error: "validation_failed", reason: "The file was not imported: \(failure.issues.count) problem(s). Nothing was changed.", issues: failure.issues
            ), as: .json)
            return response
        }
    }

    static let schemas: [String: JSONSchema] = {
        let pct = JSONSchema.number
        return [
            "StaffingCalculation": .object([
                ("model", .string(enumeration: StaffingPolicy.Model.allCases.map(\.rawValue))), ("contacts", .number), ("ahtSeconds", .number),
                ("intervalMinutes", .integer(minimum: 15, maximum: 60)), ("effectiveAHTSeconds", .number), ("trafficErlangs", .number),
                ("agents", .integer(minimum: 0)), ("fractionalAgents", .number), ("scheduledFTE", .number),
                ("serviceLevel", .nullable(.number)), ("asaSeconds", .nullable(.number)), ("occupancy", .nullable(.number)), ("probabilityOfAbandoning", .nullable(.number)),
                ("rows", .array(.object([("agents", .integer(minimum: 1)), ("serviceLevel", .number), ("asaSeconds", .nullable(.number)), ("occupancy", .number),
                                         ("probabilityOfWaiting", .number), ("probabilityOfAbandoning", .number), ("meetsTarget", .boolean)],
                                        required: ["agents", "serviceLevel", "occupancy", "probabilityOfWaiting", "probabilityOfAbandoning", "meetsTarget"]))),
                ("formula", .string()),
            ], required: ["model", "contacts", "ahtSeconds", "intervalMinutes", "effectiveAHTSeconds", "trafficErlangs", "agents", "fractionalAgents", "scheduledFTE", "rows", "formula"]),
            "QueueStaffingSettings": .object([
                ("queueID", .uuid), ("queueName", .string()), ("queueCode", .string()), ("channelID", .uuid), ("channelName", .string()),
                ("channelKind", .enumeration(ChannelKind.self)), ("model", .string(enumeration: StaffingPolicy.Model.allCases.map(\.rawValue))), ("customised", .boolean),
                ("serviceLevel", .nullable(pct)), ("thresholdSeconds", .integer(minimum: 0)), ("maxASASeconds", .nullable(.number)), ("maxOccupancy", .nullable(pct)),
                ("patienceSeconds", .nullable(.number)), ("shrinkage", pct), ("concurrency", .number), ("efficiency", pct),
            ], required: ["queueID", "queueName", "queueCode", "channelID", "channelName", "channelKind", "model", "customised", "thresholdSeconds", "shrinkage", "concurrency", "efficiency"]),
            "QueueStaffingSettingsInput": .object([
                ("serviceLevel", .nullable(.number)), ("thresholdSeconds", .nullable(.integer(minimum: 0, maximum: 86_400))), ("maxASASeconds", .nullable(.number)),
                ("maxOccupancy", .nullable(.number)), ("patienceSeconds", .nullable(.number)), ("shrinkage", .nullable(.number)),
                ("concurrency", .nullable(.number)), ("efficiency", .nullable(.number)),
            ], required: []),
            "ForecastInterval": .object([("queueID", .uuid), ("queueCode", .string()), ("intervalStart", .string(description: "plan time YYYY-MM-DDTHH:MM")),
                                         ("intervalMinutes", .integer(minimum: 15, maximum: 60)), ("contacts", .number), ("ahtSeconds", .number)],
                                        required: ["queueID", "queueCode", "intervalStart", "intervalMinutes", "contacts", "ahtSeconds"]),
            "BaselineForecast": .object([
                ("queueID", .uuid), ("queueCode", .string()), ("queueName", .string()), ("week", .date), ("intervalMinutes", .integer(minimum: 15, maximum: 60)),
                ("timeBasis", .string(description: "UTC: intervals are bucketed on the UTC clock; plan time = UTC")),
                ("requestedWeeks", .integer(minimum: 1)), ("weeksUsed", .array(.date)), ("fitWeeks", .array(.date)), ("heldOutWeeks", .array(.date)),
                ("minimumWeeks", .integer(minimum: 1)), ("sampleContacts", .integer(minimum: 0)), ("handledContacts", .integer(minimum: 0)),
                ("enoughHistory", .boolean), ("message", .string(description: "\"Not enough history: …\" when there is no baseline")),
                ("wape", .nullable(.number)), ("backtestForecastContacts", .nullable(.number)), ("backtestActualContacts", .nullable(.number)),
                ("weeklyContacts", .nullable(.number)), ("meanAHTSeconds", .nullable(.number)),
                ("intervals", .array(.object([("intervalStart", .string(description: "plan time YYYY-MM-DDTHH:MM")), ("contacts", .number), ("ahtSeconds", .number)],
                                             required: ["intervalStart", "contacts", "ahtSeconds"]))),
                ("method", .string()),
                ("plannedContacts", .nullable(.number)), ("plannedIntervals", .integer(minimum: 0)),
            ], required: ["queueID", "queueCode", "queueName", "week", "intervalMinutes", "timeBasis", "requestedWeeks", "weeksUsed", "fitWeeks", "heldOutWeeks",
                          "minimumWeeks", "sampleContacts", "handledContacts", "enoughHistory", "message", "intervals", "method"]),
            "BaselineForecastInput": .object([("queue", .string(description: "queue code")), ("week", .nullable(.date)),
                                              ("intervalMinutes", .nullable(.integer(minimum: 15, maximum: 60))), ("weeks", .nullable(.integer(minimum: 1, maximum: 52)))],
                                             required: ["queue"]),
            "BaselineForecastSaved": .object([("baseline", .ref("BaselineForecast")), ("saved", .ref("StaffingImportResult"))], required: ["baseline", "saved"]),
            "ScheduledInterval": .object([("teamID", .uuid), ("teamName", .string()), ("queueID", .uuid), ("queueCode", .string()), ("intervalStart", .string()),
                                          ("intervalMinutes", .integer(minimum: 15, maximum: 60)), ("agents", .number)],
                                         required: ["teamID", "teamName", "queueID", "queueCode", "intervalStart", "intervalMinutes", "agents"]),
            "StaffingUpload": .object([("fileName", .nullable(.string(maxLength: 200))), ("csv", .string(description: "the CSV text; or send the file itself as text/csv"))], required: ["csv"]),
            "StaffingImportResult": .object([("kind", .string(enumeration: ["forecast", "schedule"])), ("fileName", .string()), ("rows", .integer(minimum: 0)),
                                             ("created", .integer(minimum: 0)), ("updated", .integer(minimum: 0)), ("unchanged", .integer(minimum: 0)), ("period", .string())],
                                            required: ["kind", "fileName", "rows", "created", "updated", "unchanged", "period"]),
            "AllocationInput": .object([("queueID", .uuid), ("shift", .nullable(.string(enumeration: ["all"] + Shift.allCases.map(\.rawValue)))), ("effectiveFrom", .date),
                                        ("shares", .array(.object([("teamID", .uuid), ("percent", .number)], required: ["teamID", "percent"]))),
                                        ("note", .nullable(.string(maxLength: 500))), ("noteVisibleToPartners", .nullable(.boolean))],
                                     required: ["queueID", "effectiveFrom", "shares"]),
            "AllocationSet": .object([("queueID", .uuid), ("queueName", .string()), ("shift", .string()), ("effectiveFrom", .date), ("revision", .integer(minimum: 1)),
                                      ("note", .string()), ("noteVisibleToPartners", .boolean), ("shares", .array(.object([("teamID", .uuid), ("teamName", .string()), ("percent", .number)], required: ["teamID", "teamName", "percent"]))),
                                      ("current", .boolean)], required: ["queueID", "queueName", "shift", "effectiveFrom", "revision", "note", "noteVisibleToPartners", "shares", "current"]),
            "StaffingPlan": .object([
                ("week", .date),
                ("teams", .array(.object([("teamID", .uuid), ("teamName", .string()), ("kind", .enumeration(TeamKind.self)), ("requiredHours", .number),
                                          ("scheduledHours", .number), ("underHours", .number), ("overHours", .number)],
                                         required: ["teamID", "teamName", "kind", "requiredHours", "scheduledHours", "underHours", "overHours"]))),
                ("queues", .array(.object([("queueID", .uuid), ("queueName", .string()), ("queueCode", .string()), ("channelID", .uuid), ("channelName", .string()),
                                           ("model", .string()), ("target", .string()), ("intervals", .integer(minimum: 0)), ("intervalMinutes", .integer(minimum: 0)),
                                           ("contacts", .number), ("agentHours", .nullable(.number)), ("requiredHours", .nullable(.number)), ("peakAgents", .nullable(.integer(minimum: 0))),
                                           ("shares", .array(.object([("teamID", .uuid), ("teamName", .string()), ("requiredHours", .number)], required: ["teamID", "teamName", "requiredHours"])))],
                                          required: ["queueID", "queueName", "queueCode", "channelID", "channelName", "model", "target", "intervals", "intervalMinutes", "contacts", "shares"]))),
                ("totalRequiredHours", .nullable(.number)), ("unallocatedHours", .nullable(.number)), ("peakPooledAgents", .nullable(.integer(minimum: 0))),
                ("peakRoundedEachAgents", .nullable(.integer(minimum: 0))), ("warnings", .array(.ref("ConcentrationWarning"))),
                ("concentrationLimitPercent", .number), ("exemptShifts", .array(.string())), ("method", .string()),
                ("unallocatedQueues", .nullable(.array(.object([("queueID", .uuid), ("queueName", .string()), ("reason", .string()), ("requiredHours", .number),
                                                                ("hasForecast", .boolean)], required: ["queueID", "queueName", "reason", "requiredHours", "hasForecast"])))),
                ("shortfalls", .array(.object([("teamID", .uuid), ("slots", .integer(minimum: 0)), ("shortSlots", .integer(minimum: 0)), ("worstSlot", .nullable(.string())),
                                               ("worstQueue", .nullable(.string())), ("worstShortAgents", .number)], required: ["teamID", "slots", "shortSlots", "worstShortAgents"]))),
                ("volumeSource", .string()),
            ], required: ["week", "teams", "queues", "warnings", "concentrationLimitPercent", "exemptShifts", "method", "shortfalls", "volumeSource"]),
            "ConcentrationWarning": .object([("scope", .string(enumeration: ["queue", "channel"])), ("scopeID", .uuid), ("scopeName", .string()), ("teamID", .uuid),
                                             ("teamName", .string()), ("sharePercent", .number), ("shifts", .array(.string())), ("message", .string())],
                                            required: ["scope", "scopeID", "scopeName", "teamID", "teamName", "sharePercent", "shifts", "message"]),
            "ExitScenario": .object([
                ("week", .date), ("teamID", .uuid), ("teamName", .string()), ("noticeDays", .integer(minimum: 0)),
                ("noticeSource", .string()), ("contract", .nullable(.ref("ContractExit"))), ("leavingHoursPerWeek", .number),
                ("maxDaysExposed", .integer(minimum: 0)), ("uncoveredHoursPerWeek", .number), ("uncoveredHoursTotal", .number),
                ("channels", .array(.object([("channelID", .uuid), ("channelName", .string()), ("hiringDays", .integer(minimum: 0)), ("trainingDays", .integer(minimum: 0)),
                                             ("leavingHoursPerWeek", .number), ("daysExposed", .integer(minimum: 0)), ("uncoveredHoursPerWeek", .number), ("uncoveredHoursTotal", .number),
                                             ("absorbers", .array(.object([("teamID", .uuid), ("teamName", .string()), ("spareHoursPerWeek", .number), ("absorbedHoursPerWeek", .number)],
                                                                          required: ["teamID", "teamName", "spareHoursPerWeek", "absorbedHoursPerWeek"])))],
                                            required: ["channelID", "channelName", "hiringDays", "trainingDays", "leavingHoursPerWeek", "daysExposed", "uncoveredHoursPerWeek", "uncoveredHoursTotal", "absorbers"]))),
                ("method", .string()),
            ], required: ["week", "teamID", "teamName", "noticeDays", "noticeSource", "leavingHoursPerWeek", "maxDaysExposed", "uncoveredHoursPerWeek", "uncoveredHoursTotal", "channels", "method"]),
            "StaffingRules": .object([("concentrationLimit", .number), ("exemptOvernight", .boolean),
                                      ("shiftHours", .object([("dayStartsAt", .integer(minimum: 0, maximum: 23)), ("eveningStartsAt", .integer(minimum: 0, maximum: 23)),
                                                              ("overnightStartsAt", .integer(minimum: 0, maximum: 23))], required: ["dayStartsAt", "eveningStartsAt", "overnightStartsAt"]))],
                                     required: ["concentrationLimit", "exemptOvernight", "shiftHours"]),
            "ChannelLeadTime": .object([("channelID", .uuid), ("channelName", .string()), ("hiringDays", .integer(minimum: 0)), ("trainingDays", .integer(minimum: 0)), ("customised", .boolean)],
                                       required: ["channelID", "channelName", "hiringDays", "trainingDays", "customised"]),
            "ChannelLeadTimeInput": .object([("channelID", .uuid), ("hiringDays", .integer(minimum: 0, maximum: 730)), ("trainingDays", .integer(minimum: 0, maximum: 365))],
                                            required: ["channelID", "hiringDays", "trainingDays"]),
            "NoticePeriod": .object([("teamID", .uuid), ("teamName", .string()), ("noticeDays", .integer(minimum: 0)), ("customised", .boolean)],
                                    required: ["teamID", "teamName", "noticeDays", "customised"]),
            "NoticePeriodInput": .object([("teamID", .uuid), ("noticeDays", .integer(minimum: 0, maximum: 730))], required: ["teamID", "noticeDays"]),
        ]
    }()
}
