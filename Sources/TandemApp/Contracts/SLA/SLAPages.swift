import Fluent
import Foundation
import TandemContracts
import TandemPartners
import TandemPerformance
import Vapor

/// A partner's monthly SLA evaluations, each line with its arithmetic.
enum SLAPages {
    @Sendable static func show(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let partner = try await RelationshipSupport.scopedPartner(req)
        let evaluations = try await SLAEvaluationService.list(partnerID: partner.requireID(), on: req.db)
        let month = try? req.query.get(String.self, at: "month")
        let selected = evaluations.first { $0.month == month } ?? evaluations.first
        return render(partner: PartnerService.dto(partner), evaluations: evaluations, selected: selected, canManage: principal.can(.manageContracts), req.pageContext())
    }

    static func outcomeBadge(_ outcome: SLAOutcome) -> HTML {
        let kind: String = switch outcome {
        case .met: "live"
        case .belowExpected: "onboarding"
        case .missed: "exiting"
        case .excused, .notMeasured: "waiting"
        }
        return Components.badge(outcome.label, kind)
    }

    static func earnbackText(_ e: EarnbackDTO?) -> String {
        guard let e else { return "—" }
        switch e.status {
        case "pending": return "pending (\(e.counted ?? 0) of \(e.needed ?? 0) good months)"
        case "earned_back": return "earned back on the \(e.month ?? "") invoice"
        case "forfeited": return "forfeited in \(e.month ?? "")"
        default: return "final (no earnback)"
        }
    }

    static func render(partner: PartnerDTO, evaluations: [SLAEvaluationDTO], selected: SLAEvaluationDTO?, canManage: Bool, _ context: PageContext) -> HTML {
        let id = SiteURL.Ref.id(partner.id)
        let months = evaluations.reversed().map(\.month)
        let credits = evaluations.reversed().map { e in (value: Double(e.creditApplied) ?? 0, tip: "credit \(e.creditApplied) of \(e.atRiskAmount) at risk, earned back \(e.earnedBack)") }
        let summary: [[HTML]] = evaluations.map { e in
            [HTML("<a href=\"\(SiteURL.partnerSLA(id).path)?month=\(e.month)\">\(e.month)</a>"), "\(e.contractVersion)", "\(ContractFormat.money(e.invoiceAmount))",
             "\(ContractFormat.money(e.atRiskAmount))", "\(e.lines.filter { $0.outcome == .missed }.count)", "\(e.lines.filter { $0.outcome == .notMeasured }.count)",
             "\(ContractFormat.money(e.creditApplied))\(e.creditCapped ? " (capped)" : "")", "\(ContractFormat.money(e.earnedBack))", "\(ContractFormat.money(e.bonusPayable))",
             Components.link(.invoice(.id(e.invoiceID)), "Invoice")]
        }
        var detail: HTML = .empty
        if let e = selected {
            let lines: [[HTML]] = e.lines.map { l in
                ["\(l.label)", "<span class=\"kpi\" title=\"\(l.formula); n = \(l.sampleSize)\">\(l.display)</span>", "n = \(l.sampleSize)",
                 "\(ContractFormat.level(l.minimum, l.kpi))", "\(ContractFormat.level(l.expected, l.kpi))", "\(l.allocationPercent)%", outcomeBadge(l.outcome),
                 "\(ContractFormat.money(l.credit))", "\(ContractFormat.money(l.bonus))", "\(earnbackText(l.earnback))",
                 HTML("<ul class=\"changes\">\((l.explanation + (l.earnback?.explanation ?? [])).map { HTML("<li>\($0)</li>") })</ul>")]
            }
            detail = """
            <section id="sla-month"><h2>\(e.month): line by line</h2>
            \(Components.details([
                ("Invoice", "\(ContractFormat.money(e.invoiceAmount)) (lines total, before credits)"),
                ("At risk", "\(e.invoiceAmount) × \(e.atRiskPercent)% = \(e.atRiskAmount)"),
                ("Allocations", "\(e.allocationTotalPercent)% of the at-risk amount across \(e.lines.count) metrics"),
                ("Volume", e.offeredVolume.map { o in HTML("offered \(o)\(e.forecastVolume.map { " vs forecast \($0)" } ?? " (no forecast)")\(e.volumeExcluded ? " — volume exclusion applies" : "")") } ?? "no contacts imported"),
                ("Credit", "\(e.creditTotalBeforeCap) before the cap → \(e.creditTotal)\(e.creditCapped ? " (capped at the at-risk amount)" : ""); applied \(e.creditApplied)"),
                ("Bonus", "\(e.bonusTotalBeforeCap) before the cap → \(e.bonusTotal)\(e.bonusCapped ? " (capped)" : ""); payable \(e.bonusPayable)"),
                ("Earned back on this invoice", "\(e.earnedBack)"),
            ]))
            \(Components.table(["Metric", "Figure", "Sample", "Minimum", "Expected", "Allocation", "Outcome", "Credit", "Bonus", "Earnback", "Arithmetic"], lines, empty: "No metrics.", id: "sla-lines"))
            <ul class="changes" id="sla-arithmetic">\(e.explanation.map { HTML("<li>\($0)</li>") })</ul>
            <p class="how">Computed \(Components.date(e.computedAt)) from the \(e.month) scorecard (team row, month period) under contract version \(e.contractVersion).</p>
            </section>
            """
        }
        return Layout.page("SLA: \(partner.name)", context, section: .contracts, """
        \(ContractViews.tabs(.contracts, canManage: canManage))
        <p class="crumbs">\(Components.link(.partnerContract(id), "\(partner.name): contract"))</p>
        <h1>\(partner.name): service credits</h1>
        <p class="lead">\(SLAEvaluationService.method)</p>
        <section><h2>Credits applied by month</h2>\(MoneyChart.bars("Credits applied", months: months, values: credits, format: { ContractFormat.money(Decimal($0).rounded(scale: 0)) }))</section>
        <section><h2>Months</h2>
        \(Components.table(["Month", "Version", "Invoice", "At risk", "Misses", "Not measured", "Credit", "Earned back", "Bonus", ""], summary,
                           empty: "No evaluation yet: a month is evaluated once its invoice is entered and the contract version has service credits.", id: "sla-months"))
        </section>
        \(detail)
        """)
    }
}
