import Foundation
import TandemPerformance

/// Turns one roster row's texts into a `RosterAgent`, or the row's issues (every field at fault, not just the first).
public enum RosterRowValidator {
    public static func validate(
        _ values: [RosterField: String], line: Int, teamID: String
    ) -> Result<RosterAgent, RowIssues> {
        var issues: [RowIssue] = []
        func issue(_ field: RosterField, _ reason: String) {
            issues.append(RowIssue(line: line, field: field.rawValue, reason: reason))
        }
        for field in RosterField.allCases {
            if let text = values[field], text.count > field.maximumLength {
                issue(field, "must be at most \(field.maximumLength) characters")
            }
        }
        for field in RosterField.requiredColumns where values[field] == nil { issue(field, "is required") }

        let startDate = values[.startDate].flatMap { text -> UTCDay? in
            guard let day = UTCDay.parse(text) else { issue(.startDate, "\"\(text)\" is not a date as YYYY-MM-DD"); return nil }
            return day
        }
        let leaveDate = values[.leaveDate].flatMap { text -> UTCDay? in
            guard let day = UTCDay.parse(text) else { issue(.leaveDate, "\"\(text)\" is not a date as YYYY-MM-DD"); return nil }
            return day
        }
        let status = values[.status].flatMap { text -> AgentStatus? in
            guard let status = AgentStatus(rawValue: text.lowercased()) else {
                issue(.status, "\"\(text)\" is not one of " + AgentStatus.allCases.map(\.rawValue).joined(separator: ", "))
                return nil
            }
            return status
        }
        if let startDate, let leaveDate, leaveDate < startDate {
            issue(.leaveDate, "\(leaveDate) is before the start date \(startDate)")
        }
        // A leaver without a date would vanish from attrition; a date without "left" would be a contradiction.
        if status == .left, values[.leaveDate] == nil { issue(.leaveDate, "is required when status is left") }
        if let status, status != .left, values[.leaveDate] != nil {
            issue(.status, "must be left when a leave date is given (it is \(status.rawValue))")
        }
        if values[.leaveReason] != nil, values[.leaveDate] == nil, status != .left {
            issue(.leaveReason, "is only for agents who left (no leave date given)")
        }
        let queues = values[.queues].map { text in
            text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } ?? []

        guard issues.isEmpty, let agentID = values[.agentID], let name = values[.name], let startDate, let status else {
            return .failure(RowIssues(issues: issues))
        }
        return .success(RosterAgent(
            teamID: teamID, agentID: agentID, name: name, site: values[.site], startDate: startDate,
            queues: queues, status: status, leaveDate: leaveDate, leaveReason: values[.leaveReason]
        ))
    }
}

/// A row's issues as one error value (Result needs an Error).
public struct RowIssues: Error, Hashable, Sendable {
    public let issues: [RowIssue]
}
