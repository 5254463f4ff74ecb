import Fluent
import Foundation
import SQLKit
import TandemPartners
import TandemStaffing
import Vapor

/// Per-interval history of one queue over whole plan weeks, oldest first, built from
/// `contact_records`. Index k is interval k of the history (week k ÷ intervalsPerWeek,
/// interval-of-week k mod intervalsPerWeek); interval-of-week 0 is Monday 00:00.
///
/// Time basis: **UTC.** Contacts are stored in UTC and plan time is written without a time
/// zone, so the history is bucketed on the UTC clock and a saved baseline is plan time = UTC
/// wall clock. (Queues are shared by teams in several time zones, so no site's zone is
/// more "the queue's" than another's.)
struct ContactHistory: Sendable, Equatable {
    let queueID: UUID
    let intervalMinutes: Int
    /// Monday of the first week.
    let firstWeek: LocalDate
    let weeks: Int
    /// Offered contacts: entered the queue minus short abandons (abandoned, unanswered, wait < S).
    let offered: [Double]
    /// Answered (handled) contacts.
    let handled: [Double]
    /// Σ talk + hold + after-work seconds of the answered contacts.
    let handleSeconds: [Double]

    var intervalsPerWeek: Int { 7 * 1_440 / intervalMinutes }
}

/// Builds the baseline forecast of a queue and week from imported contacts and scores it on
/// held-out weeks (WAPE); saves it through the same upsert as a forecast CSV import.
enum BaselineService {
    static let defaultWeeks = 8
    static let holdoutWeeks = 1
    static let options = BaselineForecast.Options()
    /// The fit needs `levelWeeks` whole weeks before the held-out week(s).
    static var minimumWeeks: Int { options.levelWeeks + holdoutWeeks }

    /// The history of `queue` over the `weeks` whole weeks before `before` (a Monday), one
    /// aggregate row per interval. The grouping is portable SQL: integer division of
    /// non-negative BIGINTs truncates identically on SQLite and PostgreSQL, the CASE sums
    /// are standard, and every sum is cast back to BIGINT (PostgreSQL sums BIGINT into NUMERIC).
    static func history(queue: UUID, intervalMinutes: Int, weeks: Int, before: LocalDate, shortAbandonSeconds: Double,
                        on db: any Database) async throws -> ContactHistory {
        guard StaffingImportService.allowedMinutes.contains(intervalMinutes), (1...52).contains(weeks) else {
            throw ValidationFailed(fields: FieldErrors(["intervalMinutes": "must be 15, 30 or 60, with 1 to 52 weeks of history"]))
        }
        let first = before.adding(days: -7 * weeks)
        let fromMs = Int64(PlanTime.minute(first)) * 60_000
        let toMs = Int64(PlanTime.minute(before)) * 60_000
        let intervalMs = Int64(intervalMinutes) * 60_000
        let shortMs = Int64((shortAbandonSeconds * 1000).rounded())
        let perWeek = 7 * 1_440 / intervalMinutes
        let count = perWeek * weeks
        var offered = [Double](repeating: 0, count: count)
        var handled = [Double](repeating: 0, count: count)
        var handle = [Double](repeating: 0, count: count)
        let sql = db as! any SQLDatabase
        // Integers only are written into the text; the queue id is bound.
        let bucket = "((offered_at_ms - \(fromMs)) / \(intervalMs))"
        let query: SQLQueryString = """
            SELECT \(unsafeRaw: bucket) AS bucket,
              CAST(COUNT(*) AS BIGINT) AS entered,
              CAST(COALESCE(SUM(CASE WHEN answered_at_ms IS NULL AND abandoned = \(bind: true) AND wait_ms < \(unsafeRaw: String(shortMs)) THEN 1 ELSE 0 END), 0) AS BIGINT) AS short_abandons,
              CAST(COALESCE(SUM(CASE WHEN answered_at_ms IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS handled,
              CAST(COALESCE(SUM(CASE WHEN answered_at_ms IS NOT NULL THEN talk_ms + hold_ms + after_work_ms ELSE 0 END), 0) AS BIGINT) AS handle_ms
            FROM contact_records
            WHERE queue_key = (SELECT number FROM contact_keys WHERE uuid = \(bind: queue)) AND offered_at_ms >= \(unsafeRaw: String(fromMs)) AND offered_at_ms < \(unsafeRaw: String(toMs))
            GROUP BY \(unsafeRaw: bucket)
            """
        for row in try await sql.raw(query).all() {
            let index = Int(try row.decode(column: "bucket", as: Int64.self))
            guard index >= 0, index < count else { continue }
            offered[index] = Double(try row.decode(column: "entered", as: Int64.self) - row.decode(column: "short_abandons", as: Int64.self))
            handled[index] = Double(try row.decode(column: "handled", as: Int64.self))
            handle[index] = Double(try row.decode(column: "handle_ms", as: Int64.self)) / 1000
        }
        return ContactHistory(queueID: queue, intervalMinutes: intervalMinutes, firstWeek: first, weeks: weeks,
                              offered: offered, handled: handled, handleSeconds: handle)
    }

    // MARK: Compute

