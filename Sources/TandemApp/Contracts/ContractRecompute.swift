import Fluent
import Foundation
import TandemContracts
import TandemPartners

/// Figures that change only when data arrives are worked out then and stored: a partner's SLA
/// evaluations (every invoiced month, with earnbacks followed across months) and the
/// reconciliation and settlement of its open invoices. Called after a contract, invoice,
/// import or settings change; approved and resolved invoices keep the figures they were
/// approved with.
enum ContractRecompute {
    static func all(on db: any Database) async throws {
        let invoiced = Set(try await Invoice.query(on: db).all().map(\.$partner.id))
        let evaluated = Set(try await SLAEvaluationRecord.query(on: db).all().map(\.$partner.id))
        let plans = MonthFactsLoader.PlanCache()
        for partnerID in invoiced.union(evaluated).sorted(by: { $0.uuidString < $1.uuidString }) {
            try await partner(partnerID, plans: plans, on: db)
        }
    }

    static func partner(_ partnerID: UUID, plans: MonthFactsLoader.PlanCache = .init(), now: Date = Date(), on db: any Database) async throws {
        guard let partner = try await Partner.find(partnerID, on: db) else { return }
        let settings = try await ContractSettingsService.load(on: db)
        let records = try await ContractService.versions(of: partnerID, on: db)
        let history = ContractService.history(records)
        let invoices = try await Invoice.query(on: db).filter(\.$partner.$id == partnerID).sort(\.$month).all()
        let stored = try await SLAEvaluationRecord.query(on: db).filter(\.$partner.$id == partnerID).all()
        guard !invoices.isEmpty else {
            for record in stored { try await record.delete(on: db) }
            return
        }
        let lineRecords = try await InvoiceLineRecord.query(on: db).filter(\.$partnerID == partnerID).all()
        let linesByInvoice = Dictionary(grouping: lineRecords, by: \.$invoice.id)
        let months = invoices.compactMap { BillingMonth($0.month) }
        let facts = try await MonthFactsLoader.load(partnerID: partnerID, months: months, plans: plans, on: db)

        // SLA: evaluate every invoiced month under the version governing it.
        struct Evaluated { let invoice: Invoice; let record: ContractVersionRecord; let schedule: SLASchedule; let input: SLAMonthInput; let evaluation: SLAMonthEvaluation }
        var evaluated: [BillingMonth: Evaluated] = [:]
        for invoice in invoices {
            guard let month = BillingMonth(invoice.month), let version = history?.version(for: month), let schedule = version.terms.sla,
                  let record = records.first(where: { $0.number == version.number }) else { continue }
            let lines = InvoiceService.domainLines(linesByInvoice[invoice.id!] ?? [])
            let known = facts[month] ?? MonthFacts()
            let input = SLAMonthInput(month: month, invoiceAmount: lines.total, figures: known.figures, offeredVolume: known.offered,
                                      forecastVolume: known.forecastContacts.map { Int($0.rounded()) })
            guard let evaluation = try? schedule.evaluate(input) else { continue }
            evaluated[month] = Evaluated(invoice: invoice, record: record, schedule: schedule, input: input, evaluation: evaluation)
        }
        let earnbacks = Earnback.track(evaluated.values.map(\.evaluation), months: 0, byMonth: evaluated.mapValues { $0.schedule.earnbackMonths })

        let storedByMonth = Dictionary(stored.map { ($0.month, $0) }, uniquingKeysWith: { a, _ in a })
        for record in stored where BillingMonth(record.month).map({ evaluated[$0] == nil }) ?? true { try await record.delete(on: db) }
        for (month, item) in evaluated {
            let earnedBack = Earnback.returned(in: month, earnbacks)
            let dto = SLAEvaluationService.dto(partnerID: partnerID, partnerName: partner.name, month: month, version: item.record.number,
                                               invoiceID: item.invoice.id!, schedule: item.schedule, input: item.input, evaluation: item.evaluation,
                                               earnbacks: earnbacks, earnedBack: earnedBack, now: now)
            let row = storedByMonth[month.description] ?? SLAEvaluationRecord()
            row.$partner.id = partnerID
            row.month = month.description
            row.contractVersionID = item.record.id!
            row.invoiceID = item.invoice.id!
            row.creditApplied = item.evaluation.creditApplied.centsText
            row.bonusPayable = item.evaluation.bonusPayable.centsText
            row.earnedBack = earnedBack.centsText
            row.bodyJSON = SLAEvaluationService.encode(dto)
            row.computedAt = now
            try await row.save(on: db)
        }

        // Open invoices: reconciliation and settlement.
        for invoice in invoices where !InvoiceService.isFrozen(invoice) {
            guard let month = BillingMonth(invoice.month) else { continue }
            let lines = InvoiceService.domainLines(linesByInvoice[invoice.id!] ?? [])
            let governing = history?.version(for: month).flatMap { v in records.first { $0.number == v.number }.map { ($0, v.terms) } }
            let reconciliation = ReconciliationService.reconcile(lines, team: partner.name, facts: facts[month] ?? MonthFacts(), month: month,
                                                                 settings: settings, version: governing)
            let settlement = InvoiceSettlement(lines: lines, evaluation: evaluated[month]?.evaluation, earnedBack: Earnback.returned(in: month, earnbacks))
            InvoiceService.store(settlement: settlement, reconciliation: reconciliation, on: invoice, now: now)
            try await invoice.update(on: db)
        }
    }
}
