import Fluent
import Foundation
import TandemContracts
import TandemPartners
import TandemPerformance
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Monthly SLA evaluations from the scorecards, stored and recomputed when their inputs change.
@Suite struct SLAEvaluationTests {
    /// Ten contacts of Alpha on billing-voice (T 20 s) in a month: answered with the given waits (and FCR flags), then abandons after 15 s.
    static func contacts(_ month: String, waits: [Int], resolved: Int, abandons: Int) -> String {
        var lines: [String] = []
        let f = ISO8601DateFormatter()
        for (i, wait) in waits.enumerated() {
            let offered = f.date(from: "\(month)-10T10:00:00Z")!.addingTimeInterval(Double(i * 600))
            lines.append("\(month)-a\(i),Alpha Support,,billing-voice,voice,\(f.string(from: offered)),\(f.string(from: offered.addingTimeInterval(Double(wait)))),,\(wait),200,0,40,\(i < resolved),")
        }
        for i in 0..<abandons {
            let offered = f.date(from: "\(month)-11T10:00:00Z")!.addingTimeInterval(Double(i * 600))
            lines.append("\(month)-b\(i),Alpha Support,,billing-voice,voice,\(f.string(from: offered)),,true,15,,,,,")
        }
        return ([Perf.header] + lines).joined(separator: "\n") + "\n"
    }

    static func schedule(atRisk: String = "12", earnback: Int = 3) -> SLAScheduleInput {
        // Allocations 60 + 20 + 20 + 50 = 150% over four metrics.
        SLAScheduleInput(atRiskPercent: atRisk, metrics: [
            SLAMetricInput(kpi: .serviceLevel, expected: 0.8, minimum: 0.75, allocationPercent: "60", stretch: nil, bonusPercent: nil),
            SLAMetricInput(kpi: .averageSpeedOfAnswer, expected: 20, minimum: 30, allocationPercent: "20", stretch: nil, bonusPercent: nil),
            SLAMetricInput(kpi: .abandonRate, expected: 0.2, minimum: 0.25, allocationPercent: "20", stretch: nil, bonusPercent: nil),
            SLAMetricInput(kpi: .firstContactResolution, expected: 0.7, minimum: 0.6, allocationPercent: "50", stretch: nil, bonusPercent: nil),
        ], earnbackMonths: earnback, bonusCapPercent: nil, bonusOffsetsCredits: false, volumeExclusionPercent: nil)
    }

    static func invoice(_ app: Application, _ partner: Partner, _ month: String, hours: String = "10000", rate: String = "20") async throws -> Invoice {
        let lines = try InvoiceService.parseCSV("team,unit,quantity,rate\n\(partner.name),productive_hour,\(hours),\(rate)\n", partner: partner)
        return try await InvoiceService.save(lines, month: BillingMonth(month)!, reference: nil, partner: partner, by: .cli("test"), on: app.db)
    }

