import Fluent
import Foundation
import TandemPartners
import Vapor

/// One problem in an imported file: where, which column, why.
struct StaffingImportIssue: Content, Equatable, CustomStringConvertible {
    let file: String
    let line: Int
    let field: String
    let reason: String

    var description: String { "\(file):\(line): \(field): \(reason)" }
}

/// A file with at least one bad row: nothing was imported.
struct StaffingImportFailed: Error, CustomStringConvertible {
    let issues: [StaffingImportIssue]
    var description: String { issues.map(\.description).joined(separator: "\n") }
}

struct StaffingImportResult: Content, Equatable {
    let kind: String
    let fileName: String
    let rows: Int
    let created: Int
    let updated: Int
    let unchanged: Int
    /// First and last interval start in the file (plan time), or "" for an empty file.
    let period: String
}

/// Forecast and schedule files: every row is checked before anything is written, every
/// problem is reported with file, line, field and reason, and a good file is written in one
/// transaction (re-importing a queue × interval updates it).
enum StaffingImportService {
    static let forecastColumns = ["queue", "interval_start", "interval_minutes", "contacts", "aht_seconds"]
    static let scheduleColumns = ["team", "queue", "interval_start", "interval_minutes", "agents"]
    static let allowedMinutes: Set<Int> = [15, 30, 60]
    static let maxRows = 200_000
    static let insertChunk = 200

    // MARK: Forecast

    struct ForecastLine { let line: Int; let queue: UUID; let start: Int; let minutes: Int; let contacts: Double; let aht: Double }

