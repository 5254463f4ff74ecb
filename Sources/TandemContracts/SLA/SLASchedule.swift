import Foundation
import TandemPerformance

/// One metric of a contract's SLA schedule. Levels are in the KPI's own unit as the KPI
/// engine reports it (service level 0.80, ASA 30 seconds, QA 85 points).
public struct SLAMetric: Sendable, Equatable {
    public var kind: KPIKind
    /// Meeting it counts toward earning back an earlier credit.
    public var expected: Double
    /// Falling short of it is a miss that costs `allocation` of the at-risk amount.
    public var minimum: Double
    public var allocation: Percent
    /// Meeting this stretch level earns `bonus` of the month's invoice (both or neither).
    public var stretch: Double?
    public var bonus: Percent?

    public init(kind: KPIKind, expected: Double, minimum: Double, allocation: Percent, stretch: Double? = nil, bonus: Percent? = nil) {
        self.kind = kind
        self.expected = expected
        self.minimum = minimum
        self.allocation = allocation
        self.stretch = stretch
        self.bonus = bonus
    }

    public var direction: TargetDirection { kind.direction ?? .higherIsBetter }

    /// Queue-driven metrics, the ones a volume surge excuses.
    public var isRealTime: Bool { SLASchedule.realTimeKinds.contains(kind) }

    /// A figure exactly at the level meets it. The slack only absorbs binary noise in KPI
    /// ratios (0.1 + 0.7 style); it is far below any level a contract writes.
    public func meets(_ value: Double, _ level: Double) -> Bool {
        let slack = 1e-9 * max(1, abs(level))
        return direction == .higherIsBetter ? value >= level - slack : value <= level + slack
    }
}

/// The service-credit terms of one contract version.
public struct SLASchedule: Sendable, Equatable {
    /// Share of the month's invoice a bad month can cost at most.
    public var atRisk: Percent
    public var metrics: [SLAMetric]
    /// Months in a row at the expected level that return a credit; 0 = no earnback.
    public var earnbackMonths: Int
    /// The month's bonuses together never exceed this share of the invoice.
    public var bonusCap: Percent?
    /// Whether a month's bonus is first set against the same month's credits.
    public var bonusOffsetsCredits: Bool
    /// Offered volume above forecast by more than this excuses real-time misses; nil = never.
    public var volumeExclusion: Percent?

    public init(atRisk: Percent, metrics: [SLAMetric], earnbackMonths: Int = 0, bonusCap: Percent? = nil,
                bonusOffsetsCredits: Bool = false, volumeExclusion: Percent? = nil) {
        self.atRisk = atRisk
        self.metrics = metrics
        self.earnbackMonths = earnbackMonths
        self.bonusCap = bonusCap
        self.bonusOffsetsCredits = bonusOffsetsCredits
        self.volumeExclusion = volumeExclusion
    }

    public static let supportedKinds: [KPIKind] = [
        .serviceLevel, .averageSpeedOfAnswer, .abandonRate, .averageHandleTime,
        .firstContactResolution, .customerSatisfaction, .qaScore, .scheduleAdherence,
    ]
    public static let realTimeKinds: Set<KPIKind> = [.serviceLevel, .averageSpeedOfAnswer, .abandonRate]

    public var allocationTotal: Percent { Percent(metrics.reduce(Decimal(0)) { $0 + $1.allocation.value }) }

    public func validate() -> [ContractIssue] {
        var issues: [ContractIssue] = []
        if atRisk.value <= 0 || atRisk.value > 100 { issues.append(ContractIssue("at_risk_percent", "must be more than 0 and at most 100")) }
        if metrics.isEmpty { issues.append(ContractIssue("sla_metrics", "must list at least one metric")) }
        if earnbackMonths < 0 { issues.append(ContractIssue("earnback_months", "must not be negative")) }
        if let volumeExclusion, volumeExclusion.value < 0 { issues.append(ContractIssue("volume_exclusion_percent", "must not be negative")) }
        if let bonusCap, bonusCap.value < 0 { issues.append(ContractIssue("bonus_cap_percent", "must not be negative")) }
        var seen = Set<KPIKind>()
        for (index, metric) in metrics.enumerated() {
            let row = index + 1
            if !Self.supportedKinds.contains(metric.kind) {
                issues.append(ContractIssue("kpi", row: row, "\(metric.kind.rawValue) is not an SLA metric (use one of \(Self.supportedKinds.map(\.rawValue).joined(separator: ", ")))"))
                continue
            }
            if !seen.insert(metric.kind).inserted { issues.append(ContractIssue("kpi", row: row, "\(metric.kind.rawValue) appears more than once")) }
            if ![metric.expected, metric.minimum].allSatisfy(\.isFinite) || metric.stretch.map({ !$0.isFinite }) == true {
                issues.append(ContractIssue("level", row: row, "must be a finite number")); continue
            }
            let better = metric.direction == .higherIsBetter ? "at least" : "at most"
            if !metric.meets(metric.expected, metric.minimum) {
                issues.append(ContractIssue("expected", row: row, "must be \(better) the minimum (\(metric.minimum)) for \(metric.kind.rawValue)"))
            }
            if metric.allocation.value < 0 { issues.append(ContractIssue("allocation_percent", row: row, "must not be negative")) }
            switch (metric.stretch, metric.bonus) {
            case (nil, nil): break
            case (let stretch?, let bonus?):
                if !metric.meets(stretch, metric.expected) { issues.append(ContractIssue("stretch", row: row, "must be \(better) the expected level (\(metric.expected))")) }
                if bonus.value < 0 { issues.append(ContractIssue("bonus_percent", row: row, "must not be negative")) }
                if bonusCap == nil && !issues.contains(where: { $0.field == "bonus_cap_percent" }) {
                    issues.append(ContractIssue("bonus_cap_percent", "is required when a metric earns a bonus"))
                }
            case (nil, _?): issues.append(ContractIssue("stretch", row: row, "is required when the metric earns a bonus"))
            case (_?, nil): issues.append(ContractIssue("bonus_percent", row: row, "is required when the metric has a stretch level"))
            }
        }
        return issues
    }
}
