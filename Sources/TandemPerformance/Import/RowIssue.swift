/// Why one row (or the whole file) was rejected: file, line, field and reason, as the import report shows them.
public struct RowIssue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// 1-based line of the file where the record starts (the header is line 1 in CSV).
    public let line: Int
    /// The canonical field at fault, or "row" / "file" when the record as a whole is.
    public let field: String
    public let reason: String
    /// The file it is in, when an import reads several (source presets); nil: the import's only file.
    public let file: String?
    /// Which record, when a line does not say it alone (JSON exports): e.g. "record 7, ContactId 4a1f…".
    public let record: String?

    public init(line: Int, field: String, reason: String, file: String? = nil, record: String? = nil) {
        self.line = line
        self.field = field
        self.reason = reason
        self.file = file
        self.record = record
    }

    /// "line 3, wait_seconds: …", or with a file and record "ctr.json, line 3 (record 2, ContactId x), Queue.Duration (wait_seconds): …".
    public var description: String { "\(location), \(field): \(reason)" }

    /// "line 3", "ctr.json, line 3" or "ctr.json, line 3 (record 2, ContactId x)".
    public var location: String {
        var text = file.map { "\($0), line \(line)" } ?? "line \(line)"
        if let record { text += " (\(record))" }
        return text
    }
}
