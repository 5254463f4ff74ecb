/// The canonical columns of a contact file (domain.md, "One contact record"). A column mapping
/// names, for each of them, the source's own column (or JSON key).
public enum CanonicalField: String, CaseIterable, Hashable, Sendable, Codable {
    case externalID = "external_id"
    case team, site, queue, channel, agent, customer
    case offeredAt = "offered_at"
    case answeredAt = "answered_at"
    case abandoned
    case waitSeconds = "wait_seconds"
    case talkSeconds = "talk_seconds"
    case holdSeconds = "hold_seconds"
    case afterWorkSeconds = "after_work_seconds"
    case resolvedFirstContact = "resolved_first_contact"
    case csat
    case csatScale = "csat_scale"

    /// A file without one of these columns cannot be imported at all.
    public static let required: [CanonicalField] = [.externalID, .team, .queue, .offeredAt]
}

/// Source column (or JSON key) for each canonical field; fields not named map to a column of
/// their canonical name. Header matching ignores case and surrounding spaces.
public struct ColumnMapping: Hashable, Sendable, Codable {
    public var columns: [String: String]

    public init(_ columns: [CanonicalField: String] = [:]) {
        self.columns = Dictionary(uniqueKeysWithValues: columns.map { ($0.key.rawValue, $0.value) })
    }

    public func sourceColumn(for field: CanonicalField) -> String {
        columns[field.rawValue] ?? field.rawValue
    }

    /// Parses `field=Source column` pairs separated by commas (the CLI's inline form).
    /// Unknown canonical names are reported, never silently ignored.
    public static func parse(pairs text: String) throws(MappingError) -> ColumnMapping {
        var mapping: [CanonicalField: String] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty else { throw MappingError(message: "expected field=Column, got \"\(pair)\"") }
            guard let field = CanonicalField(rawValue: parts[0]) else {
                throw MappingError(message: "\(parts[0]) is not a contact field; use one of " + CanonicalField.allCases.map(\.rawValue).joined(separator: ", "))
            }
            mapping[field] = parts[1]
        }
        return ColumnMapping(mapping)
    }

    /// Positions of each canonical field in a header row; nil when the column is absent.
    public func positions(in header: [String]) -> [CanonicalField: Int] {
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            if index[key] == nil { index[key] = position }
        }
        var result: [CanonicalField: Int] = [:]
        for field in CanonicalField.allCases {
            if let position = index[sourceColumn(for: field).trimmingCharacters(in: .whitespaces).lowercased()] { result[field] = position }
        }
        return result
    }
}

public struct MappingError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
