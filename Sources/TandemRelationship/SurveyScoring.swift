/// One 1–5 statement on a trust survey.
public struct SurveyItem: Sendable, Equatable {
    public let key: String
    public let dimension: String
    public let text: String
}

/// The two questionnaires. Dimensions follow the trust literature: the client rates a
/// partner's competence, character and communication; the partner rates the client on
/// what it needs from a client.
public enum SurveyInstrument {
    public static func items(_ direction: SurveyDirection) -> [SurveyItem] {
        switch direction {
        case .clientRatesPartner: clientRatesPartner
        case .partnerRatesClient: partnerRatesClient
        }
    }

    public static func dimensions(_ direction: SurveyDirection) -> [String] {
        var seen: [String] = []
        for item in items(direction) where !seen.contains(item.dimension) { seen.append(item.dimension) }
        return seen
    }

    public static func commentPrompt(_ direction: SurveyDirection) -> String {
        switch direction {
        case .clientRatesPartner: "Comments for the partner"
        case .partnerRatesClient: "How could we be a better client?"
        }
    }

    public static let clientRatesPartner: [SurveyItem] = [
        SurveyItem(key: "competence_quality", dimension: "Competence", text: "The quality of their work meets our standard."),
        SurveyItem(key: "competence_results", dimension: "Competence", text: "They deliver the results we agreed."),
        SurveyItem(key: "character_commitments", dimension: "Character", text: "They keep their commitments."),
        SurveyItem(key: "character_judgment", dimension: "Character", text: "They show good judgment and tell us bad news early."),
        SurveyItem(key: "communication_proactive", dimension: "Communication", text: "They communicate proactively and transparently."),
        SurveyItem(key: "communication_confidential", dimension: "Communication", text: "They keep our information confidential."),
    ]

    public static let partnerRatesClient: [SurveyItem] = [
        SurveyItem(key: "timely_information", dimension: "Timely information", text: "We get changes and information in time to prepare."),
        SurveyItem(key: "access_people", dimension: "Access to people and knowledge", text: "We can reach the people we need."),
        SurveyItem(key: "access_knowledge", dimension: "Access to people and knowledge", text: "The knowledge base has what our agents need."),
        SurveyItem(key: "training_support", dimension: "Training support", text: "Training support is sufficient for our agents."),
        SurveyItem(key: "responsiveness", dimension: "Responsiveness", text: "The client answers our questions and escalations promptly."),
    ]
}

/// Survey results with an anonymity threshold: a group with fewer responses than the
/// threshold shows "not enough responses" rather than a figure someone could trace back.
public struct DimensionResult: Sendable, Equatable {
    public let dimension: String
    public let responses: Int
    /// Mean on the 1–5 scale; nil when suppressed or unanswered.
    public let mean: Double?
    public let suppressed: Bool
}

public enum SurveyScoring {
    public static let defaultAnonymityThreshold = 3

    /// Per dimension: each response's mean over the items it answered in that dimension,
    /// then the mean of those over responses. `responses` counts responses that answered
    /// the dimension.
    public static func results(_ answers: [[String: Int]], direction: SurveyDirection, threshold: Int) -> [DimensionResult] {
        let items = SurveyInstrument.items(direction)
        return SurveyInstrument.dimensions(direction).map { dimension in
            let keys = items.filter { $0.dimension == dimension }.map(\.key)
            let perResponse: [Double] = answers.compactMap { answer in
                let scores = keys.compactMap { answer[$0] }.filter { (1...5).contains($0) }
                return scores.isEmpty ? nil : Double(scores.reduce(0, +)) / Double(scores.count)
            }
            let suppressed = perResponse.count < threshold
            let mean = suppressed || perResponse.isEmpty ? nil : perResponse.reduce(0, +) / Double(perResponse.count)
            return DimensionResult(dimension: dimension, responses: perResponse.count, mean: mean, suppressed: suppressed)
        }
    }

    /// Mean over every dimension shown (each dimension weighted equally); nil when all are suppressed.
    public static func overall(_ results: [DimensionResult]) -> Double? {
        let means = results.compactMap(\.mean)
        return means.isEmpty ? nil : means.reduce(0, +) / Double(means.count)
    }

    /// 1–5 mapped onto 0–100: (mean − 1) ÷ 4 × 100.
    public static func toPercent(_ mean: Double) -> Double { (mean - 1) / 4 * 100 }
}
