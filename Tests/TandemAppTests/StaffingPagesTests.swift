import Fluent
import Foundation
import TandemPartners
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite struct StaffingPagesTests {
    /// The same inputs through the web page, the API and the CLI's text: the same figures.
    @Test(arguments: TestDatabase.all)
    func calculator_page_api_and_cli_agree(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let query = "contacts=10&ahtSeconds=180&intervalMinutes=30&serviceLevelPercent=80&thresholdSeconds=20&shrinkagePercent=20"
            let api = try await APIClient.forUser(app, ws.viewer)
            let result = try await api.send(.GET, "/api/v1/staffing/calculator?\(query)").json(CalculatorResultDTO.self)
            // Hand-worked: 1 Erlang, N = 3, SL(3) = 1 − e^(−2/9)/11 = 92.7%, fractional 2.44.
            #expect(result.agents == 3 && result.trafficErlangs == 1)
            #expect(abs(result.serviceLevel! - (1 - exp(-2.0 / 9) / 11)) < 1e-12)
            #expect(result.rows.map(\.agents) == Array(1...8))

            var browser = try await Browser.signedIn(app, email: "viewer@test.example")
            let page = try await browser.get("/staffing/calculator?\(query)")
            #expect(page.status == .ok)
            let cli = try StaffingOperations.calculation(["contacts": "10", "ahtSeconds": "180", "intervalMinutes": "30", "serviceLevelPercent": "80",
                                                             "thresholdSeconds": "20", "shrinkagePercent": "20"])
            #expect(cli.contains("Agents required: 3 (fractional 2.44; scheduled FTE 3.04)"))
            #expect(cli.contains("At 3 agents: service level 92.7%, ASA 8.2 s, occupancy 33.3%"))
            #expect(page.text.contains("<div class=\"card-title\">Agents required</div><div class=\"card-figure\">3</div>"))
            #expect(page.text.contains("<div class=\"card-figure\">92.7%</div>"))
            #expect(page.text.contains("fractional 2.44"))
            for row in result.rows {
                let sl = StaffingFormat.percent(row.serviceLevel)
                #expect(page.text.contains("<td>\(sl)</td>"), "page row \(row.agents)")
                #expect(cli.contains(sl), "cli row \(row.agents)")
            }
            #expect(page.text.contains("<svg class=\"chart\" role=\"img\" aria-label=\"Service level by number of agents\""))
            #expect(page.text.contains("3 agents: SL 92.7%, ASA 8.2 s, occupancy 33.3%"))

            let bad = try await browser.get("/staffing/calculator?contacts=-1&ahtSeconds=0")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Contacts in the interval must be from 0 to 1000000"))
            let apiBad = try await api.send(.GET, "/api/v1/staffing/calculator?contacts=10")
            #expect(try apiBad.json(APIErrorBody.self).fields == ["ahtSeconds": "is required"])
        }
    }

    /// The demo's week: a plan with four teams and three channels, its heatmaps, the
    /// concentration warning on billing voice, and an exit scenario.
    @Test(arguments: TestDatabase.all)
    func demo_plan_heatmap_concentration_and_exit_render(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await DemoWorkspace.load(on: app)
            let admin = try #require(try await User.query(on: app.db).filter(\.$email == "admin@northwind.example").first())
            let api = try await APIClient.forUser(app, admin.requireID())
            let plan = try await api.send(.GET, "/api/v1/staffing/plan").json(PlanDTO.self)
            #expect(plan.week == PlanTime.monday(of: LocalDate(date: Date())))
            // The four teams with work and the sourcing event's chosen candidate, now onboarding (no hours yet);
            // the two candidates not chosen are prospects again and are not listed.
            #expect(plan.teams.count == 5)
            #expect(plan.teams.filter { $0.requiredHours == 0 && $0.scheduledHours == 0 }.count == 1)
            #expect(plan.queues.count == 6 && plan.queues.allSatisfy { $0.intervals == 336 && $0.intervalMinutes == 30 })
            #expect(Set(plan.queues.map(\.channelName)) == ["Voice", "Chat", "Email"])
            #expect(Set(plan.queues.map(\.model)) == ["erlang_c", "erlang_a", "workload"])
            #expect(abs(plan.unallocatedHours!) < 1e-6, "every queue is allocated in every shift")
            #expect(abs(plan.teams.reduce(0) { $0 + $1.requiredHours } - plan.totalRequiredHours!) < 1e-6)
            #expect(plan.peakPooledAgents! < plan.peakRoundedEachAgents!)
            // Billing voice: Harborline 100% in every shift; the overnight-only Lotus share of tech voice is exempt.
            #expect(plan.warnings.map { "\($0.scope) \($0.scopeName) \($0.teamName) \($0.shifts)" } == [
                "queue Billing (voice) Harborline Contact Services [\"day\", \"evening\"]",
            ])
            let harborline = try #require(plan.teams.first { $0.teamName == "Harborline Contact Services" })
            #expect(harborline.underHours > 1 && harborline.overHours > 1, "short in the afternoon, long in the morning")

            var browser = try await Browser.signedIn(app, email: "admin@northwind.example", password: DemoWorkspace.password)
            let page = try await browser.get("/staffing")
            #expect(page.status == .ok)
            #expect(page.text.contains("Harborline Contact Services holds 100.0% of Billing (voice) (Day, Evening shifts)"))
            for team in plan.teams {
                #expect(page.text.contains("<td>\(team.teamName)</td><td>\(team.kind.label)</td><td>\(ContactCentreFormat.number(team.requiredHours))</td><td>\(ContactCentreFormat.number(team.scheduledHours))</td>"),
                        "plan row of \(team.teamName)")
            }
            #expect(page.text.contains("<div class=\"card-figure\">\(ContactCentreFormat.number(plan.totalRequiredHours!))</div>"))
            #expect(page.text.contains("class=\"how\""))

            let heatmap = try await browser.get("/staffing/heatmap")
            #expect(heatmap.text.components(separatedBy: "<section class=\"team-heatmap\"").count - 1 == 5)
            #expect(heatmap.text.components(separatedBy: "class=\"hm-").count - 1 == 5 * 7 * 48, "one cell per team, day and half hour")
            #expect(heatmap.text.contains("id=\"heatmap-legend\""), "one legend for the shared scale")
            #expect(heatmap.text.contains("data-gap=\"-"), "some slots under-staffed")
            #expect(heatmap.text.contains("fill=\"#"), "coloured cells")

            let teamID = harborline.teamID.uuidString.lowercased()
            let exit = try await api.send(.GET, "/api/v1/staffing/exit?team=\(teamID)").json(ExitScenarioDTO.self)
            #expect(exit.noticeDays == 30 && exit.maxDaysExposed == 26)  // voice: 35 + 21 days − 30
            #expect(abs(exit.leavingHoursPerWeek - harborline.requiredHours) < 1e-6)
            let exitPage = try await browser.get("/staffing/exit?team=\(teamID)")
            #expect(exitPage.text.contains("<h1>Exit scenario: Harborline Contact Services leaves</h1>"))
            #expect(exitPage.text.contains("<div class=\"card-title\">Days exposed</div><div class=\"card-figure\">26</div>"))
            #expect(exitPage.text.contains("<div class=\"card-figure\">\(ContactCentreFormat.number(exit.uncoveredHoursTotal))</div>"))

            let dashboard = try await browser.get("/")
            #expect(dashboard.text.contains("id=\"dashboard-concentration\""))
            #expect(dashboard.text.contains("Harborline Contact Services holds 100.0% of Billing (voice)"))
            let partnerPage = try await browser.get("/partners/\(teamID)")
            #expect(partnerPage.text.contains("id=\"partner-staffing\""))
            #expect(partnerPage.text.contains("holds 100.0% of Billing (voice)"))

            // Harborline's own user sees its share and warning, nothing of the other teams.
            var partner = try await Browser.signedIn(app, email: "pm@harborline.example", password: DemoWorkspace.password)
            for path in ["/staffing", "/staffing/heatmap", "/", "/staffing/queues/\(plan.queues[0].queueID.uuidString.lowercased())/allocation"] {
                let seen = try await partner.get(path)
                #expect(seen.status == .ok, "\(path)")
                #expect(!seen.text.contains("Meridian CX") && !seen.text.contains("Lotus Shore") && !seen.text.contains("Northwind In-house"), "\(path) leaked another team")
            }
            #expect(try await partner.get("/staffing/exit").status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.all)
    func settings_and_rules_forms_validate_and_audit(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            _ = try await browser.get("/staffing/queues/\(ws.queue)/settings")
            let bad = try await browser.post("/staffing/queues/\(ws.queue)/settings", form: ["serviceLevelPercent": "120", "shrinkagePercent": "30"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Service-level target (%) must be more than 0 and less than 100"))
            let ok = try await browser.post("/staffing/queues/\(ws.queue)/settings", form: ["serviceLevelPercent": "90", "thresholdSeconds": "15", "shrinkagePercent": "35", "patienceSeconds": "60"])
            #expect(ok.status == .seeOther)
            let saved = try await StaffingSettingsService.settings(of: ws.queue, on: app.db)
            #expect(saved.serviceLevel == 0.9 && saved.thresholdSeconds == 15 && saved.shrinkage == 0.35 && saved.model == "erlang_a")

            let rules = try await browser.post("/staffing/rules", form: ["concentrationLimitPercent": "80", "exemptOvernight": "", "dayStartsAt": "7", "eveningStartsAt": "15", "overnightStartsAt": "23"])
            #expect(rules.status == .seeOther)
            let stored = try await StaffingRulesService.rules(on: app.db)
            #expect(stored == StaffingRulesDTO(concentrationLimit: 0.8, exemptOvernight: false, shiftHours: .init(dayStartsAt: 7, eveningStartsAt: 15, overnightStartsAt: 23)))
            let sameHours = try await browser.post("/staffing/rules", form: ["concentrationLimitPercent": "100", "dayStartsAt": "8", "eveningStartsAt": "8", "overnightStartsAt": "0"])
            #expect(sameHours.status == .unprocessableEntity)
            let audited = try await AuditEntry.query(on: app.db).filter(\.$entityType ~~ ["staffing_settings", "staffing_rules"]).count()
            #expect(audited == 2)
        }
    }
}
