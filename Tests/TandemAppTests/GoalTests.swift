import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import TandemSelection
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// SMART goals: progress read from the scorecards (or entered by hand), on the partner page and in the QBR pack.
@Suite struct GoalTests {
    /// 40 of Alpha's calls on the Wednesday of last full week: 30 answered after 10 s, 10 after 60 s, each 300 s of talk.
    /// Service level (T 20 s) = 30 ÷ 40 = 75%; ASA = (30 × 10 + 10 × 60) ÷ 40 = 22.5 s; AHT = 300 s; no CSAT responses.
    static func lastWeeksCalls(_ app: Application, today: LocalDate) async throws {
        let week = ReportingPeriod(kind: .week, index: ReportingPeriod(kind: .week, containing: UTCDay(today.startOfDayUTC)).index - 1)
        let wednesday = LocalDate(date: week.firstDay.start).adding(days: 2).description
        var lines = [Perf.header]
        for i in 0..<40 {
            let minute = String(format: "%02d", i)
            let wait = i < 30 ? 10 : 60
            lines.append("g\(i),Alpha Support,,billing-voice,voice,\(wednesday)T09:\(minute):00Z,\(wednesday)T09:\(minute):\(String(format: "%02d", wait == 60 ? 0 : wait))Z,,\(wait),300,,,,")
        }
        let run = try await Perf.importCSV(app, lines.joined(separator: "\n") + "\n")
        #expect(run.rowsInserted == 40, "\(run.rowsInserted) stored: \(run.message)")
    }

