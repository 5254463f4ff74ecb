import Fluent
import Foundation
import TandemFrontline
import TandemPartners
import TandemPerformance
import Vapor

struct KudosDTO: Content, Equatable {
    let id: UUID
    let teamID: UUID
    let rosterAgentID: UUID
    let agentID: String
    let agentName: String
    let fromName: String
    /// "client" or "partner".
    let fromSide: String
    let message: String
    let givenOn: String
}

struct KudosInput: Content, Equatable {
    /// The roster agent (its record id).
    var rosterAgentID: UUID
    var message: String
    /// YYYY-MM-DD, default today.
    var givenOn: String?
}

struct CelebrationDTO: Content, Equatable {
    let id: UUID
    let teamID: UUID
    let title: String
    let celebratedOn: String
    let notes: String
    let recordedBy: String
}

struct CelebrationInput: Content, Equatable {
    var title: String
    var celebratedOn: String?
    var notes: String?
}

struct TeamSiteVisitDTO: Content, Equatable {
    let id: UUID
    let teamID: UUID
    let siteID: UUID?
    let siteName: String?
    let visitedOn: String
    let visitors: String
    let purpose: String
    let notes: String
    let recordedBy: String
}

struct TeamSiteVisitInput: Content, Equatable {
    var siteID: UUID?
    var visitedOn: String
    var visitors: String
    var purpose: String
    var notes: String?
}

/// Kudos, celebrations and site visits, from either side of the partnership (partner users: their own team).
enum RecognitionService {
    static func kudos(teamID: UUID, agentID: UUID? = nil, on db: any Database) async throws -> [KudosDTO] {
        let query = Kudos.query(on: db).filter(\.$team.$id == teamID).with(\.$agent).sort(\.$givenOn, .descending).sort(\.$createdAt, .descending)
        if let agentID { query.filter(\.$agent.$id == agentID) }
        return try await query.all().map { k in
            KudosDTO(id: k.id!, teamID: k.$team.id, rosterAgentID: k.$agent.id, agentID: k.agent.agentID, agentName: k.agent.name, fromName: k.fromName,
                     fromSide: k.fromSide, message: k.message, givenOn: UTCDay(daysSince1970: k.givenOn).description)
        }
    }

    static func day(_ text: String?, _ field: String, default fallback: UTCDay? = UTCDay(Date()), into errors: inout FieldErrors) -> UTCDay? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            if fallback == nil { errors.add(field, "is required") }
            return fallback
        }
        guard let day = UTCDay.parse(text) else { errors.add(field, "must be a date as YYYY-MM-DD"); return nil }
        return day
    }

    static func giveKudos(_ input: KudosInput, team: Partner, by principal: Principal, on db: any Database) async throws -> Kudos {
        let teamID = try team.requireID()
        var errors = FieldErrors()
        Check.required(input.message, "message", max: 2_000, into: &errors)
        let given = day(input.givenOn, "givenOn", into: &errors)
        let agent = try await RosterAgentRecord.query(on: db).filter(\.$id == input.rosterAgentID).filter(\.$team.$id == teamID).first()
        if agent == nil { errors.add("rosterAgentID", "is not an agent on this team's roster") }
        guard errors.isEmpty, let agent, let given else { throw ValidationFailed(fields: errors) }
        let kudos = Kudos()
        kudos.$team.id = teamID
        kudos.$agent.id = try agent.requireID()
        kudos.fromName = principal.name
        kudos.fromSide = principal.side.rawValue
        kudos.message = input.message.trimmingCharacters(in: .whitespacesAndNewlines)
        kudos.givenOn = given.daysSince1970
        try await db.transaction { tx in
            try await kudos.create(on: tx)
            try await AuditLog.created(kudos, by: principal.actor, on: tx)
        }
        return kudos
    }

    static func celebrations(teamID: UUID, on db: any Database) async throws -> [CelebrationDTO] {
        try await Celebration.query(on: db).filter(\.$team.$id == teamID).sort(\.$celebratedOn, .descending).all().map {
            CelebrationDTO(id: $0.id!, teamID: $0.$team.id, title: $0.title, celebratedOn: UTCDay(daysSince1970: $0.celebratedOn).description,
                           notes: $0.notes, recordedBy: $0.recordedBy)
        }
    }

    static func addCelebration(_ input: CelebrationInput, team: Partner, by principal: Principal, on db: any Database) async throws -> Celebration {
        var errors = FieldErrors()
        Check.required(input.title, "title", into: &errors)
        Check.length(input.notes, "notes", max: Check.longText, into: &errors)
        let on = day(input.celebratedOn, "celebratedOn", into: &errors)
        guard errors.isEmpty, let on else { throw ValidationFailed(fields: errors) }
        let record = Celebration()
        record.$team.id = try team.requireID()
        record.title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        record.celebratedOn = on.daysSince1970
        record.notes = input.notes ?? ""
        record.recordedBy = principal.name
        try await db.transaction { tx in
            try await record.create(on: tx)
            try await AuditLog.created(record, by: principal.actor, on: tx)
        }
        return record
    }

    static func siteVisits(teamID: UUID, on db: any Database) async throws -> [TeamSiteVisitDTO] {
        try await TeamSiteVisit.query(on: db).filter(\.$team.$id == teamID).with(\.$site).sort(\.$visitedOn, .descending).all().map {
            TeamSiteVisitDTO(id: $0.id!, teamID: $0.$team.id, siteID: $0.$site.id, siteName: $0.site?.name, visitedOn: UTCDay(daysSince1970: $0.visitedOn).description,
                         visitors: $0.visitors, purpose: $0.purpose, notes: $0.notes, recordedBy: $0.recordedBy)
        }
    }

    static func addSiteVisit(_ input: TeamSiteVisitInput, team: Partner, by principal: Principal, on db: any Database) async throws -> TeamSiteVisit {
        let teamID = try team.requireID()
        var errors = FieldErrors()
        Check.required(input.visitors, "visitors", max: 500, into: &errors)
        Check.required(input.purpose, "purpose", max: 500, into: &errors)
        Check.length(input.notes, "notes", max: Check.longText, into: &errors)
        let on = day(input.visitedOn, "visitedOn", default: nil, into: &errors)
        if let siteID = input.siteID, try await Site.query(on: db).filter(\.$id == siteID).filter(\.$partner.$id == teamID).first() == nil {
            errors.add("siteID", "is not one of this team's sites")
        }
        guard errors.isEmpty, let on else { throw ValidationFailed(fields: errors) }
        let record = TeamSiteVisit()
        record.$team.id = teamID
        record.$site.id = input.siteID
        record.visitedOn = on.daysSince1970
        record.visitors = input.visitors.trimmingCharacters(in: .whitespacesAndNewlines)
        record.purpose = input.purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        record.notes = input.notes ?? ""
        record.recordedBy = principal.name
        try await db.transaction { tx in
            try await record.create(on: tx)
            try await AuditLog.created(record, by: principal.actor, on: tx)
        }
        return record
    }
}
