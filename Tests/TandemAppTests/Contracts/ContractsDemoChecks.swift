import Fluent
import Foundation
import TandemContracts
import TandemPartners
import Testing
import Vapor
@testable import TandemApp

/// What the demo workspace promises about contracts and money, checked on a loaded demo (called
/// from `DemoWorkspaceTests`, so the slow demo load happens once).
enum ContractsDemoChecks {
    static func verify(_ app: Application) async throws {
        let db = app.db
        let today = LocalDate(date: Date())
        func partner(_ name: String) async throws -> Partner { try #require(try await Partner.query(on: db).filter(\.$name == name).first()) }
        let harborline = try await partner("Harborline Contact Services"), meridian = try await partner("Meridian CX"), lotus = try await partner("Lotus Shore Solutions")
        for team in [harborline, meridian, lotus] {
            #expect(try await ContractService.versions(of: team.requireID(), on: db).isEmpty == false, "\(team.name) has no contract")
        }
        let harborlineTerms = try #require(ContractService.governing(try await ContractService.versions(of: harborline.requireID(), on: db), on: today).map(ContractService.input))
        #expect(harborlineTerms.partnerNoticeDays == 30)
        let meridianTerms = try #require(ContractService.governing(try await ContractService.versions(of: meridian.requireID(), on: db), on: today).map(ContractService.input))
        #expect(meridianTerms.minimumHeadcount == nil)

        let invoices = try await Invoice.query(on: db).all()
        #expect(Dictionary(grouping: invoices, by: \.$partner.id).mapValues(\.count) == [harborline.id!: 6, meridian.id!: 6])
        #expect(try await InvoiceLineRecord.query(on: db).filter(\.$disputeReason != nil).count() == 1)
        let evaluations = try await SLAEvaluationService.list(scope: .all, on: db)
        #expect(evaluations.filter { (Decimal(exactly: $0.creditApplied) ?? 0) > 0 }.count == 1, "one month of credits")
        #expect(evaluations.filter { (Decimal(exactly: $0.earnedBack) ?? 0) > 0 }.count == 1, "one month with a credit earned back")
        let deadlines = try await KeyDateService.list(scope: .all, today: today, horizonDays: 60, on: db).filter { $0.kind == .noticeDeadline }
        #expect(!deadlines.isEmpty, "a notice deadline inside the next 60 days")
        #expect(try await InHouseCost.query(on: db).count() == 6)
    }
}
