import Fluent
import Foundation
import TandemContracts
import TandemPartners

/// The contract blocks of the dashboard and the partner page: key dates within the horizon.
enum ContractSummary {
    static func dashboardSection(scope: PartnerScope, on db: any Database) async throws -> HTML {
        let settings = try await ContractSettingsService.load(on: db)
        let dates = try await KeyDateService.list(scope: scope, today: LocalDate(date: Date()), horizonDays: settings.keyDateHorizonDays, on: db)
        guard try await ContractVersionRecord.query(on: db).count() > 0 else { return .empty }
        return ContractViews.keyDatesSection(dates, horizonDays: settings.keyDateHorizonDays, withPartner: true)
    }

    static func partnerSection(_ partner: Partner, on db: any Database) async throws -> HTML {
        guard partner.kind == .partner else { return .empty }
        let id = try partner.requireID()
        let settings = try await ContractSettingsService.load(on: db)
        let today = LocalDate(date: Date())
        let records = try await ContractService.versions(of: id, on: db)
        guard let current = ContractService.governing(records, on: today) else {
            return "<section id=\"partner-contract\"><div class=\"section-head\"><h2>Contract</h2>\(Components.link(.partnerContract(.id(id)), "Contract"))</div><div class=\"empty\">No contract recorded.</div></section>"
        }
        let t = ContractService.input(current)
        let dates = try await KeyDateService.list(scope: .only(id), today: today, horizonDays: settings.keyDateHorizonDays, on: db)
        return """
        <section id="partner-contract"><div class="section-head"><h2>Contract</h2>\(Components.link(.partnerContract(.id(id)), "Contract, SLA and invoices"))</div>
        <p>Version \(current.number): \(t.start) to \(t.initialEnd)\(t.autoRenew ? ", renews automatically" : ", does not renew"); notice client \(t.clientNoticeDays) d, partner \(t.partnerNoticeDays) d; \
        \(t.minimumHeadcount.map { "minimum \($0) heads" } ?? "no minimum headcount").</p>
        \(Components.table(["What", "Date", "In", "Side", "Why"], ContractViews.keyDateRows(dates, withPartner: false),
                           empty: "No renewal, notice deadline or expiry in the next \(settings.keyDateHorizonDays) days.", id: "partner-key-dates"))
        </section>
        """
    }
}
