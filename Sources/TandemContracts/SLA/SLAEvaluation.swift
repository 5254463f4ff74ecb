import Foundation
import TandemPerformance

/// What the scorecards and the invoice say about one month, as the SLA evaluation reads it.
public struct SLAMonthInput: Sendable {
    public var month: BillingMonth
    /// The month's invoice before credits and bonuses.
    public var invoiceAmount: Decimal
    /// The month's KPI results from the KPI engine, by kind.
    public var figures: [KPIKind: KPIResult]
    /// Offered contacts and the forecast for them, for the volume exclusion (nil = unknown).
    public var offeredVolume: Int?
    public var forecastVolume: Int?

    public init(month: BillingMonth, invoiceAmount: Decimal, figures: [KPIKind: KPIResult], offeredVolume: Int? = nil, forecastVolume: Int? = nil) {
        self.month = month
        self.invoiceAmount = invoiceAmount
        self.figures = figures
        self.offeredVolume = offeredVolume
        self.forecastVolume = forecastVolume
    }
}

public enum SLAOutcome: String, Sendable, Codable {
    /// At or better than the expected level.
    case met
    /// At the minimum or better but short of expected: no credit, and no step toward an earnback.
    case belowExpected = "below_expected"
    /// Worse than the minimum: a credit.
    case missed
    /// Worse than the minimum in a volume-exclusion month on a real-time metric: no credit.
    case excused
    /// Too little data (or none): neither met nor missed.
    case notMeasured = "not_measured"
}

/// One metric's line of a month's evaluation.
public struct SLAMetricLine: Sendable, Equatable {
    public let metric: SLAMetric
    public let figure: Double?
    public let sampleSize: Int
    public let outcome: SLAOutcome
    /// at-risk amount × allocation %, for a miss; 0 otherwise.
    public let creditBeforeCap: Decimal
    /// This line's part of the month's (possibly capped) credit.
    public let credit: Decimal
    /// The part of `credit` an earnback can return (less than `credit` only when a bonus was set against it).
    public let earnbackEligible: Decimal
    public let bonusBeforeCap: Decimal
    public let bonus: Decimal
    public let explanation: [String]
}

/// One month's service-credit evaluation, reproducible from the invoice amount and the scorecard figures.
public struct SLAMonthEvaluation: Sendable, Equatable {
    public let month: BillingMonth
    public let invoiceAmount: Decimal
    public let atRiskAmount: Decimal
    public let volumeExcluded: Bool
    public let lines: [SLAMetricLine]
    public let creditTotalBeforeCap: Decimal
    public let creditCapped: Bool
    /// Σ line credits, never more than the at-risk amount.
    public let creditTotal: Decimal
    public let bonusTotalBeforeCap: Decimal
    public let bonusCapped: Bool
    public let bonusTotal: Decimal
    /// What the invoice is reduced by and what is paid on top, after any offset of bonus against credit.
    public let creditApplied: Decimal
    public let bonusPayable: Decimal
    public let explanation: [String]

    public func line(_ kind: KPIKind) -> SLAMetricLine? { lines.first { $0.metric.kind == kind } }
}

