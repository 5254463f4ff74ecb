/// One record of a contact file before validation: the text of each canonical field (nil when the
/// file has no such column or the value is empty), or the issues that made the record unreadable.
public struct RawContactRow: Sendable {
    public let line: Int
    private var values: [String?]
    /// Problems found while reading (wrong column count, bad encoding, bad JSON).
    public var issues: [RowIssue]
    /// Source presets: the record's version (newer copies replace older ones, also within one
    /// file); nil for generic files, where an id repeated in one file is an error.
    public var version: Int64?
    /// Source presets: the record says the contact was deleted at the source (only `externalID` and `version` are set).
    public var isDeletion = false
    /// Source presets: the record's position in its file, counted from 1.
    public var ordinal = 0
    /// Source presets: the file and the source's own field names, for messages.
    public var context: RowContext?

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

    /// The name a message uses for a field: the source's own with the canonical one, e.g.
    /// "Queue.EnqueueTimestamp (offered_at)", or the canonical one alone for a generic file.
    public func fieldName(_ field: CanonicalField) -> String {
        guard let source = context?.fieldNames[field] else { return field.rawValue }
        return "\(source) (\(field.rawValue))"
    }

    /// An issue about this row, carrying its file and record when it has them.
    public func issue(_ field: String, _ reason: String) -> RowIssue {
        RowIssue(line: line, field: field, reason: reason, file: context?.file, record: recordLabel)
    }

    /// "record 7, ContactId 4a1f…" (source presets), nil for generic files.
    public var recordLabel: String? {
        guard let context else { return nil }
        let id = self[.externalID].map { ", \(context.idName) \($0)" } ?? ""
        return "record \(ordinal)\(id)"
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

/// Where a preset's row comes from, for its messages: shared by every row of one file.
public final class RowContext: Sendable {
    public let file: String
    /// What the source calls its id ("ContactId", "ticket", "contactId").
    public let idName: String
    /// The source's own name of each canonical field it fills.
    public let fieldNames: [CanonicalField: String]

    public init(file: String, idName: String, fieldNames: [CanonicalField: String]) {
        self.file = file
        self.idName = idName
        self.fieldNames = fieldNames
    }
}
