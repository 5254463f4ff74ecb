/// Rollup → KPIs. Each function is the domain formula read off the counters; `ContactKPIs`
/// computes the same figures straight from contacts and the two must agree exactly.
extension KPIRollup {
    public func offeredVolume() -> KPIResult {
        .count(.offered, offered, formula: FormulaText.offered(s: shortAbandonThresholds))
    }

    public func handledVolume() -> KPIResult {
        .count(.handled, handled, formula: FormulaText.handled)
    }

    public func abandonedVolume() -> KPIResult {
        .count(.abandoned, abandoned, formula: FormulaText.abandoned(s: shortAbandonThresholds))
    }

    public func serviceLevel(
        method: ServiceLevelMethod = .overAnsweredAndAbandoned,
        minimumSample: Int = KPISettings.defaultMinimumSample
    ) -> KPIResult {
        let (numerator, denominator): (Int, Int) = switch method {
        case .overAnsweredAndAbandoned: (answeredWithinThreshold, answered + abandoned)
        case .overAnswered: (answeredWithinThreshold, answered)
        case .withinThresholdOverOffered: (answeredWithinThreshold + abandonedWithinThreshold, offered)
        case .overAnsweredAndAbandonedAfterThreshold: (answeredWithinThreshold, answered + abandonedAfterThreshold)
        }
        return .ratio(
            .serviceLevel, numerator: Double(numerator), denominator: Double(denominator),
            sampleSize: denominator, minimumSample: minimumSample,
            formula: FormulaText.serviceLevel(method, t: serviceLevelThresholds, s: shortAbandonThresholds),
            unit: .fraction
        )
    }

    public func averageSpeedOfAnswer(minimumSample: Int = KPISettings.defaultMinimumSample) -> KPIResult {
        .ratio(
            .averageSpeedOfAnswer, numerator: Milliseconds.seconds(answeredWaitMilliseconds),
            denominator: Double(answered), sampleSize: answered, minimumSample: minimumSample,
            formula: FormulaText.averageSpeedOfAnswer, unit: .seconds
        )
    }

    public func abandonRate(
        method: AbandonRateMethod = .excludingShortAbandons,
        minimumSample: Int = KPISettings.defaultMinimumSample
    ) -> KPIResult {
        let (numerator, denominator): (Int, Int) = switch method {
        case .excludingShortAbandons: (abandoned, offered)
        case .includingShortAbandons: (abandoned + shortAbandons, contactsEntering)
        }
        return .ratio(
            .abandonRate, numerator: Double(numerator), denominator: Double(denominator),
            sampleSize: denominator, minimumSample: minimumSample,
            formula: FormulaText.abandonRate(method, s: shortAbandonThresholds), unit: .fraction
        )
    }

    public func averageHandleTime(minimumSample: Int = KPISettings.defaultMinimumSample) -> KPIResult {
        .ratio(
            .averageHandleTime, numerator: Milliseconds.seconds(handleMilliseconds),
            denominator: Double(handled), sampleSize: handled, minimumSample: minimumSample,
            formula: FormulaText.averageHandleTime, unit: .seconds
        )
    }

    public func firstContactResolution(
        method: FCRMethod = .resolutionFlag,
        minimumSample: Int = KPISettings.defaultMinimumSample
    ) -> KPIResult {
        let (numerator, denominator): (Int, Int) = switch method {
        case .resolutionFlag: (fcrResolved, fcrKnown)
        case .repeatContact: (repeatFCRResolved, repeatFCRCandidates)
        }
        return .ratio(
            .firstContactResolution, numerator: Double(numerator), denominator: Double(denominator),
            sampleSize: denominator, minimumSample: minimumSample,
            formula: FormulaText.firstContactResolution(method, windows: repeatContactWindows),
            unit: .fraction
        )
    }

    public func customerSatisfaction(
        method: CSATMethod = .topTwoBox,
        minimumSample: Int = KPISettings.defaultMinimumSample
    ) -> KPIResult {
        let formula = FormulaText.customerSatisfaction(method)
        switch method {
        case .topTwoBox:
            return .ratio(
                .customerSatisfaction, numerator: Double(csatOneToFive.count(in: 4...5)),
                denominator: Double(csatOneToFive.responses), sampleSize: csatOneToFive.responses,
                minimumSample: minimumSample, formula: formula, unit: .fraction
            )
        case .binary:
            return .ratio(
                .customerSatisfaction, numerator: Double(csatBinary.count(of: 1)),
                denominator: Double(csatBinary.responses), sampleSize: csatBinary.responses,
                minimumSample: minimumSample, formula: formula, unit: .fraction
            )
        case .meanScore:
            return .ratio(
                .customerSatisfaction, numerator: Double(csatOneToFive.sumOfScores),
                denominator: Double(csatOneToFive.responses), sampleSize: csatOneToFive.responses,
                minimumSample: minimumSample, formula: formula, unit: .score
            )
        }
    }

    /// In points: (promoters − detractors) ÷ responses × 100.
    public func netPromoterScore(minimumSample: Int = KPISettings.defaultMinimumSample) -> KPIResult {
        .ratio(
            .netPromoterScore, numerator: Double(promoters - detractors),
            denominator: Double(npsResponses.responses), sampleSize: npsResponses.responses,
            minimumSample: minimumSample, formula: FormulaText.netPromoterScore, unit: .points, scale: 100
        )
    }
}
