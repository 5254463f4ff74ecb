import Fluent
import Foundation
import TandemFrontline
import TandemPartners
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// The demo's front line (issue 16): rosters for every team, one partner with high early attrition,
/// a ramp plan whose wave 2 is blocked by its gate, a contest with its winners, and calibration
/// sessions in which one partner's grader is lenient, all computed from the demo's own data.
@Suite struct FrontlineDemoTests {
    @Test(arguments: TestDatabase.all)
    func the_demo_front_line_shows_attrition_a_blocked_wave_a_contest_and_a_lenient_grader(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await DemoWorkspace.load(on: app)
            let db = app.db
            let teams = try await Partner.query(on: db).all()
            func team(_ prefix: String) throws -> Partner { try #require(teams.first { $0.name.hasPrefix(prefix) }) }
            let settings = try await FrontlineSettingsStore.load(on: db)

            // Rosters for every team that has staffed work (Andes, chosen in the demo's sourcing event and
            // onboarding since, has hired nobody yet), a few hundred agents in all.
            var total = 0
            for prefix in ["Northwind", "Harborline", "Meridian", "Lotus"] {
                let t = try team(prefix)
                let n = try await RosterAgentRecord.query(on: db).filter(\.$team.$id == t.requireID()).count()
                #expect(n >= 14, "\(t.name) has a roster")
                total += n
            }
            #expect(total >= 200 && total <= 1_000, "\(total) agents")

            // Meridian's early-tenure attrition stands out beside the in-house team's and Harborline's.
            var early: [String: Double] = [:]
            for prefix in ["Northwind", "Harborline", "Meridian"] {
                let report = try await TenureService.report(try team(prefix), settings: settings, on: db)
                early[prefix] = try #require(report.earlyTenure.figure.value, "\(prefix): \(report.earlyTenure.figure.arithmetic)")
                #expect(report.earlyTenure.observedStarters > 0)
                // Every month's movement adds up: closing = opening + hires − leavers.
                for month in report.months { #expect(month.movement.closing == month.movement.opening + month.movement.hires - month.movement.leavers) }
            }
            #expect(early["Meridian"]! >= 0.25 && early["Meridian"]! > 2 * early["Harborline"]! && early["Meridian"]! > 2 * early["Northwind"]!, "\(early)")

            // Lotus Shore's plan: wave 1 open, wave 2 blocked by wave 1's QA, wave 3 waiting.
            let plans = try await RampService.plans(scope: .all, on: db).map(RampService.dto)
            let plan = try #require(plans.first { $0.name == "Lotus Shore: start small" })
            #expect(plan.waves.map(\.status) == ["open", "blocked", "waiting"])
            let two = plan.waves[1]
            #expect(!two.blockers.isEmpty && two.projectedOpen != nil && two.gateWeeks.count >= 4, "\(two.blockers)")
            #expect(two.gateWeeks.allSatisfy { $0.result != "met" } && two.gateWeeks.contains { $0.result == "missed" })
            #expect(two.gateWeeks.last!.shortfalls.contains { $0.contains("QA") }, "\(two.gateWeeks.last!.shortfalls)")

            // The contest: a leaderboard with its winners recorded at the prize line.
            let contests = try await ContestService.contests(scope: .all, on: db)
            #expect(contests.count == 1)
            let contest = try await ContestService.dto(try #require(contests.first), on: db)
            #expect(contest.ranked.count >= 10 && contest.normalisePerQueue && contest.prizes == 3)
            let winners = try #require(contest.winners)
            #expect(winners.count >= 3 && winners.allSatisfy { $0.rank <= 3 })

            // Calibration: two closed sessions; Meridian's grader is lenient, and its QA score says so.
            let sessions = try await CalibrationService.sessions(scope: .all, on: db)
            #expect(sessions.count == 2 && sessions.allSatisfy { $0.closedAt != nil })
            let maria = Principal(userID: UUID(), name: "María López", email: "maria.lopez@northwind.example", role: .manager, partnerID: nil)
            let trends = try await CalibrationService.trends(principal: maria, on: db)
            let leniency = Dictionary(uniqueKeysWithValues: trends.teams.map { ($0.team.name, $0.leniency) })
            #expect(leniency[try team("Meridian").name] == "lenient", "\(leniency)")
            #expect(leniency.filter { $0.value == "lenient" }.count == 1, "\(leniency)")
            let lucia = try #require(trends.graders.first { $0.key.contains("Lucía") }?.value)
            #expect(lucia.count == 2 && lucia[0].alignment.meanSignedDeviation.value! < lucia[1].alignment.meanSignedDeviation.value!,
                    "more lenient in the later session")
        }
    }
}
