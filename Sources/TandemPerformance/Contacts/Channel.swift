/// Where a contact came in (domain.md, "Channels, queues, work").
public enum Channel: String, Hashable, Sendable, Codable, CaseIterable {
    case voice, chat, messaging, email, social, backOffice
}
