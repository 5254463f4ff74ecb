/// Whether a figure met its target.
public enum TargetStatus: String, Hashable, Sendable, Codable {
    case met, near, missed
}

public enum TargetDirection: String, Hashable, Sendable, Codable {
    case higherIsBetter, lowerIsBetter
}

/// How far on the wrong side of the target still counts as "near".
public enum NearBand: Hashable, Sendable, Codable {
    /// A fraction of |target| (0.05 = within 5% of the target). |target| so a negative target (NPS) works.
    case relative(Double)
    /// In the KPI's own unit (e.g. 2 NPS points, 0.02 of SL): use when the target is 0 or near it.
    case absolute(Double)

    public static let standard = NearBand.relative(0.05)

    /// The band's width in the KPI's unit; a negative setting counts as 0.
    public func width(around target: Double) -> Double {
        switch self {
        case .relative(let fraction): max(0, fraction) * abs(target)
        case .absolute(let amount): max(0, amount)
        }
    }
}

/// A target for one KPI.
///
/// Higher is better: met when value ≥ target; near when target − width ≤ value < target; else missed.
/// Lower is better:  met when value ≤ target; near when target < value ≤ target + width; else missed.
/// The band only ever lies on the wrong side of the target, and both of its edges are inclusive.
public struct KPITarget: Hashable, Sendable, Codable {
    public var target: Double
    public var direction: TargetDirection
    public var nearBand: NearBand

    public init(target: Double, direction: TargetDirection, nearBand: NearBand = .standard) {
        self.target = target
        self.direction = direction
        self.nearBand = nearBand
    }

    public func status(of value: Double) -> TargetStatus {
        let width = nearBand.width(around: target)
        switch direction {
        case .higherIsBetter:
            if value >= target { return .met }
            return value >= target - width ? .near : .missed
        case .lowerIsBetter:
            if value <= target { return .met }
            return value <= target + width ? .near : .missed
        }
    }

    /// nil unless the result is a trustworthy value: "no data" and "not enough data" are shown as
    /// such, never coloured met or missed.
    public func status(of result: KPIResult) -> TargetStatus? {
        guard result.status == .value, let value = result.value else { return nil }
        return status(of: value)
    }
}
