import Foundation
import Testing
import TandemPartners
import TandemPerformance

/// The per-partner snapshot: figure vs target, and the trend judged by each KPI's direction.
@Suite struct KPISnapshotTests {
    func cell(_ kind: KPIKind, _ value: Double?, n: Int = 100, enough: Bool = true, target: Double? = nil, unit: KPIUnit = .fraction) -> ScorecardCell {
        ScorecardCell(kpi: kind, value: value, numerator: 0, denominator: 0, sampleSize: n, enoughData: enough, formula: "", unit: unit,
                      target: target, status: nil, baseline: nil, rank: nil)
    }

    func row(_ cells: [ScorecardCell]) -> ScorecardRow {
        ScorecardRow(teamID: UUID(), teamName: "T", teamKind: .partner, queueID: nil, channelID: nil, segment: nil, cells: cells)
    }

    @Test func a_falling_abandon_rate_is_better_and_a_falling_service_level_worse() {
        let now = row([cell(.serviceLevel, 0.78, target: 0.8), cell(.abandonRate, 0.031), cell(.averageHandleTime, 332, unit: .seconds)])
        let before = row([cell(.serviceLevel, 0.81), cell(.abandonRate, 0.052), cell(.averageHandleTime, 332.4, unit: .seconds)])
        let snapshot = KPISnapshot.build(current: now, previous: before)
        let sl = snapshot.items.first { $0.kpi == .serviceLevel }!
        #expect(sl.trend == .worse && sl.change == "-3.0 pts" && sl.arrow == "▼" && sl.targetDisplay == "80.0%" && sl.display == "78.0%")
        let abandon = snapshot.items.first { $0.kpi == .abandonRate }!
        #expect(abandon.trend == .better && abandon.change == "-2.1 pts" && abandon.arrow == "▼")
        // 0.4 s is inside the 1 s band: steady.
        let aht = snapshot.items.first { $0.kpi == .averageHandleTime }!
        #expect(aht.trend == .steady && aht.arrow == "→" && aht.display == "5:32")
    }

    @Test func a_thin_figure_has_no_trend() {
        let now = row([cell(.serviceLevel, 0.5, n: 8, enough: false)])
        let before = row([cell(.serviceLevel, 0.9)])
        let item = KPISnapshot.build(current: now, previous: before).items[0]
        #expect(item.thin && item.display == "too little data" && item.trend == .unknown && item.change == nil && item.arrow == "")
    }
}
