import Foundation
import TandemContracts
import TandemPartners
import Vapor

struct ReconciliationComparisonDTO: Content, Equatable {
    let basis: String
    let label: String
    /// Unknown to Tandem: nil (the comparison is "not known", never "fine").
    let reference: String?
    let difference: String?
    let allowed: String?
    let withinTolerance: Bool?
    let amount: String?
    let explanation: String
}

struct ReconciledLineDTO: Content, Equatable {
    let row: Int
    let line: String
    let unit: BillingUnit
    let quantity: String
    let rate: String
    let amount: String
    let payBasis: String
    let flagged: Bool
    let unverified: Bool
    let comparisons: [ReconciliationComparisonDTO]
    /// The contract's rate for this line in the month, when the contract has one.
    let contractRate: String?
    let rateMatches: Bool?
    let rateCheck: String
}

struct ReconciliationDTO: Content, Equatable {
    let tolerance: String
    let adherenceOnly: Bool
    let billedTotal: String
    let overbilledAmount: String
    let flaggedLines: Int
    let lines: [ReconciledLineDTO]
    let sources: [String]

    static let empty = ReconciliationDTO(tolerance: "", adherenceOnly: false, billedTotal: "0.00", overbilledAmount: "0.00", flaggedLines: 0, lines: [], sources: [])
}

struct SettlementDTO: Content, Equatable {
    let linesTotal: String
    let credit: String
    let earnedBack: String
    let bonus: String
    let payable: String
    let explanation: [String]
}

/// Holds an invoice's lines against what Tandem knows of the month, and checks each line's rate
/// against the contract version governing the month.
enum ReconciliationService {
    static func basisLabel(_ basis: ReconciliationBasis) -> String {
        switch basis {
        case .required: "required by the capacity plan"
        case .scheduled: "scheduled by the partner"
        case .delivered: "delivered"
        case .deliveredInAdherence: "delivered in adherence"
        case .handled: "handled contacts imported"
        case .resolved: "resolutions imported"
        }
    }

    static func usage(team: String, facts: MonthFacts, month: BillingMonth, hoursPerFTEWeek: Decimal) -> [UsageKey: KnownUsage] {
        let fteHours = hoursPerFTEWeek * Decimal(month.dayCount) / 7
        var keys = Set<ChannelKind?>([nil])
        keys.formUnion(facts.requiredHours?.keys.map { $0 } ?? [])
        keys.formUnion(facts.scheduledHours?.keys.map { $0 } ?? [])
        keys.formUnion(facts.handled.keys)
        var out: [UsageKey: KnownUsage] = [:]
        for channel in keys {
            let required = MonthFactsLoader.decimal(facts.requiredHours.map { $0[channel] ?? 0 })
            let scheduled = MonthFactsLoader.decimal(facts.scheduledHours.map { $0[channel] ?? 0 })
            out[UsageKey(team: team, channel: channel)] = KnownUsage(
                requiredHours: required, scheduledHours: scheduled,
                // Delivered hours are imported per agent and day, not per channel: known for the team only.
                deliveredProductiveHours: channel == nil ? facts.productiveHours : nil,
                deliveredLoggedHours: channel == nil ? facts.loggedHours : nil,
                adherentHours: channel == nil ? facts.adherentHours : nil,
                requiredFTE: required.map { ($0 / fteHours).rounded(scale: 2) }, scheduledFTE: scheduled.map { ($0 / fteHours).rounded(scale: 2) },
                handledContacts: facts.handled[channel] ?? (channel == nil ? nil : 0),
                resolutions: facts.resolutions[channel] ?? (channel == nil ? nil : 0)
            )
        }
        if facts.handled.isEmpty { out[UsageKey(team: team)]?.handledContacts = nil; out[UsageKey(team: team)]?.resolutions = nil }
        return out
    }

    static func reconcile(_ lines: [InvoiceLine], team: String, facts: MonthFacts, month: BillingMonth, settings: ContractSettingsDTO,
                          version: (record: ContractVersionRecord, terms: ContractTerms)?) -> ReconciliationDTO {
        let tolerance = ContractSettingsService.tolerance(settings)
        let usage = usage(team: team, facts: facts, month: month, hoursPerFTEWeek: Decimal(exactly: settings.hoursPerFTEWeek) ?? 40)
        let result = Reconciliation.reconcile(lines, usage: usage, tolerance: tolerance, adherenceOnly: settings.adherenceOnly)
        let rateInputs = version.map { ContractVersionInput.decodeRates($0.record.ratesJSON) } ?? []
        let dtoLines: [ReconciledLineDTO] = result.lines.map { reconciled -> ReconciledLineDTO in
            let line = reconciled.line
            var contractRate: String?, matches: Bool?, check = "no contract version governs \(month): the rate is not checked"
            if let terms = version?.terms {
                do {
                    let first = try terms.rates.rate(for: line.unit, channel: line.channel, site: line.site, language: line.language, on: month.firstDay)
                    var allowed = [first.line.rate]
                    var text = "contract rate \(first.line.rate.plainText) (\(first.line.keyText))"
                    if let ramp = first.line.ramp {
                        // Rate lines are stored in the order the card holds them; each may name its own ramp start.
                        let index = terms.rates.lines.firstIndex(of: first.line)
                        let start = index.flatMap { $0 < rateInputs.count ? rateInputs[$0].rampStart : nil } ?? terms.start
                        let rampEnd = ramp.lastDay(from: start)
                        if start <= month.lastDay && rampEnd >= month.firstDay {
                            allowed.append(ramp.rate)
                            text += " or ramp rate \(ramp.rate.plainText) (ramp \(start) to \(rampEnd) overlaps \(month))"
                        }
                    }
                    contractRate = first.line.rate.plainText
                    let ok = allowed.contains(line.rate)
                    matches = ok
                    check = ok ? "billed at \(line.rate.plainText): \(text)" : "billed at \(line.rate.plainText), which is not the \(text)"

                } catch {
                    matches = false
                    check = "the contract has no rate for this line: \(error)"
                }
            }
            return ReconciledLineDTO(
                row: line.row, line: line.keyText, unit: line.unit, quantity: line.quantity.plainText, rate: line.rate.plainText, amount: line.amount.centsText,
                payBasis: basisLabel(reconciled.payBasis), flagged: reconciled.isFlagged || matches == false, unverified: reconciled.isUnverified,
                comparisons: reconciled.comparisons.map { c in
                    ReconciliationComparisonDTO(basis: c.basis.rawValue, label: basisLabel(c.basis), reference: c.reference?.plainText, difference: c.difference?.plainText,
                                  allowed: c.allowed?.plainText, withinTolerance: c.withinTolerance, amount: c.amount?.centsText, explanation: c.explanation)
                },
                contractRate: contractRate, rateMatches: matches, rateCheck: check
            )
        }
        return ReconciliationDTO(
            tolerance: "|billed − reference| ≤ max(\(tolerance.absolute.plainText), \(tolerance.percent) × reference)", adherenceOnly: settings.adherenceOnly,
            billedTotal: result.billedTotal.centsText, overbilledAmount: result.overbilledAmount.centsText,
            flaggedLines: dtoLines.filter(\.flagged).count, lines: dtoLines, sources: facts.sources
        )
    }

    static func settlement(_ s: InvoiceSettlement) -> SettlementDTO {
        SettlementDTO(linesTotal: s.linesTotal.centsText, credit: s.credit.centsText, earnedBack: s.earnedBack.centsText, bonus: s.bonus.centsText,
                      payable: s.payable.centsText, explanation: s.explanation)
    }
}
