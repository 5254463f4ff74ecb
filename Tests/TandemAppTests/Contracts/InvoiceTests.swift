import Fluent
import Foundation
import TandemContracts
import TandemPartners
import TandemPerformance
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Invoices: all-or-nothing entry and import, reconciliation, the workflow by role, delivered hours.
@Suite struct InvoiceTests {
    static func counts(_ app: Application) async throws -> [Int] {
        [try await Invoice.query(on: app.db).count(), try await InvoiceLineRecord.query(on: app.db).count(), try await AuditEntry.query(on: app.db).count()]
    }

    static let badCSV = """
    team,unit,quantity,rate,description
    Alpha Support,productive_hour,100,18.75,Voice hours
    Alpha Support,handled_contact,500,1.1O,Chat contacts
    Zeta BPO,productive_hour,10,18.75,Someone else's hours
    Alpha Support,productive_hour,20,18.75,The voice hours again

    """

    @Test(arguments: TestDatabase.all)
    func a_bad_invoice_file_is_refused_line_by_line_and_changes_nothing(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            // API: each problem under "row N field".
            let api = try await APIClient.forUser(app, ws.manager)
            var browser = try await Browser.signedIn(app, email: Workspace.emails[.manager]!)
            _ = try await browser.get(SiteURL.invoiceNew(partner: .id(ws.partnerA)).path)
            let before = try await Self.counts(app)
            let refused = try await api.send(.POST, "/api/v1/partners/\(ws.partnerA)/invoices", body: InvoiceInput(month: "2026-03", reference: nil, lines: nil, csv: Self.badCSV))
            #expect(refused.status == .unprocessableEntity)
            let fields = try refused.json(APIErrorBody.self).fields ?? [:]
            #expect(fields["row 3 rate"] == "must be a number of 0 or more with a dot for decimals, such as 18.75")
            #expect(fields["row 4 team"] == "\"Zeta BPO\" is not a team of this partner")
            #expect(fields["row 5 row"] == "duplicates line 2 (Alpha Support, productive hours)")
            #expect(try await Self.counts(app) == before)

            // JSON lines: the same checks, named by the line's index.
            let lines = [InvoiceLineInput(team: "Alpha Support", unit: "fte_month", quantity: "-2", rate: "4200", channel: nil, site: nil, language: nil, amount: nil, description: nil)]
            let json = try await api.send(.POST, "/api/v1/partners/\(ws.partnerA)/invoices", body: InvoiceInput(month: "2026-3", reference: nil, lines: lines, csv: nil))
            let jsonFields = try json.json(APIErrorBody.self).fields ?? [:]
            #expect(json.status == .unprocessableEntity && jsonFields["month"] == "must be a month as YYYY-MM")

            // The web upload: a table of every problem, nothing saved.
            let boundary = "TandemInvoice1"
            let body = [("month", "2026-03"), ("reference", "INV-9")].map { "--\(boundary)\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined()
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"march.csv\"\r\nContent-Type: text/csv\r\n\r\n\(Self.badCSV)\r\n--\(boundary)--\r\n"
            let page = try await browser.post(SiteURL.invoiceNew(partner: .id(ws.partnerA)).path + "?_csrf=\(browser.csrf!)", raw: body,
                                              contentType: HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]))
            #expect(page.status == .unprocessableEntity)
            #expect(page.text.contains("The invoice was not saved: 3 problems. Nothing was changed."))
            #expect(page.text.contains("Zeta BPO") && page.text.contains("duplicates line 2"))
            #expect(try await Self.counts(app) == before)

