import Foundation
import TandemPartners

/// Someone on the client's side with the hours a week they can give one partnership.
public struct CapacityPerson: Sendable, Hashable, Codable {
    public let name: String
    public let role: String
    public let hoursPerWeek: Double

    public init(name: String, role: String, hoursPerWeek: Double) {
        self.name = name
        self.role = role
        self.hoursPerWeek = hoursPerWeek
    }
}

/// "Be honest about the resources available internally": what the design needs from the client
/// each week against what its people can give.
public struct CapacityCheck: Sendable, Hashable, Codable {
    public let neededHours: Double
    public let availableHours: Double

    public init(needed: Double, people: [CapacityPerson]) {
        neededHours = needed
        availableHours = people.reduce(0) { $0 + max(0, $1.hoursPerWeek) }
    }

    /// Over-committed when the design needs more hours than the people have (equal is fully booked, not over).
    public var overCommitted: Bool { neededHours > availableHours + 1e-9 }
    public var shortfall: Double { max(0, neededHours - availableHours) }
    /// needed ÷ available; nil when nobody has hours.
    public var utilisation: Double? { availableHours > 0 ? neededHours / availableHours : nil }

    public static let rule = "Over-committed when the design's estimated weekly client hours exceed the hours a week the client's people can give this partnership (Σ of their hours); utilisation = needed ÷ available."
}

/// What must hold before a partner handles live contacts.
public enum GoLiveRule {
    public static let rule = "A partner needs a named relationship manager before it can go live."

    /// Field → problem for a partner that would be live after a change; empty when it may be.
    public static func problems(kind: TeamKind, status: PartnerStatus, hasRelationshipManager: Bool) -> [String: String] {
        guard kind == .partner, status == .live, !hasRelationshipManager else { return [:] }
        return ["relationshipManagerID": "is required before the partner can go live: name the relationship manager first"]
    }
}
