/// One record of a contact file before validation: the text of each canonical field (nil when the
/// file has no such column or the value is empty), or the issues that made the record unreadable.
public struct RawContactRow: Sendable {
    public let line: Int
    private var values: [String?]
    /// Problems found while reading (wrong column count, bad encoding, bad JSON).
    public var issues: [RowIssue]

    /// Spaces and tabs off both ends. Hand-written: Foundation's trimming costs more than parsing the row.
    static func trimSpaces(_ text: String) -> String {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        // The common case, nothing to trim, read straight off the bytes (`utf8.last` walks String indices).
        let padded = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            return isSpace(first) || isSpace(last)
        }
        if padded == false { return text }
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return text }
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
    /// Position in `allCases` (a switch: this runs a dozen times per row).
    var ordinal: Int {
        switch self {
        case .externalID: 0
        case .team: 1
        case .site: 2
        case .queue: 3
        case .channel: 4
        case .agent: 5
        case .customer: 6
        case .offeredAt: 7
        case .answeredAt: 8
        case .abandoned: 9
        case .waitSeconds: 10
        case .talkSeconds: 11
        case .holdSeconds: 12
        case .afterWorkSeconds: 13
        case .resolvedFirstContact: 14
        case .csat: 15
        case .csatScale: 16
        }
    }
}
