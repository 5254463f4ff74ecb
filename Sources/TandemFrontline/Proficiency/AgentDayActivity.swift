import TandemPartners
import TandemPerformance

/// One agent's work on one UTC day, summed from their contacts and QA evaluations (the app's
/// scorecard data grouped by agent and day). Sums, not averages, so days and weeks add up exactly.
public struct AgentDayActivity: Hashable, Sendable, Codable {
    public let agentID: String
    public let day: UTCDay
    public let handled: Int
    /// Σ (talk + hold + after-work) of the handled contacts.
    public let handleSeconds: Double
    public let evaluations: Int
    /// Σ of the evaluations' 0–100 scores.
    public let qaScoreSum: Double

    public init(
        agentID: String, day: UTCDay, handled: Int, handleSeconds: Double, evaluations: Int, qaScoreSum: Double
    ) throws(FieldErrors) {
        var errors = FieldErrors()
        if agentID.isEmpty { errors.add("agent_id", "is required") }
        if handled < 0 { errors.add("handled", "must not be negative (it is \(handled))") }
        if !(handleSeconds >= 0) || !handleSeconds.isFinite { errors.add("handle_seconds", "must be 0 or more seconds (it is \(handleSeconds))") }
        if handled == 0, handleSeconds > 0 { errors.add("handle_seconds", "must be 0 when no contacts were handled") }
        if evaluations < 0 { errors.add("evaluations", "must not be negative (it is \(evaluations))") }
        if !(0...(100 * Double(max(evaluations, 0)))).contains(qaScoreSum) {
            errors.add("qa_score_sum", "must be between 0 and 100 × evaluations (\(100 * max(evaluations, 0))); it is \(qaScoreSum)")
        }
        if !errors.isEmpty { throw errors }
        self.agentID = agentID
        self.day = day
        self.handled = handled
        self.handleSeconds = handleSeconds
        self.evaluations = evaluations
        self.qaScoreSum = qaScoreSum
    }
}

/// Additive totals over some agent-days: the numerators and denominators of AHT and QA.
public struct ActivityTotals: Hashable, Sendable, Codable {
    public var handled = 0
    public var handleSeconds = 0.0
    public var evaluations = 0
    public var qaScoreSum = 0.0

    public init() {}

    public init(_ rows: some Sequence<AgentDayActivity>) {
        for row in rows { add(row) }
    }

    public mutating func add(_ row: AgentDayActivity) {
        handled += row.handled
        handleSeconds += row.handleSeconds
        evaluations += row.evaluations
        qaScoreSum += row.qaScoreSum
    }

    public var averageHandleTime: Double? { handled > 0 ? handleSeconds / Double(handled) : nil }
    public var qaScore: Double? { evaluations > 0 ? qaScoreSum / Double(evaluations) : nil }

    static func - (lhs: Self, rhs: Self) -> Self {
        var result = ActivityTotals()
        result.handled = lhs.handled - rhs.handled
        result.handleSeconds = lhs.handleSeconds - rhs.handleSeconds
        result.evaluations = lhs.evaluations - rhs.evaluations
        result.qaScoreSum = lhs.qaScoreSum - rhs.qaScoreSum
        return result
    }

    func ahtFigure(period: String, minimumSample: Int) -> FrontlineFigure {
        FrontlineFigure(
            value: averageHandleTime, unit: .seconds, formula: "Σ (talk + hold + after-work) ÷ handled",
            arithmetic: Num.quotient(handleSeconds, Double(handled), unit: " s"), period: period,
            sampleSize: handled, sampleUnit: "contacts", minimumSample: minimumSample
        )
    }

    func qaFigure(period: String, minimumSample: Int) -> FrontlineFigure {
        FrontlineFigure(
            value: qaScore, unit: .points, formula: "Σ evaluation scores ÷ evaluations",
            arithmetic: Num.quotient(qaScoreSum, Double(evaluations)), period: period,
            sampleSize: evaluations, sampleUnit: "evaluations", minimumSample: minimumSample
        )
    }
}
