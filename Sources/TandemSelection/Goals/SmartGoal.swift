import Foundation
import TandemPartners

public enum GoalDirection: String, CaseIterable, Sendable, Hashable, Codable {
    case higherIsBetter = "higher_is_better"
    case lowerIsBetter = "lower_is_better"
}

public enum GoalStatus: String, CaseIterable, Sendable, Hashable, Codable {
    /// The current figure is at or beyond the target.
    case achieved
    /// At or better than the straight path from baseline to target.
    case onTrack = "on_track"
    /// Behind the straight path, deadline not yet passed.
    case atRisk = "at_risk"
    /// The deadline has passed and the target was not reached.
    case missed
    /// No current figure (no data yet, or too little of it).
    case notMeasured = "not_measured"

    public var label: String {
        switch self {
        case .achieved: "Achieved"
        case .onTrack: "On track"
        case .atRisk: "At risk"
        case .missed: "Missed"
        case .notMeasured: "Not measured"
        }
    }
}

/// A SMART goal's numbers: from `baseline` on `start` to `target` by `deadline`.
public struct GoalPlan: Sendable, Hashable, Codable {
    public let baseline: Double
    public let target: Double
    public let start: LocalDate
    public let deadline: LocalDate

    public init(baseline: Double, target: Double, start: LocalDate, deadline: LocalDate) {
        self.baseline = baseline
        self.target = target
        self.start = start
        self.deadline = deadline
    }

    /// Higher is better when the target lies above the baseline.
    public var direction: GoalDirection { target >= baseline ? .higherIsBetter : .lowerIsBetter }

    /// Field → problem (the direction, when given, is the metric's own: a lower-is-better KPI
    /// cannot have a target above its baseline).
    public func problems(direction required: GoalDirection? = nil) -> [String: String] {
        var out: [String: String] = [:]
        if !baseline.isFinite { out["baseline"] = "must be a number" }
        if !target.isFinite { out["target"] = "must be a number" }
        else if target == baseline { out["target"] = "must differ from the baseline" }
        else if let required, required != direction {
            out["target"] = required == .higherIsBetter ? "must be above the baseline: higher is better for this metric" : "must be below the baseline: lower is better for this metric"
        }
        if deadline <= start { out["deadline"] = "must be after the start date" }
        return out
    }

    /// Where the straight path from baseline (at the start) to target (at the deadline) stands on `day`;
    /// the baseline before the start, the target after the deadline.
    public func expected(on day: LocalDate) -> Double {
        let span = Double(days(from: start, to: deadline))
        let elapsed = min(max(Double(days(from: start, to: day)), 0), span)
        return baseline + (target - baseline) * elapsed / span
    }

    public func meets(_ value: Double, _ bar: Double) -> Bool {
        let tolerance = 1e-9 * max(1, abs(bar))
        return direction == .higherIsBetter ? value >= bar - tolerance : value <= bar + tolerance
    }

    public func evaluate(current: Double?, on day: LocalDate) -> GoalProgress {
        let expected = expected(on: day)
        guard let current else { return GoalProgress(status: .notMeasured, expected: expected, current: nil, progress: nil) }
        let progress = (current - baseline) / (target - baseline)
        let status: GoalStatus
        if meets(current, target) { status = .achieved }
        else if day > deadline { status = .missed }
        else if meets(current, expected) { status = .onTrack }
        else { status = .atRisk }
        return GoalProgress(status: status, expected: expected, current: current, progress: progress)
    }

    public static let rule = "Expected today = baseline + (target − baseline) × days since the start ÷ days from start to deadline (a straight path). Achieved: the current figure is at or beyond the target. On track: at or better than the expected figure. At risk: behind it, before the deadline. Missed: the deadline has passed without reaching the target."

    func days(from a: LocalDate, to b: LocalDate) -> Int {
        Int(((b.startOfDayUTC.timeIntervalSince1970 - a.startOfDayUTC.timeIntervalSince1970) / 86_400).rounded())
    }
}

public struct GoalProgress: Sendable, Hashable, Codable {
    public let status: GoalStatus
    /// The straight path's figure on the day judged.
    public let expected: Double
    public let current: Double?
    /// Share of the way from baseline to target covered (can be below 0 or above 1).
    public let progress: Double?
}
