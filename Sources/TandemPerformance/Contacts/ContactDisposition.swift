/// What happened to a contact, decided once so every KPI (and both the direct and the rollup
/// computation) classifies a contact the same way.
public enum ContactDisposition: String, Hashable, Sendable, Codable {
    /// An agent picked it up; this is also what "handled" means.
    case answered
    /// The customer left before an answer.
    case abandoned
    /// Neither: still queued when exported, deflected, transferred out. Counts as offered only.
    case other
}

extension ContactRecord {
    /// An answer time wins over an `abandoned` flag: a source that sets both recorded a pickup,
    /// and a pickup is the harder fact to get wrong.
    public var disposition: ContactDisposition {
        if answeredAt != nil { return .answered }
        return abandoned ? .abandoned : .other
    }

    /// Abandoned with a wait under S: ignored everywhere except the abandon-rate variant that includes them.
    func isShortAbandon(shortAbandonThreshold: Double) -> Bool {
        disposition == .abandoned && waitSeconds < shortAbandonThreshold
    }
}
