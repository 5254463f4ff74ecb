import Fluent
import Foundation

/// Who made a change: a signed-in user, or an operator running the CLI.
struct Actor: Sendable, Equatable {
    let userID: UUID?
    let name: String

    static func cli(_ what: String = "tandem CLI") -> Actor { Actor(userID: nil, name: what) }
}

/// Models whose changes are audited describe themselves as flat, readable fields.
protocol Audited: Model where IDValue == UUID {
    static var auditType: String { get }
    var auditLabel: String { get }
    /// The partner whose history shows this change.
    var auditPartnerID: UUID? { get }
    /// Field name → value as a person would read it. Secrets never appear here.
    var auditFields: [String: String] { get }
}

struct AuditChange: Codable, Sendable, Equatable {
    let field: String
    let before: String?
    let after: String?
}

/// Writes audit entries. Callers pass the same `Database` they changed the data on
/// (inside their transaction), so the change and its record land or fail together.
enum AuditLog {
    /// `entityType` overrides `M.auditType` for models that record more than one kind of thing
    /// (an import run of contacts or of QA evaluations).
    static func created<M: Audited>(_ model: M, entityType: String? = nil, by actor: Actor, on db: any Database) async throws {
        try await write(.create, model, entityType: entityType, changes: diff(before: [:], after: model.auditFields), by: actor, on: db)
    }

    /// Records only the fields that changed; an update that changed nothing is not recorded.
    static func updated<M: Audited>(_ model: M, before: [String: String], by actor: Actor, on db: any Database) async throws {
        let changes = diff(before: before, after: model.auditFields)
        guard !changes.isEmpty else { return }
        try await write(.update, model, changes: changes, by: actor, on: db)
    }

    static func deleted<M: Audited>(_ model: M, by actor: Actor, on db: any Database) async throws {
        try await write(.delete, model, changes: diff(before: model.auditFields, after: [:]), by: actor, on: db)
    }

    /// Records a create (no `before`) or an update of a model just saved.
    static func saved<M: Audited>(_ model: M, before: [String: String]?, by actor: Actor, on db: any Database) async throws {
        if let before { try await updated(model, before: before, by: actor, on: db) }
        else { try await created(model, by: actor, on: db) }
    }

    /// Deletes a model and records it, together.
    static func delete<M: Audited>(_ model: M, by actor: Actor, on db: any Database) async throws {
        try await db.transaction { tx in
            try await deleted(model, by: actor, on: tx)
            try await model.delete(on: tx)
        }
    }

    static func diff(before: [String: String], after: [String: String]) -> [AuditChange] {
        Set(before.keys).union(after.keys).sorted().compactMap { field in
            before[field] == after[field] ? nil : AuditChange(field: field, before: before[field], after: after[field])
        }
    }

    private static func write<M: Audited>(
        _ action: AuditAction, _ model: M, entityType: String? = nil, changes: [AuditChange], by actor: Actor, on db: any Database
    ) async throws {
        let entry = AuditEntry()
        entry.occurredAt = Date()
        entry.actorID = actor.userID
        entry.actorName = actor.name
        entry.action = action
        entry.entityType = entityType ?? M.auditType
        entry.entityID = try model.requireID()
        entry.entityLabel = model.auditLabel
        entry.partnerID = model.auditPartnerID
        entry.changes = String(decoding: try JSONEncoder().encode(changes), as: UTF8.self)
        try await entry.create(on: db)
    }
}