    @Test(arguments: TestDatabase.all)
    func two_misses_reach_the_cap_and_the_credit_is_earned_back_after_three_good_months(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Perf.settings(app, minimumSample: 5)
            let partner = try #require(try await Partner.find(ws.partnerA, on: app.db))
            var terms = ContractsAccessFixture.terms()
            terms.sla = Self.schedule()
            _ = try await ContractService.addVersion(terms, partner: partner, by: .cli("test"), on: app.db)

            // March: 8 answered (waits 10 ×5, 30 ×3; 4 resolved first time) and 2 abandoned after 15 s.
            //   SL = 5 ÷ (8 + 2) = 0.5 < 0.75: miss · ASA = (5×10 + 3×30) ÷ 8 = 17.5 s ≤ 20: met
            //   abandon = 2 ÷ 10 = 0.2, exactly the expected level: met · FCR = 4 ÷ 8 = 0.5 < 0.6: miss
            try await Perf.importCSV(app, Self.contacts("2026-03", waits: [10, 10, 10, 10, 10, 30, 30, 30], resolved: 4, abandons: 2))
            // April to June: 10 answered within 10 s, 8 resolved: SL 1.0, ASA 10, abandon 0, FCR 0.8: every metric at expected.
            for month in ["2026-04", "2026-05", "2026-06"] {
                try await Perf.importCSV(app, Self.contacts(month, waits: Array(repeating: 10, count: 10), resolved: 8, abandons: 0))
            }
            for month in ["2026-03", "2026-04", "2026-05", "2026-06"] { _ = try await Self.invoice(app, partner, month) }

            let evaluations = try await SLAEvaluationService.list(partnerID: ws.partnerA, on: app.db)
            #expect(evaluations.map(\.month) == ["2026-06", "2026-05", "2026-04", "2026-03"])
            let march = try #require(evaluations.last)
            // Invoice 10,000 h × 20.00 = 200,000.00; at risk 200,000 × 12% = 24,000.00.
            #expect(march.invoiceAmount == "200000.00" && march.atRiskAmount == "24000.00" && march.allocationTotalPercent == "150")
            #expect(march.lines.map(\.outcome) == [.missed, .met, .met, .missed])
            // Credits 24,000 × 60% = 14,400 and 24,000 × 50% = 12,000: 26,400 > 24,000, capped and split in proportion:
            // 24,000 × 14,400 ÷ 26,400 = 13,090.91 and 24,000 × 12,000 ÷ 26,400 = 10,909.09.
            #expect(march.creditTotalBeforeCap == "26400.00" && march.creditCapped && march.creditTotal == "24000.00")
            #expect(march.lines[0].credit == "13090.91" && march.lines[3].credit == "10909.09")
            #expect(march.lines[0].figure == 0.5 && march.lines[1].figure == 17.5)

            // Reproducible from the scorecard: the same figure, the same sample.
            let card = try await ScorecardService.scorecard(ReportingPeriod(kind: .month, index: BillingMonth("2026-03")!.index), grouping: .team,
                                                            scope: .only(ws.partnerA), on: app.db)
            let cell = try #require(card.rows.first?.cell(.firstContactResolution))
            #expect(cell.value == march.lines[3].figure && cell.sampleSize == march.lines[3].sampleSize)

            // Earned back after April, May and June at the expected level: returned on the June invoice.
            #expect(march.lines[0].earnback?.status == "earned_back" && march.lines[0].earnback?.month == "2026-06")
            let june = try #require(evaluations.first)
            #expect(june.earnedBack == "24000.00")
            let invoices = try await InvoiceService.list(scope: .all, partnerID: ws.partnerA, on: app.db)
            #expect(invoices.first { $0.month == "2026-03" }?.payable == "176000.00")  // 200,000 − 24,000
            #expect(invoices.first { $0.month == "2026-06" }?.payable == "224000.00")  // 200,000 + 24,000 earned back
            #expect(invoices.first { $0.month == "2026-04" }?.payable == "200000.00")

            // A settings change re-evaluates: with at least 20 contacts needed, every March metric is not measured, never met.
            try await Perf.settings(app, minimumSample: 20)
            let again = try #require(try await SLAEvaluationService.list(partnerID: ws.partnerA, on: app.db).last)
            #expect(again.lines.allSatisfy { $0.outcome == .notMeasured } && again.creditApplied == "0.00")

            // The page shows the arithmetic line by line.
            var browser = try await Browser.signedIn(app, email: Workspace.emails[.viewer]!)
            try await Perf.settings(app, minimumSample: 5)
            let page = try await browser.get(SiteURL.partnerSLA(.id(ws.partnerA)).path + "?month=2026-03")
            #expect(page.status == .ok && page.text.contains("capped: 24000.00 × 14400.00 ÷ 26400.00 = 13090.91"))
            var other = try await Browser.signedIn(app, email: "b@partner-b.example")
            #expect(try await other.get(SiteURL.partnerSLA(.id(ws.partnerA)).path).status == .notFound)
        }
    }
}
