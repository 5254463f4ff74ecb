import Testing
import TandemFrontline
import TandemPartners
import TandemPerformance

@Suite struct CalibrationTests {
    @Test func alpha_on_a_small_table_by_hand() {
        // Items {80, 85, 80}, {90, 90}, {70, 60, 65}; n = 8 pairable values.
        // D_o = (100 ÷ 2 + 0 ÷ 1 + 300 ÷ 2) ÷ 8 = 25 (ordered-pair sums of squared differences per item).
        // D_e: mean 77.5, Σ (v − 77.5)² = 900 → 2 × 8 × 900 ÷ (8 × 7) = 1800 ÷ 7.  α = 1 − 25 ÷ (1800 ÷ 7) = 65 ÷ 72.
        let result = KrippendorffAlpha.interval([[80, 85, 80], [90, 90], [70, 60, 65], [75]])

        #expect(isClose(result.observedDisagreement, 25, tolerance: 1e-12))
        #expect(isClose(result.expectedDisagreement, 1_800.0 / 7, tolerance: 1e-12))
        #expect(isClose(result.alpha, 65.0 / 72, tolerance: 1e-12))
        #expect(result.pairableValues == 8)
        #expect(result.pairableUnits == 3)   // the lone 75 pairs with nothing
    }

    @Test func alpha_matches_krippendorffs_published_example() {
        // Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011): 4 observers, 12 units,
        // missing values; interval alpha 0.849. Exactly: D_o = 13/30, D_e = 112/39, α = 951/1120.
        let units: [[Double]] = [
            [1, 1, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
            [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [5, 5, 5], [1, 1], [3],
        ]

        let result = KrippendorffAlpha.interval(units)

        #expect(isClose(result.alpha, 951.0 / 1_120, tolerance: 1e-12))
        #expect(isClose(result.observedDisagreement, 13.0 / 30, tolerance: 1e-12))
        #expect(isClose(result.expectedDisagreement, 112.0 / 39, tolerance: 1e-12))
        #expect(result.pairableValues == 40)
        #expect(KrippendorffAlpha.interval([[3, 3], [3, 3]]).alpha == nil)   // no variation: undefined, not 1
    }

    let graders = [
        CalibrationGrader(id: "X", name: "Client QA expert", side: .client),
        CalibrationGrader(id: "H1", name: "Harborline QA", side: .team("harborline")),
        CalibrationGrader(id: "M1", name: "Meridian QA 1", side: .team("meridian")),
        CalibrationGrader(id: "M2", name: "Meridian QA 2", side: .team("meridian")),
    ]

    /// Expert 80, 70, 90, 60; H1 scores +10, +10, +5, +10 above it; M1 0, +2, 0, −5; M2 −2, 0, 0 and skips i3.
    func session(_ id: String = "cal-1", on heldOn: String = "2026-03-12", benchmark: CalibrationBenchmark = .expert(graderID: "X"),
                 h1: [Double] = [90, 80, 95, 70]) throws -> CalibrationSession {
        let items = ["i1", "i2", "i3", "i4"]
        let rows: [(String, [Double?])] = [("X", [80, 70, 90, 60]), ("H1", h1), ("M1", [80, 72, 90, 55]), ("M2", [78, 70, nil, 60])]
        let scores = rows.flatMap { grader, values in
            zip(items, values).compactMap { item, value in value.map { CalibrationScore(graderID: grader, itemID: item, score: $0) } }
        }
        return try CalibrationSession(id: id, heldOn: day(heldOn), items: items, graders: graders, scores: scores, benchmark: benchmark)
    }

    @Test func each_grader_is_measured_against_the_expert() throws {
        let result = CalibrationResult(try session(), minimumSample: 3)

        #expect(result.graders.map(\.who) == ["H1", "M1", "M2"])   // the expert is the benchmark, not graded
        let h1 = result.graders[0], m1 = result.graders[1], m2 = result.graders[2]
        #expect(h1.meanAbsoluteDeviation.value == (10 + 10 + 5 + 10) / 4.0)
        #expect(h1.meanSignedDeviation.value == (10 + 10 + 5 + 10) / 4.0)
        #expect(h1.agreementShare.value == 0)
        #expect(m1.meanAbsoluteDeviation.value == (0 + 2 + 0 + 5) / 4.0)
        #expect(m1.meanSignedDeviation.value == (0 + 2 + 0 - 5) / 4.0)
        #expect(m1.agreementShare.value == 2.0 / 4)
        #expect(m2.itemsCompared == 3)
        #expect(m2.meanAbsoluteDeviation.value == 2.0 / 3)
        #expect(m2.agreementShare.arithmetic == "2 ÷ 3 = 0.6667")

        // Meridian pooled item by item: deviations 0, 2, 0, −5, −2, 0, 0
        let meridian = result.sides.first { $0.side == .team("meridian") }!
        #expect(meridian.meanAbsoluteDeviation.value == 9.0 / 7)
        #expect(meridian.meanSignedDeviation.value == -5.0 / 7)
        #expect(meridian.agreementShare.value == 4.0 / 7)
    }

    @Test func session_alpha_uses_every_grader_and_states_its_arithmetic() throws {
        let result = CalibrationResult(try session(), minimumSample: 15)

        // Items {80, 90, 80, 78}, {70, 80, 72, 70}, {90, 95, 90}, {60, 70, 55, 60}: per-item ordered-pair sums
        // 2·4·88 = 704, 2·4·68 = 544, 2·3·(150/9) = 100, 2·4·118.75 = 950.
        let observed = (704.0 / 3 + 544.0 / 3 + 100.0 / 2 + 950.0 / 3) / 15
        // All 15 values: mean 76, Σ (v − 76)² = 2078 → 2·15·2078 ÷ (15·14).
        let expected = 2 * 15 * 2_078.0 / (15 * 14)
        #expect(isClose(result.alpha.value, 1 - observed / expected, tolerance: 1e-12))
        #expect(result.alpha.sampleSize == 15)
        #expect(result.alpha.arithmetic == "1 − 52.1778 ÷ 296.8571 = 0.8242 over 4 items")
        #expect(CalibrationResult(try session()).alpha.status == .notEnoughData(sampleSize: 15, minimum: 30))
    }

    @Test func median_benchmark_resists_the_lenient_grader() throws {
        let medianSession = try session(benchmark: .graderMedian)

        // i1 {78, 80, 80, 90} → 80; i3 {90, 90, 95} → 90; i4 {55, 60, 60, 70} → 60
        #expect(medianSession.benchmarkScores == ["i1": 80, "i2": (70 + 72) / 2, "i3": 90, "i4": 60])
        #expect(CalibrationResult(medianSession).graders.map(\.who) == ["X", "H1", "M1", "M2"])
    }

    @Test func a_high_qa_score_from_a_lenient_grader_is_flagged() throws {
        let first = CalibrationResult(try session())
        let second = CalibrationResult(try session("cal-2", on: "2026-04-09", h1: [86, 76, 94, 66]))   // +6, +6, +4, +6
        let qa = KPIResult(kind: .qaScore, value: 93.4, numerator: 93.4 * 200, denominator: 200, sampleSize: 200,
                           minimumSample: 30, formula: "Σ evaluation scores ÷ evaluations", unit: .points)

        let harborline = AlignedQAScore(teamID: "harborline", qa: qa, calibrations: [first, second], minimumSample: 8)
        let meridian = AlignedQAScore(teamID: "meridian", qa: qa, calibrations: [first, second], minimumSample: 8)
        let inHouse = AlignedQAScore(teamID: "in-house", qa: qa, calibrations: [first, second], minimumSample: 8)

        // Harborline over 8 items: (35 + 22) ÷ 8 = 7.125 points lenient
        #expect(harborline.calibration.meanSignedDeviation.value == (35 + 22) / 8.0)
        #expect(harborline.leniency == .lenient)
        #expect(harborline.note == "QA 93.4 from graders scoring +7.1 points against the benchmark on average (lenient; mean absolute deviation 7.1 over 8 items, 2 sessions, 2026-03-12 to 2026-04-09)")
        #expect(meridian.leniency == .aligned)
        #expect(inHouse.leniency == .notMeasured)

        let trend = CalibrationTrend.byGrader([second, first])
        #expect(trend["H1"]?.map(\.sessionID) == ["cal-1", "cal-2"])
        #expect(trend["H1"]?.map(\.alignment.meanAbsoluteDeviation.value) == [35 / 4.0, 22 / 4.0])
        #expect(CalibrationTrend.bySide([first, second])[.team("meridian")]?.count == 2)
    }

    @Test func bad_sessions_name_the_row_and_field() {
        let errors = fieldErrors {
            _ = try CalibrationSession(
                id: "cal-9", heldOn: day("2026-03-12"), items: ["i1"], graders: graders,
                scores: [CalibrationScore(graderID: "X", itemID: "i1", score: 105),
                         CalibrationScore(graderID: "Q", itemID: "i1", score: 80),
                         CalibrationScore(graderID: "H1", itemID: "i1", score: 80),
                         CalibrationScore(graderID: "H1", itemID: "i1", score: 82)],
                benchmark: .expert(graderID: "Z")
            )
        }

        #expect(errors?.messages == [
            "scores[1].score": "must be between 0 and 100 (it is 105.0)",
            "scores[2].grader": "\"Q\" is not one of the session's graders",
            "scores[4].item": "H1 already scored i1 in scores[3]",
            "benchmark": "expert \"Z\" is not one of the session's graders",
        ])
    }
}
