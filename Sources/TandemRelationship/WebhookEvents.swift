import Foundation

/// The events Tandem sends to webhook subscriptions. The raw value is the `type` of the JSON
/// payload and what a subscription's filter names (docs/webhooks.md lists them with their data).
public enum WebhookEventType: String, CaseIterable, Sendable, Codable, Comparable {
    case alertRaised = "alert.raised"
    case incidentOpened = "incident.opened"
    case incidentEscalationBreached = "incident.escalation_breached"
    case broadcastSent = "broadcast.sent"
    case broadcastOverdue = "broadcast.overdue"
    case actionItemLate = "action_item.late"
    /// Emitted by the contracts area (a notice or renewal date coming due) once it exists.
    case contractDeadline = "contract.deadline"
    /// Sent to one subscription only, from its page ("Send a test event").
    case ping = "webhook.ping"

    public var label: String {
        switch self {
        case .alertRaised: "Performance alert raised"
        case .incidentOpened: "Incident opened"
        case .incidentEscalationBreached: "Incident escalation level breached"
        case .broadcastSent: "Change broadcast sent"
        case .broadcastOverdue: "Broadcast acknowledgement overdue"
        case .actionItemLate: "Action item late"
        case .contractDeadline: "Contract deadline"
        case .ping: "Test event"
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Which events a subscription receives: a comma-separated list of event types, `area.*`
/// for every event of an area, or `*` for all. Test pings reach every subscription.
public struct WebhookEventFilter: Sendable, Equatable, CustomStringConvertible {
    public let patterns: [String]

    /// Every event.
    public static let all = WebhookEventFilter(patterns: ["*"])

    /// Parses `"incident.*, alert.raised"`; each pattern must name at least one known event.
    public static func parse(_ text: String) throws(InvalidPattern) -> WebhookEventFilter {
        var patterns: [String] = []
        for raw in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }) {
            let pattern = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard !pattern.isEmpty else { continue }
            guard WebhookEventType.allCases.contains(where: { matches(pattern, $0) }) else { throw InvalidPattern(pattern: pattern) }
            if !patterns.contains(pattern) { patterns.append(pattern) }
        }
        guard !patterns.isEmpty else { throw InvalidPattern(pattern: "") }
        return WebhookEventFilter(patterns: patterns)
    }

    public init(patterns: [String]) { self.patterns = patterns }

    public func matches(_ type: WebhookEventType) -> Bool {
        type == .ping || patterns.contains { Self.matches($0, type) }
    }

    /// The known event types the filter lets through.
    public var types: [WebhookEventType] { WebhookEventType.allCases.filter { $0 != .ping && matches($0) } }

    public var description: String { patterns.joined(separator: ", ") }

    static func matches(_ pattern: String, _ type: WebhookEventType) -> Bool {
        if pattern == "*" { return true }
        if pattern.hasSuffix(".*") { return type.rawValue.hasPrefix(String(pattern.dropLast(1))) }
        return pattern == type.rawValue
    }

    public struct InvalidPattern: Error, Sendable, Equatable, CustomStringConvertible {
        public let pattern: String
        public init(pattern: String) { self.pattern = pattern }
        public var description: String {
            pattern.isEmpty ? "name at least one event (or * for all)"
                : "“\(pattern)” names no event; use one of \(WebhookEventType.allCases.filter { $0 != .ping }.map(\.rawValue).joined(separator: ", ")), area.* or *"
        }
    }
}
