import Fluent
import Foundation
import TandemFrontline
import TandemPerformance
import Vapor
@testable import TandemApp

/// Records behind the front line's route parameters (issue 16), for the route walks:
/// `AccessControlTests.fill` (partner B's, through `PerformanceAccessFixture.records`),
/// `IsolationMatrixTests.seed` (each partner's own) and `OpenAPIResponseTests`.
enum FrontlineAccessFixture {
    /// Partner B's records, each marked so a leak shows. The calibration session has graders of
    /// the client and of B only, so partner A may not even learn it exists.
    static func records(_ app: Application, _ ws: Workspace) async throws -> [String: (id: UUID, touchesPartnerB: Bool)] {
        var b = try await side(app, ws, team: ws.partnerB, prefix: "B", name: "Zed \(Workspace.markerB)")
        b["calibrationID"] = try await session(app, graders: [("Grace Client", nil, true), ("Zed \(Workspace.markerB) grader", ws.partnerB, false)])
        return b.mapValues { ($0, true) }
    }

    /// Each partner's own records, for the isolation matrix (names that only that partner's data
    /// holds), and one calibration session both partners' graders take part in.
    static func matrix(_ app: Application, _ ws: Workspace) async throws -> (a: [String: UUID], b: [String: UUID]) {
        var a = try await side(app, ws, team: ws.partnerA, prefix: "A", name: "Anna ALPHAMARK")
        var b = try await side(app, ws, team: ws.partnerB, prefix: "B", name: "Zed \(Workspace.markerB)")
        let shared = try await session(app, graders: [("Grace Client", nil, true), ("Anna ALPHAMARK grader", ws.partnerA, false),
                                                      ("Zed \(Workspace.markerB) grader", ws.partnerB, false)])
        a["calibrationID"] = shared
        b["calibrationID"] = shared
        return (a, b)
    }

    static let manager = Principal(userID: UUID(), name: "Fixture manager", email: "manager@test.example", role: .manager, partnerID: nil)

    private static func side(_ app: Application, _ ws: Workspace, team: UUID, prefix: String, name: String) async throws -> [String: UUID] {
        let db = app.db
        let partner = try await PartnerService.require(team, scope: .all, on: db)
        let agent = try await RosterService.save(RosterAgentInput(agentID: "\(prefix)-\(UUID().uuidString.prefix(6))", name: name, startDate: "2026-01-05",
                                                                  status: "production"),
                                                 record: nil, team: partner, by: .cli("fixtures"), on: db)
        _ = try await RecognitionService.giveKudos(KudosInput(rosterAgentID: try agent.requireID(), message: "Kudos to \(name)", givenOn: "2026-03-02"),
                                                   team: partner, by: manager, on: db)
        _ = try await RecognitionService.addCelebration(CelebrationInput(title: "\(name) celebration", celebratedOn: "2026-03-02", notes: name),
                                                        team: partner, by: manager, on: db)
        _ = try await RecognitionService.addSiteVisit(TeamSiteVisitInput(visitedOn: "2026-03-02", visitors: name, purpose: "Visit of \(name)"),
                                                      team: partner, by: manager, on: db)
        let settings = try await FrontlineSettingsStore.load(on: db)
        let plan = try await RampService.create(RampPlanInput(name: "Plan of \(name)", waves: [RampWaveInput(headcount: 2, targetStart: "2026-01-05"),
                                                                                               RampWaveInput(headcount: 3, targetStart: "2026-02-02")]),
                                                team: partner, settings: settings, by: .cli("fixtures"), on: db)
        let wave = try require(plan.waves.first { $0.position == 2 })
        let contest = try await ContestService.create(ContestInput(name: "Contest of \(name)", metric: "aht", firstDay: "2026-03-01", lastDay: "2026-03-31"),
                                                      team: partner, settings: settings, by: manager, on: db)
        return ["rosterAgentID": try agent.requireID(), "planID": try plan.requireID(), "waveID": try wave.requireID(), "contestID": try contest.requireID()]
    }

    private static func session(_ app: Application, graders: [(String, UUID?, Bool)]) async throws -> UUID {
        try await CalibrationService.create(CalibrationSessionInput(title: "Calibration \(UUID().uuidString.prefix(4))", heldOn: "2026-03-04", items: ["i-1", "i-2"],
                                                                    benchmark: "expert", tolerance: 0,
                                                                    graders: graders.map { CalibrationGraderInput(name: $0.0, teamID: $0.1, expert: $0.2) }),
                                            by: manager, on: app.db).requireID()
    }
}

private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw Abort(.internalServerError, reason: "fixture record missing") }
    return value
}
