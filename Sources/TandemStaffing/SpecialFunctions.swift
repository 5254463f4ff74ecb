import Foundation

/// The two special functions Erlang A needs to jump over long runs of queue states: written
/// here (Stirling and de Moivre series) rather than taken from libm's `lgamma`, which writes
/// the global `signgam` and so is not safe to call from concurrent requests.
enum SpecialFunctions {
    /// Σ_{k=1..m} log(y ÷ (α + k)): the log of the m-th term of the queue-length series.
    ///
    /// It is (m·log y) − [lnΓ(α+m+1) − lnΓ(α+1)]; written with Stirling's series so the two
    /// large, nearly equal halves are never formed separately (the arguments are shifted to
    /// ≥ 16 first, where the series below is accurate to ~1e-16).
    static func logTermProduct(ratio y: Double, offset alpha: Double, terms m: Int) -> Double {
        var result = 0.0
        var k = 0
        while k < m, alpha + Double(k) + 1 < 16 {
            k += 1
            result += log(y / (alpha + Double(k)))
        }
        guard k < m else { return result }
        let z1 = alpha + Double(k) + 1, z2 = alpha + Double(m) + 1
        // lnΓ(z) = (z − ½)·ln z − z + ½·ln 2π + s(z); the constant cancels in the difference.
        return result
            - (z2 - 0.5) * log(z2 / y) + (z1 - 0.5) * log(z1 / y)
            + Double(m - k)
            - (stirlingCorrection(z2) - stirlingCorrection(z1))
    }

    /// ψ(z), the digamma function, for z > 0. H = ψ(α + m + 1) − ψ(α + 1) = Σ_{i=1..m} 1/(α+i).
    static func digamma(_ z: Double) -> Double {
        var z = z
        var shift = 0.0
        while z < 16 {
            shift -= 1 / z
            z += 1
        }
        let w = 1 / (z * z)
        // ψ(z) ~ ln z − 1/(2z) − Σ B₂ₖ/(2k·z²ᵏ)
        let series = w * (1.0 / 12 - w * (1.0 / 120 - w * (1.0 / 252 - w * (1.0 / 240 - w / 132))))
        return shift + log(z) - 0.5 / z - series
    }

    /// s(z) in lnΓ(z) = (z − ½)·ln z − z + ½·ln 2π + s(z), for z ≥ 16.
    static func stirlingCorrection(_ z: Double) -> Double {
        let w = 1 / (z * z)
        return (1.0 / 12 - w * (1.0 / 360 - w * (1.0 / 1260 - w * (1.0 / 1680 - w / 1188)))) / z
    }
}