extension SLASchedule {
    /// Evaluates one month. Throws only for bad input (a negative invoice).
    public func evaluate(_ input: SLAMonthInput) throws(ContractInputError) -> SLAMonthEvaluation {
        if input.invoiceAmount < 0 { throw ContractInputError("invoice_amount", "must not be negative") }
        var notes: [String] = []
        let atRiskAmount = atRisk.of(input.invoiceAmount).roundedToCents()
        notes.append("at-risk amount = \(input.invoiceAmount.centsText) × \(atRisk) = \(atRiskAmount.centsText)")
        notes.append("allocations add up to \(allocationTotal) of the at-risk amount")
        let excluded = volumeExclusionApplies(input, notes: &notes)

        struct Draft { var metric: SLAMetric; var figure: Double?; var sample: Int; var outcome: SLAOutcome; var credit: Decimal; var bonus: Decimal; var notes: [String] }
        var drafts: [Draft] = metrics.map { metric in
            let line = evaluate(metric, input.figures[metric.kind], atRiskAmount: atRiskAmount, invoice: input.invoiceAmount, excluded: excluded)
            return Draft(metric: metric, figure: line.figure, sample: line.sample, outcome: line.outcome, credit: line.credit, bonus: line.bonus, notes: line.notes)
        }

        let creditBeforeCap = drafts.reduce(Decimal(0)) { $0 + $1.credit }
        let creditCapped = creditBeforeCap > atRiskAmount
        let credits = creditCapped ? ProRata.split(atRiskAmount, weights: drafts.map(\.credit)) : drafts.map(\.credit)
        if creditCapped {
            notes.append("credits \(creditBeforeCap.centsText) exceed the at-risk amount: capped at \(atRiskAmount.centsText), split in proportion to each missed metric's credit")
            for index in drafts.indices where drafts[index].credit > 0 {
                drafts[index].notes.append("capped: \(atRiskAmount.centsText) × \(drafts[index].credit.centsText) ÷ \(creditBeforeCap.centsText) = \(credits[index].centsText)")
            }
        }
        let creditTotal = credits.reduce(0, +)

        let bonusBeforeCap = drafts.reduce(Decimal(0)) { $0 + $1.bonus }
        let bonusCapAmount = (bonusCap ?? Percent(0)).of(input.invoiceAmount).roundedToCents()
        let bonusCapped = bonusBeforeCap > bonusCapAmount
        let bonuses = bonusCapped ? ProRata.split(bonusCapAmount, weights: drafts.map(\.bonus)) : drafts.map(\.bonus)
        if bonusCapped {
            notes.append("bonuses \(bonusBeforeCap.centsText) exceed the cap \(input.invoiceAmount.centsText) × \(bonusCap ?? Percent(0)) = \(bonusCapAmount.centsText): capped, split in proportion")
            for index in drafts.indices where drafts[index].bonus > 0 {
                drafts[index].notes.append("bonus capped: \(bonusCapAmount.centsText) × \(drafts[index].bonus.centsText) ÷ \(bonusBeforeCap.centsText) = \(bonuses[index].centsText)")
            }
        }
        let bonusTotal = bonuses.reduce(0, +)

        var creditApplied = creditTotal
        var bonusPayable = bonusTotal
        var eligible = credits
        if bonusOffsetsCredits && bonusTotal > 0 && creditTotal > 0 {
            let offset = min(creditTotal, bonusTotal)
            creditApplied = creditTotal - offset
            bonusPayable = bonusTotal - offset
            eligible = ProRata.split(creditApplied, weights: credits)
            notes.append("bonus set against credits (the contract allows it): credit \(creditTotal.centsText) − \(offset.centsText) = \(creditApplied.centsText), bonus \(bonusTotal.centsText) − \(offset.centsText) = \(bonusPayable.centsText)")
        } else if bonusTotal > 0 && creditTotal > 0 {
            notes.append("the bonus does not offset credits: credit \(creditTotal.centsText) and bonus \(bonusTotal.centsText) both stand")
        }
        notes.append("credit \(creditTotal.centsText), bonus \(bonusTotal.centsText)")

        let lines = drafts.indices.map { index in
            SLAMetricLine(metric: drafts[index].metric, figure: drafts[index].figure, sampleSize: drafts[index].sample, outcome: drafts[index].outcome,
                          creditBeforeCap: drafts[index].credit, credit: credits[index], earnbackEligible: eligible[index],
                          bonusBeforeCap: drafts[index].bonus, bonus: bonuses[index], explanation: drafts[index].notes)
        }
        return SLAMonthEvaluation(
            month: input.month, invoiceAmount: input.invoiceAmount, atRiskAmount: atRiskAmount, volumeExcluded: excluded, lines: lines,
            creditTotalBeforeCap: creditBeforeCap, creditCapped: creditCapped, creditTotal: creditTotal,
            bonusTotalBeforeCap: bonusBeforeCap, bonusCapped: bonusCapped, bonusTotal: bonusTotal,
            creditApplied: creditApplied, bonusPayable: bonusPayable, explanation: notes
        )
    }

    private func volumeExclusionApplies(_ input: SLAMonthInput, notes: inout [String]) -> Bool {
        guard let volumeExclusion else { return false }
        guard let offered = input.offeredVolume, let forecast = input.forecastVolume, forecast > 0 else {
            notes.append("volume exclusion not checked: offered volume or forecast unknown")
            return false
        }
        let limit = Decimal(forecast) * (1 + volumeExclusion.fraction)
        let excluded = Decimal(offered) > limit
        notes.append("offered \(offered) vs forecast \(forecast) × (1 + \(volumeExclusion)) = \(limit.plainText): "
            + (excluded ? "volume exclusion applies, real-time misses (service level, ASA, abandon rate) are excused" : "no volume exclusion"))
        return excluded
    }

    private func evaluate(_ metric: SLAMetric, _ result: KPIResult?, atRiskAmount: Decimal, invoice: Decimal, excluded: Bool)
        -> (figure: Double?, sample: Int, outcome: SLAOutcome, credit: Decimal, bonus: Decimal, notes: [String]) {
        let name = metric.kind.rawValue
        let levels = "minimum \(metric.minimum), expected \(metric.expected), allocation \(metric.allocation)"
        guard let result else {
            return (nil, 0, .notMeasured, 0, 0, ["\(name): no figure from the scorecard: not measured (\(levels))"])
        }
        guard result.status == .value, let value = result.value else {
            return (result.value, result.sampleSize, .notMeasured, 0, 0,
                    ["\(name): not enough data (n = \(result.sampleSize), at least \(result.minimumSample) needed): not measured, never counted as met (\(levels))"])
        }
        var notes = ["\(name) = \(value) (n = \(result.sampleSize); \(result.formula)); \(levels)"]
        var bonus = Decimal(0)
        if let stretch = metric.stretch, let percent = metric.bonus, metric.meets(value, stretch) {
            bonus = percent.of(invoice).roundedToCents()
            notes.append("meets the stretch level \(stretch): bonus \(invoice.centsText) × \(percent) = \(bonus.centsText)")
        }
        if metric.meets(value, metric.expected) {
            notes.append("meets the expected level: no credit")
            return (value, result.sampleSize, .met, 0, bonus, notes)
        }
        if metric.meets(value, metric.minimum) {
            notes.append("meets the minimum but not the expected level: no credit, does not count toward an earnback")
            return (value, result.sampleSize, .belowExpected, 0, bonus, notes)
        }
        if excluded && metric.isRealTime {
            notes.append("below the minimum, excused by the volume exclusion: no credit")
            return (value, result.sampleSize, .excused, 0, bonus, notes)
        }
        let credit = metric.allocation.of(atRiskAmount).roundedToCents()
        notes.append("below the minimum: credit \(atRiskAmount.centsText) × \(metric.allocation) = \(credit.centsText)")
        return (value, result.sampleSize, .missed, credit, bonus, notes)
    }
}