    static func importForecast(csv: String, fileName: String, by actor: Actor, on db: any Database) async throws -> StaffingImportResult {
        let file = fileName.isEmpty ? "forecast.csv" : fileName
        var reader = RowReader(file: file, csv: StaffingCSV(csv), columns: forecastColumns)
        let queues = try await Queue.query(on: db).all()
        let byCode = Dictionary(queues.map { ($0.code.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        var parsed: [ForecastLine] = []
        var seen: [String: Int] = [:]
        var lengths: [UUID: (minutes: Int, line: Int)] = [:]
        for record in reader.rows {
            var row = reader.row(record)
            let code = row.text("queue")
            let queue = code.isEmpty ? nil : byCode[code.lowercased()]
            if !code.isEmpty && queue == nil { row.fail("queue", "is not a known queue code (see Channels & queues)") }
            let minutes = row.intervalMinutes()
            let start = row.start(minutes: minutes)
            let contacts = row.number("contacts", min: 0, max: 1_000_000)
            var aht = 0.0
            if row.text("aht_seconds").isEmpty && contacts == 0 {
                aht = 0
            } else if let value = row.number("aht_seconds", min: 0, max: 86_400) {
                if value == 0 && (contacts ?? 0) > 0 { row.fail("aht_seconds", "must be more than 0 when there are contacts") }
                aht = value
            }
            if let queue, let start {
                let key = "\(queue.id!)|\(start)"
                if let first = seen[key] { row.fail("interval_start", "repeats line \(first) for the same queue and interval") }
                else { seen[key] = record.line }
            }
            if let queue, let minutes {
                if let known = lengths[queue.id!], known.minutes != minutes {
                    row.fail("interval_minutes", "is \(minutes) but line \(known.line) gives \(known.minutes) for \(queue.code): one interval length per queue")
                } else { lengths[queue.id!] = (minutes, record.line) }
            }
            reader.finish(row)
            if row.ok, let queue, let start, let minutes, let contacts {
                parsed.append(ForecastLine(line: record.line, queue: queue.id!, start: start, minutes: minutes, contacts: contacts, aht: aht))
            }
        }
        // A queue keeps one interval length across imports, so intervals never overlap.
        for (queueID, length) in lengths {
            if let other = try await ForecastRow.query(on: db).filter(\.$queue.$id == queueID).filter(\.$intervalMinutes != length.minutes).first() {
                let code = queues.first { $0.id == queueID }?.code ?? ""
                reader.issues.append(.init(file: file, line: length.line, field: "interval_minutes",
                                           reason: "\(code) already has \(other.intervalMinutes)-minute forecasts; use \(other.intervalMinutes) or clear them first"))
            }
        }
        guard reader.issues.isEmpty else { throw StaffingImportFailed(issues: reader.sortedIssues) }

        let result = try await storeForecast(parsed, queueIDs: Array(lengths.keys), kind: "forecast", file: file, by: actor, on: db)
        try await ContractRecompute.all(on: db)  // required hours and forecast volume feed invoices and SLAs (issue 14)
        return result
    }

    /// Writes checked forecast lines in one transaction (a queue × interval already stored is
    /// updated) and records the audited import entry. The CSV import and the saved baseline
    /// forecast both come through here.
    static func storeForecast(_ lines: [ForecastLine], queueIDs: [UUID], kind: String, file: String, by actor: Actor,
                              on db: any Database) async throws -> StaffingImportResult {
        try await db.transaction { tx in
            var existing: [String: ForecastRow] = [:]
            if let first = lines.map(\.start).min(), let last = lines.map(\.start).max() {
                for row in try await ForecastRow.query(on: tx).filter(\.$queue.$id ~~ queueIDs)
                    .filter(\.$startMinute >= first).filter(\.$startMinute <= last).all() {
                    existing["\(row.$queue.id)|\(row.startMinute)"] = row
                }
            }
            var created: [ForecastRow] = []
            var updated = 0, unchanged = 0
            for line in lines {
                if let row = existing["\(line.queue)|\(line.start)"] {
                    if row.contacts == line.contacts && row.ahtSeconds == line.aht { unchanged += 1; continue }
                    row.contacts = line.contacts
                    row.ahtSeconds = line.aht
                    try await row.update(on: tx)
                    updated += 1
                } else {
                    let row = ForecastRow()
                    row.$queue.id = line.queue
                    row.startMinute = line.start
                    row.intervalMinutes = line.minutes
                    row.contacts = line.contacts
                    row.ahtSeconds = line.aht
                    created.append(row)
                }
            }
            for chunk in stride(from: 0, to: created.count, by: insertChunk) {
                try await Array(created[chunk..<min(created.count, chunk + insertChunk)]).create(on: tx)
            }
            return try await record(kind: kind, file: file, rows: lines.count, created: created.count, updated: updated,
                                    unchanged: unchanged, starts: lines.map(\.start), by: actor, on: tx)
        }
    }

    // MARK: Schedule

    struct ScheduleLine { let line: Int; let team: UUID; let queue: UUID; let start: Int; let minutes: Int; let agents: Double }

    static func importSchedule(csv: String, fileName: String, by actor: Actor, on db: any Database) async throws -> StaffingImportResult {
        let file = fileName.isEmpty ? "schedule.csv" : fileName
        var reader = RowReader(file: file, csv: StaffingCSV(csv), columns: scheduleColumns)
        let queues = try await Queue.query(on: db).all()
        let byCode = Dictionary(queues.map { ($0.code.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        let teams = try await Partner.query(on: db).all()
        let byName = Dictionary(teams.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        var parsed: [ScheduleLine] = []
        var seen: [String: Int] = [:]
        var lengths: [String: (minutes: Int, line: Int)] = [:]
        for record in reader.rows {
            var row = reader.row(record)
            let name = row.text("team")
            let team = name.isEmpty ? nil : byName[name.lowercased()]
            if !name.isEmpty && team == nil { row.fail("team", "is not a team in this workspace (use the team's name as on Partners)") }
            let code = row.text("queue")
            let queue = code.isEmpty ? nil : byCode[code.lowercased()]
            if !code.isEmpty && queue == nil { row.fail("queue", "is not a known queue code (see Channels & queues)") }
            let minutes = row.intervalMinutes()
            let start = row.start(minutes: minutes)
            let agents = row.number("agents", min: 0, max: 100_000)
            if let team, let queue, let start {
                let key = "\(team.id!)|\(queue.id!)|\(start)"
                if let first = seen[key] { row.fail("interval_start", "repeats line \(first) for the same team, queue and interval") }
                else { seen[key] = record.line }
            }
            if let team, let queue, let minutes {
                let key = "\(team.id!)|\(queue.id!)"
                if let known = lengths[key], known.minutes != minutes {
                    row.fail("interval_minutes", "is \(minutes) but line \(known.line) gives \(known.minutes) for this team and queue")
                } else { lengths[key] = (minutes, record.line) }
            }
            reader.finish(row)
            if row.ok, let team, let queue, let start, let minutes, let agents {
                parsed.append(ScheduleLine(line: record.line, team: team.id!, queue: queue.id!, start: start, minutes: minutes, agents: agents))
            }
        }
        for (key, length) in lengths {
            let ids = key.split(separator: "|").compactMap { UUID(uuidString: String($0)) }
            if let other = try await ScheduleRow.query(on: db).filter(\.$partner.$id == ids[0]).filter(\.$queue.$id == ids[1])
                .filter(\.$intervalMinutes != length.minutes).first() {
                reader.issues.append(.init(file: file, line: length.line, field: "interval_minutes",
                                           reason: "this team already has \(other.intervalMinutes)-minute schedules on this queue; use \(other.intervalMinutes)"))
            }
        }
        guard reader.issues.isEmpty else { throw StaffingImportFailed(issues: reader.sortedIssues) }

        let lines = parsed
        let result = try await db.transaction { tx in
            var existing: [String: ScheduleRow] = [:]
            if let first = lines.map(\.start).min(), let last = lines.map(\.start).max() {
                for row in try await ScheduleRow.query(on: tx).filter(\.$partner.$id ~~ Array(Set(lines.map(\.team))))
                    .filter(\.$startMinute >= first).filter(\.$startMinute <= last).all() {
                    existing["\(row.$partner.id)|\(row.$queue.id)|\(row.startMinute)"] = row
                }
            }
            var created: [ScheduleRow] = []
            var updated = 0, unchanged = 0
            for line in lines {
                if let row = existing["\(line.team)|\(line.queue)|\(line.start)"] {
                    if row.agents == line.agents { unchanged += 1; continue }
                    row.agents = line.agents
                    try await row.update(on: tx)
                    updated += 1
                } else {
                    let row = ScheduleRow()
                    row.$partner.id = line.team
                    row.$queue.id = line.queue
                    row.startMinute = line.start
                    row.intervalMinutes = line.minutes
                    row.agents = line.agents
                    created.append(row)
                }
            }
            for chunk in stride(from: 0, to: created.count, by: insertChunk) {
                try await Array(created[chunk..<min(created.count, chunk + insertChunk)]).create(on: tx)
            }
            return try await record(kind: "schedule", file: file, rows: lines.count, created: created.count, updated: updated,
                                    unchanged: unchanged, starts: lines.map(\.start), by: actor, on: tx)
        }
        try await ContractRecompute.all(on: db)  // scheduled hours reconcile invoices (issue 14)
        return result
    }

    private static func record(
        kind: String, file: String, rows: Int, created: Int, updated: Int, unchanged: Int, starts: [Int], by actor: Actor, on tx: any Database
    ) async throws -> StaffingImportResult {
        let period = starts.isEmpty ? "" : "\(PlanTime.format(minute: starts.min()!)) – \(PlanTime.format(minute: starts.max()!))"
        let entry = StaffingImport()
        entry.kind = kind
        entry.fileName = String(file.prefix(200))
        entry.rowCount = rows
        entry.createdCount = created
        entry.updatedCount = updated
        entry.period = period
        try await entry.create(on: tx)
        try await AuditLog.created(entry, by: actor, on: tx)
        return StaffingImportResult(kind: kind, fileName: entry.fileName, rows: rows, created: created, updated: updated, unchanged: unchanged, period: period)
    }

    static func recent(on db: any Database, limit: Int = 8) async throws -> [StaffingImport] {
        try await StaffingImport.query(on: db).sort(\.$createdAt, .descending).limit(limit).all()
    }
}

/// Reads a CSV against an expected header and collects issues row by row.
struct RowReader {
    let file: String
    let columns: [String: Int]
    let rows: [StaffingCSV.Record]
    let width: Int
    var issues: [StaffingImportIssue] = []

    init(file: String, csv: StaffingCSV, columns expected: [String]) {
        self.file = file
        var index: [String: Int] = [:]
        for (i, name) in csv.header.enumerated() where !name.isEmpty { index[name] = i }
        columns = index
        width = csv.header.count
        if csv.header.isEmpty {
            issues.append(.init(file: file, line: 1, field: "header", reason: "the file is empty; expected the columns \(expected.joined(separator: ","))"))
            rows = []
            return
        }
        for name in expected where index[name] == nil {
            issues.append(.init(file: file, line: 1, field: name, reason: "column is missing (expected \(expected.joined(separator: ",")))"))
        }
        for name in csv.header where !expected.contains(name) {
            issues.append(.init(file: file, line: 1, field: name.isEmpty ? "header" : name, reason: "is not a column this import knows (expected \(expected.joined(separator: ",")))"))
        }
        rows = issues.isEmpty ? csv.records : []
        if csv.records.count > StaffingImportService.maxRows {
            issues.append(.init(file: file, line: 1, field: "file", reason: "has \(csv.records.count) rows; split it into files of at most \(StaffingImportService.maxRows)"))
        }
        if issues.isEmpty && csv.records.isEmpty {
            issues.append(.init(file: file, line: 2, field: "file", reason: "has a header but no rows"))
        }
    }

    struct Row {
        let file: String
        let line: Int
        let values: [String: String]
        var issues: [StaffingImportIssue] = []
        var ok: Bool { issues.isEmpty }

        mutating func fail(_ field: String, _ reason: String) {
            if !issues.contains(where: { $0.field == field }) { issues.append(.init(file: file, line: line, field: field, reason: reason)) }
        }

        func text(_ name: String) -> String { values[name]?.trimmingCharacters(in: .whitespaces) ?? "" }

        mutating func required(_ name: String) -> String? {
            let value = text(name)
            if value.isEmpty { fail(name, "is required") }
            return value.isEmpty ? nil : value
        }

        mutating func number(_ name: String, min: Double, max: Double) -> Double? {
            guard let raw = required(name) else { return nil }
            guard let value = Double(raw), value.isFinite else { fail(name, "must be a number (got \"\(raw)\")"); return nil }
            guard value >= min, value <= max else { fail(name, "must be from \(StaffingFormat.plain(min)) to \(StaffingFormat.plain(max)) (got \(raw))"); return nil }
            return value
        }

        mutating func intervalMinutes() -> Int? {
            guard let raw = required("interval_minutes") else { return nil }
            guard let value = Int(raw), StaffingImportService.allowedMinutes.contains(value) else {
                fail("interval_minutes", "must be 15, 30 or 60 (got \"\(raw)\")")
                return nil
            }
            return value
        }

        mutating func start(minutes: Int?) -> Int? {
            guard let raw = required("interval_start") else { return nil }
            guard let start = PlanTime.parse(raw) else { fail("interval_start", "must be a time as YYYY-MM-DDTHH:MM (got \"\(raw)\")"); return nil }
            if let minutes, start % minutes != 0 {
                fail("interval_start", "\(raw) does not start a \(minutes)-minute interval (use :00\(minutes < 60 ? ", :\(minutes)" : "")\(minutes == 15 ? ", :45" : ""))")
                return nil
            }
            return start
        }
    }

    func row(_ record: StaffingCSV.Record) -> Row {
        var values: [String: String] = [:]
        for (name, index) in columns where index < record.fields.count { values[name] = record.fields[index] }
        var row = Row(file: file, line: record.line, values: values)
        if record.fields.count != width { row.fail("row", "has \(record.fields.count) fields but the header has \(width)") }
        return row
    }

    mutating func finish(_ row: Row) { issues.append(contentsOf: row.issues) }

    var sortedIssues: [StaffingImportIssue] { issues.sorted { ($0.line, $0.field) < ($1.line, $1.field) } }
}
