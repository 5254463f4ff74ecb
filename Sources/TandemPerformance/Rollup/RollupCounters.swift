/// A `KPIRollup`'s counters as a flat row of integers, the shape a database keeps them in (one
/// column each, `columnNames`). Unlike `KPIRollup` it can subtract: a re-imported contact takes its
/// old version out of its day before the new one goes in. T and S are not stored here; the caller
/// keeps them beside the counters (they are fixed per queue and workspace).
public struct RollupCounters: Hashable, Sendable {
    public static let columnNames: [String] = [
        "offered", "short_abandons", "answered", "answered_within_threshold", "abandoned_within_threshold",
        "abandoned_after_threshold", "answered_wait_ms", "talk_ms", "hold_ms", "after_work_ms",
        "fcr_known", "fcr_resolved", "repeat_fcr_candidates", "repeat_fcr_resolved",
    ] + (1...5).map { "csat_\($0)" } + ["csat_bad", "csat_good"] + (0...10).map { "nps_\($0)" }

    enum Column: Int {
        case offered, shortAbandons, answered, answeredWithin, abandonedWithin, abandonedAfter
        case answeredWait, talk, hold, afterWork, fcrKnown, fcrResolved, repeatCandidates, repeatResolved
        case csatFirst // csat_1 … csat_5, then binary bad/good, then nps_0 … nps_10
    }
    static let binaryFirst = Column.csatFirst.rawValue + 5
    static let npsFirst = binaryFirst + 2

    public var values: [Int64]

    public init() { values = Array(repeating: 0, count: Self.columnNames.count) }

    public init(values: [Int64]) {
        precondition(values.count == Self.columnNames.count, "expected \(Self.columnNames.count) counters")
        self.values = values
    }

    public var isZero: Bool { values.allSatisfy { $0 == 0 } }

    /// Adds (sign +1) or removes (sign −1) one contact classified with T and S, exactly as
    /// `KPIRollup.add` counts it (tests hold the two to agreement).
    public mutating func add(_ contact: ContactRecord, serviceLevelThreshold t: Double, shortAbandonThreshold s: Double,
                             repeatContact outcome: RepeatContactOutcome? = nil, sign: Int64 = 1) {
        func bump(_ column: Column, _ amount: Int64 = 1) { values[column.rawValue] += sign * amount }
        if let outcome {
            if outcome.isCandidate { bump(.repeatCandidates) }
            if outcome.kind == .resolved { bump(.repeatResolved) }
        }
        if contact.isShortAbandon(shortAbandonThreshold: s) {
            bump(.shortAbandons)
            return
        }
        bump(.offered)
        switch contact.disposition {
        case .answered:
            bump(.answered)
            if contact.waitSeconds <= t { bump(.answeredWithin) }
            bump(.answeredWait, Milliseconds.of(contact.waitSeconds))
            bump(.talk, Milliseconds.of(contact.talkSeconds))
            bump(.hold, Milliseconds.of(contact.holdSeconds))
            bump(.afterWork, Milliseconds.of(contact.afterWorkSeconds))
            if let resolved = contact.resolvedFirstContact {
                bump(.fcrKnown)
                if resolved { bump(.fcrResolved) }
            }
        case .abandoned:
            bump(contact.waitSeconds <= t ? .abandonedWithin : .abandonedAfter)
        case .other:
            break
        }
        if let score = contact.csat, contact.csatScale.scores.contains(score) {
            switch contact.csatScale {
            case .oneToFive: values[Column.csatFirst.rawValue + score - 1] += sign
            case .binary: values[Self.binaryFirst + score] += sign
            case .zeroToTen: values[Self.npsFirst + score] += sign
            }
        }
    }

    public static func + (lhs: RollupCounters, rhs: RollupCounters) -> RollupCounters {
        var sum = lhs
        sum += rhs
        return sum
    }

    public static func += (lhs: inout RollupCounters, rhs: RollupCounters) {
        for index in lhs.values.indices { lhs.values[index] += rhs.values[index] }
    }

    /// The rollup these counters describe, classified with T and S (and N when repeat outcomes were folded in).
    public func rollup(serviceLevelThreshold t: Double, shortAbandonThreshold s: Double, repeatContactWindowDays: Int? = nil) -> KPIRollup {
        var rollup = KPIRollup(serviceLevelThreshold: t, shortAbandonThreshold: s)
        func int(_ column: Column) -> Int { Int(values[column.rawValue]) }
        rollup.offered = int(.offered)
        rollup.shortAbandons = int(.shortAbandons)
        rollup.answered = int(.answered)
        rollup.answeredWithinThreshold = int(.answeredWithin)
        rollup.abandonedWithinThreshold = int(.abandonedWithin)
        rollup.abandonedAfterThreshold = int(.abandonedAfter)
        rollup.answeredWaitMilliseconds = values[Column.answeredWait.rawValue]
        rollup.talkMilliseconds = values[Column.talk.rawValue]
        rollup.holdMilliseconds = values[Column.hold.rawValue]
        rollup.afterWorkMilliseconds = values[Column.afterWork.rawValue]
        rollup.fcrKnown = int(.fcrKnown)
        rollup.fcrResolved = int(.fcrResolved)
        rollup.repeatFCRCandidates = int(.repeatCandidates)
        rollup.repeatFCRResolved = int(.repeatResolved)
        if let repeatContactWindowDays, rollup.repeatFCRCandidates > 0 { rollup.repeatContactWindows = [repeatContactWindowDays] }
        let first = Column.csatFirst.rawValue
        rollup.csatOneToFive = ScoreHistogram(scale: .oneToFive, counts: values[first..<first + 5].map { Int($0) })
        rollup.csatBinary = ScoreHistogram(scale: .binary, counts: values[Self.binaryFirst..<Self.binaryFirst + 2].map { Int($0) })
        rollup.npsResponses = ScoreHistogram(scale: .zeroToTen, counts: values[Self.npsFirst..<Self.npsFirst + 11].map { Int($0) })
        return rollup
    }
}
