import Foundation

/// The columns (or JSON Lines keys) of a QA evaluation file: one row per evaluation item, the
/// evaluation's own fields repeated on each of its rows. docs/qa-import.md describes them.
public enum QAField: String, CaseIterable, Hashable, Sendable {
    case evaluationID = "evaluation_id"
    case team, agent, evaluator, date, section
    case sectionWeight = "section_weight"
    case item
    case itemPoints = "item_points"
    case answer
    case autoFail = "auto_fail"

    /// A CSV file whose header lacks one of these cannot be imported at all.
    public static let requiredColumns: [QAField] = [.evaluationID, .team, .agent, .date, .section, .sectionWeight, .answer]
}

/// One row of a QA file before validation: each field's text (nil when absent or empty, spaces
/// trimmed), or the issues that made the row unreadable.
public struct RawQARow: Sendable {
    public let line: Int
    public var values: [QAField: String] = [:]
    public var issues: [RowIssue] = []

    public init(line: Int) { self.line = line }

    public subscript(field: QAField) -> String? {
        get { values[field] }
        set {
            let trimmed = newValue?.trimmingCharacters(in: .whitespaces)
            values[field] = (trimmed?.isEmpty ?? true) ? nil : trimmed
        }
    }
}

/// Streams `RawQARow`s out of a CSV (header row; names matched ignoring case and surrounding spaces)
/// or JSON Lines source (one object per line; unknown keys ignored).
public struct QAFileReader<Source: ByteChunkSource> {
    private enum Reader {
        case csv(CSVRecordReader, positions: [QAField: Int], columnCount: Int)
        case jsonLines(LineReader)
    }

    private var reader: Reader

    public init(_ source: Source, format: ContactFileFormat) throws(FileIssue) {
        switch format {
        case .csv:
            var csv = CSVRecordReader(source)
            let header: CSVRecordReader.Record?
            do { header = try csv.next() } catch { throw FileIssue(reason: "could not be read: \(error)") }
            guard let header else { throw FileIssue(reason: "is empty: expected a header row") }
            if let bad = header.invalidUTF8 {
                throw FileIssue(reason: "header row is not valid UTF-8: \(UTF8Validation.describe(byte: bad.byte, offset: bad.offset)) (save the file as UTF-8)")
            }
            let names = header.fields.map { ($0 ?? "").trimmingCharacters(in: .whitespaces).lowercased() }
            var positions: [QAField: Int] = [:]
            for field in QAField.allCases {
                if let position = names.firstIndex(of: field.rawValue) { positions[field] = position }
            }
            let missing = QAField.requiredColumns.filter { positions[$0] == nil }
            if !missing.isEmpty {
                throw FileIssue(reason: "header lacks " + missing.map(\.rawValue).joined(separator: ", ")
                                + "; it has " + header.fields.map { $0 ?? "" }.joined(separator: ", "))
            }
            reader = .csv(csv, positions: positions, columnCount: names.count)
        case .jsonLines:
            reader = .jsonLines(LineReader(source))
        }
    }

    public mutating func next() throws -> RawQARow? {
        switch reader {
        case .csv(var csv, let positions, let columnCount):
            defer { reader = .csv(csv, positions: positions, columnCount: columnCount) }
            guard let record = try csv.next() else { return nil }
            var row = RawQARow(line: record.line)
            if record.fields.count != columnCount {
                // A bad byte is named first: a broken multi-byte sequence often comes with a mangled row.
                let count = "has \(record.fields.count) columns; the header has \(columnCount)"
                let reason = record.invalidUTF8.map { "is not valid UTF-8: \(UTF8Validation.describe(byte: $0.byte, offset: $0.offset)) of the file, and \(count) (save the file as UTF-8)" }
                    ?? count
                row.issues.append(RowIssue(line: record.line, field: "row", reason: reason))
                return row
            }
            for (field, position) in positions {
                guard let value = record.fields[position] else {
                    row.issues.append(RowIssue(line: record.line, field: field.rawValue, reason: "is not valid UTF-8"
                        + (record.invalidUTF8.map { " (the row's first bad byte: \(UTF8Validation.describe(byte: $0.byte, offset: $0.offset)) of the file)" } ?? "")
                        + "; save the file as UTF-8"))
                    continue
                }
                row[field] = value
            }
            return row
        case .jsonLines(var lines):
            defer { reader = .jsonLines(lines) }
            while let (number, bytes) = try lines.next() {
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                return Self.jsonRow(line: number, bytes: bytes)
            }
            return nil
        }
    }

    private static func jsonRow(line: Int, bytes: [UInt8]) -> RawQARow {
        var row = RawQARow(line: line)
        if let bad = UTF8Validation.firstInvalidByte(bytes) {
            row.issues.append(RowIssue(line: line, field: "row", reason: "is not valid UTF-8: \(UTF8Validation.describe(byte: bytes[bad], offset: bad)) of the line (save the file as UTF-8)"))
            return row
        }
        let object: [String: QAJSONScalar]
        do {
            object = try JSONDecoder().decode([String: QAJSONScalar].self, from: Data(bytes))
        } catch {
            row.issues.append(RowIssue(line: line, field: "row", reason: "is not a JSON object of plain values"))
            return row
        }
        for (key, value) in object {
            guard let field = QAField(rawValue: key.trimmingCharacters(in: .whitespaces).lowercased()) else { continue }
            row[field] = value.text
        }
        return row
    }
}

/// A JSON value that fits in one column: string, number, boolean or null.
private struct QAJSONScalar: Decodable {
    let text: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { text = nil }
        else if let value = try? container.decode(Bool.self) { text = value ? "true" : "false" }
        else if let value = try? container.decode(Int64.self) { text = String(value) }
        else if let value = try? container.decode(Double.self) { text = String(value) }
        else { text = try container.decode(String.self) }
    }
}
