import Foundation

/// One evaluation put together from its rows of a QA file.
public struct QAFileEvaluation: Sendable, Equatable {
    public let externalID: String
    public let teamID: String
    public let agent: String
    public let evaluator: String
    public let day: UTCDay
    /// In the order their first rows appear; items likewise.
    public let sections: [QASection]
    /// The file lines of its rows.
    public let lines: [Int]

    public var evaluation: QAEvaluation { QAEvaluation(sections: sections) }
}

/// Validates the rows of a QA file and groups them into evaluations. Rules (docs/qa-import.md):
/// - evaluation_id, team (a team's name), agent, date (YYYY-MM-DD), section, section_weight (≥ 0)
///   and answer are required on every row; evaluator, item, item_points and auto_fail are optional.
/// - Every row of one evaluation names the same team, agent, evaluator and date; every row of one
///   section the same weight; an item name appears once per section.
/// - A scored item has item_points > 0; its answer is the points earned (0…item_points), `yes`
///   (all of them), `no` (none) or `N/A` (leaves the section's denominator).
/// - An auto-fail item (auto_fail true) is worth no points; its answer is `fail` (the evaluation
///   scores 0), `pass` or `N/A`.
/// An evaluation with any bad row is left out whole (a partial evaluation would score wrongly);
/// its good rows are reported too, as not stored.
public struct QAFileAssembler {
    public struct Team: Sendable {
        public let id: String
        public let name: String
        public init(id: String, name: String) { self.id = id; self.name = name }
    }

    public struct Outcome: Sendable {
        public let evaluations: [QAFileEvaluation]
        /// Bad rows and the good rows left out with their evaluation, in file order.
        public let issues: [RowIssue]
        public let rowsRead: Int
        /// Rows not stored: bad ones and the good rows of evaluations that have a bad one.
        public let rowsRejected: Int
        /// Rows with a problem of their own.
        public let rowsBad: Int
        /// Evaluations left out because of a bad row.
        public let evaluationsRejected: [String]
    }

    private struct Header {
        let line: Int
        let team: Team
        let agent: String
        let evaluator: String
        let day: UTCDay
    }

    private struct Building {
        var header: Header?
        var sectionOrder: [String] = []
        var sections: [String: (weight: Double, line: Int, items: [QAItem])] = [:]
        var itemLines: [String: Int] = [:]
        var goodLines: [Int] = []
        var badLines: [Int] = []
    }

    private let teamNamed: (String) -> Team?
    private var order: [String] = []
    private var building: [String: Building] = [:]
    private var issues: [RowIssue] = []
    private var rowsRead = 0
    private var rowsBad = 0

    public init(teamNamed: @escaping (String) -> Team?) { self.teamNamed = teamNamed }

    public mutating func add(_ row: RawQARow) {
        rowsRead += 1
        var rowIssues = row.issues
        func fail(_ field: QAField, _ reason: String) { rowIssues.append(RowIssue(line: row.line, field: field.rawValue, reason: reason)) }

        let id = row[.evaluationID]
        if row.issues.isEmpty {
            if id == nil { fail(.evaluationID, "is required") }
            else if id!.utf8.count > 200 { fail(.evaluationID, "is longer than 200 bytes") }
        }
        guard row.issues.isEmpty else { return record(rowIssues, line: row.line, evaluation: id) }

        var team: Team?
        if let name = row[.team] {
            team = teamNamed(name)
            if team == nil { fail(.team, "“\(name)” is not a team in this workspace") }
        } else { fail(.team, "is required") }
        let agent = row[.agent]
        if agent == nil { fail(.agent, "is required") } else if agent!.utf8.count > 200 { fail(.agent, "is longer than 200 bytes") }
        let evaluator = row[.evaluator] ?? ""
        if evaluator.utf8.count > 200 { fail(.evaluator, "is longer than 200 bytes") }
        var day: UTCDay?
        if let text = row[.date] {
            day = Self.day(text)
            if day == nil { fail(.date, "“\(text)” is not a date like 2026-03-01") }
        } else { fail(.date, "is required") }
        let section = row[.section]
        if section == nil { fail(.section, "is required") } else if section!.utf8.count > 200 { fail(.section, "is longer than 200 bytes") }
        var weight: Double?
        if let text = row[.sectionWeight] {
            if let value = Double(text), value.isFinite, (0...1_000_000).contains(value) { weight = value }
            else { fail(.sectionWeight, "“\(text)” is not a number from 0 to 1000000") }
        } else { fail(.sectionWeight, "is required") }
        let item = parseItem(row, fail: fail)

        // Consistency with the evaluation's earlier rows.
        if let id, let header = building[id]?.header {
            if let team, team.id != header.team.id { fail(.team, "is “\(team.name)” here but “\(header.team.name)” on line \(header.line) of evaluation “\(id)”") }
            if let agent, agent != header.agent { fail(.agent, "is “\(agent)” here but “\(header.agent)” on line \(header.line) of evaluation “\(id)”") }
            if evaluator != header.evaluator { fail(.evaluator, "is “\(evaluator)” here but “\(header.evaluator)” on line \(header.line) of evaluation “\(id)”") }
            if let day, day != header.day { fail(.date, "is \(day) here but \(header.day) on line \(header.line) of evaluation “\(id)”") }
        }
        if let id, let section, let weight, let existing = building[id]?.sections[section], existing.weight != weight {
            fail(.sectionWeight, "is \(Self.format(weight)) here but \(Self.format(existing.weight)) on line \(existing.line) for section “\(section)”")
        }
        if let id, let section, let name = row[.item], let first = building[id]?.itemLines[section + "\u{1F}" + name.lowercased()] {
            fail(.item, "“\(name)” appears again in section “\(section)” of evaluation “\(id)” (first on line \(first))")
        }

        guard rowIssues.isEmpty, let id, let team, let agent, let day, let section, let weight, let item else {
            return record(rowIssues, line: row.line, evaluation: id)
        }
        var entry = building[id] ?? { order.append(id); return Building() }()
        if entry.header == nil { entry.header = Header(line: row.line, team: team, agent: agent, evaluator: evaluator, day: day) }
        if entry.sections[section] == nil {
            entry.sectionOrder.append(section)
            entry.sections[section] = (weight, row.line, [])
        }
        entry.sections[section]!.items.append(item)
        if let name = row[.item] { entry.itemLines[section + "\u{1F}" + name.lowercased()] = row.line }
        entry.goodLines.append(row.line)
        building[id] = entry
    }

