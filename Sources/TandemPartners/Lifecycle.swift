/// Where a partnership stands. The order is the normal life of a partnership;
/// `allowedNext` says which moves the product accepts (see `PartnerLifecycleTests`).
public enum PartnerStatus: String, CaseIterable, Codable, Sendable {
    case prospect, evaluating, onboarding, live, exiting, ended

    /// Onboarding, live or exiting: the team takes (or is about to take) a share of the work, so
    /// capacity plans list it even before it holds an allocation.
    public var staffsWork: Bool { self == .onboarding || self == .live || self == .exiting }

    public var label: String {
        switch self {
        case .prospect: "Prospect"
        case .evaluating: "Evaluating"
        case .onboarding: "Onboarding"
        case .live: "Live"
        case .exiting: "Exiting"
        case .ended: "Ended"
        }
    }

    /// Statuses a partner may move to from this one. Moving forward one step is the norm;
    /// a selection can stop early (→ ended), an exit can be called off (exiting → live),
    /// and an ended partner can be courted again (ended → prospect).
    public var allowedNext: Set<PartnerStatus> {
        switch self {
        case .prospect: [.evaluating, .ended]
        case .evaluating: [.onboarding, .prospect, .ended]
        case .onboarding: [.live, .ended]
        case .live: [.exiting]
        case .exiting: [.ended, .live]
        case .ended: [.prospect]
        }
    }

    public func canMove(to next: PartnerStatus) -> Bool {
        next == self || allowedNext.contains(next)
    }

    /// Partners in these statuses handle live customer contacts.
    public var isHandlingContacts: Bool { self == .live || self == .exiting }
}

/// How much of the operation the partner owns (domain guide, "Involvement level").
public enum InvolvementLevel: String, CaseIterable, Codable, Sendable {
    case low, partial, high

    public var label: String { rawValue.capitalized }

    public var summary: String {
        switch self {
        case .low: "Partner recruits and employs; the client trains, coaches, writes SOPs and handles communication."
        case .partial: "Partner also hires, onboards, runs team leads and escalations, and reports performance."
        case .high: "Partner also brings best practices, cost-saving ideas, tooling advice, voice-of-customer insight and CX guidance."
        }
    }
}

/// A team is either an outsourcing partner or the client's own in-house team,
/// which every comparison puts side by side with the partners.
public enum TeamKind: String, CaseIterable, Codable, Sendable {
    case partner
    case inHouse = "in_house"

    public var label: String { self == .partner ? "Partner" : "In-house" }
}

public enum LocationType: String, CaseIterable, Codable, Sendable {
    case onshore, nearshore, offshore
    public var label: String { rawValue.capitalized }
}

/// Which side of the partnership a key contact works for.
public enum ContactSide: String, CaseIterable, Codable, Sendable {
    case client, partner
    public var label: String { rawValue.capitalized }
}
