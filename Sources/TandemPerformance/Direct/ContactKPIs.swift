import Foundation

/// Every contact KPI for one set of settings: computed either straight from contacts or from a
/// rollup. The two must agree exactly (tests hold them to it on thousands of contacts).
public struct ContactKPIs: Hashable, Sendable {
    public let offered: KPIResult
    public let handled: KPIResult
    public let abandoned: KPIResult
    public let serviceLevel: KPIResult
    public let averageSpeedOfAnswer: KPIResult
    public let abandonRate: KPIResult
    public let averageHandleTime: KPIResult
    public let firstContactResolution: KPIResult
    public let customerSatisfaction: KPIResult
    public let netPromoterScore: KPIResult

    /// Every figure, in display order.
    public var all: [KPIResult] {
        [offered, handled, abandoned, serviceLevel, averageSpeedOfAnswer, abandonRate, averageHandleTime,
         firstContactResolution, customerSatisfaction, netPromoterScore]
    }

    /// Direct computation from contacts.
    ///
    /// Repeat-contact FCR uses `repeatContactOutcomes` (aligned with `contacts`) when given, which is
    /// how a slice (one team, one day) is judged against the customer's whole history. Otherwise it
    /// is computed among `contacts` themselves, observed through `observedThrough` or, if nil, the
    /// latest offeredAt among them.
    public init(
        contacts: [ContactRecord],
        serviceLevelThresholds: ServiceLevelThresholds,
        settings: KPISettings = KPISettings(),
        observedThrough: Date? = nil,
        repeatContactOutcomes: [RepeatContactOutcome]? = nil
    ) {
        precondition(repeatContactOutcomes.map { $0.count == contacts.count } ?? true,
                     "repeat-contact outcomes must be aligned with contacts")
        let direct = DirectContactCounts(contacts: contacts, thresholds: serviceLevelThresholds, settings: settings)
        let minimum = settings.minimumSample
        offered = direct.offered()
        handled = direct.handled()
        abandoned = direct.abandoned()
        serviceLevel = direct.serviceLevel(settings.serviceLevelMethod, minimumSample: minimum)
        averageSpeedOfAnswer = direct.averageSpeedOfAnswer(minimumSample: minimum)
        abandonRate = direct.abandonRate(settings.abandonRateMethod, minimumSample: minimum)
        averageHandleTime = direct.averageHandleTime(minimumSample: minimum)
        switch settings.fcrMethod {
        case .resolutionFlag:
            firstContactResolution = direct.flagFCR(minimumSample: minimum)
        case .repeatContact:
            let outcomes = repeatContactOutcomes ?? RepeatContactFCR.outcomes(
                for: contacts,
                windowDays: settings.repeatContactWindowDays,
                shortAbandonThreshold: settings.shortAbandonThreshold,
                observedThrough: observedThrough ?? contacts.map(\.offeredAt).max() ?? .distantPast
            )
            firstContactResolution = RepeatContactFCR.result(
                outcomes: outcomes, windowDays: settings.repeatContactWindowDays, minimumSample: minimum
            )
        }
        customerSatisfaction = direct.customerSatisfaction(settings.csatMethod, minimumSample: minimum)
        netPromoterScore = direct.netPromoterScore(minimumSample: minimum)
    }

    /// From a rollup. The rollup's own T, S and N apply (it was built with them); from `settings`
    /// only the methods and the minimum sample are read.
    public init(rollup: KPIRollup, settings: KPISettings = KPISettings()) {
        let minimum = settings.minimumSample
        offered = rollup.offeredVolume()
        handled = rollup.handledVolume()
        abandoned = rollup.abandonedVolume()
        serviceLevel = rollup.serviceLevel(method: settings.serviceLevelMethod, minimumSample: minimum)
        averageSpeedOfAnswer = rollup.averageSpeedOfAnswer(minimumSample: minimum)
        abandonRate = rollup.abandonRate(method: settings.abandonRateMethod, minimumSample: minimum)
        averageHandleTime = rollup.averageHandleTime(minimumSample: minimum)
        firstContactResolution = rollup.firstContactResolution(method: settings.fcrMethod, minimumSample: minimum)
        customerSatisfaction = rollup.customerSatisfaction(method: settings.csatMethod, minimumSample: minimum)
        netPromoterScore = rollup.netPromoterScore(minimumSample: minimum)
    }
}
