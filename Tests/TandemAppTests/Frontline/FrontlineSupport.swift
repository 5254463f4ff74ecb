import Fluent
import Foundation
import SQLKit
import TandemFrontline
import TandemPartners
import TandemPerformance
import Vapor
@testable import TandemApp

/// Helpers for the front line's app tests.
enum Front {
    static let contactHeader = "external_id,team,site,queue,channel,agent,offered_at,answered_at,abandoned,wait_seconds,talk_seconds,hold_seconds,after_work_seconds,resolved_first_contact,csat"

    static let manager = Principal(userID: UUID(), name: "Manager", email: "manager@test.example", role: .manager, partnerID: nil)

    @discardableResult
    static func importRoster(_ app: Application, _ csv: String, team: UUID, fileName: String = "roster.csv") async throws -> RosterImport {
        let partner = try await PartnerService.require(team, scope: .all, on: app.db)
        return try await RosterService.importCSV(Array(csv.utf8), fileName: fileName, team: partner, by: .cli("test"), on: app.db)
    }

    /// The stored roster of a team as "agent_id name site start status leave", sorted by agent id.
    static func roster(_ app: Application, _ team: UUID) async throws -> [String] {
        try await RosterAgentRecord.query(on: app.db).filter(\.$team.$id == team).all().map { r in
            let a = r.agent
            return "\(a.agentID) \(a.name) \(a.site ?? "-") \(a.startDate) \(a.status.rawValue) \(a.leaveDate?.description ?? "-")"
        }.sorted()
    }

    /// One QA evaluation scoring `score` (earned of 100).
    static func qa(_ id: String, team: UUID, agent: String, date: String, score: Double) -> QAEvaluationInput {
        QAEvaluationInput(source: "qa-tool", externalID: id, teamID: team, agent: agent, evaluator: "lee", date: LocalDate(date)!,
                          sections: [QASection(name: "All", weight: 1, items: [.scored(earned: score, possible: 100)])])
    }

    /// `frontline_contact_days` as "agent day handled handle_ms", sorted.
    static func contactDays(_ app: Application, team: UUID) async throws -> [String] {
        let rows = try await (app.db as! any SQLDatabase).select().columns("agent", "day", "contacts", "handled", "handle_ms")
            .from("frontline_contact_days").where("team_id", .equal, team).all()
        return try rows.map { row in
            "\(try row.decode(column: "agent", as: String.self)) \(UTCDay(daysSince1970: try row.decode(column: "day", as: Int.self))) "
                + "\(try row.decode(column: "contacts", as: Int.self))/\(try row.decode(column: "handled", as: Int.self)) \(try row.decode(column: "handle_ms", as: Int.self))"
        }.sorted()
    }
}
