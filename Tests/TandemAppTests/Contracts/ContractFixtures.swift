import Fluent
import Foundation
import TandemContracts
import TandemPartners
import Vapor
@testable import TandemApp

/// Contract records for the access tests and the contract tests: partner B's carry `Workspace.markerB`.
enum ContractsAccessFixture {
    /// A small valid PDF (the content checker reads the first bytes).
    static let pdf = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]

    static func terms(from: String = "2026-01-01", partnerNotice: Int = 30, clientNotice: Int = 90, rate: String = "18.75") -> ContractVersionInput {
        ContractVersionInput(
            effectiveFrom: LocalDate(from)!, effectiveThrough: nil, start: LocalDate("2026-01-01")!, initialEnd: LocalDate("2027-12-31")!, autoRenew: true,
            renewalTermMonths: 12, clientNoticeDays: clientNotice, partnerNoticeDays: partnerNotice, cureDays: 30, convenienceAllowedFor: [.client],
            convenienceFee: .fixed, convenienceFeeAmount: "50000", convenienceFeeMonths: nil, convenienceFeeLookbackMonths: nil, minimumHeadcount: 40,
            flexUp: "10%", flexDown: "5", flexNoticeDays: 30,
            rates: [RateLineInput(unit: .productiveHour, channel: nil, site: nil, language: nil, rate: rate, rampWeeks: nil, rampRate: nil, rampStart: nil),
                    RateLineInput(unit: .handledContact, channel: nil, site: nil, language: nil, rate: "1.10", rampWeeks: nil, rampRate: nil, rampStart: nil)],
            sla: SLAScheduleInput(atRiskPercent: "12", metrics: [
                SLAMetricInput(kpi: .serviceLevel, expected: 0.8, minimum: 0.75, allocationPercent: "50", stretch: nil, bonusPercent: nil),
                SLAMetricInput(kpi: .qaScore, expected: 85, minimum: 80, allocationPercent: "50", stretch: nil, bonusPercent: nil),
            ], earnbackMonths: 2, bonusCapPercent: nil, bonusOffsetsCredits: false, volumeExclusionPercent: "15"),
            note: nil, closePrevious: false
        )
    }

    /// A partner's own contract version, document and invoice (for the isolation matrix's other side).
    static func own(_ app: Application, partner: Partner) async throws -> [String: UUID] {
        let version = try await ContractService.addVersion(terms(), partner: partner, by: .cli("fixtures"), on: app.db)
        let document = try await DocumentService.upload(pdf, fileName: "msa.pdf", note: "", partner: partner, by: .cli("fixtures"), on: app.db)
        let lines = try InvoiceService.parseCSV("team,unit,quantity,rate\n\(partner.name),productive_hour,80,18.75\n", partner: partner)
        let invoice = try await InvoiceService.save(lines, month: BillingMonth("2026-03")!, reference: nil, partner: partner, by: .cli("fixtures"), on: app.db)
        return ["versionID": try version.requireID(), "documentID": try document.requireID(), "invoiceID": try invoice.requireID()]
    }

    static func records(_ app: Application, _ ws: Workspace) async throws -> [String: (id: UUID, touchesPartnerB: Bool)] {
        let db = app.db
        let actor = Actor.cli("fixtures")
        let partnerB = try await Partner.find(ws.partnerB, on: db)!
        var input = terms()
        input.note = "\(Workspace.markerB) side letter"
        let version = try await ContractService.addVersion(input, partner: partnerB, by: actor, on: db)
        let document = try await DocumentService.upload(pdf, fileName: "\(Workspace.markerB)-msa.pdf", note: "\(Workspace.markerB) signed", partner: partnerB, by: actor, on: db)
        let lines = try InvoiceService.parseCSV("team,unit,quantity,rate,description\n\(partnerB.name),productive_hour,100,18.75,\(Workspace.markerB) hours\n", partner: partnerB)
        let invoice = try await InvoiceService.save(lines, month: BillingMonth("2026-02")!, reference: "\(Workspace.markerB)-INV", partner: partnerB, by: actor, on: db)
        return ["versionID": (try version.requireID(), true), "documentID": (try document.requireID(), true), "invoiceID": (try invoice.requireID(), true)]
    }
}
