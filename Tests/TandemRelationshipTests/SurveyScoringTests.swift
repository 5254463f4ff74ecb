import Testing
import TandemRelationship

@Suite struct SurveyScoringTests {
    @Test func dimensions_average_per_response_then_over_responses() {
        let answers: [[String: Int]] = [
            ["competence_quality": 5, "competence_results": 4, "character_commitments": 3, "character_judgment": 3, "communication_proactive": 2],
            ["competence_quality": 3, "competence_results": 3, "character_commitments": 5, "character_judgment": 4],
            ["competence_quality": 4, "character_commitments": 4, "character_judgment": 4, "communication_proactive": 4, "communication_confidential": 5],
        ]
        let results = SurveyScoring.results(answers, direction: .clientRatesPartner, threshold: 3)
        // Competence: (4.5 + 3 + 4) ÷ 3 = 3.8333…; character: (3 + 4.5 + 4) ÷ 3 = 3.8333…; communication: 2 responses only.
        #expect(results.map(\.dimension) == ["Competence", "Character", "Communication"])
        #expect(abs(results[0].mean! - 11.5 / 3) < 1e-12 && results[0].responses == 3)
        #expect(abs(results[1].mean! - 11.5 / 3) < 1e-12)
        #expect(results[2].responses == 2 && results[2].suppressed && results[2].mean == nil)
        #expect(abs(SurveyScoring.overall(results)! - 11.5 / 3) < 1e-12)
        #expect(abs(SurveyScoring.toPercent(11.5 / 3) - 70.8333) < 0.0001)
        let lenient = SurveyScoring.results(answers, direction: .clientRatesPartner, threshold: 2)
        #expect(abs(lenient[2].mean! - 3.25) < 1e-12, "(2 + 4.5) ÷ 2")
    }

    @Test func out_of_range_scores_are_ignored_and_empty_groups_are_suppressed() {
        let results = SurveyScoring.results([["timely_information": 9]], direction: .partnerRatesClient, threshold: 1)
        #expect(results.allSatisfy { $0.responses == 0 && $0.mean == nil })
        #expect(SurveyScoring.overall(results) == nil)
        #expect(SurveyInstrument.dimensions(.partnerRatesClient).count == 4)
    }
}