            // The CLI entry point: the same file, every problem listed, nothing imported.
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).csv").path
            try Self.badCSV.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            await #expect(throws: OperatorError.self) { try await InvoiceOperations.importFile(app, path: path, partner: "Alpha Support", month: "2026-03") }
            do { _ = try await InvoiceOperations.importFile(app, path: path, partner: "Alpha Support", month: "2026-03") } catch let error as OperatorError {
                #expect(error.message.contains("row 4, team: \"Zeta BPO\" is not a team of this partner"))
            }
            #expect(try await Self.counts(app) == before)
        }
    }

    @Test(arguments: TestDatabase.all)
    func reconciliation_flags_the_one_line_beyond_tolerance(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let partner = try #require(try await Partner.find(ws.partnerA, on: app.db))
            var terms = ContractsAccessFixture.terms(rate: "20")
            terms.sla = nil
            _ = try await ContractService.addVersion(terms, partner: partner, by: .cli("test"), on: app.db)
            // Delivered in March: 4 agents × 2 days: productive 6.25 h each = 50 h; logged 7 h each = 56 h.
            var delivered = ["team,agent,date,productive_hours,logged_hours"]
            for agent in 1...4 { for day in ["2026-03-02", "2026-03-03"] { delivered.append("Alpha Support,a-\(agent),\(day),6.25,7") } }
            let imported = try await DeliveredHoursImport.run(csv: delivered.joined(separator: "\n"), fileName: "march.csv", by: .cli("test"), on: app.db)
            #expect(imported.created == 8)
            // A schedule of one week is not a month's: not compared.
            _ = try await StaffingImportService.importSchedule(csv: """
                team,queue,interval_start,interval_minutes,agents
                Alpha Support,billing-voice,2026-03-02T08:00,30,34
                """, fileName: "week.csv", by: .cli("test"), on: app.db)
            // Handled: 10 contacts imported.
            try await Perf.importCSV(app, SLAEvaluationTests.contacts("2026-03", waits: Array(repeating: 10, count: 10), resolved: 8, abandons: 0))

            let lines = try InvoiceService.parseCSV("""
                team,unit,quantity,rate
                Alpha Support,productive_hour,52,20
                Alpha Support,handled_contact,12,1.10
                """, partner: partner)
            let invoice = try await InvoiceService.save(lines, month: BillingMonth("2026-03")!, reference: "INV-3", partner: partner, by: .cli("test"), on: app.db)
            let api = try await APIClient.forUser(app, ws.viewer)
            let early = try await api.send(.GET, "/api/v1/invoices/\(invoice.requireID())").json(InvoiceDTO.self)
            #expect(early.reconciliation.lines[0].comparisons.first { $0.basis == "scheduled" }?.reference == nil)
            #expect(early.reconciliation.sources.contains { $0.hasPrefix("scheduled: the schedule import covers only part of 2026-03 (2026-03-02 to 2026-03-02)") })
            // The rest of the month's schedule arrives: the open invoice is reconciled again. Across the month: 3 half hours × 34 agents = 51 h.
            _ = try await StaffingImportService.importSchedule(csv: """
                team,queue,interval_start,interval_minutes,agents
                Alpha Support,billing-voice,2026-03-02T08:30,30,34
                Alpha Support,billing-voice,2026-03-30T09:00,30,34
                """, fileName: "schedule.csv", by: .cli("test"), on: app.db)
            let dto = try await api.send(.GET, "/api/v1/invoices/\(invoice.requireID())").json(InvoiceDTO.self)
            #expect(dto.reconciliation.flaggedLines == 1)
            let hours = try #require(dto.reconciliation.lines.first { $0.row == 2 })
            // 52 billed − 50 delivered = 2 ≤ max(0, 5% × 50) = 2.5; − 51 scheduled = 1 ≤ 2.55: within.
            #expect(!hours.flagged && hours.rateMatches == true)
            let delivered50 = try #require(hours.comparisons.first { $0.basis == "delivered" })
            #expect(delivered50.reference == "50" && delivered50.difference == "2" && delivered50.allowed == "2.5" && delivered50.withinTolerance == true)
            #expect(hours.comparisons.first { $0.basis == "scheduled" }?.reference == "51")
            #expect(hours.comparisons.first { $0.basis == "required" }?.reference == nil, "no forecast: not known, never fine")
            let contacts = try #require(dto.reconciliation.lines.first { $0.row == 3 })
            // 12 billed − 10 handled = 2 > max(0, 5% × 10) = 0.5: beyond; 2 × 1.10 = 2.20 over.
            let handled = try #require(contacts.comparisons.first { $0.basis == "handled" })
            #expect(contacts.flagged && handled.reference == "10" && handled.allowed == "0.5" && handled.amount == "2.20" && handled.withinTolerance == false)
            #expect(dto.reconciliation.overbilledAmount == "2.20")
            // 52 × 20 + 12 × 1.10 = 1,040.00 + 13.20 = 1,053.20 (no SLA in this version).
            #expect(dto.settlement.payable == "1053.20")

            // A rate the contract does not have is flagged too.
            let wrongRate = try InvoiceService.parseCSV("team,unit,quantity,rate\nAlpha Support,productive_hour,50,21\n", partner: partner)
            try await InvoiceService.save(wrongRate, month: BillingMonth("2026-03")!, reference: nil, partner: partner, by: .cli("test"), on: app.db)
            let redone = try await api.send(.GET, "/api/v1/invoices/\(invoice.requireID())").json(InvoiceDTO.self)
            #expect(redone.reconciliation.lines.count == 1 && redone.reconciliation.lines[0].rateMatches == false && redone.reconciliation.lines[0].flagged)
            #expect(redone.reconciliation.lines[0].rateCheck.contains("not the contract rate 20"))

            // Delivered hours imported again update in place; a bad file names file, line and field and changes nothing.
            let again = try await DeliveredHoursImport.run(csv: delivered.joined(separator: "\n"), fileName: "march.csv", by: .cli("test"), on: app.db)
            #expect(again.created == 0 && again.unchanged == 8)
            let bad = "team,agent,date,productive_hours,logged_hours\nAlpha Support,a-1,2026-03-04,9,8\nNobody,a-2,2026-3-4,1,2\n"
            do {
                _ = try await DeliveredHoursImport.run(csv: bad, fileName: "bad.csv", by: .cli("test"), on: app.db)
                Issue.record("a bad delivered-hours file was accepted")
            } catch let failure as StaffingImportFailed {
                #expect(failure.issues.map(\.description) == [
                    "bad.csv:2: productive_hours: is more than the logged hours (8)",
                    "bad.csv:3: date: must be a date as YYYY-MM-DD (got \"2026-3-4\")",
                    "bad.csv:3: team: is not a team in this workspace (use the team's name as on Partners)",
                ])
            }
            #expect(try await DeliveredHours.query(on: app.db).count() == 8)
        }
    }

    @Test(arguments: TestDatabase.all)
    func managers_approve_partners_dispute_their_own_lines_and_viewers_only_read(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let manager = try await APIClient.forUser(app, ws.manager)
            let lines = [InvoiceLineInput(team: "Alpha Support", unit: "productive_hour", quantity: "100", rate: "18.75", channel: "voice", site: nil, language: nil, amount: "1875.00", description: "Voice"),
                         InvoiceLineInput(team: "Alpha Support", unit: "handled_contact", quantity: "400", rate: "1.10", channel: "chat", site: nil, language: nil, amount: nil, description: "Chat")]
            let created = try await manager.send(.POST, "/api/v1/partners/\(ws.partnerA)/invoices", body: InvoiceInput(month: "2026-04", reference: "A-0426", lines: lines, csv: nil))
            #expect(created.status == .created, "\(created.text)")
            let invoice = try created.json(InvoiceDTO.self)
            #expect(invoice.status == .draft && invoice.lines.map(\.row) == [2, 3] && invoice.settlement.linesTotal == "2315.00")  // 1,875 + 440
            #expect(invoice.actions == [.submitForReview])

            let viewer = try await APIClient.forUser(app, ws.viewer)
            let partnerA = try await APIClient.forUser(app, ws.partnerUserA)
            let partnerB = try await APIClient.forUser(app, ws.partnerUserB)
            func act(_ client: APIClient, _ input: InvoiceActionInput) async throws -> TestingHTTPResponse {
                try await client.send(.POST, "/api/v1/invoices/\(invoice.id)/actions", body: input)
            }
            #expect(try await act(viewer, .init(action: .submitForReview)).status == .forbidden)
            #expect(try await act(manager, .init(action: .approve)).status == .unprocessableEntity, "a draft is not approved before review")
            #expect(try await act(manager, .init(action: .submitForReview)).status == .ok)
            #expect(try await act(viewer, .init(action: .approve)).status == .forbidden)
            #expect(try await act(partnerA, .init(action: .approve)).status == .forbidden)
            #expect(try await act(partnerB, .init(action: .dispute, disputes: [.init(row: 2, reason: "x")])).status == .notFound)
            #expect(try await viewer.send(.GET, "/api/v1/invoices/\(invoice.id)").status == .ok)
            #expect(try await partnerB.send(.GET, "/api/v1/invoices/\(invoice.id)").status == .notFound)

            // A dispute needs a reason on each line it names.
            let empty = try await act(partnerA, .init(action: .dispute, disputes: [.init(row: 3, reason: " ")]))
            let emptyFields = try empty.json(APIErrorBody.self).fields
            #expect(empty.status == .unprocessableEntity && emptyFields?["row 3 reason"] == "is required")
            let disputed = try await act(partnerA, .init(action: .dispute, disputes: [.init(row: 3, reason: "40 of these were transfers, not handled")]))
            #expect(disputed.status == .ok)
            let after = try disputed.json(InvoiceDTO.self)
            #expect(after.status == .disputed && after.lines[1].disputeReason == "40 of these were transfers, not handled" && after.lines[0].disputeReason == nil)
            #expect(after.actions.isEmpty, "a partner user cannot resolve")
            #expect(try await act(manager, .init(action: .resolve)).status == .unprocessableEntity, "a resolution says how")
            #expect(try await act(manager, .init(action: .resolve, note: "Credit note for 40 contacts agreed")).status == .ok)

            let steps = try await AuditEntry.query(on: app.db).filter(\.$entityType == "invoice").filter(\.$action == .update).all()
            let statuses = steps.compactMap { entry -> String? in
                (try? JSONDecoder().decode([AuditChange].self, from: Data(entry.changes.utf8)))?.first { $0.field == "status" }?.after
            }
            #expect(Set(statuses) == ["under_review", "disputed", "resolved"], "\(statuses)")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == "invoice_line").filter(\.$action == .update).count() == 1)

            // Approval freezes the figures: a second invoice approved, then more contacts change nothing on it.
            let may = try await manager.send(.POST, "/api/v1/partners/\(ws.partnerA)/invoices", body: InvoiceInput(month: "2026-05", reference: nil, lines: [lines[1]], csv: nil)).json(InvoiceDTO.self)
            _ = try await manager.send(.POST, "/api/v1/invoices/\(may.id)/actions", body: InvoiceActionInput(action: .submitForReview))
            #expect(try await manager.send(.POST, "/api/v1/invoices/\(may.id)/actions", body: InvoiceActionInput(action: .approve)).json(InvoiceDTO.self).status == .approved)
            let replaced = try await manager.send(.POST, "/api/v1/partners/\(ws.partnerA)/invoices", body: InvoiceInput(month: "2026-05", reference: nil, lines: lines, csv: nil))
            let replacedFields = try replaced.json(APIErrorBody.self).fields
            #expect(replaced.status == .unprocessableEntity && replacedFields?["month"]?.contains("approved") == true)
        }
    }
}
