/// How contact KPIs are counted. Defaults are domain.md's.
///
/// `shortAbandonThreshold` and `repeatContactWindowDays` decide how contacts are classified, so a
/// rollup fixes them when it is built (it remembers the values); the methods and the minimum
/// sample are read when KPIs are derived and can change at any time.
public struct KPISettings: Hashable, Sendable, Codable {
    public static let defaultShortAbandonThreshold: Double = 5
    public static let defaultRepeatContactWindowDays = 7
    public static let defaultMinimumSample = 30

    /// S, in seconds: abandons with a wait under S are ignored everywhere.
    public var shortAbandonThreshold: Double
    public var serviceLevelMethod: ServiceLevelMethod
    public var abandonRateMethod: AbandonRateMethod
    public var fcrMethod: FCRMethod
    /// N for repeat-contact FCR, in whole days of 86 400 s.
    public var repeatContactWindowDays: Int
    public var csatMethod: CSATMethod
    /// Below this sample size a figure is flagged "not enough data" (its value is still computed).
    public var minimumSample: Int

    public init(
        shortAbandonThreshold: Double = KPISettings.defaultShortAbandonThreshold,
        serviceLevelMethod: ServiceLevelMethod = .overAnsweredAndAbandoned,
        abandonRateMethod: AbandonRateMethod = .excludingShortAbandons,
        fcrMethod: FCRMethod = .resolutionFlag,
        repeatContactWindowDays: Int = KPISettings.defaultRepeatContactWindowDays,
        csatMethod: CSATMethod = .topTwoBox,
        minimumSample: Int = KPISettings.defaultMinimumSample
    ) {
        self.shortAbandonThreshold = shortAbandonThreshold
        self.serviceLevelMethod = serviceLevelMethod
        self.abandonRateMethod = abandonRateMethod
        self.fcrMethod = fcrMethod
        self.repeatContactWindowDays = repeatContactWindowDays
        self.csatMethod = csatMethod
        self.minimumSample = minimumSample
    }
}