    struct Request: Content, Equatable {
        /// Queue code (or id).
        var queue: String
        /// Any day of the target week (default: next week).
        var week: String?
        var intervalMinutes: Int?
        /// Whole weeks of history to read (default 8).
        var weeks: Int?
    }

    struct Input: Sendable {
        let queue: Queue
        let week: LocalDate
        let intervalMinutes: Int
        let weeks: Int
    }

    static func parse(_ request: Request, today: LocalDate = LocalDate(date: Date()), on db: any Database) async throws -> Input {
        var errors = FieldErrors()
        let code = request.queue.trimmingCharacters(in: .whitespaces)
        var queue: Queue? = nil
        if code.isEmpty { errors.add("queue", "is required") } else {
            if let id = UUID(uuidString: code) { queue = try await Queue.find(id, on: db) }
            if queue == nil { queue = try await Queue.query(on: db).filter(\.$code == code.lowercased()).first() }
            if queue == nil { errors.add("queue", "is not a known queue code") }
        }
        var week = PlanTime.monday(of: today).adding(days: 7)
        if let raw = request.week?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let day = LocalDate(raw) { week = PlanTime.monday(of: day) } else { errors.add("week", "must be a date as YYYY-MM-DD") }
        }
        let minutes = request.intervalMinutes ?? 30
        if !StaffingImportService.allowedMinutes.contains(minutes) { errors.add("intervalMinutes", "must be 15, 30 or 60") }
        let weeks = request.weeks ?? defaultWeeks
        if !(1...52).contains(weeks) { errors.add("weeks", "must be from 1 to 52") }
        guard errors.isEmpty, let queue else { throw ValidationFailed(fields: errors) }
        return Input(queue: queue, week: week, intervalMinutes: minutes, weeks: weeks)
    }

    static func compute(_ input: Input, today: LocalDate = LocalDate(date: Date()), on db: any Database) async throws -> BaselineForecastDTO {
        let settings = try await PerformanceSettingsStore.load(on: db)
        // Whole weeks only: history ends at the target week or at this week's Monday, whichever is earlier.
        let end = min(input.week, PlanTime.monday(of: today))
        let history = try await history(queue: input.queue.requireID(), intervalMinutes: input.intervalMinutes, weeks: input.weeks, before: end,
                                        shortAbandonSeconds: settings.kpi.shortAbandonThreshold, on: db)
        var dto = try evaluate(history, queue: input.queue, week: input.week, requestedWeeks: input.weeks, minimumSample: settings.kpi.minimumSample)
        // The volume the plan reads for the same queue and week, so the page can say which one is in use and why they differ.
        let from = PlanTime.minute(input.week)
        let stored = try await ForecastRow.query(on: db).filter(\.$queue.$id == input.queue.requireID())
            .filter(\.$startMinute >= from).filter(\.$startMinute < from + 7 * 1_440).all()
        if !stored.isEmpty {
            dto.plannedContacts = stored.reduce(0) { $0 + $1.contacts }
            dto.plannedIntervals = stored.count
        }
        return dto
    }

    /// Pure: the baseline and its backtest from a history. Leading weeks with no contacts are
    /// dropped (the queue did not exist yet or nothing was imported for them).
    static func evaluate(_ history: ContactHistory, queue: Queue, week: LocalDate, requestedWeeks: Int, minimumSample: Int) throws -> BaselineForecastDTO {
        let perWeek = history.intervalsPerWeek
        let firstWithData = (0..<history.weeks).first { w in history.offered[w * perWeek..<(w + 1) * perWeek].contains { $0 > 0 } } ?? history.weeks
        let used = history.weeks - firstWithData
        let from = firstWithData * perWeek
        let offered = Array(history.offered[from...]), handled = Array(history.handled[from...]), handle = Array(history.handleSeconds[from...])
        let mondays = (0..<used).map { history.firstWeek.adding(days: 7 * (firstWithData + $0)).description }
        let sample = Int(offered.reduce(0, +)), handledCount = Int(handled.reduce(0, +))
        let startMinute = PlanTime.minute(week)
        let methodText = "Weekly pattern × recent level: shape = each interval-of-week's share of volume over the last \(options.shapeWeeks) weeks; "
            + "level = mean weekly offered contacts (entered minus short abandons) over the last \(options.levelWeeks) weeks; forecast = shape × level. "
            + "AHT = Σ (talk + hold + after-work) ÷ handled per interval-of-week over the shape weeks. "
            + "WAPE = Σ |actual − forecast| ÷ Σ actual on the last \(holdoutWeeks) held-out week(s), forecast from the weeks before them. "
            + "Intervals are UTC (plan time = UTC clock)."
        var dto = BaselineForecastDTO(
            queueID: try queue.requireID(), queueCode: queue.code, queueName: queue.name, week: week.description, intervalMinutes: history.intervalMinutes,
            timeBasis: "UTC", requestedWeeks: requestedWeeks, weeksUsed: mondays, fitWeeks: [], heldOutWeeks: [], minimumWeeks: minimumWeeks,
            sampleContacts: sample, handledContacts: handledCount, enoughHistory: false, message: "", wape: nil,
            backtestForecastContacts: nil, backtestActualContacts: nil, weeklyContacts: nil, meanAHTSeconds: nil, intervals: [], method: methodText)
        guard used >= minimumWeeks else {
            dto.message = "Not enough history: \(used) week\(used == 1 ? "" : "s") with contacts in the last \(requestedWeeks) whole week\(requestedWeeks == 1 ? "" : "s"); the baseline needs \(minimumWeeks) (\(options.levelWeeks) to fit, \(holdoutWeeks) held out)."
            return dto
        }
        guard sample >= minimumSample else {
            dto.message = "Not enough history: \(sample) offered contacts in \(used) weeks; at least \(minimumSample) are needed (minimum sample in Performance settings)."
            return dto
        }
        let backtest = try BaselineForecast.backtest(volumes: offered, intervalsPerWeek: perWeek, holdoutWeeks: holdoutWeeks, options: options)
        let volume = try BaselineForecast.forecast(volumes: offered, intervalsPerWeek: perWeek, options: options)
        let aht = try BaselineForecast.forecast(volumes: handled, handleSeconds: handle, intervalsPerWeek: perWeek, options: options)
        dto.enoughHistory = true
        dto.fitWeeks = Array(mondays.dropLast(holdoutWeeks))
        dto.heldOutWeeks = Array(mondays.suffix(holdoutWeeks))
        dto.wape = backtest.wape
        dto.backtestForecastContacts = backtest.forecast.reduce(0, +)
        dto.backtestActualContacts = backtest.actual.reduce(0, +)
        dto.message = backtest.wape == nil ? "The held-out week had no contacts: no WAPE." : ""
        dto.intervals = (0..<perWeek).map { i in
            BaselineIntervalDTO(intervalStart: PlanTime.format(minute: startMinute + i * history.intervalMinutes),
                                contacts: volume[i].contacts, ahtSeconds: volume[i].contacts > 0 ? aht[i].ahtSeconds : 0)
        }
        let total = dto.intervals.reduce(0) { $0 + $1.contacts }
        dto.weeklyContacts = total
        dto.meanAHTSeconds = total > 0 ? dto.intervals.reduce(0) { $0 + $1.contacts * $1.ahtSeconds } / total : nil
        return dto
    }

    // MARK: Save

    /// Recomputes and writes the baseline as the week's forecast (all intervals of the week),
    /// through the CSV import's upsert: one transaction, one audited import entry.
    static func save(_ input: Input, today: LocalDate = LocalDate(date: Date()), by actor: Actor, on db: any Database) async throws -> (BaselineForecastDTO, StaffingImportResult) {
        let dto = try await compute(input, today: today, on: db)
        guard dto.enoughHistory else { throw ValidationFailed(fields: FieldErrors(["queue": dto.message])) }
        let queueID = try input.queue.requireID()
        if let other = try await ForecastRow.query(on: db).filter(\.$queue.$id == queueID).filter(\.$intervalMinutes != input.intervalMinutes).first() {
            throw ValidationFailed(fields: FieldErrors(["intervalMinutes": "\(input.queue.code) already has \(other.intervalMinutes)-minute forecasts; use \(other.intervalMinutes) or clear them first"]))
        }
        let start = PlanTime.minute(input.week)
        let lines = dto.intervals.enumerated().map { i, interval in
            StaffingImportService.ForecastLine(line: i + 1, queue: queueID, start: start + i * input.intervalMinutes, minutes: input.intervalMinutes,
                                               contacts: interval.contacts, aht: interval.ahtSeconds)
        }
        let result = try await StaffingImportService.storeForecast(lines, queueIDs: [queueID], kind: "forecast",
                                                                   file: "baseline \(input.queue.code) \(input.week)", by: actor, on: db)
        return (dto, result)
    }
}

