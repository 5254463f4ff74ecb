import Foundation
import TandemPartners
import TandemPerformance
import Vapor
@testable import TandemApp

/// Records behind the performance routes' parameters, for `AccessControlTests.fill`: an import
/// (imports span every team, so partner users must not reach them), a target and an alert of partner B.
enum PerformanceAccessFixture {
    static func records(_ app: Application, _ ws: Workspace) async throws -> [String: (id: UUID, touchesPartnerB: Bool)] {
        let run = try await Perf.importCSV(app, Perf.header + "\nz-1,Bravo \(Workspace.markerB) BPO,,billing-voice,voice,2026-03-03T09:00:00Z,,,,,,,,\n")
        let target = try await KPITargetService.create(.init(teamID: ws.partnerB, kpi: .serviceLevel, target: 0.8, effectiveFrom: LocalDate("2026-01-01")!),
                                                       by: .cli("fixtures"), on: app.db)
        // An alert about partner B (opening an incident from it must stay within B's scope).
        let alert = PerformanceAlert()
        alert.teamID = ws.partnerB
        alert.kpi = .serviceLevel
        alert.rule = "missed_run"
        alert.message = "Service level missed its target 3 weeks in a row (week of 2026-03-02)."
        alert.periodStart = "2026-03-02"
        alert.raisedAt = Date()
        try await alert.create(on: app.db)
        let performance: [String: (id: UUID, touchesPartnerB: Bool)] = ["importID": (try run.requireID(), true), "targetID": (try target.requireID(), true), "alertID": (try alert.requireID(), true)]
        // Choosing and designing partnerships (issue 15).
        let selection = performance.merging(try await SelectionFixture.records(app, ws)) { first, _ in first }
        // Contracts and money (issue 14): a contract version, a document and an invoice of partner B.
        let contracts = selection.merging(try await ContractsAccessFixture.records(app, ws)) { first, _ in first }
        // The front line (issue 16).
        return contracts.merging(try await FrontlineAccessFixture.records(app, ws)) { first, _ in first }
    }
}