    @Test(arguments: TestDatabase.all)
    func goal_status_follows_the_scorecards_against_a_straight_path(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let today = LocalDate(date: Date())
            try await Self.lastWeeksCalls(app, today: today)
            let api = try await APIClient.forUser(app, ws.manager)
            func goal(_ title: String, _ kpi: KPIKind?, _ baseline: Double, _ target: Double, from: Int, to: Int, manual: Double? = nil) async throws -> SmartGoalDTO {
                let response = try await api.send(.POST, "/api/v1/partners/\(ws.partnerA)/goals", body: SmartGoalInput(
                    title: title, kpi: kpi, unit: kpi == nil ? "agents certified" : nil, manualValue: manual, manualAsOf: nil, baseline: baseline, target: target,
                    startDate: today.adding(days: from), deadline: today.adding(days: to), owner: "Beth Carter", ownerSide: .partner))
                #expect(response.status == .created, "\(title): \(response.text)")
                return try response.json(SmartGoalDTO.self)
            }
            // SL from 60% (90 days ago) to 80% (in 90 days): the path stands at 60 + 20 × 90 ÷ 180 = 70% today; 75% is on track.
            let sl = try await goal("Service level to 80%", .serviceLevel, 0.6, 0.8, from: -90, to: 90)
            #expect(sl.current == 0.75 && abs(sl.expected - 0.70) < 1e-9 && sl.status == .onTrack)
            #expect(sl.measuredOver.contains("n = 40"))
            // AHT from 400 s (60 days ago) to 240 s (in 20 days): the path is at 400 − 160 × 60 ÷ 80 = 280 s; 300 s is at risk.
            let aht = try await goal("AHT to 4 minutes", .averageHandleTime, 400, 240, from: -60, to: 20)
            #expect(aht.current == 300 && aht.expected == 280 && aht.status == .atRisk)
            // ASA to 5 s by ten days ago: 22.5 s missed it.
            let asa = try await goal("ASA under 5 s", .averageSpeedOfAnswer, 60, 5, from: -100, to: -10)
            #expect(asa.current == 22.5 && asa.status == .missed)
            // No CSAT responses last week: not measured, never silently on track.
            let csat = try await goal("CSAT to 85%", .customerSatisfaction, 0.8, 0.85, from: -10, to: 80)
            #expect(csat.status == .notMeasured && csat.current == nil)
            // A figure entered by hand: 45 certified of a target of 40 is achieved.
            let manual = try await goal("Certify agents on returns", nil, 0, 40, from: -10, to: 50, manual: 45)
            #expect(manual.status == .achieved && manual.currentDisplay == "45 agents certified")

            // A KPI goal must point the KPI's better way; volumes are not goals.
            let uphill = try await api.send(.POST, "/api/v1/partners/\(ws.partnerA)/goals", body: SmartGoalInput(
                title: "AHT up", kpi: .averageHandleTime, unit: nil, manualValue: nil, manualAsOf: nil, baseline: 300, target: 360,
                startDate: today, deadline: today.adding(days: 30), owner: "x", ownerSide: .client))
            #expect(try uphill.json(APIErrorBody.self).fields?["target"] == "must be below the baseline: lower is better for this metric")
            let volume = try await api.send(.POST, "/api/v1/partners/\(ws.partnerA)/goals", body: SmartGoalInput(
                title: "More calls", kpi: .offered, unit: nil, manualValue: nil, manualAsOf: nil, baseline: 1, target: 2,
                startDate: today, deadline: today.adding(days: 30), owner: "x", ownerSide: .client))
            #expect(try volume.json(APIErrorBody.self).fields?.keys.contains("kpi") == true)

            // The partner page and the QBR pack show them; the partner's own users read them.
            var browser = try await Browser.signedIn(app, email: "a@partner-a.example")
            let page = try await browser.get(SiteURL.partner(.id(ws.partnerA)).path)
            #expect(page.text.contains("AHT to 4 minutes") && page.text.contains("badge-at_risk") && page.text.contains("badge-missed"))
            let pack = try await APIClient.forUser(app, ws.partnerUserA).send(.GET, "/api/v1/partners/\(ws.partnerA)/qbr")
            let statuses = try pack.json(QBRPack.self).smartGoals.map(\.status)
            #expect(Set(statuses) == [.onTrack, .atRisk, .missed, .notMeasured, .achieved])
            let qbr = try await browser.get(SiteURL.qbr(.id(ws.partnerA)).path)
            #expect(qbr.text.contains("<h2>SMART goals</h2>") && qbr.text.contains("<span class=\"status-near\">At risk</span>"))
            #expect(try await browser.post(SiteURL.partnerGoals(.id(ws.partnerA)).path, form: ["title": "x"]).status == .forbidden)
            #expect(try await APIClient.forUser(app, ws.partnerUserA).send(.GET, "/api/v1/goals/\(aht.id)").status == .ok)
            #expect(try await APIClient.forUser(app, ws.partnerUserB).send(.GET, "/api/v1/goals/\(aht.id)").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.all)
    func goals_are_set_in_percent_on_the_form_and_audited(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let path = SiteURL.partnerGoals(.id(ws.partnerA)).path
            _ = try await browser.get(path)
            let created = try await browser.post(path, form: ["title": "FCR to 75%", "kpi": "firstContactResolution", "baseline": "68", "target": "75%",
                                                              "startDate": "2026-07-01", "deadline": "2026-12-31", "owner": "Beth Carter", "ownerSide": "partner"])
            #expect(created.status == .seeOther, "\(created.text.prefix(300))")
            let goal = try #require(try await SmartGoalRecord.query(on: app.db).first())
            #expect(goal.kpi == .firstContactResolution && abs(goal.baseline - 0.68) < 1e-12 && abs(goal.target - 0.75) < 1e-12)
            let edit = try await browser.get(SiteURL.goal(.id(try goal.requireID())).path)
            #expect(edit.text.contains("name=\"baseline\" value=\"68\""))
            let bad = try await browser.post(path, form: ["title": "x", "baseline": "5", "target": "5", "startDate": "2026-07-01", "deadline": "2026-06-01", "owner": "y", "ownerSide": "client"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Target must differ from the baseline") && bad.text.contains("Deadline must be after the start date"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == "smart_goal").filter(\.$partnerID == ws.partnerA).count() == 1)
            #expect(try await browser.post(SiteURL.goalDelete(.id(try goal.requireID())).path).status == .seeOther)
            #expect(try await SmartGoalRecord.query(on: app.db).count() == 0)
        }
    }

    @Test func every_goal_url_is_routed() async throws {
        try await withApp(.sqlite) { app in
            let registered = Set(app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") })
            for url in [SiteURL.partnerGoals(.param), .goal(.param), .goalDelete(.param)] {
                #expect(registered.contains(url.path), "\(url.path) is linked but not routed")
            }
        }
    }
}
