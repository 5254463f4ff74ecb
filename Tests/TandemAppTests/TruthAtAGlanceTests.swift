import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Issue 22: ranks the client and the partner read alike, thin figures caveated, the plan's
/// unallocated queues, the client's contacts read-only to partners, audit rows in words.
@Suite struct TruthAtAGlanceTests {
    /// Perf.handWorked, minimum sample 1. AHT: Alpha (150 + 240 + 300) ÷ 3 = 230 s, Our Team 60 s
    /// (lower is better): Our Team 1 of 2, Alpha 2 of 2 (Bravo has no contacts: not ranked).
    @Test(arguments: TestDatabase.all)
    func a_partner_users_rank_is_the_clients_view_of_it(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Perf.settings(app, minimumSample: 1)
            try await Perf.importCSV(app, Perf.handWorked)
            let path = "/api/v1/scorecards?period=week&at=2026-03-04&by=team"
            let client = try await APIClient.forUser(app, ws.manager).send(.GET, path).json([Scorecard].self)[0]
            let partner = try await APIClient.forUser(app, ws.partnerUserA).send(.GET, path).json([Scorecard].self)[0]
            let clientAlpha = try #require(client.rows.first { $0.teamID == ws.partnerA })
            #expect(partner.rows.map(\.teamID) == [ws.partnerA])
            #expect(partner.rows[0].cells == clientAlpha.cells)
            let aht = try #require(partner.rows[0].cell(.averageHandleTime))
            #expect(aht.value == 230 && aht.rank == 2 && aht.rankOf == 2 && aht.rankText == "2 of 2" && aht.display == "3:50")

            var browser = try await Browser.signedIn(app, email: "a@partner-a.example")
            let page = try await browser.get("/performance?period=week&at=2026-03-04&by=team")
            #expect(page.text.contains("<span class=\"rank\">rank 2 of 2</span>"))
            #expect(!page.text.contains(" of 1</span>") && !page.text.contains("Our Team"))

            // A workspace may hide ranks from partners altogether.
            var settings = try await PerformanceSettingsStore.load(on: app.db)
            settings.partnerView = PartnerViewSettings(ranks: .hidden)
            try await PerformanceSettingsStore.save(settings, by: .cli("test"), on: app.db)
            let hidden = try await APIClient.forUser(app, ws.partnerUserA).send(.GET, path).json([Scorecard].self)[0]
            #expect(hidden.rows[0].cells.allSatisfy { $0.rank == nil && $0.rankOf == nil })
            let csv = try await browser.get("/performance/scorecard.csv?period=week&at=2026-03-04&by=team")
            #expect(csv.text.contains(",averageHandleTime,230.0,690.0,3.0,3,true,,,,,,"))
            let clientAgain = try await APIClient.forUser(app, ws.manager).send(.GET, path).json([Scorecard].self)[0]
            #expect(clientAgain.rows.first { $0.teamID == ws.partnerA }?.cell(.averageHandleTime)?.rankText == "2 of 2")
        }
    }

    /// At the default minimum of 30, Alpha's 4 service-level contacts are too few: greyed,
    /// "too little data", its sample shown, not ranked; the drill-down lists the day behind it.
    @Test(arguments: TestDatabase.all)
    func a_thin_figure_is_greyed_with_its_sample_and_drills_down_to_its_days(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Perf.importCSV(app, Perf.handWorked)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let page = try await browser.get("/performance?period=week&at=2026-03-04&by=team")
            #expect(page.text.contains("class=\"kpi thin\""))
            #expect(page.text.contains(">too little data</a></span> <span class=\"sample\">n = 4</span>"))
            #expect(!page.text.contains("class=\"rank\""), "nothing is ranked below the minimum sample")
            let team = ws.partnerA.uuidString.lowercased()
            let drill = try await browser.get("/performance/figure?team=\(team)&kpi=serviceLevel&period=week&at=2026-03-02")
            #expect(drill.status == .ok)
            // One day (Tue 3 Mar 2026), one queue: 2 answered within 20 s ÷ (3 answered + 1 abandoned after 5 s).
            #expect(drill.text.contains("<td>Tue 3 Mar 2026</td><td>Billing</td><td>4</td><td>3</td><td>2 ÷ 4</td><td>4</td>"))
            #expect(drill.text.contains("Week total: too little data (50.0%)</strong> = 2 ÷ 4 · n = 4, below the minimum sample of 30"))
            // A partner user may drill into its own figures only.
            var partnerB = try await Browser.signedIn(app, email: "b@partner-b.example")
            #expect(try await partnerB.get("/performance/figure?team=\(team)&kpi=serviceLevel&period=week&at=2026-03-02").status == .notFound)
        }
    }

    /// A queue with neither an allocation nor a forecast still counts as unallocated, so the card
    /// agrees with the queue table ("not allocated").
    @Test(arguments: TestDatabase.all)
    func the_plan_counts_every_queue_without_an_allocation(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let s = try await StaffingPlanTests.setUp(app)
            let returns = try await CatalogueService.saveQueue(.init(channelID: s.ws.channel, name: "Returns", code: "returns-voice"), queue: nil,
                                                               by: .cli("test"), on: app.db)
            let api = try await APIClient.forUser(app, s.ws.manager)
            let plan = try await api.send(.GET, "/api/v1/staffing/plan?week=2026-03-02").json(PlanDTO.self)
            #expect(abs(plan.unallocatedHours!) < 1e-9, "no required hour is unallocated: Returns has no forecast")
            let listed = try #require(plan.unallocatedQueues)
            #expect(listed.map(\.queueID) == [try returns.requireID()])
            #expect(listed[0].reason == "no allocation in force" && !listed[0].hasForecast && listed[0].requiredHours == 0)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let page = try await browser.get("/staffing?week=2026-03-02").text
            #expect(page.contains("<div class=\"card-figure\">1 queue</div><div class=\"card-note\">0.0 required hours no allocation covers: Returns</div>"))
            #expect(page.contains("id=\"unallocated-queues\""))
            #expect(page.contains("The forecast stored for this week (4 intervals)") && page.contains("plan.csv"))
            let partner = try await APIClient.forUser(app, s.ws.partnerUserA).send(.GET, "/api/v1/staffing/plan?week=2026-03-02").json(PlanDTO.self)
            #expect(partner.unallocatedQueues == nil)
        }
    }

    /// Alpha scheduled 30 voice agents at 08:00 and none at 08:30, and 40 on email for the hour:
    /// 55 h against 20.9 h required, yet voice at 08:30 is short (0.6 × the voice FTE).
    @Test(arguments: TestDatabase.all)
    func the_plan_explains_a_team_over_its_hours_but_short_in_slots(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let s = try await StaffingPlanTests.setUp(app)
            _ = try await StaffingImportService.importSchedule(csv: """
                team,queue,interval_start,interval_minutes,agents
                Alpha Support,billing-voice,2026-03-02T08:00,30,30
                Alpha Support,email-q,2026-03-02T08:00,60,40
                """, fileName: "alpha.csv", by: .cli("test"), on: app.db)
            let plan = try await APIClient.forUser(app, s.ws.manager).send(.GET, "/api/v1/staffing/plan?week=2026-03-02").json(PlanDTO.self)
            let shortfall = try #require(plan.shortfalls.first { $0.teamID == s.ws.partnerA })
            // Four queue slots (voice and email at 08:00 and 08:30); only voice at 08:30 is short.
            #expect(shortfall.slots == 4 && shortfall.shortSlots == 1)
            #expect(shortfall.worstSlot == "2026-03-02T08:30" && shortfall.worstQueue == "Billing")
            #expect(abs(shortfall.worstShortAgents - 0.6 * StaffingPlanTests.voiceFTE) < 1e-9)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let page = try await browser.get("/staffing?week=2026-03-02").text
            #expect(page.contains("id=\"plan-explain\""))
            #expect(page.contains("<strong>Alpha Support</strong>: scheduled"))
            #expect(page.contains("interval mismatch") && page.contains("shrinkage of Billing 20%, Email 20%"))
            #expect(page.contains("the worst is Mon 2 Mar 2026 08:30 on Billing"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func the_clients_own_contacts_are_read_only_to_a_partner_user(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let partner = try await PartnerService.require(ws.partnerA, scope: .all, on: app.db)
            let clientContact = try await PartnerService.saveKeyContact(.init(name: "María López", side: .client, role: "Relationship manager", email: "maria@client.example"),
                                                                        contact: nil, partner: partner, by: .cli("test"), on: app.db)
            let ownContact = try await PartnerService.saveKeyContact(.init(name: "Beth Carter", side: .partner, role: "Program manager", email: "beth@alpha.example"),
                                                                     contact: nil, partner: partner, by: .cli("test"), on: app.db)
            let a = ws.partnerA.uuidString.lowercased(), client = try clientContact.requireID().uuidString.lowercased()
            let own = try ownContact.requireID().uuidString.lowercased()
            var browser = try await Browser.signedIn(app, email: "a@partner-a.example")
            let page = try await browser.get("/partners/\(a)").text
            #expect(page.contains("/contacts/\(own)/edit") && !page.contains("/contacts/\(client)/edit") && !page.contains("/contacts/\(client)/delete"))
            #expect(page.contains("the client's contact"))
            #expect(try await browser.get("/partners/\(a)/contacts/\(client)/edit").status == .forbidden)
            #expect(try await browser.post("/partners/\(a)/contacts/\(client)/delete", form: [:]).status == .forbidden)
            let api = try await APIClient.forUser(app, ws.partnerUserA)
            #expect(try await api.send(.DELETE, "/api/v1/partners/\(a)/contacts/\(client)").status == .forbidden)
            #expect(try await api.send(.PUT, "/api/v1/partners/\(a)/contacts/\(client)", body: KeyContactInput(name: "X", side: .partner, role: "PM", email: "x@alpha.example")).status == .forbidden)
            #expect(try await api.send(.POST, "/api/v1/partners/\(a)/contacts", body: KeyContactInput(name: "Y", side: .client, role: "CFO", email: "y@client.example")).status == .unprocessableEntity)
            #expect(try await KeyContact.find(clientContact.id, on: app.db)?.name == "María López", "nothing changed")
            // Its own contacts stay its to keep.
            #expect(try await api.send(.PUT, "/api/v1/partners/\(a)/contacts/\(own)", body: KeyContactInput(name: "Beth Carter", side: .partner, role: "Account director", email: "beth@alpha.example")).status == .ok)
            // The client's people edit every contact.
            var manager = try await Browser.signedIn(app, email: "manager@test.example")
            #expect(try await manager.get("/partners/\(a)/contacts/\(client)/edit").status == .ok)
        }
    }

    @Test(arguments: TestDatabase.all)
    func exit_scenarios_reach_a_partner_user_only_when_the_client_shares_them(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let s = try await StaffingPlanTests.setUp(app)
            let api = try await APIClient.forUser(app, s.ws.partnerUserA)
            var browser = try await Browser.signedIn(app, email: "a@partner-a.example")
            #expect(try await api.send(.GET, "/api/v1/staffing/exit?week=2026-03-02").status == .forbidden)
            #expect(try await browser.get("/staffing/exit?week=2026-03-02").status == .forbidden)
            var settings = try await PerformanceSettingsStore.load(on: app.db)
            settings.partnerView = PartnerViewSettings(shareExitScenarios: true)
            try await PerformanceSettingsStore.save(settings, by: .cli("test"), on: app.db)
            let own = try await api.send(.GET, "/api/v1/staffing/exit?week=2026-03-02").json(ExitScenarioDTO.self)
            #expect(own.teamID == s.ws.partnerA)
            #expect(own.channels.flatMap(\.absorbers).allSatisfy { $0.teamName == "other teams" })
            // Another team's scenario stays out of reach (404: not even its existence).
            #expect(try await api.send(.GET, "/api/v1/staffing/exit?week=2026-03-02&team=\(s.ws.partnerB)").status == .notFound)
            let page = try await browser.get("/staffing/exit?week=2026-03-02")
            #expect(page.status == .ok && !page.text.contains(Workspace.markerB))
        }
    }

    /// "manager changed the status of Delta Care from prospect to evaluating": no field names, no ids.
    @Test(arguments: TestDatabase.all)
    func audit_rows_read_as_sentences(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.admin)
            let partner = try await api.send(.POST, "/api/v1/partners", body: PartnerInput(name: "Delta Care", status: .prospect)).json(PartnerDTO.self)
            _ = try await api.send(.PUT, "/api/v1/partners/\(partner.id)", body: PartnerInput(name: "Delta Care", status: .evaluating, goLiveDate: nil,
                                                                                              relationshipManagerID: ws.manager))
            #expect(try await api.send(.PUT, "/api/v1/staffing/notice-periods", body: [NoticePeriodInput(teamID: partner.id, noticeDays: 90)]).status == .ok)
            let entries = try await api.send(.GET, "/api/v1/partners/\(partner.id)/audit").json([AuditEntryDTO].self)
            let sentences = entries.flatMap(\.summary)
            #expect(sentences.contains("admin changed the status of Delta Care from prospect to evaluating"))
            #expect(sentences.contains("admin set the relationship manager of Delta Care to manager"))
            #expect(sentences.contains("admin set the notice period of Delta Care to 90 days"), "\(sentences)")
            var browser = try await Browser.signedIn(app, email: "admin@test.example")
            let history = try await browser.get("/partners/\(partner.id.uuidString.lowercased())/history").text
            #expect(history.contains("admin changed the status of Delta Care from prospect to evaluating"))
            #expect(!history.contains(ws.manager.uuidString.lowercased()) && !history.contains("relationshipManagerID") && !history.contains("<code>"))
        }
    }
}
