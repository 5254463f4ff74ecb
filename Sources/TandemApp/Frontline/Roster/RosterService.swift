import Fluent
import Foundation
import SQLKit
import TandemFrontline
import TandemPartners
import TandemPerformance
import Vapor

struct RosterAgentDTO: Content, Equatable {
    let id: UUID
    let teamID: UUID
    let agentID: String
    let name: String
    let site: String?
    let startDate: String
    let queues: [String]
    let status: AgentStatus
    let leaveDate: String?
    let leaveReason: String?
    /// Days employed to today (or to the leave date), the start day being day 1.
    let tenureDays: Int
}

struct RosterIssueDTO: Content, Equatable {
    let file: String
    let line: Int
    let field: String
    let reason: String
}

struct RosterImportDTO: Content, Equatable {
    let id: UUID
    let teamID: UUID
    let fileName: String
    /// "succeeded" or "rejected" (then nothing was changed).
    let status: String
    let added: Int
    let updated: Int
    let unchanged: Int
    /// Agents on the roster the file did not mention: listed, never deleted.
    let notInFile: [String]
    let issues: [RosterIssueDTO]
    let message: String
    let requestedBy: String
    let createdAt: Date?
}

struct UnknownAgentDTO: Content, Equatable {
    let agentID: String
    let records: Int
}

struct AgentLinksDTO: Content, Equatable {
    let linkedRecords: Int
    let linkedAgents: Int
    let recordsWithoutAgent: Int
    /// Agent ids in the records that the roster does not know, most records first: listed, not dropped.
    let unknown: [UnknownAgentDTO]

    init(_ links: AgentLinks) {
        linkedRecords = links.linkedRecords
        linkedAgents = links.linkedAgents
        recordsWithoutAgent = links.recordsWithoutAgent
        unknown = links.unknown.map { UnknownAgentDTO(agentID: $0.agentID, records: $0.records) }
    }
}

struct TeamRefDTO: Content, Equatable {
    let id: UUID
    let name: String
    let kind: TeamKind
}

struct RosterDTO: Content, Equatable {
    let team: TeamRefDTO
    let agents: [RosterAgentDTO]
    /// How the team's contacts and QA evaluations link to the roster by agent id (nil before any figures were computed).
    let contactLinks: AgentLinksDTO?
    let qaLinks: AgentLinksDTO?
    let lastImport: RosterImportDTO?
}

/// One agent as edited on the page or through the API (the roster file's fields).
struct RosterAgentInput: Content, Equatable {
    var agentID: String?
    var name: String
    var site: String?
    /// YYYY-MM-DD.
    var startDate: String
    var queues: [String]?
    var status: String
    var leaveDate: String?
    var leaveReason: String?
}

/// A team's roster: CSV imports with row-level issues (nothing written unless the whole file is
/// good; re-imports update by agent id; agents missing from the file are listed, never deleted),
/// single edits, and how contacts and QA evaluations link to it.
enum RosterService {
    static let maximumFileBytes = 4 << 20

    static func agents(of teamID: UUID, on db: any Database) async throws -> [RosterAgentRecord] {
        try await RosterAgentRecord.query(on: db).filter(\.$team.$id == teamID).sort(\.$name).sort(\.$agentID).all()
    }

    static func dto(_ record: RosterAgentRecord, today: UTCDay = UTCDay(Date())) -> RosterAgentDTO {
        let agent = record.agent
        let end = agent.leaveDate.map { min($0, today) } ?? today
        return RosterAgentDTO(id: record.id!, teamID: record.$team.id, agentID: record.agentID, name: record.name, site: record.site,
                              startDate: agent.startDate.description, queues: agent.queues, status: agent.status,
                              leaveDate: agent.leaveDate?.description, leaveReason: record.leaveReason, tenureDays: max(0, agent.tenureDays(on: end)))
    }

    static func dto(_ run: RosterImport) -> RosterImportDTO {
        RosterImportDTO(id: run.id!, teamID: run.$team.id, fileName: run.fileName, status: run.status, added: run.added, updated: run.updated,
                        unchanged: run.unchanged, notInFile: run.notInFileList,
                        issues: run.issueList.map { RosterIssueDTO(file: run.fileName, line: $0.line, field: $0.field, reason: $0.reason) },
                        message: run.message, requestedBy: run.requestedBy, createdAt: run.createdAt)
    }

    static func roster(of team: Partner, on db: any Database) async throws -> RosterDTO {
        let id = try team.requireID()
        let figures = try await FrontlineRefresh.figures(of: id, on: db)
        let last = try await RosterImport.query(on: db).filter(\.$team.$id == id).sort(\.$createdAt, .descending).first()
        return RosterDTO(team: TeamRefDTO(id: id, name: team.name, kind: team.kind), agents: try await agents(of: id, on: db).map { dto($0) },
                         contactLinks: figures.map { AgentLinksDTO($0.contactLinks) }, qaLinks: figures.map { AgentLinksDTO($0.qaLinks) },
                         lastImport: last.map(dto))
    }

    static func requireAgent(_ id: UUID, scope: PartnerScope, on db: any Database) async throws -> RosterAgentRecord {
        try scope.require(try await RosterAgentRecord.query(on: db).filter(\.$id == id).with(\.$team).first(), owner: { $0.$team.id },
                          notFound: "No such agent.")
    }

    /// What a row may name: the team's sites and the catalogue's queue ids.
    static func references(of teamID: UUID, on db: any Database) async throws -> RosterReferences {
        RosterReferences(sites: try await Site.query(on: db).filter(\.$partner.$id == teamID).all().map(\.name),
                         queues: try await Queue.query(on: db).all().map(\.code))
    }

