import Foundation

/// Money is exact decimal; a line is rounded to cents (half-even, "banker's") once, at its end,
/// so that sums of many lines do not drift the way binary floating point or half-up rounding do.
extension Decimal {
    public func roundedToCents() -> Decimal { rounded(scale: 2) }

    public func rounded(scale: Int, mode: NSDecimalNumber.RoundingMode = .bankers) -> Decimal {
        var input = self
        var output = Decimal()
        NSDecimalRound(&output, &input, scale, mode)
        return output
    }

    /// Two decimals, no grouping: "24000.00", "-12.50". Used in explanations, which must be
    /// readable and reproducible, not localised.
    public var centsText: String {
        let cents = roundedToCents()
        let negative = cents < 0
        let magnitude = negative ? -cents : cents
        var text = NSDecimalNumber(decimal: magnitude).description(withLocale: Locale(identifier: "en_US_POSIX"))
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < 2 { text += String(repeating: "0", count: 2 - decimals) }
        } else {
            text += ".00"
        }
        return negative ? "-" + text : text
    }

    /// Plain digits as entered ("0.12", "150"), for rates, quantities and percentages in explanations.
    public var plainText: String {
        NSDecimalNumber(decimal: self).description(withLocale: Locale(identifier: "en_US_POSIX"))
    }

    /// Parses "1234.50", "-3", "0.125" exactly (never through Double). Nil for anything else,
    /// including grouping separators and currency signs, which an import should reject by name.
    public init?(exactly text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var digits = 0
        var dots = 0
        for (index, character) in trimmed.enumerated() {
            if character == "-" || character == "+" { if index != 0 { return nil } }
            else if character == "." { dots += 1 }
            else if character.isASCII && character.isNumber { digits += 1 }
            else { return nil }
        }
        guard digits > 0, dots <= 1, let value = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        self = value
    }
}

/// A percentage as contracts write it (12 means 12%), kept exact.
public struct Percent: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let value: Decimal

    public init(_ value: Decimal) { self.value = value }

    public var fraction: Decimal { value / 100 }

    public func of(_ amount: Decimal) -> Decimal { amount * value / 100 }

    public var description: String { "\(value.plainText)%" }

    public static func < (a: Percent, b: Percent) -> Bool { a.value < b.value }
}
