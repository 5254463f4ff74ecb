import Testing
import TandemRelationship

@Suite struct HealthIndexTests {
    /// Hand-worked: weights 25, 15, 15, 20, 10 are used (KPI attainment has no data, so its
    /// 15 drops out and the rest are rescaled over 85).
    /// 25×75 + 15×62.5 + 15×50 + 20×75 + 10×50 = 1875 + 937.5 + 750 + 1500 + 500 = 5562.5; ÷ 85 = 65.441…
    @Test func index_renormalises_over_components_with_data() {
        let index = HealthIndex([
            HealthComponent(kind: .clientRatingOfPartner, score: SurveyScoring.toPercent(4.0), basis: "4 responses"),
            HealthComponent(kind: .partnerRatingOfClient, score: SurveyScoring.toPercent(3.5), basis: "3 responses"),
            HealthComponent(kind: .selfReportedIncidents, score: HealthIndex.percent(2, of: 4), basis: "2 of 4"),
            HealthComponent(kind: .commitmentsKept, score: HealthIndex.percent(3, of: 4), basis: "3 of 4"),
            HealthComponent(kind: .acknowledgementTimeliness, score: HealthIndex.percent(1, of: 2), basis: "1 of 2"),
        ])
        let value = try! #require(index.value)
        #expect(abs(value - 5562.5 / 85) < 1e-9)
        #expect(abs(value - 65.441) < 0.001)
        #expect(index.excluded == [.kpiAttainment])
        #expect(abs(index.effectiveWeight(.clientRatingOfPartner) - 25 / 85 * 100) < 1e-9)
        #expect(index.effectiveWeight(.kpiAttainment) == 0)
        #expect(HealthComponentKind.allCases.reduce(0) { $0 + $1.weight } == 100)
    }

    @Test func index_is_absent_without_any_data_and_equals_a_lone_component() {
        #expect(HealthIndex([]).value == nil)
        #expect(HealthIndex([HealthComponent(kind: .commitmentsKept, score: 40, basis: "2 of 5")]).value == 40)
        #expect(HealthIndex.percent(0, of: 0) == nil)
    }

    /// One broadcast acknowledged on time is "100.0" after reweighting, but it is 1 of 6
    /// components: below the minimum of 3 the index is thin, and says so.
    @Test func an_index_from_fewer_than_three_components_is_thin_and_says_how_many() {
        let lone = HealthIndex([HealthComponent(kind: .acknowledgementTimeliness, score: HealthIndex.percent(1, of: 1), basis: "1 of 1 on time")])
        #expect(lone.value == 100)
        #expect(lone.componentsWithData == 1 && lone.isThin && lone.coverage == "1 of 6 components")
        let two = HealthIndex([HealthComponent(kind: .commitmentsKept, score: 40, basis: ""), HealthComponent(kind: .kpiAttainment, score: 60, basis: "")])
        #expect(two.isThin && two.coverage == "2 of 6 components")
        let three = HealthIndex([HealthComponent(kind: .commitmentsKept, score: 40, basis: ""), HealthComponent(kind: .kpiAttainment, score: 60, basis: ""),
                                 HealthComponent(kind: .selfReportedIncidents, score: 50, basis: "")])
        #expect(!three.isThin && three.coverage == "3 of 6 components")
        #expect(!HealthIndex([]).isThin)  // no index at all is "—", not a thin one
    }
}
