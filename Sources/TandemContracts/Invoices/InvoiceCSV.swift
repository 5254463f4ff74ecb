import Foundation
import TandemPartners
import TandemPerformance

/// Reads a partner's invoice lines from CSV. Columns (any order, header names case-insensitive):
/// team, unit, quantity, rate (required); channel, site, language, amount, description (optional).
/// All or nothing: any bad row rejects the whole file with every problem listed by line and field.
public enum InvoiceCSV {
    public static let requiredColumns = ["team", "unit", "quantity", "rate"]
    public static let optionalColumns = ["channel", "site", "language", "amount", "description"]

    /// `teams` are the partner's team names; a row's team is matched ignoring case and stored as spelled here.
    public static func parse(_ text: String, teams: [String]) throws(ContractInputError) -> [InvoiceLine] {
        var reader = CSVRecordReader(MemoryChunkSource(text))
        var records: [CSVRecordReader.Record] = []
        do {
            while let record = try reader.next() { records.append(record) }
        } catch {
            throw ContractInputError("file", "is not readable CSV: \(error)")
        }
        guard let header = records.first else { throw ContractInputError("file", "is empty") }
        let names = header.fields.map { ($0 ?? "").trimmingCharacters(in: .whitespaces).lowercased() }
        var issues: [ContractIssue] = []
        var column: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if !(requiredColumns + optionalColumns).contains(name) {
                issues.append(ContractIssue("header", row: header.line, "unknown column \"\(name)\" (expected \((requiredColumns + optionalColumns).joined(separator: ", ")))"))
            } else if column[name] != nil {
                issues.append(ContractIssue("header", row: header.line, "column \"\(name)\" appears twice"))
            } else {
                column[name] = index
            }
        }
        for name in requiredColumns where column[name] == nil { issues.append(ContractIssue(name, row: header.line, "column is missing")) }
        try ContractInputError.check(issues)

        let teamByName = Dictionary(teams.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var lines: [InvoiceLine] = []
        var firstRowByKey: [String: Int] = [:]
        for record in records.dropFirst() {
            let row = record.line
            func value(_ name: String) -> String? {
                guard let index = column[name], index < record.fields.count else { return nil }
                let text = record.fields[index]?.trimmingCharacters(in: .whitespaces)
                return text?.isEmpty == true ? nil : text
            }
            if record.fields.contains(where: { $0 == nil }) { issues.append(ContractIssue("row", row: row, "is not valid UTF-8")); continue }
            if record.fields.count != names.count { issues.append(ContractIssue("row", row: row, "has \(record.fields.count) fields, the header has \(names.count)")); continue }
            var rowIssues: [ContractIssue] = []
            let team = value("team").flatMap { teamByName[$0.lowercased()] }
            if value("team") == nil { rowIssues.append(ContractIssue("team", row: row, "is required")) }
            else if team == nil { rowIssues.append(ContractIssue("team", row: row, "\"\(value("team")!)\" is not a team of this partner")) }
            let unit = value("unit").flatMap(BillingUnit.init(rawValue:))
            if unit == nil { rowIssues.append(ContractIssue("unit", row: row, "must be one of \(BillingUnit.allCases.map(\.rawValue).joined(separator: ", "))")) }
            let channel = value("channel").map { ChannelKind(rawValue: $0.lowercased()) }
            if case .some(nil) = channel { rowIssues.append(ContractIssue("channel", row: row, "must be one of \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", "))")) }
            let quantity = value("quantity").flatMap(Decimal.init(exactly:))
            if quantity == nil || quantity! < 0 { rowIssues.append(ContractIssue("quantity", row: row, "must be a number of 0 or more, such as 1234.5")) }
            let rate = value("rate").flatMap(Decimal.init(exactly:))
            if rate == nil || rate! < 0 { rowIssues.append(ContractIssue("rate", row: row, "must be a number of 0 or more with a dot for decimals, such as 18.75")) }
            if let language = value("language") {
                var tagErrors = FieldErrors()
                Check.languageTags([language], "language", into: &tagErrors)
                if let message = tagErrors["language"] { rowIssues.append(ContractIssue("language", row: row, message)) }
            }
            guard rowIssues.isEmpty, let team, let unit, let quantity, let rate else { issues += rowIssues; continue }
            let line = InvoiceLine(row: row, team: team, unit: unit, channel: channel ?? nil, site: value("site"), language: value("language"),
                                   quantity: quantity, rate: rate, description: value("description"))
            if let written = value("amount") {
                if let amount = Decimal(exactly: written) {
                    if amount != line.amount { issues.append(ContractIssue("amount", row: row, "\(written) does not equal quantity × rate: \(line.arithmetic)")) }
                } else {
                    issues.append(ContractIssue("amount", row: row, "must be a number such as 23146.88"))
                }
            }
            if let first = firstRowByKey[line.key] {
                issues.append(ContractIssue("row", row: row, "duplicates line \(first) (\(line.keyText))"))
            } else {
                firstRowByKey[line.key] = row
            }
            lines.append(line)
        }
        if records.count == 1 { issues.append(ContractIssue("file", "has a header but no invoice lines")) }
        try ContractInputError.check(issues)
        return lines
    }
}
