import Fluent
import Foundation
import TandemContracts
import TandemPartners

/// The delivered-hours file: one row per agent and day, with the productive and logged hours
/// (and, optionally, the scheduled minutes and minutes out of adherence). The same rules as the
/// other imports: every row checked first, each problem named by file, line and field; a file
/// with any bad row changes nothing; importing an agent × day again updates it.
enum DeliveredHoursImport {
    static let requiredColumns = ["team", "agent", "date", "productive_hours", "logged_hours"]
    static let optionalColumns = ["scheduled_minutes", "out_of_adherence_minutes"]
    static let example = """
    team,agent,date,productive_hours,logged_hours,scheduled_minutes,out_of_adherence_minutes
    Harborline Contact Services,hl-017,2026-03-02,6.75,7.5,480,22
    Harborline Contact Services,hl-018,2026-03-02,7.1,7.9,480,9
    """

    struct Line { let line: Int; let partner: UUID; let agent: String; let day: LocalDate; let productive: Decimal; let logged: Decimal; let scheduled: Decimal?; let out: Decimal? }

    static func run(csv text: String, fileName: String, by actor: Actor, on db: any Database) async throws -> StaffingImportResult {
        let file = fileName.isEmpty ? "delivered-hours.csv" : fileName
        let csv = StaffingCSV(text)
        var issues: [StaffingImportIssue] = []
        let known = requiredColumns + optionalColumns
        if csv.header.isEmpty {
            throw StaffingImportFailed(issues: [.init(file: file, line: 1, field: "header", reason: "the file is empty; expected the columns \(known.joined(separator: ","))")])
        }
        var index: [String: Int] = [:]
        for (i, name) in csv.header.enumerated() {
            if !known.contains(name) { issues.append(.init(file: file, line: 1, field: name.isEmpty ? "header" : name, reason: "is not a column this import knows (expected \(known.joined(separator: ",")))")) }
            else if index[name] != nil { issues.append(.init(file: file, line: 1, field: name, reason: "appears twice")) }
            else { index[name] = i }
        }
        for name in requiredColumns where index[name] == nil { issues.append(.init(file: file, line: 1, field: name, reason: "column is missing (expected \(known.joined(separator: ",")))")) }
        if issues.isEmpty && csv.records.isEmpty { issues.append(.init(file: file, line: 2, field: "file", reason: "has a header but no rows")) }
        if csv.records.count > StaffingImportService.maxRows {
            issues.append(.init(file: file, line: 1, field: "file", reason: "has \(csv.records.count) rows; split it into files of at most \(StaffingImportService.maxRows)"))
        }
        guard issues.isEmpty else { throw StaffingImportFailed(issues: issues) }

        let teams = try await Partner.query(on: db).all()
        let byName = Dictionary(teams.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        var parsed: [Line] = []
        var seen: [String: Int] = [:]
        for record in csv.records {
            var values: [String: String] = [:]
            for (name, i) in index where i < record.fields.count { values[name] = record.fields[i] }
            var row = RowReader.Row(file: file, line: record.line, values: values)
            if record.fields.count != csv.header.count { row.fail("row", "has \(record.fields.count) fields but the header has \(csv.header.count)") }
            let name = row.text("team")
            let team = name.isEmpty ? nil : byName[name.lowercased()]
            if name.isEmpty { row.fail("team", "is required") } else if team == nil { row.fail("team", "is not a team in this workspace (use the team's name as on Partners)") }
            let agent = row.required("agent")
            if let agent, agent.count > 100 { row.fail("agent", "must be at most 100 characters") }
            let dateText = row.required("date")
            let day = dateText.flatMap(LocalDate.init)
            if dateText != nil && day == nil { row.fail("date", "must be a date as YYYY-MM-DD (got \"\(dateText!)\")") }
            func hours(_ field: String, max: Decimal) -> Decimal? {
                guard let raw = row.required(field) else { return nil }
                guard let value = Decimal(exactly: raw), value >= 0, value <= max else { row.fail(field, "must be a number from 0 to \(max.plainText) (got \"\(raw)\")"); return nil }
                return value
            }
            let productive = hours("productive_hours", max: 24)
            let logged = hours("logged_hours", max: 24)
            if let productive, let logged, productive > logged { row.fail("productive_hours", "is more than the logged hours (\(logged.plainText))") }
            let scheduledText = row.text("scheduled_minutes"), outText = row.text("out_of_adherence_minutes")
            var scheduled: Decimal?, out: Decimal?
            if !scheduledText.isEmpty || !outText.isEmpty {
                scheduled = hours("scheduled_minutes", max: 1_440)
                out = hours("out_of_adherence_minutes", max: 1_440)
                if let scheduled, let out, out > scheduled { row.fail("out_of_adherence_minutes", "is more than the scheduled minutes (\(scheduled.plainText))") }
            }
            if let team, let agent, let day {
                let key = "\(team.id!)|\(agent.lowercased())|\(day)"
                if let first = seen[key] { row.fail("date", "repeats line \(first) for the same team, agent and day") } else { seen[key] = record.line }
            }
            issues += row.issues
            if row.ok, let team, let agent, let day, let productive, let logged {
                parsed.append(Line(line: record.line, partner: team.id!, agent: agent, day: day, productive: productive, logged: logged, scheduled: scheduled, out: out))
            }
        }
        guard issues.isEmpty else { throw StaffingImportFailed(issues: issues.sorted { ($0.line, $0.field) < ($1.line, $1.field) }) }

        let lines = parsed
        let result = try await db.transaction { tx -> StaffingImportResult in
            var created: [DeliveredHours] = []
            var updated = 0, unchanged = 0
            let first = lines.map(\.day).min()!.description, last = lines.map(\.day).max()!.description
            var existing: [String: DeliveredHours] = [:]
            for row in try await DeliveredHours.query(on: tx).filter(\.$partner.$id ~~ Array(Set(lines.map(\.partner))))
                .filter(\.$day >= first).filter(\.$day <= last).all() {
                existing["\(row.$partner.id)|\(row.agent.lowercased())|\(row.day)"] = row
            }
            for line in lines {
                let key = "\(line.partner)|\(line.agent.lowercased())|\(line.day)"
                let values = (line.productive.plainText, line.logged.plainText, line.scheduled?.plainText, line.out?.plainText)
                if let row = existing[key] {
                    if (row.productiveHours, row.loggedHours, row.scheduledMinutes, row.outOfAdherenceMinutes) == values { unchanged += 1; continue }
                    (row.productiveHours, row.loggedHours, row.scheduledMinutes, row.outOfAdherenceMinutes) = values
                    try await row.update(on: tx)
                    updated += 1
                } else {
                    let row = DeliveredHours()
                    row.$partner.id = line.partner
                    row.agent = line.agent
                    row.day = line.day.description
                    row.month = BillingMonth(containing: line.day).description
                    (row.productiveHours, row.loggedHours, row.scheduledMinutes, row.outOfAdherenceMinutes) = values
                    created.append(row)
                }
            }
            for chunk in stride(from: 0, to: created.count, by: StaffingImportService.insertChunk) {
                try await Array(created[chunk..<min(created.count, chunk + StaffingImportService.insertChunk)]).create(on: tx)
            }
            let entry = StaffingImport()
            entry.kind = "delivered_hours"
            entry.fileName = String(file.prefix(200))
            entry.rowCount = lines.count
            entry.createdCount = created.count
            entry.updatedCount = updated
            entry.period = "\(first) – \(last)"
            try await entry.create(on: tx)
            try await AuditLog.created(entry, by: actor, on: tx)
            for partner in Set(lines.map(\.partner)) { try await ContractRecompute.partner(partner, on: tx) }
            return StaffingImportResult(kind: "delivered_hours", fileName: entry.fileName, rows: lines.count, created: created.count, updated: updated,
                                        unchanged: unchanged, period: entry.period)
        }
        return result
    }
}
