import Fluent
import Foundation
import Logging

/// Read side of the audit log, as plain values for pages and the API.
struct AuditEntryDTO: Codable, Sendable, Equatable {
    let id: UUID
    let occurredAt: Date
    let actorID: UUID?
    let actorName: String
    let action: AuditAction
    let entityType: String
    let entityID: UUID
    let entityLabel: String
    let partnerID: UUID?
    let changes: [AuditChange]
    /// True when the stored changes could not be read: `changes` is then empty because nothing
    /// could be shown, not because nothing changed.
    var changesUnreadable: Bool = false
    /// The entry in words, one sentence per change (`AuditNarrative`).
    var summary: [String] = []
}

enum AuditQueries {
    struct Filter: Sendable {
        var partnerID: UUID?
        var entityType: String?
        var actorID: UUID?
        var limit: Int = 100
        var before: Date?
        /// Changes at or after this moment (the list pages' date range).
        var from: Date? = nil
        /// Changes before this moment.
        var until: Date? = nil
    }

    /// Entries as `scope` may read them (a partner user: without the client-only text of shared records).
    static func list(_ filter: Filter, for scope: PartnerScope, on db: any Database) async throws -> [AuditEntryDTO] {
        let query = AuditEntry.query(on: db)
        if let partnerID = filter.partnerID { query.filter(\.$partnerID == partnerID) }
        if let entityType = filter.entityType { query.filter(\.$entityType == entityType) }
        if let actorID = filter.actorID { query.filter(\.$actorID == actorID) }
        if let before = filter.before { query.filter(\.$occurredAt < before) }
        if let from = filter.from { query.filter(\.$occurredAt >= from) }
        if let until = filter.until { query.filter(\.$occurredAt < until) }
        let entries = try await query.sort(\.$occurredAt, .descending).sort(\.$id).limit(max(1, min(filter.limit, 1_000))).all()
        let narrative = try await AuditNarrative.load(on: db)
        return entries.map { entry in
            var shown = SharedRecordAudit.shown(dto(entry, logger: db.logger), to: scope)
            shown.summary = shown.changesUnreadable ? [] : narrative.sentences(shown)
            return shown
        }
    }

    /// An entry whose `changes` column does not decode is shown as unreadable (and logged), never
    /// as an entry that changed nothing.
    static func dto(_ entry: AuditEntry, logger: Logger) -> AuditEntryDTO {
        var changes: [AuditChange] = []
        var unreadable = false
        do {
            changes = try JSONDecoder().decode([AuditChange].self, from: Data(entry.changes.utf8))
        } catch {
            unreadable = true
            logger.error("Audit entry \(entry.id?.uuidString ?? "?") has unreadable changes: \(String(describing: error))")
        }
        return AuditEntryDTO(
            id: entry.id!, occurredAt: entry.occurredAt, actorID: entry.actorID, actorName: entry.actorName,
            action: entry.action, entityType: entry.entityType, entityID: entry.entityID,
            entityLabel: entry.entityLabel, partnerID: entry.partnerID,
            changes: changes, changesUnreadable: unreadable
        )
    }
}
