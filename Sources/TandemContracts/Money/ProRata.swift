import Foundation

enum ProRata {
    /// Splits `total` (already in cents) over `weights` in proportion, each share in cents, so the
    /// shares add up to `total` exactly: shares are rounded half-even, then the cents left over
    /// (or short) go one at a time to the shares whose rounding moved them most the other way
    /// (largest remainder), earlier lines first on ties.
    static func split(_ total: Decimal, weights: [Decimal]) -> [Decimal] {
        let weightTotal = weights.reduce(0, +)
        guard weightTotal > 0 else { return weights.map { _ in 0 } }
        let exact = weights.map { total * $0 / weightTotal }
        var shares = exact.map { $0.roundedToCents() }
        var leftover = total - shares.reduce(0, +)
        let cent = Decimal(string: "0.01")!
        let byRemainder = exact.indices.sorted { a, b in
            let ra = exact[a] - shares[a], rb = exact[b] - shares[b]
            return leftover > 0 ? (ra, b) > (rb, a) : (ra, a) < (rb, b)
        }
        var position = 0
        while leftover != 0, !byRemainder.isEmpty {
            let index = byRemainder[position % byRemainder.count]
            if weights[index] > 0 {
                let step = leftover > 0 ? cent : -cent
                shares[index] += step
                leftover -= step
            }
            position += 1
        }
        return shares
    }
}
