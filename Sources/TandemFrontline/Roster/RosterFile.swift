import Foundation
import TandemPerformance

/// A whole roster file read and checked: either every agent in it, or every issue. The importer
/// writes only when `issues` is empty, so a file with one bad row changes nothing.
public struct RosterFile: Sendable {
    public let agents: [RosterAgent]
    public let issues: [RowIssue]

    public var isAccepted: Bool { issues.isEmpty }

    /// Reads a CSV roster (header row first) for `teamID`. An agent id may appear once per file:
    /// a second row for it is an issue naming the first row's line. With `references`, a site must
    /// be one of the team's sites (matched ignoring case, stored as the team spells it) and every
    /// queue one of the catalogue's queue ids.
    public static func read(_ source: some ByteChunkSource, teamID: String, references: RosterReferences? = nil) -> RosterFile {
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
            case .success(var agent):
                if let references {
                    let found = references.issues(for: &agent, line: record.line)
                    if !found.isEmpty { issues.append(contentsOf: found); continue }
                }
                agents.append(agent)
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

/// What a roster row may refer to: the team's sites and the catalogue's queue ids.
public struct RosterReferences: Sendable {
    /// Lower-cased name → the name as the team spells it.
    let sites: [String: String]
    let queues: Set<String>

    public init(sites: [String], queues: [String]) {
        self.sites = Dictionary(sites.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        self.queues = Set(queues)
    }

    /// The row's issues (empty when every reference resolves); a matched site is respelt as the team's.
    public func issues(for agent: inout RosterAgent, line: Int = 1) -> [RowIssue] {
        var issues: [RowIssue] = []
        if let site = agent.site {
            if let known = sites[site.lowercased()] {
                agent.site = known
            } else {
                let listed = sites.values.sorted()
                issues.append(RowIssue(line: line, field: RosterField.site.rawValue, reason: listed.isEmpty
                    ? "\"\(site)\" is not a site of this team (it has none yet)"
                    : "\"\(site)\" is not one of this team's sites: " + listed.joined(separator: ", ")))
            }
        }
        let unknown = agent.queues.filter { !queues.contains($0) }
        if !unknown.isEmpty {
            issues.append(RowIssue(line: line, field: RosterField.queues.rawValue,
                                   reason: unknown.map { "\"\($0)\"" }.joined(separator: ", ") + (unknown.count == 1 ? " is not a queue id" : " are not queue ids")
                                       + " of the catalogue"))
        }
        return issues
    }
}
