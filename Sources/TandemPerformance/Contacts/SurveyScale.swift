/// The scale a survey score was given on.
public enum SurveyScale: String, Hashable, Sendable, Codable, CaseIterable {
    /// 1–5; CSAT top-2-box counts 4 and 5.
    case oneToFive
    /// 1 = good, 0 = bad.
    case binary
    /// 0–10, the NPS question: 9–10 promoters, 7–8 passives, 0–6 detractors.
    case zeroToTen

    public var scores: ClosedRange<Int> {
        switch self {
        case .oneToFive: 1...5
        case .binary: 0...1
        case .zeroToTen: 0...10
        }
    }
}
