import TandemPartners

/// One problem with contract, SLA, invoice or document input: the field at fault named as the
/// wire format spells it, the row (1-based line of an import, or the index of a version or
/// line) when there is one, and what is wrong.
public struct ContractIssue: Hashable, Sendable, Codable, CustomStringConvertible {
    public let field: String
    public let row: Int?
    public let reason: String

    public init(_ field: String, row: Int? = nil, _ reason: String) {
        self.field = field
        self.row = row
        self.reason = reason
    }

    public var description: String {
        if let row { return "row \(row), \(field): \(reason)" }
        return "\(field): \(reason)"
    }
}

/// Thrown with every problem found, so one correction round fixes them all and nothing is
/// accepted half-way.
public struct ContractInputError: Error, Equatable, Sendable, CustomStringConvertible {
    public let issues: [ContractIssue]

    public init(_ issues: [ContractIssue]) { self.issues = issues }
    public init(_ field: String, row: Int? = nil, _ reason: String) { self.issues = [ContractIssue(field, row: row, reason)] }

    public var description: String { issues.map(\.description).joined(separator: "; ") }

    /// The form-level shape the web pages already render (field → first message); row-level
    /// issues are keyed "row N field".
    public var fieldErrors: FieldErrors {
        var errors = FieldErrors()
        for issue in issues {
            errors.add(issue.row.map { "row \($0) \(issue.field)" } ?? issue.field, issue.reason)
        }
        return errors
    }

    /// Throws when `issues` is not empty.
    static func check(_ issues: [ContractIssue]) throws(ContractInputError) {
        if !issues.isEmpty { throw ContractInputError(issues) }
    }
}
