import Fluent
import Foundation
import TandemContracts
import TandemPartners
import TandemPerformance
import Vapor

struct EarnbackDTO: Content, Equatable {
    /// pending, earned_back, forfeited or final.
    let status: String
    /// The month it was earned back or forfeited in.
    let month: String?
    let counted: Int?
    let needed: Int?
    let explanation: [String]
}

struct SLALineDTO: Content, Equatable {
    let kpi: KPIKind
    let label: String
    /// The scorecard's figure in the KPI's unit.
    let figure: Double?
    let display: String
    let sampleSize: Int
    let formula: String
    let expected: Double
    let minimum: Double
    let stretch: Double?
    let allocationPercent: String
    let bonusPercent: String?
    let outcome: SLAOutcome
    let creditBeforeCap: String
    let credit: String
    let earnbackEligible: String
    let bonusBeforeCap: String
    let bonus: String
    let earnback: EarnbackDTO?
    let explanation: [String]
}

struct SLAEvaluationDTO: Content, Equatable {
    let partnerID: UUID
    let partnerName: String
    let month: String
    let contractVersion: Int
    let invoiceID: UUID
    let invoiceAmount: String
    let atRiskPercent: String
    let atRiskAmount: String
    let allocationTotalPercent: String
    let volumeExcluded: Bool
    let volumeExclusionPercent: String?
    let offeredVolume: Int?
    let forecastVolume: Int?
    let lines: [SLALineDTO]
    let creditTotalBeforeCap: String
    let creditCapped: Bool
    let creditTotal: String
    let bonusTotalBeforeCap: String
    let bonusCapped: Bool
    let bonusTotal: String
    let creditApplied: String
    let bonusPayable: String
    /// Credits of earlier months returned on this month's invoice.
    let earnedBack: String
    let explanation: [String]
    let computedAt: Date
}

extension SLAOutcome {
    var label: String {
        switch self {
        case .met: "met"
        case .belowExpected: "below expected"
        case .missed: "missed"
        case .excused: "excused (volume)"
        case .notMeasured: "not measured"
        }
    }
}

/// Monthly service-credit evaluations: built from the scorecards (the same KPI engine, month
/// periods) and the month's invoice, stored with their arithmetic by `ContractRecompute`.
enum SLAEvaluationService {
    static let method = """
    At-risk amount = the month's invoice (lines total) × at-risk %. A metric worse than its minimum is a miss: credit = at-risk amount × \
    its allocation %. The month's credits never exceed the at-risk amount (when the cap bites, it is split in proportion). A figure with \
    too little data is not measured, never met. A credit is earned back when the metric meets its expected level in each of the next N \
    months. Figures are the scorecard's monthly team figures; in a month whose offered volume exceeds the forecast by more than the \
    agreed %, misses of service level, ASA and abandon rate are excused.
    """

    static func dto(partnerID: UUID, partnerName: String, month: BillingMonth, version: Int, invoiceID: UUID, schedule: SLASchedule,
                    input: SLAMonthInput, evaluation e: SLAMonthEvaluation, earnbacks: [EarnbackItem], earnedBack: Decimal, now: Date) -> SLAEvaluationDTO {
        let lines = e.lines.map { line -> SLALineDTO in
            let result = input.figures[line.metric.kind]
            let item = earnbacks.first { $0.creditMonth == month && $0.kind == line.metric.kind }
            let earnback = item.map { item -> EarnbackDTO in
                switch item.status {
                case .pending(let counted, let needed): EarnbackDTO(status: "pending", month: nil, counted: counted, needed: needed, explanation: item.explanation)
                case .earnedBack(let m): EarnbackDTO(status: "earned_back", month: m.description, counted: nil, needed: nil, explanation: item.explanation)
                case .forfeited(let m): EarnbackDTO(status: "forfeited", month: m.description, counted: nil, needed: nil, explanation: item.explanation)
                case .final: EarnbackDTO(status: "final", month: nil, counted: nil, needed: nil, explanation: item.explanation)
                }
            }
            let display: String
            if let result, let value = result.value {
                display = result.status == .value ? KPILabels.format(value, unit: result.unit) : "not enough data (n = \(result.sampleSize))"
            } else { display = "no data" }
            return SLALineDTO(kpi: line.metric.kind, label: KPILabels.name(line.metric.kind), figure: line.figure, display: display,
                              sampleSize: line.sampleSize, formula: result?.formula ?? "", expected: line.metric.expected, minimum: line.metric.minimum,
                              stretch: line.metric.stretch, allocationPercent: line.metric.allocation.value.plainText, bonusPercent: line.metric.bonus?.value.plainText,
                              outcome: line.outcome, creditBeforeCap: line.creditBeforeCap.centsText, credit: line.credit.centsText,
                              earnbackEligible: line.earnbackEligible.centsText, bonusBeforeCap: line.bonusBeforeCap.centsText, bonus: line.bonus.centsText,
                              earnback: earnback, explanation: line.explanation)
        }
        var notes = e.explanation
        if earnedBack > 0 { notes.append("earned back on this invoice: \(earnedBack.centsText)") }
        return SLAEvaluationDTO(
            partnerID: partnerID, partnerName: partnerName, month: month.description, contractVersion: version, invoiceID: invoiceID,
            invoiceAmount: e.invoiceAmount.centsText, atRiskPercent: schedule.atRisk.value.plainText, atRiskAmount: e.atRiskAmount.centsText,
            allocationTotalPercent: schedule.allocationTotal.value.plainText, volumeExcluded: e.volumeExcluded,
            volumeExclusionPercent: schedule.volumeExclusion?.value.plainText, offeredVolume: input.offeredVolume, forecastVolume: input.forecastVolume,
            lines: lines, creditTotalBeforeCap: e.creditTotalBeforeCap.centsText, creditCapped: e.creditCapped, creditTotal: e.creditTotal.centsText,
            bonusTotalBeforeCap: e.bonusTotalBeforeCap.centsText, bonusCapped: e.bonusCapped, bonusTotal: e.bonusTotal.centsText,
            creditApplied: e.creditApplied.centsText, bonusPayable: e.bonusPayable.centsText, earnedBack: earnedBack.centsText,
            explanation: notes, computedAt: now
        )
    }

    static func decode(_ record: SLAEvaluationRecord) -> SLAEvaluationDTO? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try? decoder.decode(SLAEvaluationDTO.self, from: Data(record.bodyJSON.utf8))
    }

    static func encode(_ dto: SLAEvaluationDTO) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(dto)) ?? Data(), as: UTF8.self)
    }

    /// Newest first.
    static func list(partnerID: UUID, on db: any Database) async throws -> [SLAEvaluationDTO] {
        try await SLAEvaluationRecord.query(on: db).filter(\.$partner.$id == partnerID).sort(\.$month, .descending).all().compactMap(decode)
    }

    static func list(scope: PartnerScope, on db: any Database) async throws -> [SLAEvaluationDTO] {
        let query = SLAEvaluationRecord.query(on: db).sort(\.$month, .descending)
        scope.restrict(query, to: \.$partner.$id)
        return try await query.all().compactMap(decode)
    }
}
