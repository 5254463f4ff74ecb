import Fluent
import Foundation
import TandemPartners
import Vapor

/// Partner isolation, the product's first rule: a partner user sees only its own partner's data,
/// and another partner's record answers 404 (so a partner cannot even learn that it exists).
///
/// Every partner-owned read goes through a `PartnerScope`, taken from the signed-in principal:
/// - a query on a partner-owned model is narrowed with `scope.restrict(query, to: \.$partner.$id)`;
/// - one record read by id is checked with `scope.require(record, owner:)` (404 when outside);
/// - rows already in memory (figures per team, shares of a shared record) with `scope.visible(_:owner:)`;
/// - what the client writes on a record that spans partners is shown through `ClientNote`.
/// docs/access.md states what a partner user sees of each shared record; the route walk in
/// `AccessControlTests` and `SharedRecordIsolationTests` proves it on every registered route.
enum PartnerScope: Sendable, Equatable {
    /// The client's own users: every team.
    case all
    /// A partner user: this partner only.
    case only(UUID)

    /// The one partner a partner user is confined to; nil for the client's users.
    var partnerID: UUID? {
        switch self {
        case .all: nil
        case .only(let id): id
        }
    }

    /// True for a partner user's scope: client-side views and text are hidden from it.
    var isPartner: Bool { partnerID != nil }

    func includes(_ partnerID: UUID?) -> Bool {
        switch self {
        case .all: true
        case .only(let own): partnerID == own
        }
    }

    /// Narrows a query on a partner-owned model (or one keyed by team) to the scope.
    @discardableResult
    func restrict<M: Model>(_ query: QueryBuilder<M>, to owner: KeyPath<M, FieldProperty<M, UUID>>) -> QueryBuilder<M> {
        if case .only(let id) = self { query.filter(owner == id) }
        return query
    }

    /// The same for a model whose owner may be empty (records of the client alone): those are outside a partner's scope.
    @discardableResult
    func restrict<M: Model>(_ query: QueryBuilder<M>, to owner: KeyPath<M, OptionalFieldProperty<M, UUID>>) -> QueryBuilder<M> {
        if case .only(let id) = self { query.filter(owner == id) }
        return query
    }

    /// The rows of `items` the scope may see.
    func visible<S: Sequence>(_ items: S, owner: (S.Element) -> UUID?) -> [S.Element] {
        items.filter { includes(owner($0)) }
    }

    /// The record when it exists and lies inside the scope; otherwise 404 with `reason`, the same
    /// answer for "does not exist" and "belongs to another partner".
    func require<T>(_ record: T?, owner: (T) -> UUID?, notFound reason: String) throws -> T {
        guard let record, includes(owner(record)) else { throw Abort(.notFound, reason: reason) }
        return record
    }

    /// 404 unless `partnerID` is inside the scope.
    func require(_ partnerID: UUID, notFound reason: String = "No such partner.") throws {
        guard includes(partnerID) else { throw Abort(.notFound, reason: reason) }
    }
}

extension Principal {
    var scope: PartnerScope { role.isPartnerScoped ? .only(partnerID ?? UUID()) : .all }

    /// A partner's user (confined to one partner), as opposed to the client's own people.
    var isPartnerUser: Bool { role.isPartnerScoped }

    /// The side of the partnership this person speaks for.
    var side: ContactSide { isPartnerUser ? .partner : .client }

    /// Views that are the client's own (vendor risk, exit scenarios, baselines): 403 for partner users.
    func requireClientSide(_ reason: String) throws {
        guard !isPartnerUser else { throw Abort(.forbidden, reason: reason) }
    }
}

/// Free text the client writes on a record that spans partners (an allocation set's note, a
/// capacity plan's comment): it usually speaks of the other partners, so partner users see it
/// only when its author marked it visible to partners.
struct ClientNote: Sendable, Equatable {
    let text: String
    let visibleToPartners: Bool

    /// The text this scope may read; nil when it is hidden from it.
    func shown(to scope: PartnerScope) -> String? {
        scope.isPartner && !visibleToPartners ? nil : text
    }
}

/// Audit entries of records that span partners carry what the client wrote about all of them
/// (an allocation set's note): a partner user reading its own history sees the entry without
/// those fields, unless the author marked the text visible to partners.
enum SharedRecordAudit {
    /// Entity type → the client-only field and the field that says whether it was made visible.
    static let clientOnlyFields: [String: (field: String, visibleWhen: String)] = [
        AllocationShare.auditType: ("note", "noteVisibleToPartners"),
    ]

    static func shown(_ entry: AuditEntryDTO, to scope: PartnerScope) -> AuditEntryDTO {
        guard scope.isPartner, let rule = clientOnlyFields[entry.entityType] else { return entry }
        let visible = entry.changes.first { $0.field == rule.visibleWhen }.map { ($0.after ?? $0.before) == "yes" } ?? false
        guard !visible else { return entry }
        return AuditEntryDTO(id: entry.id, occurredAt: entry.occurredAt, actorID: entry.actorID, actorName: entry.actorName, action: entry.action,
                             entityType: entry.entityType, entityID: entry.entityID, entityLabel: entry.entityLabel, partnerID: entry.partnerID,
                             changes: entry.changes.filter { $0.field != rule.field }, changesUnreadable: entry.changesUnreadable)
    }
}