    /// Imports a roster file into `team`. A file with any issue changes nothing (the refused run is
    /// kept with every issue by line and field); otherwise agents are added and updated by agent id
    /// in one transaction with their audit entries and the run's.
    static func importCSV(_ bytes: [UInt8], fileName: String, team: Partner, by actor: Actor, on db: any Database) async throws -> RosterImport {
        let teamID = try team.requireID()
        let run = RosterImport()
        run.$team.id = teamID
        run.fileName = String((fileName.isEmpty ? "roster.csv" : fileName).prefix(200))
        run.requestedBy = actor.name
        run.notInFile = "[]"
        run.added = 0
        run.updated = 0
        run.unchanged = 0
        func refuse(_ issues: [RowIssue]) async throws -> RosterImport {
            run.status = "rejected"
            run.issues = String(decoding: try JSONEncoder().encode(Array(issues.prefix(500))), as: UTF8.self)
            let rows = Set(issues.map(\.line)).count
            run.message = "Nothing was changed: \(issues.count) issue\(issues.count == 1 ? "" : "s") in \(rows) row\(rows == 1 ? "" : "s") of \(run.fileName). Fix them and import the file again."
            try await run.create(on: db)
            return run
        }
        guard bytes.count <= maximumFileBytes else {
            return try await refuse([RowIssue(line: 1, field: "file", reason: "the file is larger than \(maximumFileBytes >> 20) MB")])
        }
        let file = RosterFile.read(MemoryChunkSource(bytes), teamID: teamID.uuidString, references: try await references(of: teamID, on: db))
        guard file.isAccepted else { return try await refuse(file.issues) }

        try await db.transaction { tx in
            let existing = try await RosterAgentRecord.query(on: tx).filter(\.$team.$id == teamID).all()
            let byID = Dictionary(existing.map { ($0.agentID, $0) }, uniquingKeysWith: { first, _ in first })
            let changes = RosterChanges(existing: existing.map(\.agent), incoming: file.agents)
            for agent in changes.added {
                let record = RosterAgentRecord()
                record.$team.id = teamID
                record.apply(agent)
                try await record.create(on: tx)
                try await AuditLog.created(record, by: actor, on: tx)
            }
            for update in changes.updated {
                guard let record = byID[update.after.agentID] else { continue }
                let before = record.auditFields
                record.apply(update.after)
                try await record.update(on: tx)
                try await AuditLog.updated(record, before: before, by: actor, on: tx)
            }
            run.status = "succeeded"
            run.added = changes.added.count
            run.updated = changes.updated.count
            run.unchanged = changes.unchangedCount
            run.notInFile = String(decoding: try JSONEncoder().encode(changes.notInFile), as: UTF8.self)
            run.issues = "[]"
            run.message = "\(Self.count(changes.added.count, "agent")) added, \(changes.updated.count) updated, \(changes.unchangedCount) unchanged from \(run.fileName)"
                + (changes.notInFile.isEmpty ? "." : "; \(Self.count(changes.notInFile.count, "agent")) on the roster but not in the file, left as they are: "
                    + changes.notInFile.prefix(20).joined(separator: ", ") + (changes.notInFile.count > 20 ? "…" : "") + ".")
            try await run.create(on: tx)
            try await AuditLog.created(run, by: actor, on: tx)
        }
        try await FrontlineRefresh.teams([teamID], on: db)
        return run
    }

    /// Adds one agent (`record` nil) or changes one, validated like a roster row.
    static func save(_ input: RosterAgentInput, record existing: RosterAgentRecord?, team: Partner, by actor: Actor, on db: any Database) async throws -> RosterAgentRecord {
        let teamID = try team.requireID()
        var values: [RosterField: String] = [:]
        func set(_ field: RosterField, _ text: String?) {
            if let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty { values[field] = text }
        }
        set(.agentID, existing?.agentID ?? input.agentID)
        set(.name, input.name)
        set(.site, input.site)
        set(.startDate, input.startDate)
        set(.queues, input.queues?.joined(separator: ";"))
        set(.status, input.status)
        set(.leaveDate, input.leaveDate)
        set(.leaveReason, input.leaveReason)
        var errors = FieldErrors()
        var agent: RosterAgent?
        switch RosterRowValidator.validate(values, line: 1, teamID: teamID.uuidString) {
        case .success(var valid):
            for issue in try await references(of: teamID, on: db).issues(for: &valid) { errors.add(Self.inputField(issue.field), issue.reason) }
            agent = valid
        case .failure(let rowIssues):
            for issue in rowIssues.issues { errors.add(Self.inputField(issue.field), issue.reason) }
        }
        if existing == nil, let id = values[.agentID],
           try await RosterAgentRecord.query(on: db).filter(\.$team.$id == teamID).filter(\.$agentID == id).first() != nil {
            errors.add("agentID", "\"\(id)\" is already on this team's roster")
        }
        guard errors.isEmpty, let agent else { throw ValidationFailed(fields: errors) }
        let record = existing ?? RosterAgentRecord()
        let before = existing?.auditFields
        record.$team.id = teamID
        record.apply(agent)
        try await db.transaction { tx in
            try await record.save(on: tx)
            try await AuditLog.saved(record, before: before, by: actor, on: tx)
        }
        try await FrontlineRefresh.teams([teamID], on: db)
        return record
    }

    /// The roster file's column names as the API's and the form's field names.
    static func inputField(_ column: String) -> String {
        switch column {
        case RosterField.agentID.rawValue: "agentID"
        case RosterField.startDate.rawValue: "startDate"
        case RosterField.leaveDate.rawValue: "leaveDate"
        case RosterField.leaveReason.rawValue: "leaveReason"
        default: column
        }
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
