/// One record of a contact file before validation: the text of each canonical field (nil when the
/// file has no such column or the value is empty), or the issues that made the record unreadable.
public struct RawContactRow: Sendable {
    public let line: Int
    private var values: [String?]
    /// Problems found while reading (wrong column count, bad encoding, bad JSON).
    public var issues: [RowIssue]

    /// Spaces and tabs off both ends. Hand-written: Foundation's trimming costs more than parsing the row.
    static func trimSpaces(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return text }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        guard isSpace(first) || isSpace(last) else { return text }
        let start = utf8.firstIndex { !isSpace($0) } ?? utf8.endIndex
        guard start != utf8.endIndex else { return "" }
        let end = utf8.lastIndex { !isSpace($0) }!
        return String(text[start...end])
    }

    public init(line: Int) {
        self.line = line
        self.values = Array(repeating: nil, count: CanonicalField.allCases.count)
        self.issues = []
    }

    public subscript(field: CanonicalField) -> String? {
        get { values[field.ordinal] }
        set {
            let trimmed = newValue.map(Self.trimSpaces)
            values[field.ordinal] = (trimmed?.isEmpty ?? true) ? nil : trimmed
        }
    }
}

extension CanonicalField {
    private static let ordinals: [CanonicalField: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
    var ordinal: Int { Self.ordinals[self]! }
}
