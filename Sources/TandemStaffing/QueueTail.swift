import Foundation

/// The Erlang A birth–death chain above N busy agents, as sums over the queue length m.
///
/// With time measured in handle times and α = N·θ/AHT, y = A·θ/AHT, the stationary weight
/// of "N agents busy and m waiting" relative to "N busy, none waiting" is
/// t_m = Π_{k=1..m} y ÷ (α + k) (arrivals λ against service Nμ plus k·γ abandonments).
/// This collects, each multiplied by e^(−logScale) to stay in range:
/// - `sum`            Σ_{m≥1} t_m
/// - `firstMoment`    Σ_{m≥1} m·t_m                  (mean queue length → abandonment)
/// - `harmonicMoment` Σ_{m≥1} t_m·H_m, H_m = Σ_{i=1..m} 1/(α+i)   (waits of answered customers)
///
/// Terms come from a running product (one divide per state), rescaled by 2⁻⁶⁰⁰ whenever they
/// grow large, so thousands of Erlangs never overflow. When there are fewer agents than
/// traffic the terms climb for ~y − α states before they fall; when that climb is long,
/// the sum starts 9√y + 2 states below the peak instead (terms further down are below
/// e^(−40) of the peak), with the starting term and H from `SpecialFunctions`. The sum stops
/// once a geometric bound on everything left is below 1e-17 of what has been summed.
struct QueueTail {
    /// Climbs longer than this many states are skipped rather than walked.
    static let defaultSkipThreshold = 2048

    var logScale = 0.0
    var sum = 0.0
    var firstMoment = 0.0
    var harmonicMoment = 0.0

    /// log Σ_{m≥1} t_m (−∞ when every term underflows).
    var logSum: Double { log(sum) + logScale }

    init(ratio y: Double, offset alpha: Double, skipThreshold: Int = QueueTail.defaultSkipThreshold) {
        guard y > 0 else { return }
        var m = 0
        var term = 1.0
        var harmonic = 0.0
        let start = (y - alpha).rounded(.down) - (9 * y.squareRoot() + 2)
        if start > Double(skipThreshold) {
            m = Int(start)
            logScale = SpecialFunctions.logTermProduct(ratio: y, offset: alpha, terms: m)
            harmonic = SpecialFunctions.digamma(alpha + Double(m) + 1) - SpecialFunctions.digamma(alpha + 1)
            add(m, term, harmonic)
        }
        while true {
            m += 1
            let inverse = 1 / (alpha + Double(m))
            term *= y * inverse
            harmonic += inverse
            add(m, term, harmonic)
            if term > 0x1p600 {
                term *= 0x1p-600
                sum *= 0x1p-600
                firstMoment *= 0x1p-600
                harmonicMoment *= 0x1p-600
                logScale += 600 * 0.6931471805599453  // ln 2
            }
            let next = y / (alpha + Double(m + 1))
            if next < 1 {
                // Past the peak the ratios only fall, so what is left is below
                // term·g with g = next/(1 − next), and its first moment below term·g·(m + 1/(1 − next)).
                let g = next / (1 - next)
                if term * g <= 1e-17 * sum, term * g * (Double(m) + 1 / (1 - next)) <= 1e-17 * firstMoment {
                    break
                }
            }
        }
    }

    private mutating func add(_ m: Int, _ term: Double, _ harmonic: Double) {
        sum += term
        firstMoment += Double(m) * term
        harmonicMoment += term * harmonic
    }
}
