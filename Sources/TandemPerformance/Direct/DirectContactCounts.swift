/// The domain formulas written literally over a list of contacts, deliberately not reusing the
/// rollup's counters: it is the independent reference the rollup is checked against.
struct DirectContactCounts {
    let contacts: [ContactRecord]
    let thresholds: ServiceLevelThresholds
    let settings: KPISettings

    private var s: Double { settings.shortAbandonThreshold }
    private var sSet: Set<Double> { [s] }
    /// The T values in play: those of the queues present (the default alone when there are none).
    private var tSet: Set<Double> {
        contacts.isEmpty ? [thresholds.defaultSeconds] : Set(contacts.map { thresholds.seconds(forQueue: $0.queueID) })
    }

    private func withinT(_ contact: ContactRecord) -> Bool {
        contact.waitSeconds <= thresholds.seconds(forQueue: contact.queueID)
    }

    private var entering: [ContactRecord] { contacts }
    private var shortAbandons: [ContactRecord] { contacts.filter { $0.isShortAbandon(shortAbandonThreshold: s) } }
    private var counted: [ContactRecord] { contacts.filter { !$0.isShortAbandon(shortAbandonThreshold: s) } }
    private var answered: [ContactRecord] { contacts.filter { $0.disposition == .answered } }
    /// Abandoned with wait ≥ S.
    private var abandons: [ContactRecord] { counted.filter { $0.disposition == .abandoned } }

    func offered() -> KPIResult {
        .count(.offered, entering.count - shortAbandons.count, formula: FormulaText.offered(s: sSet))
    }

    func handled() -> KPIResult {
        .count(.handled, answered.count, formula: FormulaText.handled)
    }

    func abandoned() -> KPIResult {
        .count(.abandoned, abandons.count, formula: FormulaText.abandoned(s: sSet))
    }

    func serviceLevel(_ method: ServiceLevelMethod, minimumSample: Int) -> KPIResult {
        let answeredWithin = answered.filter(withinT).count
        let (numerator, denominator): (Int, Int) = switch method {
        case .overAnsweredAndAbandoned:
            (answeredWithin, answered.count + abandons.count)
        case .overAnswered:
            (answeredWithin, answered.count)
        case .withinThresholdOverOffered:
            (answeredWithin + abandons.filter(withinT).count, counted.count)
        case .overAnsweredAndAbandonedAfterThreshold:
            (answeredWithin, answered.count + abandons.filter { !withinT($0) }.count)
        }
        return .ratio(
            .serviceLevel, numerator: Double(numerator), denominator: Double(denominator),
            sampleSize: denominator, minimumSample: minimumSample,
            formula: FormulaText.serviceLevel(method, t: tSet, s: sSet), unit: .fraction
        )
    }

    func averageSpeedOfAnswer(minimumSample: Int) -> KPIResult {
        let wait = answered.reduce(Int64(0)) { $0 + Milliseconds.of($1.waitSeconds) }
        return .ratio(
            .averageSpeedOfAnswer, numerator: Milliseconds.seconds(wait), denominator: Double(answered.count),
            sampleSize: answered.count, minimumSample: minimumSample,
            formula: FormulaText.averageSpeedOfAnswer, unit: .seconds
        )
    }

    func abandonRate(_ method: AbandonRateMethod, minimumSample: Int) -> KPIResult {
        let (numerator, denominator): (Int, Int) = switch method {
        case .excludingShortAbandons:
            (abandons.count, counted.count)
        case .includingShortAbandons:
            (contacts.filter { $0.disposition == .abandoned }.count, entering.count)
        }
        return .ratio(
            .abandonRate, numerator: Double(numerator), denominator: Double(denominator),
            sampleSize: denominator, minimumSample: minimumSample,
            formula: FormulaText.abandonRate(method, s: sSet), unit: .fraction
        )
    }

    func averageHandleTime(minimumSample: Int) -> KPIResult {
        let handle = answered.reduce(Int64(0)) {
            $0 + Milliseconds.of($1.talkSeconds) + Milliseconds.of($1.holdSeconds) + Milliseconds.of($1.afterWorkSeconds)
        }
        return .ratio(
            .averageHandleTime, numerator: Milliseconds.seconds(handle), denominator: Double(answered.count),
            sampleSize: answered.count, minimumSample: minimumSample,
            formula: FormulaText.averageHandleTime, unit: .seconds
        )
    }

    func flagFCR(minimumSample: Int) -> KPIResult {
        let known = answered.filter { $0.resolvedFirstContact != nil }
        let resolved = known.filter { $0.resolvedFirstContact == true }
        return .ratio(
            .firstContactResolution, numerator: Double(resolved.count), denominator: Double(known.count),
            sampleSize: known.count, minimumSample: minimumSample,
            formula: FormulaText.firstContactResolution(.resolutionFlag, windows: []), unit: .fraction
        )
    }

    /// Valid survey scores on one scale, short abandons excluded.
    private func responses(on scale: SurveyScale) -> [Int] {
        counted.compactMap { contact in
            guard contact.csatScale == scale, let score = contact.csat, scale.scores.contains(score) else { return nil }
            return score
        }
    }

    func customerSatisfaction(_ method: CSATMethod, minimumSample: Int) -> KPIResult {
        let scores = responses(on: method == .binary ? .binary : .oneToFive)
        let numerator: Int = switch method {
        case .topTwoBox: scores.filter { $0 >= 4 }.count
        case .binary: scores.filter { $0 == 1 }.count
        case .meanScore: scores.reduce(0, +)
        }
        return .ratio(
            .customerSatisfaction, numerator: Double(numerator), denominator: Double(scores.count),
            sampleSize: scores.count, minimumSample: minimumSample,
            formula: FormulaText.customerSatisfaction(method), unit: method == .meanScore ? .score : .fraction
        )
    }

    func netPromoterScore(minimumSample: Int) -> KPIResult {
        let scores = responses(on: .zeroToTen)
        let promoters = scores.filter { $0 >= 9 }.count
        let detractors = scores.filter { $0 <= 6 }.count
        return .ratio(
            .netPromoterScore, numerator: Double(promoters - detractors), denominator: Double(scores.count),
            sampleSize: scores.count, minimumSample: minimumSample,
            formula: FormulaText.netPromoterScore, unit: .points, scale: 100
        )
    }
}
