import TandemPerformance

/// What a contest ranks agents on. Each is a ratio of sums per agent and queue (numerator ÷
/// denominator), so queue averages and normalisation add up exactly.
public enum ContestMetric: String, CaseIterable, Hashable, Sendable, Codable {
    /// numerator = Σ handle seconds, denominator = handled contacts.
    case averageHandleTime = "aht"
    /// numerator = Σ evaluation scores, denominator = evaluations.
    case qaScore = "qa"
    /// numerator = responses of 4–5, denominator = responses (top-2-box).
    case customerSatisfaction = "csat"
    /// numerator = resolved on first contact, denominator = handled with a known flag.
    case firstContactResolution = "fcr"

    public var direction: TargetDirection {
        self == .averageHandleTime ? .lowerIsBetter : .higherIsBetter
    }

    public var sampleUnit: String {
        switch self {
        case .averageHandleTime: "contacts"
        case .qaScore: "evaluations"
        case .customerSatisfaction: "survey responses"
        case .firstContactResolution: "contacts with an FCR flag"
        }
    }

    public var label: String {
        switch self {
        case .averageHandleTime: "AHT"
        case .qaScore: "QA score"
        case .customerSatisfaction: "CSAT"
        case .firstContactResolution: "FCR"
        }
    }

    var unit: FigureUnit {
        switch self {
        case .averageHandleTime: .seconds
        case .qaScore: .points
        case .customerSatisfaction, .firstContactResolution: .fraction
        }
    }
}

/// One agent's sums in one queue over the contest period.
public struct AgentQueueTally: Hashable, Sendable, Codable {
    public let agentID: String
    public let queueID: String
    public let numerator: Double
    public let denominator: Int

    public init(agentID: String, queueID: String, numerator: Double, denominator: Int) {
        self.agentID = agentID
        self.queueID = queueID
        self.numerator = numerator
        self.denominator = denominator
    }
}
