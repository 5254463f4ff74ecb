/// What one invoice line counts and the client pays for.
public enum BillingUnit: String, CaseIterable, Sendable, Codable {
    case productiveHour = "productive_hour"
    case loggedHour = "logged_hour"
    case fteMonth = "fte_month"
    case handledContact = "handled_contact"
    case resolution

    public var label: String {
        switch self {
        case .productiveHour: "productive hours"
        case .loggedHour: "logged hours"
        case .fteMonth: "FTE-months"
        case .handledContact: "handled contacts"
        case .resolution: "resolutions"
        }
    }

    /// Hour lines are reconciled against the plan, the schedule and delivered hours; the others
    /// against FTE or contact counts.
    public var isHours: Bool { self == .productiveHour || self == .loggedHour }
}
