import Fluent
import Foundation
import TandemContracts
import TandemPartners
import TandemPerformance
import Vapor

struct CostRowDTO: Content, Equatable {
    let teamID: UUID
    let teamName: String
    let teamKind: TeamKind
    let month: String
    /// What the month cost: a partner's settled invoice, or the in-house fully loaded cost. Nil when not known.
    let cost: String?
    let costSource: String
    let handled: Int?
    let resolutions: Int?
    let perContact: String?
    let perContactExplanation: String
    let perResolution: String?
    let perResolutionExplanation: String
    let credit: String?
    let earnedBack: String?
    let bonus: String?
    let serviceLevel: Double?
    let customerSatisfaction: Double?
    let qaScore: Double?
}

struct CostReportDTO: Content, Equatable {
    let from: String
    let through: String
    let months: [String]
    let rows: [CostRowDTO]
    let method: String
}

struct InHouseCostInput: Content, Equatable {
    var month: String
    var fte: String
    var salary: String
    var benefitsLoadPercent: String
    var facilities: String
    var technology: String
    var managementOverhead: String
    var note: String?
}

struct InHouseCostDTO: Content, Equatable {
    let id: UUID
    let teamID: UUID
    let month: String
    let fte: String
    let salary: String
    let benefitsLoadPercent: String
    let facilities: String
    let technology: String
    let managementOverhead: String
    let note: String
    let perFTEMonth: String
    let monthlyCost: String
    let explanation: String
}

/// Cost per handled contact and per resolution, by team and month, partners and the in-house
/// team side by side; the in-house team's fully loaded cost is entered month by month.
enum CostService {
    static let method = """
    Cost per handled contact = the month's cost ÷ contacts handled (imported contacts); per resolution = cost ÷ contacts resolved on first \
    contact. A partner's cost is its invoice as settled (lines − SLA credit + credits earned back + bonus); the in-house team's is \
    FTE × (salary × (1 + benefits load) + facilities + technology + management overhead). No cost or nothing handled: no figure.
    """

    static func months(from: BillingMonth, through: BillingMonth) -> [BillingMonth] {
        guard from <= through else { return [] }
        return (0...(through.index - from.index)).map { from.advanced(by: $0) }
    }

    static func report(scope: PartnerScope, from: BillingMonth, through: BillingMonth, on db: any Database) async throws -> CostReportDTO {
        let range = months(from: from, through: through)
        let teams = try await PartnerService.list(scope: scope, on: db)
        let monthTexts = range.map(\.description)
        let invoiceQuery = Invoice.query(on: db).filter(\.$month ~~ monthTexts)
        scope.restrict(invoiceQuery, to: \.$partner.$id)
        let invoices = Dictionary(try await invoiceQuery.all().map { ("\($0.$partner.id)|\($0.month)", $0) }, uniquingKeysWith: { a, _ in a })
        let inHouseQuery = InHouseCost.query(on: db).filter(\.$month ~~ monthTexts)
        scope.restrict(inHouseQuery, to: \.$partner.$id)
        let inHouse = Dictionary(try await inHouseQuery.all().map { ("\($0.$partner.id)|\($0.month)", $0) }, uniquingKeysWith: { a, _ in a })
        let cards = range.isEmpty ? [] : try await ScorecardService.series(.month, first: from.index, count: range.count, grouping: .team, scope: scope,
                                                                           context: .load(on: db), on: db)
        var rows: [CostRowDTO] = []
        for (offset, month) in range.enumerated() {
            let card = offset < cards.count ? cards[offset] : nil
            for team in teams {
                let key = "\(team.id)|\(month)"
                let row = card?.rows.first { $0.teamID == team.id }
                let handledCell = row?.cell(.handled)
                let handled = handledCell?.value.map { Int($0.rounded()) }
                let fcr = row?.cell(.firstContactResolution)
                let resolutions = fcr.flatMap { $0.denominator > 0 ? Int($0.numerator.rounded()) : nil }
                var cost: Decimal?
                var source = "no invoice or cost entered"
                var credit: String?, earnedBack: String?, bonus: String?
                if team.kind == .partner, let invoice = invoices[key] {
                    cost = Decimal(exactly: invoice.payable)
                    source = "invoice \(invoice.month) (\(InvoiceService.status(invoice).label.lowercased())): payable \(invoice.payable)"
                    credit = invoice.credit; earnedBack = invoice.earnedBack; bonus = invoice.bonus
                } else if team.kind == .inHouse, let entry = inHouse[key], let loaded = try? fullyLoaded(entry) {
                    cost = loaded.cost.amount
                    source = "in-house fully loaded cost: \(loaded.cost.explanation)"
                }
                func unit(_ kind: UnitCost.Unit, _ count: Int?) -> (String?, String) {
                    guard let cost else { return (nil, "no cost known for \(month)") }
                    guard let count else { return (nil, "no contacts imported for \(month)") }
                    guard let figure = try? UnitCost(kind, cost: cost, count: count) else { return (nil, "") }
                    return (figure.perUnit?.centsText, figure.explanation)
                }
                let perContact = unit(.handledContact, handled), perResolution = unit(.resolution, resolutions)
                func trusted(_ kind: KPIKind) -> Double? { row?.cell(kind).flatMap { $0.enoughData ? $0.value : nil } }
                rows.append(CostRowDTO(
                    teamID: team.id, teamName: team.name, teamKind: team.kind, month: month.description, cost: cost?.centsText, costSource: source,
                    handled: handled, resolutions: resolutions, perContact: perContact.0, perContactExplanation: perContact.1,
                    perResolution: perResolution.0, perResolutionExplanation: perResolution.1, credit: credit, earnedBack: earnedBack, bonus: bonus,
                    serviceLevel: trusted(.serviceLevel), customerSatisfaction: trusted(.customerSatisfaction), qaScore: trusted(.qaScore)
                ))
            }
        }
        return CostReportDTO(from: from.description, through: through.description, months: monthTexts, rows: rows, method: method)
    }