    private mutating func record(_ rowIssues: [RowIssue], line: Int, evaluation id: String?) {
        rowsBad += 1
        issues += rowIssues
        guard let id else { return }
        if building[id] == nil { order.append(id); building[id] = Building() }
        building[id]!.badLines.append(line)
    }

    private func parseItem(_ row: RawQARow, fail: (QAField, String) -> Void) -> QAItem? {
        var autoFail = false
        if let text = row[.autoFail] {
            switch text.lowercased() {
            case "true", "1", "yes", "y", "t": autoFail = true
            case "false", "0", "no", "n", "f": autoFail = false
            default: fail(.autoFail, "“\(text)” is not true or false"); return nil
            }
        }
        guard let answer = row[.answer] else { fail(.answer, "is required (points earned, yes, no or N/A; pass, fail or N/A for an auto-fail item)"); return nil }
        let lowered = answer.lowercased()
        let notApplicable = ["n/a", "na", "n.a.", "not applicable"].contains(lowered)
        if autoFail {
            if let text = row[.itemPoints], Double(text) != 0 {
                fail(.itemPoints, "is \(text), but an auto-fail item is worth no points (leave it empty)"); return nil
            }
            switch lowered {
            case "fail", "failed": return .autoFail(triggered: true)
            case "pass", "passed": return .autoFail(triggered: false)
            default:
                if notApplicable { return .notApplicable }
                fail(.answer, "“\(answer)” is not fail, pass or N/A (the answers of an auto-fail item)"); return nil
            }
        }
        var points: Double?
        if let text = row[.itemPoints] {
            if let value = Double(text), value.isFinite, value > 0, value <= 1_000_000 { points = value }
            else { fail(.itemPoints, "“\(text)” is not a number of points above 0"); return nil }
        }
        if notApplicable { return .notApplicable }
        guard let points else { fail(.itemPoints, "is required for a scored item (the points it is worth)"); return nil }
        switch lowered {
        case "yes", "y", "true", "met": return .scored(earned: points, possible: points)
        case "no", "n", "false", "not met": return .scored(earned: 0, possible: points)
        default:
            guard let earned = Double(answer), earned.isFinite else {
                fail(.answer, "“\(answer)” is not points earned, yes, no or N/A"); return nil
            }
            guard (0...points).contains(earned) else {
                fail(.answer, "\(answer) is outside 0–\(Self.format(points)), the item's points"); return nil
            }
            return .scored(earned: earned, possible: points)
        }
    }

    public func finish() -> Outcome {
        var evaluations: [QAFileEvaluation] = []
        var all = issues
        var rejected: [String] = []
        var collateral = 0
        for id in order {
            let entry = building[id]!
            if !entry.badLines.isEmpty {
                rejected.append(id)
                let bad = entry.badLines.prefix(5).map(String.init).joined(separator: ", ") + (entry.badLines.count > 5 ? ", …" : "")
                for line in entry.goodLines {
                    all.append(RowIssue(line: line, field: QAField.evaluationID.rawValue,
                                        reason: "not stored: evaluation “\(id)” has bad rows (line \(bad)) and is left out whole"))
                }
                collateral += entry.goodLines.count
                continue
            }
            guard let header = entry.header else { continue }
            evaluations.append(QAFileEvaluation(
                externalID: id, teamID: header.team.id, agent: header.agent, evaluator: header.evaluator, day: header.day,
                sections: entry.sectionOrder.map { name in
                    let section = entry.sections[name]!
                    return QASection(name: name, weight: section.weight, items: section.items)
                },
                lines: entry.goodLines))
        }
        return Outcome(evaluations: evaluations, issues: all.sorted { ($0.line, $0.field) < ($1.line, $1.field) }, rowsRead: rowsRead,
                       rowsRejected: rowsBad + collateral, rowsBad: rowsBad, evaluationsRejected: rejected)
    }

    /// `YYYY-MM-DD`, a real calendar day.
    static func day(_ text: String) -> UTCDay? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        return UTCDay(daysSince1970: CivilDate.daysFromCivil(year: year, month: month, day: day))
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
