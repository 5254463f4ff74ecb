// The industry variants domain.md asks Tandem to support, one enum per KPI; the first case is the default.
// Throughout: "within T" is wait ≤ T, "after T" is wait > T, and short abandons (wait < S) are never counted.

/// Service level variants.
public enum ServiceLevelMethod: String, Hashable, Sendable, Codable, CaseIterable {
    /// answered within T ÷ (answered + abandoned with wait ≥ S). Default.
    case overAnsweredAndAbandoned
    /// answered within T ÷ answered.
    case overAnswered
    /// (answered within T + abandoned within T) ÷ offered.
    case withinThresholdOverOffered
    /// answered within T ÷ (answered + abandoned after T).
    case overAnsweredAndAbandonedAfterThreshold
}

/// Abandon rate variants.
public enum AbandonRateMethod: String, Hashable, Sendable, Codable, CaseIterable {
    /// abandoned with wait ≥ S ÷ offered. Default.
    case excludingShortAbandons
    /// all abandoned ÷ all contacts entering the queue (short abandons in both).
    case includingShortAbandons
}

/// First-contact resolution variants.
public enum FCRMethod: String, Hashable, Sendable, Codable, CaseIterable {
    /// resolved on first contact ÷ handled contacts with a known flag. Default.
    case resolutionFlag
    /// handled contacts with no repeat from the same customer in the same queue within N days ÷
    /// handled contacts with a customer key whose N-day window is fully observed (see `RepeatContactFCR`).
    case repeatContact
}

/// CSAT variants. Each reads only responses on its own scale.
public enum CSATMethod: String, Hashable, Sendable, Codable, CaseIterable {
    /// responses of 4–5 ÷ all responses, on the 1–5 scale. Default.
    case topTwoBox
    /// good ÷ (good + bad), on the binary scale.
    case binary
    /// mean score of the 1–5 responses.
    case meanScore
}
