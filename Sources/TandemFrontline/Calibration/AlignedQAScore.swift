import TandemPerformance

/// A team's QA score shown with how its own graders calibrate, so a high score from lenient grading is visible.
public struct AlignedQAScore: Hashable, Sendable, Codable {
    public enum Leniency: String, Hashable, Sendable, Codable {
        /// The team's graders score above the benchmark by more than the threshold.
        case lenient
        /// They score below it by more than the threshold.
        case strict
        case aligned
        /// Too few calibrated items to say.
        case notMeasured
    }

    public let teamID: String
    public let qa: KPIResult
    public let calibration: GraderAlignment
    public let leniency: Leniency
    public let note: String

    /// `leniencyPoints` is a setting (domain.md names no default): a mean deviation beyond ±5 points is
    /// about half a QA grade band, enough to change a pass into a fail.
    public init(
        teamID: String, qa: KPIResult, calibrations: [CalibrationResult], leniencyPoints: Double = 5,
        minimumSample: Int = FrontlineDefaults.minimumSample
    ) {
        let pooled = CalibrationTrend.pooled(.team(teamID), over: calibrations, minimumSample: minimumSample)
        let leniency: Leniency
        if let bias = pooled.meanSignedDeviation.shownValue {
            leniency = bias > leniencyPoints ? .lenient : bias < -leniencyPoints ? .strict : .aligned
        } else {
            leniency = .notMeasured
        }
        let text: String
        let qaText = qa.status == .value ? qa.value.map { "QA \(Num.text($0, decimals: 1))" } ?? "QA no data" : "QA not enough data"
        switch leniency {
        case .notMeasured:
            text = "\(qaText); graders' calibration: \(pooled.meanSignedDeviation.explanation)"
        default:
            let bias = pooled.meanSignedDeviation.value!, mad = pooled.meanAbsoluteDeviation.value!
            let signed = (bias > 0 ? "+" : "") + Num.text(bias, decimals: 1)
            text = "\(qaText) from graders scoring \(signed) points against the benchmark on average"
                + " (\(leniency.rawValue); mean absolute deviation \(Num.text(mad, decimals: 1)) over \(pooled.itemsCompared) items, \(pooled.meanSignedDeviation.period))"
        }
        self.teamID = teamID
        self.qa = qa
        self.calibration = pooled
        self.leniency = leniency
        self.note = text
    }
}
