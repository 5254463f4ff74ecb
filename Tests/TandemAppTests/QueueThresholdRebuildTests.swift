import Fluent
import Foundation
import SQLKit
import TandemPerformance
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// A queue's service-level threshold T is kept on its rollups at import; editing T rebuilds them.
@Suite struct QueueThresholdRebuildTests {
    static func thresholds(_ app: Application) async throws -> Set<Int64> {
        let rows = try await (app.db as! any SQLDatabase).select().distinct().column("service_level_ms").from("contact_rollups").all()
        return Set(try rows.map { try $0.decode(column: "service_level_ms", as: Int64.self) })
    }

    @Test(arguments: TestDatabase.all)
    func editing_a_queues_threshold_through_the_api_rebuilds_its_rollups(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Perf.settings(app, minimumSample: 1)
            try await Perf.importCSV(app, Perf.handWorked)
            let before = try await ScorecardService.scorecard(Perf.week, grouping: .team, scope: .all, on: app.db)
            #expect(before.rows.first { $0.teamID == ws.partnerA }?.cell(.serviceLevel)?.value == 0.5)   // c1 (10 s), c5 (20 s) of 4
            #expect(try await Self.thresholds(app) == [20_000])
            let api = try await APIClient.forUser(app, ws.manager)

            // T 20 s → 30 s: Alpha's c2 (wait 30 s) is now answered within T.
            let response = try await api.send(.PUT, "/api/v1/queues/\(ws.queue)",
                                              body: QueueInput(channelID: ws.channel, name: "Billing", code: "billing-voice", serviceLevelSeconds: 30))
            #expect(response.status == .ok)

            let after = try await ScorecardService.scorecard(Perf.week, grouping: .team, scope: .all, on: app.db)
            let alpha = try #require(after.rows.first { $0.teamID == ws.partnerA })
            #expect(alpha.cell(.serviceLevel)?.value == 0.75)   // c1, c2, c5 within 30 s ÷ (3 answered + c4 abandoned after 15 s)
            #expect(alpha.cell(.serviceLevel)?.formula.contains("within 30 s") == true)
            #expect(after.rows.first { $0.teamID == ws.inHouse }?.cell(.serviceLevel)?.value == 0.5)   // h1 (5 s) ÷ (h1 + h2 abandoned after 40 s)
            #expect(try await Self.thresholds(app) == [30_000])
            // Every other figure is as it was: the rebuild re-counted the same contacts.
            for (old, new) in zip(before.rows, after.rows) {
                for (o, n) in zip(old.cells, new.cells) where o.kpi != .serviceLevel {
                    #expect(o.value == n.value && o.sampleSize == n.sampleSize, "\(old.teamName) \(o.kpi)")
                }
            }
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entityType == "queue").filter(\.$action == .update).all()
            #expect(audit.count == 1 && audit[0].changes.contains("\"serviceLevelSeconds\""))
        }
    }

    @Test(arguments: TestDatabase.all)
    func the_queue_page_rebuilds_too_and_other_queues_are_left_alone(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Perf.settings(app, minimumSample: 1)
            let actor = Actor.cli("test")
            _ = try await CatalogueService.saveQueue(.init(channelID: ws.channel, name: "Orders", code: "orders-voice", serviceLevelSeconds: 15),
                                                     queue: nil, by: actor, on: app.db)
            try await Perf.importCSV(app, Perf.handWorked + "o1,Our Team,,orders-voice,voice,2026-03-03T12:00:00Z,2026-03-03T12:00:12Z,,,60,,,,\n")
            #expect(try await Self.thresholds(app) == [20_000, 15_000])

            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            _ = try await browser.get("/catalogue/queues/\(ws.queue.uuidString.lowercased())/edit")
            let saved = try await browser.post("/catalogue/queues/\(ws.queue.uuidString.lowercased())/edit",
                                               form: ["channelID": ws.channel.uuidString, "name": "Billing", "code": "billing-voice", "serviceLevelSeconds": "5", "active": "on"])
            #expect(saved.status == .seeOther)
            let page = try await browser.get("/catalogue")
            #expect(page.text.contains("recomputed with the new 5 s service-level threshold"))

            #expect(try await Self.thresholds(app) == [5_000, 15_000])
            let card = try await ScorecardService.scorecard(Perf.week, grouping: .queue, scope: .all, on: app.db)
            let alphaBilling = try #require(card.rows.first { $0.teamID == ws.partnerA })
            #expect(alphaBilling.cell(.serviceLevel)?.value == 0)   // no Alpha contact waited ≤ 5 s (10, 30, 20; c4 abandoned after 15 s)
            let orders = try #require(card.rows.first { $0.segment == "Orders" })
            #expect(orders.cell(.serviceLevel)?.value == 1)         // o1 waited 12 s ≤ 15 s: untouched
            let ours = try #require(card.rows.first { $0.teamID == ws.inHouse && $0.segment == "Billing" })
            #expect(ours.cell(.serviceLevel)?.value == 0.5)         // h1 waited 5 s ≤ 5 s
        }
    }
}
