import Foundation

/// Number text for the arithmetic lines: up to four decimals, trailing zeros dropped, so a
/// reader can redo the sum by hand ("6 ÷ 120 × 5 = 0.25", "308.6667 s").
enum Num {
    static func text(_ value: Double, decimals: Int = 4) -> String {
        guard value.isFinite else { return "\(value)" }
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// "1 agent", "3 agents".
    static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? noun : plural ?? noun + "s")
    }

    static func seconds(_ value: Double) -> String { text(value) + " s" }

    /// "a ÷ b = c", or "a ÷ b (nothing to divide by)" when b is 0.
    static func quotient(_ numerator: Double, _ denominator: Double, unit: String = "") -> String {
        guard denominator != 0 else { return "\(text(numerator)) ÷ 0 (nothing to divide by)" }
        return "\(text(numerator)) ÷ \(text(denominator)) = \(text(numerator / denominator))\(unit)"
    }
}

/// The middle value (mean of the two middle values for an even count); nil for none.
enum Median {
    static func of(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
