import Foundation
import TandemPartners

public enum InvoiceStatus: String, CaseIterable, Sendable, Codable {
    case draft
    case underReview = "under_review"
    case approved
    case disputed
    case resolved
}

public enum InvoiceAction: String, CaseIterable, Sendable, Codable {
    case submitForReview = "submit_for_review"
    case approve
    case dispute
    case resolve
}

/// A disputed line and why.
public struct LineDispute: Sendable, Equatable {
    public let row: Int
    public let reason: String
    public init(row: Int, reason: String) {
        self.row = row
        self.reason = reason
    }
}

/// draft → under review → approved, or → disputed (a reason for each disputed line) → resolved.
/// Client admins and managers move invoices along; a partner user may only dispute lines of its
/// own partner's invoice (the app checks the ownership); viewers (finance) only read.
public enum InvoiceWorkflow {
    public static func next(_ status: InvoiceStatus, _ action: InvoiceAction, by role: Role, disputes: [LineDispute] = [],
                            lineRows: Set<Int> = []) throws(ContractInputError) -> InvoiceStatus {
        let clientSide = role == .admin || role == .manager
        let allowedRole = action == .dispute ? clientSide || role == .partner : clientSide
        guard allowedRole else {
            throw ContractInputError("action", "a \(role.label.lowercased()) may not \(action.rawValue.replacingOccurrences(of: "_", with: " ")) an invoice")
        }
        let target: InvoiceStatus? = switch (status, action) {
        case (.draft, .submitForReview): .underReview
        case (.underReview, .approve): .approved
        case (.underReview, .dispute): .disputed
        case (.disputed, .resolve): .resolved
        default: nil
        }
        guard let target else {
            throw ContractInputError("action", "cannot \(action.rawValue.replacingOccurrences(of: "_", with: " ")) an invoice that is \(status.rawValue.replacingOccurrences(of: "_", with: " "))")
        }
        if action == .dispute {
            var issues: [ContractIssue] = []
            if disputes.isEmpty { issues.append(ContractIssue("disputes", "name at least one line and the reason it is disputed")) }
            var seen = Set<Int>()
            for dispute in disputes {
                if !lineRows.contains(dispute.row) { issues.append(ContractIssue("line", row: dispute.row, "is not a line of this invoice")) }
                if dispute.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { issues.append(ContractIssue("reason", row: dispute.row, "is required")) }
                if !seen.insert(dispute.row).inserted { issues.append(ContractIssue("line", row: dispute.row, "is disputed twice")) }
            }
            try ContractInputError.check(issues)
        }
        return target
    }
}
