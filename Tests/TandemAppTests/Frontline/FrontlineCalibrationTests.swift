import Fluent
import Foundation
import TandemFrontline
import TandemPerformance
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Calibration sessions through the API: blind entry by each side, the result when closed, and what a partner sees of it.
@Suite struct FrontlineCalibrationTests {
    /// Items i1–i3. Expert (client) 80, 60, 90 · Alpha's grader 80, 70, 90 · Bravo's grader 90, 70, 100.
    /// Alpha: deviations 0, +10, 0 → mean absolute 10 ÷ 3, signed +10 ÷ 3, agreement 2 of 3.
    /// Bravo: +10, +10, +10 → 10, +10, 0 of 3: lenient beyond ±5.
    /// Alpha over all nine scores: D_o = 600 ÷ 9 (each item's ordered pairs 400 ÷ (3 − 1)), D_e = 2 Σ(v − v̄)² ÷ (9 − 1).
    @Test(arguments: TestDatabase.all)
    func graders_score_blind_and_the_closed_session_measures_each_against_the_expert(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            var settings = FrontlineSettings()
            settings.minimumSample = 1
            try await FrontlineSettingsStore.save(settings, by: .cli("test"), on: app.db)
            let manager = try await APIClient.forUser(app, ws.manager)
            let created = try await manager.send(.POST, "/api/v1/frontline/calibration-sessions", body: CalibrationSessionInput(
                title: "March calibration", heldOn: "2026-03-04", items: ["i1", "i2", "i3"], benchmark: "expert", tolerance: 0,
                graders: [CalibrationGraderInput(name: "Grace Expert", teamID: nil, expert: true), CalibrationGraderInput(name: "Alma Alpha", teamID: ws.partnerA),
                          CalibrationGraderInput(name: "Bo \(Workspace.markerB)", teamID: ws.partnerB)]))
            #expect(created.status == .created)
            let session = try created.json(CalibrationSessionDTO.self)
            let id = session.id
            let expert = session.graders[0].id, alpha = session.graders[1].id, bravo = session.graders[2].id
            func scores(_ grader: UUID, _ values: [Double]) -> CalibrationScoresInput {
                CalibrationScoresInput(graderID: grader, scores: zip(["i1", "i2", "i3"], values).map { CalibrationScoreInput(item: $0.0, score: $0.1) })
            }
            let a = try await APIClient.forUser(app, ws.partnerUserA)
            let b = try await APIClient.forUser(app, ws.partnerUserB)
            #expect(try await manager.send(.POST, "/api/v1/frontline/calibration-sessions/\(id)/scores", body: scores(expert, [80, 60, 90])).status == .ok)
            // Each side enters only its own graders' scores.
            #expect(try await a.send(.POST, "/api/v1/frontline/calibration-sessions/\(id)/scores", body: scores(bravo, [1, 1, 1])).status == .notFound)
            #expect(try await a.send(.POST, "/api/v1/frontline/calibration-sessions/\(id)/scores", body: scores(expert, [1, 1, 1])).status == .notFound, "the client's graders are not shown to partners")
            let bad = try await a.send(.POST, "/api/v1/frontline/calibration-sessions/\(id)/scores", body: scores(alpha, [80, 170, 90]))
            #expect(bad.status == .unprocessableEntity)
            #expect(try bad.json(APIErrorBody.self).fields?["scores[2].score"] == "must be between 0 and 100")
            let mine = try await a.send(.POST, "/api/v1/frontline/calibration-sessions/\(id)/scores", body: scores(alpha, [80, 70, 90]))
            // Blind: Alpha's user sees its own grader (and scores), not the expert's nor Bravo's.
            let seen = try mine.json(CalibrationSessionDTO.self)
            #expect(seen.graders.map(\.name) == ["Alma Alpha"] && seen.graders[0].scores == ["i1": 80, "i2": 70, "i3": 90])
            #expect(!mine.text.contains(Workspace.markerB))
            #expect(try await b.send(.POST, "/api/v1/frontline/calibration-sessions/\(id)/scores", body: scores(bravo, [90, 70, 100])).status == .ok)
            #expect(try await a.send(.POST, "/api/v1/frontline/calibration-sessions/\(id)/close").status == .forbidden)

            let closed = try await manager.send(.POST, "/api/v1/frontline/calibration-sessions/\(id)/close")
            #expect(closed.status == .ok)
            let result = try #require(try closed.json(CalibrationSessionDTO.self).result)
            #expect(result.graders.map(\.who) == ["Alma Alpha", "Bo \(Workspace.markerB)"])
            #expect(isClose(result.graders[0].meanAbsoluteDeviation.value, 10.0 / 3) && isClose(result.graders[0].meanSignedDeviation.value, 10.0 / 3))
            #expect(isClose(result.graders[0].agreementShare.value, 2.0 / 3))
            #expect(result.graders[1].meanSignedDeviation.value == 10 && result.graders[1].agreementShare.value == 0)
            let values: [Double] = [80, 80, 90, 60, 70, 70, 90, 90, 100]
            let mean = values.reduce(0, +) / 9
            let expected = 1 - (600.0 / 9) / (2 * values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 8)
            #expect(isClose(result.alpha.value, expected, tolerance: 1e-12))
            #expect(isClose(result.alpha.value, 1 - 7_200.0 / 34_800))
            #expect(result.benchmark == ["i1": 80, "i2": 60, "i3": 90])

            // Alpha's user: its own grader and side, the benchmark and alpha; nothing of Bravo.
            let fromA = try await a.send(.GET, "/api/v1/frontline/calibration-sessions/\(id)")
            let aView = try #require(try fromA.json(CalibrationSessionDTO.self).result)
            #expect(aView.graders.map(\.who) == ["Alma Alpha"] && aView.sides.map(\.who) == ["Alpha Support"])
            #expect(!fromA.text.contains(Workspace.markerB) && !fromA.text.contains("Bravo"))

            // Each team's QA beside its graders' alignment: Bravo's +10 is lenient, Alpha's +3.3 aligned.
            let trends = try await manager.send(.GET, "/api/v1/frontline/calibration-trends").json(CalibrationTrendsDTO.self)
            #expect(trends.teams.first { $0.team.id == ws.partnerB }?.leniency == "lenient")
            #expect(trends.teams.first { $0.team.id == ws.partnerA }?.leniency == "aligned")
            let aTrends = try await a.send(.GET, "/api/v1/frontline/calibration-trends")
            #expect(try aTrends.json(CalibrationTrendsDTO.self).teams.map(\.team.id) == [ws.partnerA])
            #expect(!aTrends.text.contains(Workspace.markerB))
            var browser = try await Browser.signedIn(app, email: "a@partner-a.example")
            let page = try await browser.get("/frontline/calibration/\(id)")
            #expect(page.status == .ok && !page.text.contains(Workspace.markerB) && page.text.contains("Alma Alpha"))
        }
    }
}

func isClose(_ value: Double?, _ expected: Double, tolerance: Double = 1e-9) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= tolerance
}
