import TandemPerformance

/// How far one grader (or one side's graders pooled) scored from the benchmark.
public struct GraderAlignment: Hashable, Sendable, Codable {
    /// The grader's id, or the side's name when pooled.
    public let who: String
    public let side: GraderSide
    public let itemsCompared: Int
    /// Σ |score − benchmark| ÷ items.
    public let meanAbsoluteDeviation: FrontlineFigure
    /// Σ (score − benchmark) ÷ items: positive = scores higher than the benchmark (lenient).
    public let meanSignedDeviation: FrontlineFigure
    /// Items with |score − benchmark| ≤ tolerance ÷ items.
    public let agreementShare: FrontlineFigure

    /// `deviations`: score − benchmark per item; `agreed`: how many of them count as answered like the benchmark.
    init(who: String, side: GraderSide, deviations: [Double], agreed: Int, agreementFormula: String, period: String, minimumSample: Int) {
        let n = Double(deviations.count)
        let absolute = deviations.reduce(0) { $0 + abs($1) }
        let signed = deviations.reduce(0, +)
        func figure(_ sum: Double, _ unit: FigureUnit, _ formula: String) -> FrontlineFigure {
            FrontlineFigure(value: n > 0 ? sum / n : nil, unit: unit, formula: formula, arithmetic: Num.quotient(sum, n),
                            period: period, sampleSize: deviations.count, sampleUnit: "items", minimumSample: minimumSample)
        }
        self.who = who
        self.side = side
        self.itemsCompared = deviations.count
        meanAbsoluteDeviation = figure(absolute, .points, "Σ |score − benchmark| ÷ items")
        meanSignedDeviation = figure(signed, .points, "Σ (score − benchmark) ÷ items (positive = more lenient)")
        agreementShare = figure(Double(agreed), .fraction, agreementFormula)
    }

    static func agreementFormula(tolerance: Double) -> String {
        tolerance == 0 ? "items scored as the benchmark ÷ items" : "items within \(Num.text(tolerance)) points of the benchmark ÷ items"
    }
}

/// A session's calibration: each grader against the benchmark, each side pooled, and the session's
/// inter-rater reliability (Krippendorff's alpha over every grader, the expert included).
public struct CalibrationResult: Hashable, Sendable, Codable {
    public let sessionID: String
    public let heldOn: UTCDay
    public let graders: [GraderAlignment]
    public let sides: [GraderAlignment]
    public let alpha: FrontlineFigure
    /// Items no benchmark covers, left out of every deviation.
    public let itemsWithoutBenchmark: [String]
    public let agreementTolerance: Double
    /// The signed deviations behind the figures, so several sessions can be pooled again.
    let deviationsBySide: [GraderSide: [Double]]
    let deviationsByGrader: [String: [Double]]
    let sideOfGrader: [String: GraderSide]

    public init(_ session: CalibrationSession, minimumSample: Int = FrontlineDefaults.minimumSample) {
        let benchmark = session.benchmarkScores
        let period = "session \(session.id) on \(session.heldOn)"
        var byGrader: [String: [Double]] = [:]
        for score in session.scores {
            guard let reference = benchmark[score.itemID] else { continue }
            byGrader[score.graderID, default: []].append(score.score - reference)
        }
        let graded = session.gradedGraders
        let tolerance = session.agreementTolerance
        func alignment(_ who: String, _ side: GraderSide, _ deviations: [Double]) -> GraderAlignment {
            GraderAlignment(who: who, side: side, deviations: deviations, agreed: deviations.filter { abs($0) <= tolerance }.count,
                            agreementFormula: GraderAlignment.agreementFormula(tolerance: tolerance), period: period, minimumSample: minimumSample)
        }
        graders = graded.map { alignment($0.id, $0.side, byGrader[$0.id] ?? []) }
        var bySide: [GraderSide: [Double]] = [:]
        for grader in graded { bySide[grader.side, default: []] += byGrader[grader.id] ?? [] }
        sides = bySide.keys.sorted().map { alignment($0.name, $0, bySide[$0]!) }
        agreementTolerance = tolerance
        sideOfGrader = Dictionary(uniqueKeysWithValues: graded.map { ($0.id, $0.side) })
        deviationsBySide = bySide
        deviationsByGrader = Dictionary(uniqueKeysWithValues: graded.map { ($0.id, byGrader[$0.id] ?? []) })
        itemsWithoutBenchmark = session.items.filter { benchmark[$0] == nil }

        let units = session.items.map { item in session.scores.filter { $0.itemID == item }.map(\.score) }
        let k = KrippendorffAlpha.interval(units)
        alpha = FrontlineFigure(
            value: k.alpha, unit: .ratio, formula: "Krippendorff's alpha (interval): 1 − D_o ÷ D_e",
            arithmetic: k.alpha == nil ? "D_e = 0 or nothing pairable: alpha undefined"
                : "1 − \(Num.text(k.observedDisagreement)) ÷ \(Num.text(k.expectedDisagreement)) = \(Num.text(k.alpha!)) over \(k.pairableUnits) items",
            period: period, sampleSize: k.pairableValues, sampleUnit: "pairable scores", minimumSample: minimumSample
        )
        sessionID = session.id
        heldOn = session.heldOn
    }
}

extension GraderSide {
    public var name: String {
        switch self {
        case .client: "client"
        case .team(let id): id
        }
    }
}
