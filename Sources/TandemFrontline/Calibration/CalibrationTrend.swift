import TandemPerformance

/// Calibration over time: each grader's and each side's alignment session by session, and pooled
/// over a run of sessions (deviations pooled item by item, so a big session weighs more than a small one).
public enum CalibrationTrend {
    public struct Point: Hashable, Sendable, Codable {
        public let sessionID: String
        public let heldOn: UTCDay
        public let alignment: GraderAlignment
    }

    /// Oldest session first.
    public static func byGrader(_ results: [CalibrationResult]) -> [String: [Point]] {
        var trend: [String: [Point]] = [:]
        for result in chronological(results) {
            for grader in result.graders { trend[grader.who, default: []].append(Point(sessionID: result.sessionID, heldOn: result.heldOn, alignment: grader)) }
        }
        return trend
    }

    /// Oldest session first.
    public static func bySide(_ results: [CalibrationResult]) -> [GraderSide: [Point]] {
        var trend: [GraderSide: [Point]] = [:]
        for result in chronological(results) {
            for side in result.sides { trend[side.side, default: []].append(Point(sessionID: result.sessionID, heldOn: result.heldOn, alignment: side)) }
        }
        return trend
    }

    /// One side's graders over all `results`, as one alignment.
    public static func pooled(_ side: GraderSide, over results: [CalibrationResult], minimumSample: Int = FrontlineDefaults.minimumSample) -> GraderAlignment {
        var deviations: [Double] = [], agreed = 0
        var tolerances = Set<Double>()
        for result in results {
            let own = result.deviationsBySide[side] ?? []
            deviations += own
            agreed += own.filter { abs($0) <= result.agreementTolerance }.count
            if !own.isEmpty { tolerances.insert(result.agreementTolerance) }
        }
        let formula = tolerances.count == 1 ? GraderAlignment.agreementFormula(tolerance: tolerances.first!)
            : "items answered like the benchmark (each session's tolerance) ÷ items"
        let days = results.map(\.heldOn).sorted()
        let period = days.isEmpty ? "no sessions" : "\(results.count) sessions, \(days.first!) to \(days.last!)"
        return GraderAlignment(who: side.name, side: side, deviations: deviations, agreed: agreed,
                               agreementFormula: formula, period: period, minimumSample: minimumSample)
    }

    private static func chronological(_ results: [CalibrationResult]) -> [CalibrationResult] {
        results.sorted { ($0.heldOn, $0.sessionID) < ($1.heldOn, $1.sessionID) }
    }
}