    // MARK: In-house cost

    static func fullyLoaded(_ entry: InHouseCost) throws(ContractInputError) -> (terms: FullyLoadedCost, cost: CostFigure) {
        let terms = FullyLoadedCost(salary: Decimal(exactly: entry.salary) ?? 0, benefitsLoad: Percent(Decimal(exactly: entry.benefitsLoadPercent) ?? 0),
                                    facilities: Decimal(exactly: entry.facilities) ?? 0, technology: Decimal(exactly: entry.technology) ?? 0,
                                    managementOverhead: Decimal(exactly: entry.managementOverhead) ?? 0)
        return (terms, try terms.monthlyCost(fte: Decimal(exactly: entry.fte) ?? 0))
    }

    static func dto(_ e: InHouseCost) -> InHouseCostDTO {
        let loaded = try? fullyLoaded(e)
        return InHouseCostDTO(id: e.id!, teamID: e.$partner.id, month: e.month, fte: e.fte, salary: e.salary, benefitsLoadPercent: e.benefitsLoadPercent,
                              facilities: e.facilities, technology: e.technology, managementOverhead: e.managementOverhead, note: e.note,
                              perFTEMonth: loaded?.terms.perFTEMonth.amount.centsText ?? "", monthlyCost: loaded?.cost.amount.centsText ?? "",
                              explanation: loaded?.cost.explanation ?? "")
    }

    static func inHouseCosts(on db: any Database) async throws -> [InHouseCostDTO] {
        try await InHouseCost.query(on: db).sort(\.$month, .descending).all().map(dto)
    }

    /// Enters (or replaces) one month's fully loaded cost of the in-house team.
    static func saveInHouse(_ input: InHouseCostInput, by actor: Actor, on db: any Database) async throws -> InHouseCost {
        var issues: [ContractIssue] = []
        let month = BillingMonth(input.month.trimmingCharacters(in: .whitespaces))
        if month == nil { issues.append(ContractIssue("month", "must be a month as YYYY-MM")) }
        func decimal(_ text: String, _ field: String) -> Decimal? {
            guard let value = Decimal(exactly: text) else {
                issues.append(ContractIssue(field, text.trimmingCharacters(in: .whitespaces).isEmpty ? "is required" : "must be a number with a dot for decimals, such as 4200.50"))
                return nil
            }
            return value
        }
        let fte = decimal(input.fte, "fte"), salary = decimal(input.salary, "salary"), load = decimal(input.benefitsLoadPercent, "benefits_load_percent")
        let facilities = decimal(input.facilities, "facilities"), technology = decimal(input.technology, "technology")
        let management = decimal(input.managementOverhead, "management_overhead")
        if let fte, fte < 0 { issues.append(ContractIssue("fte", "must not be negative")) }
        // The domain's checks on what could be read (an unreadable figure is already reported).
        issues += FullyLoadedCost(salary: salary ?? 0, benefitsLoad: Percent(load ?? 0), facilities: facilities ?? 0, technology: technology ?? 0,
                                  managementOverhead: management ?? 0).validate()
        if !issues.isEmpty { throw ContractInputError(issues) }
        guard let team = try await Partner.query(on: db).filter(\.$kind == .inHouse).first() else {
            throw ContractInputError("team", "there is no in-house team in the registry: add it under Partners first")
        }
        let teamID = try team.requireID()
        let existing = try await InHouseCost.query(on: db).filter(\.$partner.$id == teamID).filter(\.$month == month!.description).first()
        let entry = existing ?? InHouseCost()
        let before = existing?.auditFields
        entry.$partner.id = teamID
        entry.month = month!.description
        entry.fte = fte!.plainText
        entry.salary = salary!.plainText
        entry.benefitsLoadPercent = load!.plainText
        entry.facilities = facilities!.plainText
        entry.technology = technology!.plainText
        entry.managementOverhead = management!.plainText
        entry.note = String((input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
        try await db.transaction { tx in
            try await entry.save(on: tx)
            try await AuditLog.saved(entry, before: before, by: actor, on: tx)
        }
        return entry
    }
}