struct BaselineIntervalDTO: Content, Equatable {
    /// Plan time (UTC clock), `YYYY-MM-DDTHH:MM`.
    let intervalStart: String
    let contacts: Double
    let ahtSeconds: Double
}

struct BaselineForecastDTO: Content, Equatable {
    let queueID: UUID
    let queueCode: String
    let queueName: String
    /// Monday of the target week.
    let week: String
    let intervalMinutes: Int
    let timeBasis: String
    let requestedWeeks: Int
    /// Mondays of the history weeks with contacts (oldest first).
    let weeksUsed: [String]
    var fitWeeks: [String]
    var heldOutWeeks: [String]
    let minimumWeeks: Int
    /// Offered contacts in the weeks used.
    let sampleContacts: Int
    let handledContacts: Int
    var enoughHistory: Bool
    var message: String
    var wape: Double?
    var backtestForecastContacts: Double?
    var backtestActualContacts: Double?
    var weeklyContacts: Double?
    var meanAHTSeconds: Double?
    var intervals: [BaselineIntervalDTO]
    let method: String
    /// The forecast the capacity plan uses for this queue and week (the one stored volume), nil when none is stored.
    var plannedContacts: Double? = nil
    var plannedIntervals: Int = 0
}

struct BaselineSaveResultDTO: Content, Equatable {
    let baseline: BaselineForecastDTO
    let saved: StaffingImportResult
}
