import Fluent
import Foundation
import TandemStaffing
import Vapor

/// What `tandem staffing …` needs from the app: the calculator, forecast tables and file imports,
/// through the same services as the staffing pages and the API.
public enum StaffingOperations {
    /// The Erlang calculator on named inputs (the API's query parameters), as a text table.
    public static func calculation(_ values: [String: String]) throws -> String {
        do { return CalculatorService.text(try CalculatorService.calculate(values)) }
        catch let failure as ValidationFailed { throw OperatorError(message: failure.fields.summary) }
    }

    /// Requirements for every row of a forecast CSV, with one policy (from the same named
    /// inputs as the calculator, minus contacts and AHT) for all rows; no database needed.
    public static func forecastTable(csv: String, fileName: String, _ values: [String: String]) throws -> String {
        var settings = values
        settings["contacts"] = "1"
        settings["ahtSeconds"] = "1"
        let (parsed, errors) = CalculatorService.parse(settings)
        guard let policy = parsed?.policy else { throw OperatorError(message: errors.summary) }
        var reader = RowReader(file: fileName, csv: StaffingCSV(csv), columns: StaffingImportService.forecastColumns)
        var lines: [(queue: String, start: Int, minutes: Int, requirement: IntervalRequirement)] = []
        for record in reader.rows {
            var row = reader.row(record)
            let queue = row.required("queue")
            let minutes = row.intervalMinutes()
            let start = row.start(minutes: minutes)
            let contacts = row.number("contacts", min: 0, max: 1_000_000)
            let aht = row.number("aht_seconds", min: 0, max: 86_400)
            reader.finish(row)
            guard row.ok, let queue, let minutes, let start, let contacts, let aht else { continue }
            do {
                lines.append((queue, start, minutes, try policy.requirement(contacts: contacts, ahtSeconds: max(aht, 1), intervalSeconds: Double(minutes * 60))))
            } catch {
                reader.issues.append(.init(file: fileName, line: record.line, field: "contacts", reason: "cannot be staffed: \(error)"))
            }
        }
        guard reader.issues.isEmpty else { throw OperatorError(message: reader.sortedIssues.map(\.description).joined(separator: "\n")) }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s.padding(toLength: n, withPad: " ", startingAt: 0) }
        var out = [["QUEUE", "INTERVAL", "CONTACTS", "AHT", "ERLANGS", "AGENTS", "FRACTIONAL", "FTE", "SL"].enumerated()
            .map { pad($0.element, [22, 18, 10, 8, 9, 8, 11, 8, 8][$0.offset]) }.joined()]
        for l in lines.sorted(by: { ($0.start, $0.queue) < ($1.start, $1.queue) }) {
            let r = l.requirement
            out.append([l.queue, PlanTime.format(minute: l.start), StaffingFormat.number(r.contacts), StaffingFormat.number(r.ahtSeconds, digits: 0),
                        StaffingFormat.number(r.trafficErlangs, digits: 2), String(r.agents), StaffingFormat.number(r.fractionalAgents, digits: 2),
                        StaffingFormat.number(r.scheduledFTE, digits: 2), r.metrics.map { StaffingFormat.percent($0.serviceLevel) } ?? "—"]
                .enumerated().map { pad($0.element, [22, 18, 10, 8, 9, 8, 11, 8, 8][$0.offset]) }.joined())
        }
        let byStart = Dictionary(grouping: lines, by: \.start)
        let peakPooled = byStart.values.map { group in (try? Headcount.roundedTotal(fractionalAgents: group.map(\.requirement.fractionalAgents))) ?? 0 }.max() ?? 0
        let peakEach = byStart.values.map { $0.reduce(0) { $0 + $1.requirement.agents } }.max() ?? 0
        let hours = lines.reduce(0.0) { $0 + $1.requirement.scheduledFTE * Double($1.minutes) / 60 }
        out.append("")
        out.append("\(lines.count) intervals · \(PlanService.describe(policy)) · model \(policy.model.label)")
        out.append("Peak agents, all queues: \(peakPooled) pooled (fractional summed, rounded once) vs \(peakEach) rounding each queue first")
        out.append("Required hours (Σ FTE × interval hours): \(StaffingFormat.number(hours))")
        return out.joined(separator: "\n")
    }

    /// Imports a forecast (`kind` "forecast") or schedule file through the same service as
    /// the web and the API; a bad file lists every issue and changes nothing.
    public static func importFile(_ app: Application, kind: String, path: String) async throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw OperatorError(message: "Cannot read \(path).") }
        let csv = String(decoding: data, as: UTF8.self)
        let name = (path as NSString).lastPathComponent
        do {
            let result = kind == "schedule"
                ? try await StaffingImportService.importSchedule(csv: csv, fileName: name, by: .cli(), on: app.db)
                : try await StaffingImportService.importForecast(csv: csv, fileName: name, by: .cli(), on: app.db)
            return "Imported \(result.rows) rows from \(result.fileName): \(result.created) new, \(result.updated) changed, \(result.unchanged) unchanged (\(result.period))."
        } catch let failure as StaffingImportFailed {
            throw OperatorError(message: "\(failure.issues.count) problem(s); nothing was imported:\n" + failure.description)
        }
    }
}
