import TandemPartners

/// What a change broadcast announces.
public enum BroadcastKind: String, CaseIterable, Codable, Sendable {
    case launch, promotion, stockOut = "stock_out", process, tool, policy

    public var label: String {
        switch self {
        case .launch: "Launch"
        case .promotion: "Promotion"
        case .stockOut: "Stock-out"
        case .process: "Process change"
        case .tool: "Tool change"
        case .policy: "Policy"
        }
    }
}

/// Who a broadcast goes to. Queue audiences resolve to the partners chosen with them
/// (allocations per queue are not recorded yet, so the sender names the partners).
public enum BroadcastAudience: String, CaseIterable, Codable, Sendable {
    case allPartners = "all_partners", somePartners = "some_partners", queues

    public var label: String {
        switch self {
        case .allPartners: "All partners"
        case .somePartners: "Chosen partners"
        case .queues: "Partners on chosen queues"
        }
    }
}

/// How often a meeting series meets.
public enum MeetingCadence: String, CaseIterable, Codable, Sendable {
    case weekly, biweekly, monthly, quarterly

    public var label: String {
        switch self {
        case .weekly: "Weekly sync"
        case .biweekly: "Biweekly sync"
        case .monthly: "Monthly business review"
        case .quarterly: "Quarterly business review"
        }
    }

    /// The RFC 5545 recurrence rule of the series.
    public var recurrence: RecurrenceRule {
        switch self {
        case .weekly: RecurrenceRule(frequency: .weekly, interval: 1)
        case .biweekly: RecurrenceRule(frequency: .weekly, interval: 2)
        case .monthly: RecurrenceRule(frequency: .monthly, interval: 1)
        case .quarterly: RecurrenceRule(frequency: .monthly, interval: 3)
        }
    }
}

public enum ActionStatus: String, CaseIterable, Codable, Sendable {
    case open, done, cancelled

    public var label: String { rawValue.capitalized }
}

public enum IncidentSeverity: String, CaseIterable, Codable, Sendable {
    case critical, high, medium, low

    public var label: String { rawValue.capitalized }
}

public enum IncidentCategory: String, CaseIterable, Codable, Sendable {
    case quality, process, technology, staffing, compliance, communication, performance, other

    public var label: String { rawValue.capitalized }
}

/// Who raised an incident. A partner reporting its own mistake first builds trust.
public enum IncidentSource: String, CaseIterable, Codable, Sendable {
    case partner, client, customer

    public var label: String {
        switch self {
        case .partner: "Self-reported by the partner"
        case .client: "Raised by the client"
        case .customer: "Customer complaint"
        }
    }
}

public enum IncidentStatus: String, CaseIterable, Codable, Sendable {
    case open, investigating, resolved, closed

    public var label: String { rawValue.capitalized }
    public var isOpen: Bool { self == .open || self == .investigating }
}

/// Which way a survey response points.
public enum SurveyDirection: String, CaseIterable, Codable, Sendable {
    /// Client users rate a partner.
    case clientRatesPartner = "client_rates_partner"
    /// Partner users rate the client.
    case partnerRatesClient = "partner_rates_client"

    public var label: String {
        switch self {
        case .clientRatesPartner: "Client rates partner"
        case .partnerRatesClient: "Partner rates client"
        }
    }

    public var raterSide: ContactSide { self == .clientRatesPartner ? .client : .partner }
}
