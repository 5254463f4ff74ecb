import Fluent
import Foundation
import TandemPartners
import Vapor

struct FeedbackNoteDTO: Content, Equatable {
    let id: UUID
    let partnerID: UUID
    let fromSide: ContactSide
    let author: String
    let body: String
    let writtenAt: Date
}

struct FeedbackInput: Content, Equatable {
    var body: String
}

/// The candid feedback log: short notes either way, read by both sides.
enum FeedbackService {
    static func list(partnerID: UUID, on db: any Database) async throws -> [FeedbackNoteDTO] {
        try await FeedbackNote.query(on: db).filter(\.$partner.$id == partnerID).sort(\.$writtenAt, .descending).all().map {
            FeedbackNoteDTO(id: $0.id!, partnerID: $0.$partner.id, fromSide: $0.fromSide, author: $0.authorName, body: $0.body, writtenAt: $0.writtenAt)
        }
    }

    static func add(_ input: FeedbackInput, partner: Partner, principal: Principal, now: Date = Date(), on db: any Database) async throws -> FeedbackNote {
        var errors = FieldErrors()
        Check.required(input.body, "body", max: 2_000, into: &errors)
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let note = FeedbackNote()
        note.$partner.id = try partner.requireID()
        note.fromSide = principal.side
        note.authorName = principal.name
        note.body = input.body.trimmingCharacters(in: .whitespacesAndNewlines)
        note.writtenAt = now
        try await db.transaction { tx in
            try await note.create(on: tx)
            try await AuditLog.created(note, by: principal.actor, on: tx)
        }
        return note
    }
}
