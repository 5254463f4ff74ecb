/// Why one row (or the whole file) was rejected: file, line, field and reason, as the import report shows them.
public struct RowIssue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// 1-based line of the file where the record starts (the header is line 1 in CSV).
    public let line: Int
    /// The canonical field at fault, or "row" / "file" when the record as a whole is.
    public let field: String
    public let reason: String

    public init(line: Int, field: String, reason: String) {
        self.line = line
        self.field = field
        self.reason = reason
    }

    public var description: String { "line \(line), \(field): \(reason)" }
}
