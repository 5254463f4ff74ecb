import Fluent
import Foundation
import SQLKit
import TandemFrontline
import TandemPerformance
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Time to proficiency, ramp gates and contests from stored contacts and QA, hand-worked.
@Suite struct FrontlineFiguresTests {
    /// Small samples so a hand-worked case stays small: windows of 3 days, judged on 2 contacts and 1 evaluation.
    static func smallSettings(_ app: Application) async throws {
        var s = FrontlineSettings()
        s.windowDays = 3
        s.minimumContacts = 2
        s.minimumEvaluations = 1
        s.minimumSample = 1
        try await FrontlineSettingsStore.save(s, by: .cli("test"), on: app.db)
    }

    static func contact(_ id: String, agent: String, day: String, handle: Int) -> String {
        "\(id),Alpha Support,,billing-voice,voice,\(agent),\(day)T09:00:00Z,\(day)T09:00:05Z,,,\(handle),0,0,,"
    }

    /// T1 (tenured) handles one 300 s contact: the tenured median is 300 s, the limit 1.10 × 300 = 330 s.
    /// S1 starts 2026-03-09 (Monday):
    ///   03-09 600 s, QA 70 · 03-10 300 s, QA 90 · 03-11 200 s, QA 95 · 03-12 250 s, QA 90
    ///   03-09: 1 contact < 2, not judged · 03-10: (600 + 300) ÷ 2 = 450 s > 330 · 03-11: 1100 ÷ 3 = 366.7 s > 330
    ///   03-12 (window 03-10…03-12): 750 ÷ 3 = 250 s ≤ 330 and QA (90 + 95 + 90) ÷ 3 = 91.7 ≥ 85 → proficient, 3 days after starting.
    @Test(arguments: TestDatabase.all)
    func time_to_proficiency_is_computed_from_the_stored_contacts_and_qa_when_they_arrive(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Self.smallSettings(app)
            try await Front.importRoster(app, "agent_id,name,start_date,status\nT1,Tess One,2025-01-06,production\nS1,Sam Start,2026-03-09,nesting\n", team: ws.partnerA)
            try await Perf.importCSV(app, [Front.contactHeader, Self.contact("t1", agent: "T1", day: "2026-03-10", handle: 300),
                                           Self.contact("s1", agent: "S1", day: "2026-03-09", handle: 600), Self.contact("s2", agent: "S1", day: "2026-03-10", handle: 300),
                                           Self.contact("s3", agent: "S1", day: "2026-03-11", handle: 200), Self.contact("s4", agent: "S1", day: "2026-03-12", handle: 250)]
                .joined(separator: "\n") + "\n")
            var before = try await ProficiencyService.dto(try await PartnerService.require(ws.partnerA, scope: .all, on: app.db), on: app.db)
            #expect(before.agents.map(\.status) == ["not_yet"], "no QA yet: never proficient on AHT alone")
            _ = try await QAEvaluationStore.save([("q1", "2026-03-09", 70.0), ("q2", "2026-03-10", 90), ("q3", "2026-03-11", 95), ("q4", "2026-03-12", 90)].map {
                Front.qa($0.0, team: ws.partnerA, agent: "S1", date: $0.1, score: $0.2)
            }, by: .cli("test"), on: app.db)

            let api = try await APIClient.forUser(app, ws.partnerUserA)
            before = try await api.send(.GET, "/api/v1/frontline/teams/\(ws.partnerA)/proficiency").json(ProficiencyDTO.self)
            #expect(before.tenuredMedian?.value == 300 && before.tenuredMedianSource == "this team's")
            #expect(before.observedFrom == "2026-03-09" && before.asOf == "2026-03-12")
            let s1 = try #require(before.agents.first)
            #expect(before.agents.count == 1, "T1 started before the data: not a ramping agent")
            #expect(s1.agentID == "S1" && s1.name == "Sam Start" && s1.status == "proficient" && s1.proficientOn == "2026-03-12" && s1.days == 3)
            #expect(s1.explanation == "proficient on 2026-03-12, 3 days after starting 2026-03-09 (2026-03-10 to 2026-03-12: QA 275 ÷ 3 = 91.6667; AHT 750 ÷ 3 = 250 s)")
            #expect(before.team_?.medianDays.value == 3)
            // Week 1 of tenure: S1's own AHT that week (600 + 300 + 200 + 250) ÷ 4 = 337.5 s.
            #expect(before.rampCurve.first?.medianAHT.value == 1350.0 / 4)
            // Partner B's user cannot read A's figures.
            let b = try await APIClient.forUser(app, ws.partnerUserB)
            #expect(try await b.send(.GET, "/api/v1/frontline/teams/\(ws.partnerA)/proficiency").status == .notFound)
            var browser = try await Browser.signedIn(app, email: "a@partner-a.example")
            let page = try await browser.get("/frontline/teams/\(ws.partnerA)/proficiency")
            #expect(page.status == .ok && page.text.contains("proficient in 3 days"))
        }
    }

    /// Wave 1 (W1, W2) opened Monday 2026-03-02; each handles one 300 s contact a day (limit 330 s).
    /// Week 1 (03-02…03-08): QA 80 → missed · week 2 (03-09…03-15): QA 90 → met.
    @Test(arguments: TestDatabase.all)
    func a_wave_gate_is_met_or_blocked_from_the_data_and_a_manager_can_override_it_with_a_reason(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Self.smallSettings(app)
            try await Front.importRoster(app, "agent_id,name,start_date,status\nT1,Tess One,2025-01-06,production\nW1,Wes One,2026-03-02,nesting\nW2,Wen Two,2026-03-02,nesting\n",
                                         team: ws.partnerA)
            var lines = [Front.contactHeader, Self.contact("t1", agent: "T1", day: "2026-03-10", handle: 300)]
            var qa: [QAEvaluationInput] = []
            for offset in 0..<14 {
                let day = UTCDay(daysSince1970: UTCDay.parse("2026-03-02")!.daysSince1970 + offset).description
                for agent in ["W1", "W2"] {
                    lines.append(Self.contact("\(agent)-\(offset)", agent: agent, day: day, handle: 300))
                    if offset % 7 == 2 { qa.append(Front.qa("\(agent)-q\(offset)", team: ws.partnerA, agent: agent, date: day, score: offset < 7 ? 80 : 90)) }
                }
            }
            try await Perf.importCSV(app, lines.joined(separator: "\n") + "\n")
            _ = try await QAEvaluationStore.save(qa, by: .cli("test"), on: app.db)
            let manager = try await APIClient.forUser(app, ws.manager)
            func plan(_ weeks: Int) async throws -> RampPlanDTO {
                let created = try await manager.send(.POST, "/api/v1/frontline/teams/\(ws.partnerA)/ramp-plans", body: RampPlanInput(
                    name: "Alpha \(weeks)", qaMinimum: 85, ahtMultiplier: 1.1, consecutiveWeeks: weeks, minimumContacts: 2, minimumEvaluations: 1,
                    waves: [RampWaveInput(headcount: 2, targetStart: "2026-03-02"), RampWaveInput(headcount: 4, targetStart: "2026-03-16")]))
                #expect(created.status == .created)
                let dto = try created.json(RampPlanDTO.self)
                let opened = try await manager.send(.PUT, "/api/v1/frontline/ramp-waves/\(dto.waves[0].id)",
                                                    body: RampWaveUpdate(openedOn: "2026-03-02", agentIDs: ["W1", "W2"]))
                #expect(opened.status == .ok)
                return try opened.json(RampPlanDTO.self)
            }

            let one = try await plan(1)
            #expect(one.waves[0].status == "open")
            #expect(one.waves[1].gateWeeks.map(\.result) == ["missed", "met"])
            #expect(one.waves[1].gateWeeks[0].shortfalls == ["QA 80 < 85"])
            #expect(one.waves[1].gateWeeks[1].qa.value == 90 && one.waves[1].gateWeeks[1].aht.value == 300)
            #expect(one.waves[1].status == "ready" && one.waves[1].gateMetOn == "2026-03-15")

            let two = try await plan(2)
            #expect(two.waves[1].status == "blocked")
            #expect(two.waves[1].blockers == ["needs 1 more consecutive week of QA ≥ 85 and AHT ≤ 330 s (110% of the tenured median 300 s)"])
            // The last complete week ends 03-15; one more met week: 03-15 + 7 + 1.
            #expect(two.waves[1].projectedOpen == "2026-03-23")

            // Overriding needs a reason; it is recorded with who and when, and audited.
            let noReason = try await manager.send(.POST, "/api/v1/frontline/ramp-waves/\(two.waves[1].id)/override", body: GateOverrideInput(reason: " "))
            #expect(noReason.status == .unprocessableEntity)
            let viewer = try await APIClient.forUser(app, ws.viewer)
            #expect(try await viewer.send(.POST, "/api/v1/frontline/ramp-waves/\(two.waves[1].id)/override", body: GateOverrideInput(reason: "x")).status == .forbidden)
            let overridden = try await manager.send(.POST, "/api/v1/frontline/ramp-waves/\(two.waves[1].id)/override",
                                                    body: GateOverrideInput(reason: "Peak season: the client accepts the risk"))
            let after = try overridden.json(RampPlanDTO.self)
            #expect(after.waves[1].status == "overridden" && after.waves[1].override?.reason == "Peak season: the client accepts the risk")
            #expect(after.waves[1].override?.by == "manager")
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entityID == two.waves[1].id).filter(\.$action == .update).all()
            #expect(audit.contains { $0.changes.contains("Peak season") })

            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let page = try await browser.get("/frontline/ramp/\(two.id)")
            #expect(page.status == .ok && page.text.contains("gate-wave-2") && page.text.contains("QA 80 &lt; 85"))
        }
    }

    /// AHT contest over March, minimum 2 contacts, raw values: A-1 (100 + 200) ÷ 2 = 150 s, A-2 600 ÷ 3 = 200 s,
    /// A-3 one 50 s contact: below the minimum, listed and not ranked. A-1 wins.
    @Test(arguments: TestDatabase.all)
    func a_contest_ranks_agents_with_enough_data_lists_the_rest_and_records_its_winners_once(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Front.importRoster(app, "agent_id,name,start_date,status\nA-1,Ana,2025-01-06,production\nA-2,Ben,2025-01-06,production\nA-3,Cleo,2025-01-06,production\n",
                                         team: ws.partnerA)
            try await Perf.importCSV(app, [Front.contactHeader, Self.contact("c1", agent: "A-1", day: "2026-03-03", handle: 100),
                                           Self.contact("c2", agent: "A-1", day: "2026-03-04", handle: 200), Self.contact("c3", agent: "A-2", day: "2026-03-03", handle: 200),
                                           Self.contact("c4", agent: "A-2", day: "2026-03-05", handle: 200), Self.contact("c5", agent: "A-2", day: "2026-03-06", handle: 200),
                                           Self.contact("c6", agent: "A-3", day: "2026-03-06", handle: 50), Self.contact("c7", agent: "A-3", day: "2026-04-02", handle: 10)]
                .joined(separator: "\n") + "\n")
            let api = try await APIClient.forUser(app, ws.partnerUserA)
            let created = try await api.send(.POST, "/api/v1/frontline/teams/\(ws.partnerA)/contests", body: ContestInput(
                name: "March AHT", metric: "aht", firstDay: "2026-03-01", lastDay: "2026-03-31", minimumSample: 2, normalisePerQueue: false, prizes: 1))
            #expect(created.status == .created)
            let contest = try created.json(ContestDTO.self)
            #expect(contest.ranked.map { "\($0.rank ?? 0) \($0.agentID) \($0.value.value ?? 0) \($0.winner)" } == ["1 A-1 150.0 true", "2 A-2 200.0 false"])
            #expect(contest.unranked.map(\.agentID) == ["A-3"])
            #expect(contest.unranked[0].explanation == "not ranked: 1 contacts < 2 minimum")
            let recorded = try await api.send(.POST, "/api/v1/frontline/contests/\(contest.id)/winners")
            #expect(recorded.status == .ok)
            #expect(try recorded.json(ContestDTO.self).winners == [ContestWinnerDTO(agentID: "A-1", name: "Ana", rank: 1, value: "150 s")])
            #expect(try await api.send(.POST, "/api/v1/frontline/contests/\(contest.id)/winners").status == .unprocessableEntity, "recorded once")
            let b = try await APIClient.forUser(app, ws.partnerUserB)
            #expect(try await b.send(.GET, "/api/v1/frontline/contests/\(contest.id)").status == .notFound)
            #expect(try await b.send(.GET, "/api/v1/frontline/contests").json([ContestDTO].self).isEmpty)
        }
    }
}
