import Foundation
import TandemPerformance

/// A whole roster file read and checked: either every agent in it, or every issue. The importer
/// writes only when `issues` is empty, so a file with one bad row changes nothing.
public struct RosterFile: Sendable {
    public let agents: [RosterAgent]
    public let issues: [RowIssue]

    public var isAccepted: Bool { issues.isEmpty }

    /// Reads a CSV roster (header row first) for `teamID`. An agent id may appear once per file:
    /// a second row for it is an issue naming the first row's line.
    public static func read(_ source: some ByteChunkSource, teamID: String) -> RosterFile {
        var csv = CSVRecordReader(source)
        let header: CSVRecordReader.Record?
        do { header = try csv.next() } catch { return .fileIssue("could not be read: \(error)") }
        guard let header else { return .fileIssue("is empty: expected a header row") }
        guard !header.fields.contains(where: { $0 == nil }) else { return .fileIssue("header row is not valid UTF-8") }
        let names = header.fields.map { ($0 ?? "").trimmingCharacters(in: .whitespaces).lowercased() }
        var positions: [RosterField: Int] = [:]
        for field in RosterField.allCases {
            if let position = names.firstIndex(of: field.rawValue) { positions[field] = position }
        }
        let missing = RosterField.requiredColumns.filter { positions[$0] == nil }
        if !missing.isEmpty {
            return .fileIssue("header lacks " + missing.map(\.rawValue).joined(separator: ", ")
                              + "; it has " + names.joined(separator: ", "))
        }

        var agents: [RosterAgent] = []
        var issues: [RowIssue] = []
        var firstLine: [String: Int] = [:]
        while true {
            let record: CSVRecordReader.Record?
            do { record = try csv.next() } catch {
                issues.append(RowIssue(line: 0, field: "file", reason: "could not be read: \(error)"))
                break
            }
            guard let record else { break }
            if record.fields.count != names.count {
                issues.append(RowIssue(line: record.line, field: "row",
                                       reason: "has \(record.fields.count) columns; the header has \(names.count)"))
                continue
            }
            var values: [RosterField: String] = [:]
            var unreadable = false
            for (field, position) in positions {
                guard let text = record.fields[position] else {
                    issues.append(RowIssue(line: record.line, field: field.rawValue, reason: "is not valid UTF-8"))
                    unreadable = true
                    continue
                }
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { values[field] = trimmed }
            }
            if unreadable { continue }
            if let id = values[.agentID] {
                if let first = firstLine[id] {
                    issues.append(RowIssue(line: record.line, field: RosterField.agentID.rawValue,
                                           reason: "\"\(id)\" is already on line \(first)"))
                    continue
                }
                firstLine[id] = record.line
            }
            switch RosterRowValidator.validate(values, line: record.line, teamID: teamID) {
            case .success(let agent): agents.append(agent)
            case .failure(let rowIssues): issues.append(contentsOf: rowIssues.issues)
            }
        }
        if agents.isEmpty && issues.isEmpty {
            return .fileIssue("has a header but no agents")
        }
        return RosterFile(agents: issues.isEmpty ? agents : [], issues: issues)
    }

    private static func fileIssue(_ reason: String) -> RosterFile {
        RosterFile(agents: [], issues: [RowIssue(line: 1, field: "file", reason: "the file \(reason)")])
    }
}
