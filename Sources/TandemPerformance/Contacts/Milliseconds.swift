/// Durations are summed as whole milliseconds so sums are exact integers: rollups merged in any
/// grouping give bit-identical KPIs to the raw contacts (Double sums depend on order).
enum Milliseconds {
    /// ~31.7 years; far above any real duration, low enough that sums cannot overflow Int64.
    static let maximumSeconds = 1e9

    static func quantize(_ seconds: Double) -> Double {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return (min(seconds, maximumSeconds) * 1000).rounded() / 1000
    }

    static func of(_ seconds: Double) -> Int64 {
        Int64((quantize(seconds) * 1000).rounded())
    }

    static func seconds(_ milliseconds: Int64) -> Double {
        Double(milliseconds) / 1000
    }
}
