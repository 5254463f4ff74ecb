extension QAEvaluation {
    /// The QA KPI: mean of the scorable evaluations' scores (0–100); sample = evaluations scored.
    public static func averageScore(
        of evaluations: [QAEvaluation],
        minimumSample: Int = KPISettings.defaultMinimumSample
    ) -> KPIResult {
        let scores = evaluations.compactMap(\.score)
        return .ratio(
            .qaScore, numerator: scores.reduce(0, +), denominator: Double(scores.count),
            sampleSize: scores.count, minimumSample: minimumSample,
            formula: "mean of evaluation scores (weighted mean of section scores; N/A items excluded; an auto-fail scores 0)",
            unit: .points
        )
    }
}
