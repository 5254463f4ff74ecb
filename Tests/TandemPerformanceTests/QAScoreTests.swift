import Testing
import TandemPerformance

@Suite struct QAScoreTests {
    // Section "greeting" weight 3: 9/10, 9/10, N/A → 18/20 = 90
    // Section "resolution" weight 1: 3/5 → 60
    // Section "upsell" weight 2: all N/A → leaves the denominator
    // Score = (3 × 90 + 1 × 60) ÷ (3 + 1) = 330 ÷ 4 = 82.5
    func evaluation(extra: [QAItem] = []) -> QAEvaluation {
        QAEvaluation(sections: [
            QASection(name: "greeting", weight: 3, items: [.scored(earned: 9, possible: 10), .scored(earned: 9, possible: 10), .notApplicable]),
            QASection(name: "resolution", weight: 1, items: [.scored(earned: 3, possible: 5)] + extra),
            QASection(name: "upsell", weight: 2, items: [.notApplicable, .notApplicable]),
        ])
    }

    @Test func weighted_mean_of_section_scores_without_NA() {
        let evaluation = evaluation()

        #expect(evaluation.sections.map(\.score) == [90, 60, nil])
        #expect(evaluation.score == 82.5)
    }

    @Test func an_untriggered_auto_fail_item_changes_nothing() {
        #expect(evaluation(extra: [.autoFail(triggered: false)]).score == 82.5)
    }

    @Test func a_triggered_auto_fail_makes_the_evaluation_zero() {
        let failed = evaluation(extra: [.autoFail(triggered: true)])

        #expect(failed.isAutoFailed)
        #expect(failed.score == 0)
    }

    @Test func an_evaluation_with_only_NA_items_is_not_scored() {
        let blank = QAEvaluation(sections: [QASection(weight: 1, items: [.notApplicable])])

        #expect(blank.score == nil)
    }

    @Test func weightless_sections_do_not_count() {
        let evaluation = QAEvaluation(sections: [
            QASection(weight: 0, items: [.scored(earned: 0, possible: 10)]),
            QASection(weight: 1, items: [.scored(earned: 7, possible: 10)]),
        ])

        #expect(evaluation.score == 70)
    }

    @Test func qa_kpi_is_the_mean_of_scored_evaluations() {
        let perfect = QAEvaluation(sections: [QASection(weight: 1, items: [.scored(earned: 4, possible: 4)])])
        let blank = QAEvaluation(sections: [QASection(weight: 1, items: [.notApplicable])])
        let evaluations = [evaluation(), evaluation(extra: [.autoFail(triggered: true)]), perfect, blank]

        let qa = QAEvaluation.averageScore(of: evaluations)

        // (82.5 + 0 + 100) ÷ 3 scored evaluations; the blank one is not in the sample
        #expect(qa.numerator == 182.5)
        #expect(qa.sampleSize == 3)
        #expect(isClose(qa.value, 182.5 / 3))
        #expect(qa.unit == .points)
        #expect(qa.status == .notEnoughData(sampleSize: 3, minimum: 30))
        #expect(QAEvaluation.averageScore(of: evaluations, minimumSample: 3).status == .value)
    }

    @Test func no_evaluations_no_data() {
        #expect(QAEvaluation.averageScore(of: []).status == .noData)
    }
}
