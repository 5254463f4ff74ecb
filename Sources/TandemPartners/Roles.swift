/// Who may do what. Partner users belong to exactly one partner and see only its data;
/// the other roles are the client's people.
public enum Role: String, CaseIterable, Codable, Sendable {
    case admin
    case manager
    case viewer
    case partner

    public var label: String {
        switch self {
        case .admin: "Admin"
        case .manager: "Relationship manager"
        case .viewer: "Viewer (read-only)"
        case .partner: "Partner user"
        }
    }

    public func allows(_ permission: Permission) -> Bool {
        switch (self, permission) {
        case (.admin, _): true
        case (.manager, .readWorkspace), (.manager, .editRegistry), (.manager, .editPartnerDirectory): true
        case (.manager, .manageRelationship), (.manager, .takePartInRelationship): true
        case (.manager, .manageContracts): true
        case (.viewer, .readWorkspace): true
        case (.partner, .readWorkspace), (.partner, .editPartnerDirectory): true
        case (.partner, .takePartInRelationship): true
        default: false
        }
    }

    /// Partner users are confined to their own partner's data.
    public var isPartnerScoped: Bool { self == .partner }

    /// Only these roles can own a partnership day to day.
    public var canBeRelationshipManager: Bool { self == .admin || self == .manager }
}

public enum Permission: Sendable, CaseIterable {
    /// See the workspace (partner users: only their own partner).
    case readWorkspace
    /// Create, change and delete partners, sites, contacts and the channel/queue catalogue.
    case editRegistry
    /// Keep a partner's own sites and key contacts current (partner users: their partner only).
    case editPartnerDirectory
    /// Manage users and see the full audit log.
    case administer
    /// Send change broadcasts, run meetings, set escalation policies and open survey rounds.
    case manageRelationship
    /// Do one's part in the relationship: acknowledge broadcasts, update one's own action
    /// items, report incidents, answer surveys and leave feedback (partner users: their partner only).
    case takePartInRelationship
    /// Write contracts and their documents, enter and approve invoices, import delivered hours
    /// and enter in-house costs (admins and relationship managers; finance reads as a viewer).
    case manageContracts
}
