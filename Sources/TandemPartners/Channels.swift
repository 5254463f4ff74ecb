/// The kinds of channel the domain guide names. Voice and chat are real-time
/// (queueing maths applies); email and back office are deferred (backlog maths).
public enum ChannelKind: String, CaseIterable, Codable, Sendable {
    case voice, chat, messaging, email, social
    case backOffice = "back_office"

    /// The kind a stored contact names (its raw value); voice for a name this version does not know.
    public init(storedName: String) { self = ChannelKind(rawValue: storedName) ?? .voice }

    public var label: String { self == .backOffice ? "Back office" : rawValue.capitalized }

    public var isRealTime: Bool { self == .voice || self == .chat }

    /// A sensible default service-level threshold in seconds (domain guide: 20 s voice,
    /// 60 s chat); deferred channels are measured in hours, so a day.
    public var defaultServiceLevelThreshold: Int {
        switch self {
        case .voice: 20
        case .chat, .messaging: 60
        case .social: 3_600
        case .email, .backOffice: 86_400
        }
    }
}
