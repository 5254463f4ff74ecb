/// The human-readable formulas. A merged rollup may span queues with different thresholds, so
/// each phrase takes the set of values actually used: one value is printed, several are listed,
/// none (an empty rollup) falls back to the symbol.
enum FormulaText {
    static func seconds(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return "\(Int(value)) s" }
        return "\(value) s"
    }

    static func threshold(_ values: Set<Double>, symbol: String) -> String {
        let sorted = values.sorted()
        switch sorted.count {
        case 0: return symbol
        case 1: return seconds(sorted[0])
        default: return "the queue's \(symbol) (" + sorted.map(seconds).joined(separator: ", ") + ")"
        }
    }

    static func days(_ values: Set<Int>) -> String {
        let sorted = values.sorted()
        switch sorted.count {
        case 0: return "N days"
        case 1: return "\(sorted[0]) days"
        default: return "the queue's N (" + sorted.map(String.init).joined(separator: ", ") + " days)"
        }
    }

    static func offered(s: Set<Double>) -> String {
        "contacts entering the queue − abandons under \(threshold(s, symbol: "S"))"
    }

    static let handled = "contacts answered by an agent"

    static func abandoned(s: Set<Double>) -> String {
        "abandoned after \(threshold(s, symbol: "S"))"
    }

    static func serviceLevel(_ method: ServiceLevelMethod, t: Set<Double>, s: Set<Double>) -> String {
        let within = "answered within \(threshold(t, symbol: "T"))"
        switch method {
        case .overAnsweredAndAbandoned:
            return "\(within) ÷ (answered + abandoned after \(threshold(s, symbol: "S")))"
        case .overAnswered:
            return "\(within) ÷ answered"
        case .withinThresholdOverOffered:
            return "(\(within) + abandoned within \(threshold(t, symbol: "T"))) ÷ offered"
        case .overAnsweredAndAbandonedAfterThreshold:
            return "\(within) ÷ (answered + abandoned after \(threshold(t, symbol: "T")))"
        }
    }

    static let averageSpeedOfAnswer = "Σ wait of answered contacts ÷ answered"

    static func abandonRate(_ method: AbandonRateMethod, s: Set<Double>) -> String {
        let under = threshold(s, symbol: "S")
        switch method {
        case .excludingShortAbandons:
            return "abandoned after \(under) ÷ offered"
        case .includingShortAbandons:
            return "all abandoned (including under \(under)) ÷ all contacts entering the queue"
        }
    }

    static let averageHandleTime = "Σ (talk + hold + after-work) ÷ handled"

    static func firstContactResolution(_ method: FCRMethod, windows: Set<Int>) -> String {
        switch method {
        case .resolutionFlag:
            return "resolved on first contact ÷ handled with a known flag"
        case .repeatContact:
            let n = days(windows)
            return "handled with no repeat contact from the same customer in the same queue within \(n)"
                + " ÷ handled with a customer key and \(n) fully observed"
        }
    }

    static func customerSatisfaction(_ method: CSATMethod) -> String {
        switch method {
        case .topTwoBox: "responses of 4–5 ÷ all responses (1–5 scale)"
        case .binary: "good ÷ (good + bad)"
        case .meanScore: "mean score of responses (1–5 scale)"
        }
    }

    static let netPromoterScore = "% 9–10 minus % 0–6"
}
