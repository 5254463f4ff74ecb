extension QAEvaluation {
    /// The QA KPI: mean of the scorable evaluations' scores (0–100); sample = evaluations scored.
    public static func averageScore(
        of evaluations: [QAEvaluation],
        minimumSample: Int = KPISettings.defaultMinimumSample
    ) -> KPIResult {
        let scores = evaluations.compactMap(\.score)
        return averageScore(totalPoints: scores.reduce(0, +), scored: scores.count, minimumSample: minimumSample)
    }

    /// The same KPI from sums kept in the database (Σ scores of the evaluations scored, and how
    /// many): what scorecards read, so they and the per-evaluation form cannot drift apart.
    public static func averageScore(totalPoints: Double, scored: Int, minimumSample: Int = KPISettings.defaultMinimumSample) -> KPIResult {
        .ratio(
            .qaScore, numerator: totalPoints, denominator: Double(scored),
            sampleSize: scored, minimumSample: minimumSample,
            formula: "mean of evaluation scores (weighted mean of section scores; N/A items excluded; an auto-fail scores 0)",
            unit: .points
        )
    }
}
