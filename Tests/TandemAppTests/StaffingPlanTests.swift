import Fluent
import Foundation
import TandemPartners
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// A plan small enough to work out by hand, through the API, on both engines.
@Suite struct StaffingPlanTests {
    /// Erlang C at 1 Erlang (10 calls × 180 s per 30 min), 80% in 20 s, from the closed forms:
    /// SL(2) = 1 − e^(−1/9)/3, SL(3) = 1 − e^(−2/9)/11; 3 agents, fractional 2 + (0.8 − SL₂) ÷ (SL₃ − SL₂).
    static let voiceFractional: Double = {
        let sl2 = 1 - exp(-1.0 / 9) / 3, sl3 = 1 - exp(-2.0 / 9) / 11
        return 2 + (0.8 - sl2) / (sl3 - sl2)
    }()
    /// Per interval: voice FTE = fractional ÷ (1 − 20%); email = 61 × 600 ÷ 1800 ÷ 80% occupancy ÷ (1 − 20%).
    static let voiceFTE = voiceFractional / 0.8
    static let emailFTE = 61.0 * 600 / 1_800 / 0.8 / 0.8

    struct Setup { let ws: Workspace; let emailQueue: UUID }

    /// Two queues (voice, email), two 30-minute intervals each, both allocated 60% Alpha / 40% Bravo.
    static func setUp(_ app: Application) async throws -> Setup {
        let ws = try await Workspace.make(on: app)
        let actor = Actor.cli("test")
        let email = try await CatalogueService.saveChannel(.init(name: "Email", kind: .email), channel: nil, by: actor, on: app.db)
        let emailQueue = try await CatalogueService.saveQueue(.init(channelID: email.requireID(), name: "Email", code: "email-q"), queue: nil, by: actor, on: app.db)
        let api = try await APIClient.forUser(app, ws.manager)
        let voiceSettings = try await api.send(.PUT, "/api/v1/staffing/queues/\(ws.queue)/settings", json: #"{"serviceLevel": 0.8, "shrinkage": 0.2}"#)
        #expect(voiceSettings.status == .ok)
        #expect(try voiceSettings.json(QueueStaffingSettingsDTO.self).thresholdSeconds == 20, "the queue's threshold by default")
        let emailSettings = try await api.send(.PUT, "/api/v1/staffing/queues/\(emailQueue.requireID())/settings", json: #"{"maxOccupancy": 0.8, "shrinkage": 0.2}"#)
        #expect(try emailSettings.json(QueueStaffingSettingsDTO.self).model == "workload")
        _ = try await StaffingImportService.importForecast(csv: """
            queue,interval_start,interval_minutes,contacts,aht_seconds
            billing-voice,2026-03-02T08:00,30,10,180
            billing-voice,2026-03-02T08:30,30,10,180
            email-q,2026-03-02T08:00,30,61,600
            email-q,2026-03-02T08:30,30,61,600
            """, fileName: "plan.csv", by: actor, on: app.db)
        for queue in [ws.queue, try emailQueue.requireID()] {
            let created = try await api.send(.POST, "/api/v1/staffing/allocations", body: AllocationInput(
                queueID: queue, shift: nil, effectiveFrom: LocalDate("2026-03-01")!,
                shares: [.init(teamID: ws.partnerA, percent: 60), .init(teamID: ws.partnerB, percent: 40)], note: nil))
            #expect(created.status == .created)
        }
        return Setup(ws: ws, emailQueue: try emailQueue.requireID())
    }

    @Test(arguments: TestDatabase.all)
    func sixty_forty_allocation_gives_exact_hours_per_team(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let s = try await Self.setUp(app)
            let api = try await APIClient.forUser(app, s.ws.manager)
            let plan = try await api.send(.GET, "/api/v1/staffing/plan?week=2026-03-04").json(PlanDTO.self)
            #expect(plan.week == LocalDate("2026-03-02"))
            let total = Self.voiceFTE + Self.emailFTE  // two half-hour intervals = 1 hour per queue
            #expect(abs(plan.totalRequiredHours! - total) < 1e-9)
            #expect(abs(plan.totalRequiredHours! - 34.8157) < 1e-4)
            let a = try #require(plan.teams.first { $0.teamID == s.ws.partnerA })
            let b = try #require(plan.teams.first { $0.teamID == s.ws.partnerB })
            #expect(abs(a.requiredHours - 0.6 * total) < 1e-9 && abs(a.requiredHours - 20.8893) < 1e-4)
            #expect(abs(b.requiredHours - 0.4 * total) < 1e-9 && abs(b.requiredHours - 13.9262) < 1e-4)
            #expect(plan.teams.first { $0.teamID == s.ws.inHouse }?.requiredHours == 0)
            #expect(abs(plan.unallocatedHours!) < 1e-9)
            // 2.436 + 25.417 agents = 27.85 → 28 pooled; 3 + 26 = 29 when each queue is rounded first.
            #expect(plan.peakPooledAgents == 28 && plan.peakRoundedEachAgents == 29)
            let voice = try #require(plan.queues.first { $0.queueCode == "billing-voice" })
            #expect(voice.model == "erlang_c" && voice.peakAgents == 3 && voice.target == "80% in 20 s · shrinkage 20%")
            #expect(abs(voice.agentHours! - Self.voiceFractional) < 1e-9)
            // Both teams hold under 100% everywhere: no concentration warning.
            #expect(plan.warnings.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.all)
    func schedules_give_under_and_over_hours_per_team(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let s = try await Self.setUp(app)
            _ = try await StaffingImportService.importSchedule(csv: """
                team,queue,interval_start,interval_minutes,agents
                Alpha Support,billing-voice,2026-03-02T08:00,30,2
                Alpha Support,billing-voice,2026-03-02T08:30,30,1
                Alpha Support,email-q,2026-03-02T08:00,60,20
                """, fileName: "alpha.csv", by: .cli("test"), on: app.db)
            let api = try await APIClient.forUser(app, s.ws.manager)
            let plan = try await api.send(.GET, "/api/v1/staffing/plan?week=2026-03-02").json(PlanDTO.self)
            let a = try #require(plan.teams.first { $0.teamID == s.ws.partnerA })
            // Voice: required 0.6 × FTE per slot vs 2 then 1 agents; email: 0.6 × FTE vs 20 in both slots.
            let voiceNeed = 0.6 * Self.voiceFTE, emailNeed = 0.6 * Self.emailFTE  // 1.827 and 19.0625
            #expect(abs(a.scheduledHours - (2 + 1 + 20 + 20) * 0.5) < 1e-9)
            #expect(abs(a.overHours - ((2 - voiceNeed) + 2 * (20 - emailNeed)) * 0.5) < 1e-9)
            #expect(abs(a.underHours - (voiceNeed - 1) * 0.5) < 1e-9)

            // Partner user A: only its own team and its own share.
            let partnerAPI = try await APIClient.forUser(app, s.ws.partnerUserA)
            let own = try await partnerAPI.send(.GET, "/api/v1/staffing/plan?week=2026-03-02").json(PlanDTO.self)
            #expect(own.teams.map(\.teamID) == [s.ws.partnerA])
            #expect(own.totalRequiredHours == nil && own.peakPooledAgents == nil)
            #expect(own.queues.allSatisfy { $0.shares.map(\.teamID) == [s.ws.partnerA] && $0.requiredHours == nil })
            let schedule = try await partnerAPI.send(.GET, "/api/v1/staffing/schedule?week=2026-03-02").json([ScheduledIntervalDTO].self)
            #expect(schedule.count == 3 && schedule.allSatisfy { $0.teamID == s.ws.partnerA })
            let allocations = try await partnerAPI.send(.GET, "/api/v1/staffing/allocations?date=2026-03-02").json([AllocationSetDTO].self)
            #expect(allocations.flatMap(\.shares).map(\.teamID) == [s.ws.partnerA, s.ws.partnerA])
            #expect(try await partnerAPI.send(.GET, "/api/v1/staffing/exit?team=\(s.ws.partnerA)").status == .forbidden)

            // Exit: Alpha gives the default 90 days' notice; email's 31-day lead time is covered.
            let exit = try await api.send(.GET, "/api/v1/staffing/exit?week=2026-03-02&team=\(s.ws.partnerA)").json(ExitScenarioDTO.self)
            #expect(exit.noticeDays == 90 && exit.maxDaysExposed == 0 && exit.uncoveredHoursTotal == 0)
            #expect(abs(exit.leavingHoursPerWeek - 0.6 * (Self.voiceFTE + Self.emailFTE)) < 1e-9)
        }
    }

    @Test(arguments: TestDatabase.all)
    func exit_scenario_counts_days_beyond_notice(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let s = try await Self.setUp(app)
            let api = try await APIClient.forUser(app, s.ws.manager)
            let voiceChannel = s.ws.channel
            #expect(try await api.send(.PUT, "/api/v1/staffing/notice-periods", body: [NoticePeriodInput(teamID: s.ws.partnerB, noticeDays: 20)]).status == .ok)
            #expect(try await api.send(.PUT, "/api/v1/staffing/lead-times", body: [ChannelLeadTimeInput(channelID: voiceChannel, hiringDays: 40, trainingDays: 15)]).status == .ok)
            // Alpha scheduled 2 spare hours' worth on voice: 5 agents in each half hour.
            _ = try await StaffingImportService.importSchedule(csv: """
                team,queue,interval_start,interval_minutes,agents
                Alpha Support,billing-voice,2026-03-02T08:00,30,5
                Alpha Support,billing-voice,2026-03-02T08:30,30,5
                """, fileName: "alpha.csv", by: .cli("test"), on: app.db)
            let exit = try await api.send(.GET, "/api/v1/staffing/exit?week=2026-03-02&team=\(s.ws.partnerB)").json(ExitScenarioDTO.self)
            let voice = try #require(exit.channels.first { $0.channelID == voiceChannel })
            #expect(voice.daysExposed == 35)  // 55-day lead time − 20 days' notice
            let leaving = 0.4 * Self.voiceFTE  // Bravo's voice hours per week
            let spare = 5 - 0.6 * Self.voiceFTE  // Alpha: 5 h scheduled − its required voice hours
            #expect(abs(voice.leavingHoursPerWeek - leaving) < 1e-9)
            #expect(voice.absorbers.map(\.teamID) == [s.ws.partnerA])
            #expect(abs(voice.absorbers[0].spareHoursPerWeek - spare) < 1e-9)
            #expect(abs(voice.uncoveredHoursPerWeek - max(0, leaving - spare)) < 1e-9)
            let email = try #require(exit.channels.first { $0.channelName == "Email" })
            #expect(email.daysExposed == 11)  // default 21 + 10 days − 20
            #expect(abs(email.uncoveredHoursTotal - 0.4 * Self.emailFTE * 11 / 7) < 1e-9)
        }
    }

    @Test(arguments: TestDatabase.all)
    func allocation_history_is_kept_and_shares_must_add_up(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let s = try await Self.setUp(app)
            let api = try await APIClient.forUser(app, s.ws.manager)
            let bad = try await api.send(.POST, "/api/v1/staffing/allocations", body: AllocationInput(
                queueID: s.ws.queue, shift: "day", effectiveFrom: LocalDate("2026-03-03")!,
                shares: [.init(teamID: s.ws.partnerA, percent: 70), .init(teamID: s.ws.partnerB, percent: 20)], note: nil))
            #expect(bad.status == .unprocessableEntity)
            #expect(try bad.json(APIErrorBody.self).fields == ["shares": "add up to 90.00%; they must add up to 100%"])
            let badShift = try await api.send(.POST, "/api/v1/staffing/allocations", body: AllocationInput(
                queueID: s.ws.queue, shift: "lunch", effectiveFrom: LocalDate("2026-03-03")!, shares: [.init(teamID: s.ws.partnerA, percent: 100)], note: nil))
            #expect(try badShift.json(APIErrorBody.self).fields?["shift"] == "must be all, day, evening or overnight")

            // From Tuesday the day shift goes wholly to Alpha: a concentration warning from that week's plan on.
            let sole = try await api.send(.POST, "/api/v1/staffing/allocations", body: AllocationInput(
                queueID: s.ws.queue, shift: "day", effectiveFrom: LocalDate("2026-03-03")!, shares: [.init(teamID: s.ws.partnerA, percent: 100)], note: "pilot"))
            #expect(sole.status == .created)
            let history = try await api.send(.GET, "/api/v1/staffing/queues/\(s.ws.queue)/allocations").json([AllocationSetDTO].self)
            #expect(history.map(\.effectiveFrom.description) == ["2026-03-03", "2026-03-01"])
            let mondayPlan = try await api.send(.GET, "/api/v1/staffing/plan?week=2026-03-02").json(PlanDTO.self)
            #expect(mondayPlan.warnings.isEmpty, "the plan week starts before the change")
            let next = try await api.send(.GET, "/api/v1/staffing/plan?week=2026-03-09").json(PlanDTO.self)
            #expect(next.warnings.map(\.scope) == ["queue"])
            #expect(next.warnings.first?.message.hasPrefix("Alpha Support holds 100.0% of Billing (Day shift)") == true)
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entityType == "allocation").count()
            #expect(audit == 5, "one entry per team share written: 2 + 2 + 1")
        }
    }
}
