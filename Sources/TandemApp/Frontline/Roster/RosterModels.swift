import Fluent
import Foundation
import TandemFrontline
import TandemPerformance

/// One agent on a team's roster (a partner's or the in-house team's). (team, agent id) is unique:
/// the agent id is the one contact and QA files carry, so re-importing a roster updates the agent.
/// Days are UTC days since 1970, like the contacts' `day`.
final class RosterAgentRecord: Model, @unchecked Sendable {
    static let schema = "roster_agents"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var team: Partner
    @Field(key: "agent_id") var agentID: String
    @Field(key: "name") var name: String
    @OptionalField(key: "site") var site: String?
    @Field(key: "start_day") var startDay: Int
    /// Queue ids joined by ";".
    @Field(key: "queues") var queues: String
    @Field(key: "status") var status: String
    @OptionalField(key: "leave_day") var leaveDay: Int?
    @OptionalField(key: "leave_reason") var leaveReason: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var agent: RosterAgent {
        RosterAgent(teamID: $team.id.uuidString, agentID: agentID, name: name, site: site, startDate: UTCDay(daysSince1970: startDay),
                    queues: queues.split(separator: ";").map(String.init), status: AgentStatus(rawValue: status) ?? .production,
                    leaveDate: leaveDay.map(UTCDay.init(daysSince1970:)), leaveReason: leaveReason)
    }

    func apply(_ agent: RosterAgent) {
        agentID = agent.agentID
        name = agent.name
        site = agent.site
        startDay = agent.startDate.daysSince1970
        queues = agent.queues.joined(separator: ";")
        status = agent.status.rawValue
        leaveDay = agent.leaveDate?.daysSince1970
        leaveReason = agent.leaveReason
    }
}

extension RosterAgentRecord: Audited {
    static let auditType = "roster_agent"
    var auditLabel: String { "\(name) (\(agentID))" }
    var auditPartnerID: UUID? { $team.id }
    var auditFields: [String: String] {
        ["agentID": agentID, "name": name, "site": site ?? "", "startDate": UTCDay(daysSince1970: startDay).description, "queues": queues,
         "status": status, "leaveDate": leaveDay.map { UTCDay(daysSince1970: $0).description } ?? "", "leaveReason": leaveReason ?? ""]
    }
}

/// One roster file imported into a team (or refused): what it changed, and every issue by line and field.
final class RosterImport: Model, @unchecked Sendable {
    static let schema = "roster_imports"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var team: Partner
    @Field(key: "file_name") var fileName: String
    /// "succeeded" or "rejected".
    @Field(key: "status") var status: String
    @Field(key: "added") var added: Int
    @Field(key: "updated") var updated: Int
    @Field(key: "unchanged") var unchanged: Int
    /// JSON array of the agent ids on the roster that the file did not mention.
    @Field(key: "not_in_file") var notInFile: String
    /// JSON array of `RowIssue`.
    @Field(key: "issues") var issues: String
    @Field(key: "message") var message: String
    @Field(key: "requested_by") var requestedBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var issueList: [RowIssue] { (try? JSONDecoder().decode([RowIssue].self, from: Data(issues.utf8))) ?? [] }
    var notInFileList: [String] { (try? JSONDecoder().decode([String].self, from: Data(notInFile.utf8))) ?? [] }
}

extension RosterImport: Audited {
    static let auditType = "roster_import"
    var auditLabel: String { "Roster \(fileName)" }
    var auditPartnerID: UUID? { $team.id }
    var auditFields: [String: String] {
        ["fileName": fileName, "status": status, "added": String(added), "updated": String(updated), "unchanged": String(unchanged),
         "notInFile": notInFileList.joined(separator: ", "), "message": message]
    }
}

struct CreateRosterAgent: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("roster_agents")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("agent_id", .string, .required)
            .field("name", .string, .required)
            .field("site", .string)
            .field("start_day", .int, .required)
            .field("queues", .string, .required)
            .field("status", .string, .required)
            .field("leave_day", .int)
            .field("leave_reason", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "partner_id", "agent_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("roster_agents").delete()
    }
}

struct CreateRosterImport: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("roster_imports")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("file_name", .string, .required)
            .field("status", .string, .required)
            .field("added", .int, .required)
            .field("updated", .int, .required)
            .field("unchanged", .int, .required)
            .field("not_in_file", .string, .required)
            .field("issues", .string, .required)
            .field("message", .string, .required)
            .field("requested_by", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("roster_imports").delete()
    }
}
