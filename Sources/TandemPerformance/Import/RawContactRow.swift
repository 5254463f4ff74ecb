/// One record of a contact file before validation: the text of each canonical field (nil when the
/// file has no such column or the value is empty), or the issues that made the record unreadable.
public struct RawContactRow: Sendable {
    public let line: Int
    private var values: [String?]
    /// Problems found while reading (wrong column count, bad encoding, bad JSON).
    public var issues: [RowIssue]

    public init(line: Int) {
        self.line = line
        self.values = Array(repeating: nil, count: CanonicalField.allCases.count)
        self.issues = []
    }

    public subscript(field: CanonicalField) -> String? {
        get { values[field.ordinal] }
        set {
            let trimmed = newValue?.trimmingCharacters(in: .whitespaces)
            values[field.ordinal] = (trimmed?.isEmpty ?? true) ? nil : trimmed
        }
    }
}

extension CanonicalField {
    private static let ordinals: [CanonicalField: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
    var ordinal: Int { Self.ordinals[self]! }
}
