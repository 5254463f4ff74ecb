import TandemPerformance

/// Krippendorff's alpha at the interval level: α = 1 − D_o ÷ D_e, with δ²(a, b) = (a − b)².
///
/// Only units (items) with at least two values are pairable; n is the count of their values.
/// D_o = (1 ÷ n) Σ_u Σ_{i≠j in u} δ² ÷ (m_u − 1); D_e = Σ_{i≠j over all n values} δ² ÷ (n (n − 1)).
/// Each ordered-pair sum is 2 m Σ (v − mean)², which keeps the sums exact for integer scores and
/// avoids the cancellation of Σv² − (Σv)². Missing values are simply absent from their unit.
public enum KrippendorffAlpha {
    public struct Result: Hashable, Sendable, Codable {
        public let observedDisagreement: Double
        public let expectedDisagreement: Double
        public let pairableValues: Int
        public let pairableUnits: Int
        /// nil when nothing is pairable or every value is the same (D_e = 0: alpha is undefined).
        public let alpha: Double?
    }

    /// `units`: per unit, the values the coders gave it.
    public static func interval(_ units: [[Double]]) -> Result {
        let pairable = units.filter { $0.count >= 2 }
        let n = pairable.reduce(0) { $0 + $1.count }
        guard n >= 2 else {
            return Result(observedDisagreement: 0, expectedDisagreement: 0, pairableValues: n, pairableUnits: pairable.count, alpha: nil)
        }
        var withinSum = 0.0
        for unit in pairable {
            let m = Double(unit.count)
            withinSum += 2 * m * squaredDeviations(unit) / (m - 1)
        }
        let observed = withinSum / Double(n)
        let all = pairable.flatMap { $0 }
        let expected = 2 * Double(n) * squaredDeviations(all) / (Double(n) * Double(n - 1))
        return Result(
            observedDisagreement: observed, expectedDisagreement: expected, pairableValues: n,
            pairableUnits: pairable.count, alpha: expected > 0 ? 1 - observed / expected : nil
        )
    }

    /// Σ (v − mean)².
    private static func squaredDeviations(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    }
}
