import Foundation

/// The file formats contacts can be imported from.
public enum ContactFileFormat: String, CaseIterable, Hashable, Sendable, Codable {
    case csv
    case jsonLines = "jsonl"

    /// From a file name: `.jsonl`/`.ndjson` are JSON Lines, anything else CSV.
    public static func guess(fromName name: String) -> ContactFileFormat {
        let lower = name.lowercased()
        return lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") ? .jsonLines : .csv
    }
}

/// Rows from something other than a CSV or JSON Lines file read through a column mapping: a
/// source preset turning a platform's own export into canonical rows (TandemSources).
public protocol ContactRowSource: AnyObject {
    /// The next row, or nil after the last. A problem with the input as a whole is thrown as a `FileIssue`.
    func next() throws -> RawContactRow?
    /// Records read but deliberately not turned into rows, by reason ("not queued: IVR only or outbound").
    var skippedRecords: [String: Int] { get }
}

/// Streams `RawContactRow`s out of a CSV or JSON Lines source through a column mapping, or out of
/// a `ContactRowSource`. A file-level problem (a required column missing from the header) is
/// thrown before any row.
public struct ContactFileReader {
    /// One of the three is set. Held directly (not in an enum payload) so reading mutates the
    /// reader's buffer in place instead of copying it.
    private var csv: CSVRecordReader?
    private var lines: LineReader?
    private var rows: (any ContactRowSource)?
    /// Where each mapped field sits in a CSV record, and how many columns a record must have.
    private var positions: [(field: CanonicalField, position: Int)] = []
    private var columnCount = 0
    private let mapping: ColumnMapping
    private let keyIndex: [String: CanonicalField]

    public init(_ source: some ByteChunkSource, format: ContactFileFormat, mapping: ColumnMapping) throws(FileIssue) {
        self.mapping = mapping
        var keys: [String: CanonicalField] = [:]
        for field in CanonicalField.allCases { keys[mapping.sourceColumn(for: field).trimmingCharacters(in: .whitespaces).lowercased()] = field }
        self.keyIndex = keys
        switch format {
        case .csv:
            var csv = CSVRecordReader(source)
            let header: CSVRecordReader.Record?
            do { header = try csv.next() } catch { throw FileIssue(reason: "could not be read: \(error)") }
            guard let header else { throw FileIssue(reason: "is empty: expected a header row") }
            let names = header.fields.map { $0 ?? "" }
            if let bad = header.invalidUTF8 {
                throw FileIssue(reason: "header row is not valid UTF-8: \(UTF8Validation.describe(byte: bad.byte, offset: bad.offset)) (save the file as UTF-8)")
            }
            let positions = mapping.positions(in: names)
            let missing = CanonicalField.required.filter { positions[$0] == nil }
            if !missing.isEmpty {
                throw FileIssue(reason: "header lacks " + missing.map { "\(mapping.sourceColumn(for: $0)) (\($0.rawValue))" }.joined(separator: ", ")
                                + "; it has " + names.joined(separator: ", "))
            }
            self.csv = csv
            self.positions = positions.map { ($0.key, $0.value) }.sorted { $0.position < $1.position }
            self.columnCount = names.count
        case .jsonLines:
            lines = LineReader(source)
        }
    }

    /// Rows of a source preset.
    public init(rows: any ContactRowSource) {
        self.mapping = ColumnMapping()
        self.keyIndex = [:]
        self.rows = rows
    }

    /// Records a source preset read and left out on purpose, by reason (empty for CSV and JSON Lines).
    public var skippedRecords: [String: Int] { rows?.skippedRecords ?? [:] }

    public mutating func next() throws -> RawContactRow? {
        if csv != nil {
            guard let record = try csv!.next() else { return nil }
            var row = RawContactRow(line: record.line)
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
        }
        if let rows { return try rows.next() }
        while let (number, bytes) = try lines!.next() {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            return jsonRow(line: number, bytes: bytes)
        }
        return nil
    }

    private func jsonRow(line: Int, bytes: [UInt8]) -> RawContactRow {
        var row = RawContactRow(line: line)
        if let bad = UTF8Validation.firstInvalidByte(bytes) {
            row.issues.append(RowIssue(line: line, field: "row", reason: "is not valid UTF-8: \(UTF8Validation.describe(byte: bytes[bad], offset: bad)) of the line (save the file as UTF-8)"))
            return row
        }
        let object: [String: JSONScalar]
        do {
            object = try JSONDecoder().decode([String: JSONScalar].self, from: Data(bytes))
        } catch {
            row.issues.append(RowIssue(line: line, field: "row", reason: "is not a JSON object of plain values"))
            return row
        }
        for (key, value) in object {
            guard let field = keyIndex[key.trimmingCharacters(in: .whitespaces).lowercased()] else { continue }
            row[field] = value.text
        }
        return row
    }
}

/// A problem with the file as a whole (reported at `line`, 1 unless the problem sits further in).
public struct FileIssue: Error, Sendable, CustomStringConvertible {
    public let reason: String
    /// Which file, when an import reads several.
    public let file: String?
    public let line: Int
    /// Which record, when the problem is in one (e.g. "record 12").
    public let record: String?
    public init(reason: String, file: String? = nil, line: Int = 1, record: String? = nil) {
        self.reason = reason
        self.file = file
        self.line = line
        self.record = record
    }
    /// "the file is empty: …" or "the file ctr.json is not valid JSON at …": a sentence's subject and verb, used as is.
    public var description: String { "the file \(file.map { "\($0) " } ?? "")\(reason)" }

    /// The issue a rejected run lists for it.
    public var rowIssue: RowIssue { RowIssue(line: line, field: "file", reason: reason, file: file, record: record) }
}

/// A JSON value that fits in one column: string, number, boolean or null.
private struct JSONScalar: Decodable {
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

/// Splits a source into lines (LF or CRLF), keeping line numbers.
struct LineReader {
    private var source: any ByteChunkSource
    private var buffer: [UInt8] = []
    private var position = 0
    private var exhausted = false
    private var line = 0

    init(_ source: some ByteChunkSource) { self.source = source }

    mutating func next() throws -> (Int, [UInt8])? {
        while true {
            if let newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
                var bytes = Array(buffer[position..<newline])
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                position = newline + 1
                line += 1
                return (line, bytes)
            }
            if !exhausted, let chunk = try source.nextChunk() {
                buffer.removeSubrange(0..<position)
                position = 0
                buffer.append(contentsOf: chunk)
                continue
            }
            exhausted = true
            guard position < buffer.count else { return nil }
            let bytes = Array(buffer[position...])
            position = buffer.count
            line += 1
            return (line, bytes)
        }
    }
}
