/// Additive counters from which every contact KPI and variant can be derived without the raw
/// contacts. Build one per (team × queue × day) by folding contacts in (`add`), merge with `+`,
/// then derive KPIs (`KPIRollup+KPIs`). Scorecards read only rollups.
///
/// T and S decide how a contact is counted, so they are fixed when folding; the rollup records
/// the values its contacts were classified with. Merging unions those sets: a merged rollup over
/// a 20 s voice queue and a 60 s chat queue measures "answered within the queue's T (20 s, 60 s)".
/// Repeat-contact FCR needs the customer's later contacts, which one contact cannot know: it is
/// computed at import time (`RepeatContactFCR.outcomes`) and folded in with each contact.
///
/// Invariants: offered = answered + abandoned + other; abandoned = abandonedWithinThreshold +
/// abandonedAfterThreshold; durations are whole milliseconds; the fields are public so storage
/// can keep them as columns.
public struct KPIRollup: Hashable, Sendable, Codable {
    /// The T values (seconds) this rollup's contacts were classified with.
    public var serviceLevelThresholds: Set<Double>
    /// The S values (seconds) this rollup's contacts were classified with.
    public var shortAbandonThresholds: Set<Double>
    /// The N values (days) of the repeat-contact outcomes folded in; empty if none were.
    public var repeatContactWindows: Set<Int>

    /// Contacts entering the queue, minus short abandons.
    public var offered = 0
    /// Abandoned with wait < S; kept only for the abandon-rate variant that includes them.
    public var shortAbandons = 0
    /// Picked up by an agent (= handled).
    public var answered = 0
    /// Answered with wait ≤ T.
    public var answeredWithinThreshold = 0
    /// Abandoned with S ≤ wait ≤ T.
    public var abandonedWithinThreshold = 0
    /// Abandoned with wait ≥ S and wait > T.
    public var abandonedAfterThreshold = 0
    public var answeredWaitMilliseconds: Int64 = 0
    /// Handle-time parts of handled contacts.
    public var talkMilliseconds: Int64 = 0
    public var holdMilliseconds: Int64 = 0
    public var afterWorkMilliseconds: Int64 = 0
    /// Handled contacts with a resolution flag, and those flagged resolved.
    public var fcrKnown = 0
    public var fcrResolved = 0
    /// Handled contacts with a customer key and a fully observed window, and those with no repeat.
    public var repeatFCRCandidates = 0
    public var repeatFCRResolved = 0
    public var csatOneToFive = ScoreHistogram(scale: .oneToFive)
    public var csatBinary = ScoreHistogram(scale: .binary)
    public var npsResponses = ScoreHistogram(scale: .zeroToTen)

    /// An empty rollup ready to fold contacts of one queue.
    public init(
        serviceLevelThreshold: Double,
        shortAbandonThreshold: Double = KPISettings.defaultShortAbandonThreshold
    ) {
        serviceLevelThresholds = [serviceLevelThreshold]
        shortAbandonThresholds = [shortAbandonThreshold]
        repeatContactWindows = []
    }

    private init() {
        serviceLevelThresholds = []
        shortAbandonThresholds = []
        repeatContactWindows = []
    }

    /// The identity of `+`: no contacts, no thresholds. Cannot fold contacts.
    public static let empty = KPIRollup()

    // Derived counts, named as the domain names them.
    public var handled: Int { answered }
    /// Abandoned with wait ≥ S.
    public var abandoned: Int { abandonedWithinThreshold + abandonedAfterThreshold }
    /// Neither answered nor abandoned (still queued, deflected...).
    public var other: Int { offered - answered - abandoned }
    /// Everything that entered the queue, short abandons included.
    public var contactsEntering: Int { offered + shortAbandons }
    public var handleMilliseconds: Int64 { talkMilliseconds + holdMilliseconds + afterWorkMilliseconds }
    public var promoters: Int { npsResponses.count(in: 9...10) }
    public var passives: Int { npsResponses.count(in: 7...8) }
    public var detractors: Int { npsResponses.count(in: 0...6) }

    public static func + (lhs: KPIRollup, rhs: KPIRollup) -> KPIRollup {
        var sum = lhs
        sum += rhs
        return sum
    }

    public static func += (lhs: inout KPIRollup, rhs: KPIRollup) {
        lhs.serviceLevelThresholds.formUnion(rhs.serviceLevelThresholds)
        lhs.shortAbandonThresholds.formUnion(rhs.shortAbandonThresholds)
        lhs.repeatContactWindows.formUnion(rhs.repeatContactWindows)
        lhs.offered += rhs.offered
        lhs.shortAbandons += rhs.shortAbandons
        lhs.answered += rhs.answered
        lhs.answeredWithinThreshold += rhs.answeredWithinThreshold
        lhs.abandonedWithinThreshold += rhs.abandonedWithinThreshold
        lhs.abandonedAfterThreshold += rhs.abandonedAfterThreshold
        lhs.answeredWaitMilliseconds += rhs.answeredWaitMilliseconds
        lhs.talkMilliseconds += rhs.talkMilliseconds
        lhs.holdMilliseconds += rhs.holdMilliseconds
        lhs.afterWorkMilliseconds += rhs.afterWorkMilliseconds
        lhs.fcrKnown += rhs.fcrKnown
        lhs.fcrResolved += rhs.fcrResolved
        lhs.repeatFCRCandidates += rhs.repeatFCRCandidates
        lhs.repeatFCRResolved += rhs.repeatFCRResolved
        lhs.csatOneToFive = lhs.csatOneToFive + rhs.csatOneToFive
        lhs.csatBinary = lhs.csatBinary + rhs.csatBinary
        lhs.npsResponses = lhs.npsResponses + rhs.npsResponses
    }
}
