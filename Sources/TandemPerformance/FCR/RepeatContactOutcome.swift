/// What repeat-contact FCR concluded about one contact, computed at import time and folded into
/// the rollup with that contact (`KPIRollup.add(_:repeatContact:)`).
public struct RepeatContactOutcome: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Candidate; the customer did not come back to the queue within N days.
        case resolved
        /// Candidate; the customer came back to the queue within N days.
        case repeated
        /// Not answered by an agent (abandoned, short abandon, other): only handled contacts are judged.
        case notHandled
        /// No customer key: nobody can tell whether they came back.
        case noCustomerKey
        /// The N-day window reaches past `observedThrough`: judging now would overstate FCR.
        /// Re-run once the window is observed (imports should recompute the last N days).
        case windowNotObserved
    }

    public let kind: Kind
    /// N, in days, the contact was judged with.
    public let windowDays: Int

    public init(kind: Kind, windowDays: Int) {
        self.kind = kind
        self.windowDays = windowDays
    }

    /// In the denominator of repeat-contact FCR.
    public var isCandidate: Bool { kind == .resolved || kind == .repeated }
}
