import Fluent
import Foundation
import TandemContracts
import TandemPartners
import Vapor

/// What the contract says about leaving, as the exit scenario reads it: the partner's notice, and
/// the client's own convenience exit with the fee it would cost if notice were given today.
struct ContractExitDTO: Content, Equatable {
    let contractVersion: Int
    let partnerNoticeDays: Int
    let partnerExitEndsOn: LocalDate
    let partnerExplanation: String
    let clientNoticeDays: Int
    let clientExitEndsOn: LocalDate
    let clientConvenienceAllowed: Bool
    /// The fee for a client convenience exit with notice given today; nil when not allowed or not computable.
    let convenienceFee: String?
    let convenienceExplanation: [String]
    let minimumHeadcount: Int?
}

enum ContractExitTerms {
    static func forTeam(_ teamID: UUID, today: LocalDate, on db: any Database) async throws -> ContractExitDTO? {
        let records = try await ContractService.versions(of: teamID, on: db)
        guard let record = ContractService.governing(records, on: today), let terms = ContractService.terms(record) else { return nil }
        let partnerExit = terms.noticeExit(by: .partner, givenOn: today)
        let clientExit = terms.noticeExit(by: .client, givenOn: today)
        var billing: [BillingMonth: Decimal] = [:]
        for invoice in try await Invoice.query(on: db).filter(\.$partner.$id == teamID).all() {
            if let month = BillingMonth(invoice.month), let total = Decimal(exactly: invoice.linesTotal) { billing[month] = total }
        }
        let allowed = terms.convenience?.allowedFor.contains(.client) ?? false
        var fee: String?
        var notes: [String]
        do {
            let cost = try terms.convenienceExit(by: .client, givenOn: today, billing: billing)
            fee = cost.fee.centsText
            notes = cost.explanation
        } catch {
            notes = error.issues.map(\.reason)
        }
        return ContractExitDTO(contractVersion: record.number, partnerNoticeDays: partnerExit.noticeDays, partnerExitEndsOn: partnerExit.endsOn,
                               partnerExplanation: partnerExit.explanation, clientNoticeDays: clientExit.noticeDays, clientExitEndsOn: clientExit.endsOn,
                               clientConvenienceAllowed: allowed, convenienceFee: fee, convenienceExplanation: notes,
                               minimumHeadcount: terms.headcount.minimum)
    }
}
