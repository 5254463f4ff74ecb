/// The columns of a roster CSV (docs name them; the header is matched ignoring case and spaces).
/// The team is not a column: a roster file is imported into one team, the importer's own.
public enum RosterField: String, CaseIterable, Hashable, Sendable {
    case agentID = "agent_id"
    case name, site
    case startDate = "start_date"
    /// Queue ids separated by semicolons ("billing-voice;orders-chat"): commas already separate columns.
    case queues, status
    case leaveDate = "leave_date"
    case leaveReason = "leave_reason"

    public static let requiredColumns: [RosterField] = [.agentID, .name, .startDate, .status]

    var maximumLength: Int {
        switch self {
        case .agentID: 100
        case .leaveReason: 500
        default: 200
        }
    }
}
