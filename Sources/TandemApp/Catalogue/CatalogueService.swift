import Fluent
import Foundation
import TandemPartners
import Vapor

struct ChannelDTO: Content, Equatable {
    let id: UUID
    let name: String
    let kind: ChannelKind
    let realTime: Bool
    let queueCount: Int
}

struct QueueDTO: Content, Equatable {
    let id: UUID
    let channelID: UUID
    let channelName: String
    let name: String
    let code: String
    let serviceLevelSeconds: Int
    let active: Bool
}

struct ChannelInput: Content, Equatable {
    var name: String
    var kind: ChannelKind
}

struct QueueInput: Content, Equatable {
    var channelID: UUID
    var name: String
    var code: String
    /// Defaults to the channel kind's usual threshold.
    var serviceLevelSeconds: Int?
    var active: Bool?
}

extension Channel: Audited {
    static let auditType = "channel"
    var auditLabel: String { name }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] { ["name": name, "kind": kind.rawValue] }
}

extension Queue: Audited {
    static let auditType = "queue"
    var auditLabel: String { name }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        ["name": name, "code": code, "channelID": $channel.id.uuidString.lowercased(),
         "serviceLevelSeconds": String(serviceLevelSeconds), "active": String(active)]
    }
}

/// The channel and queue catalogue shared by every team.
enum CatalogueService {
    static func channels(on db: any Database) async throws -> [ChannelDTO] {
        try await Channel.query(on: db).with(\.$queues).sort(\.$name).all().map { channel in
            ChannelDTO(id: channel.id!, name: channel.name, kind: channel.kind, realTime: channel.kind.isRealTime, queueCount: channel.queues.count)
        }
    }

    static func queues(on db: any Database) async throws -> [QueueDTO] {
        try await Queue.query(on: db).with(\.$channel).sort(\.$name).all().map(dto)
    }

    static func dto(_ queue: Queue) -> QueueDTO {
        QueueDTO(id: queue.id!, channelID: queue.$channel.id, channelName: queue.$channel.value?.name ?? "", name: queue.name,
                 code: queue.code, serviceLevelSeconds: queue.serviceLevelSeconds, active: queue.active)
    }

    static func channelDTO(_ channel: Channel, on db: any Database) async throws -> ChannelDTO {
        let count = try await Queue.query(on: db).filter(\.$channel.$id == channel.requireID()).count()
        return ChannelDTO(id: channel.id!, name: channel.name, kind: channel.kind, realTime: channel.kind.isRealTime, queueCount: count)
    }

    static func requireChannel(_ id: UUID, on db: any Database) async throws -> Channel {
        guard let channel = try await Channel.find(id, on: db) else { throw Abort(.notFound, reason: "No such channel.") }
        return channel
    }

    static func requireQueue(_ id: UUID, on db: any Database) async throws -> Queue {
        guard let queue = try await Queue.query(on: db).filter(\.$id == id).with(\.$channel).first() else { throw Abort(.notFound, reason: "No such queue.") }
        return queue
    }

    static func saveChannel(_ input: ChannelInput, channel existing: Channel?, by actor: Actor, on db: any Database) async throws -> Channel {
        var errors = FieldErrors()
        let name = input.name.trimmingCharacters(in: .whitespaces)
        Check.required(name, "name", into: &errors)
        if !name.isEmpty, try await SameNameLookup.matches(in: Channel.schema, name: name, on: db).contains(where: { $0.id != existing?.id }) {
            errors.add("name", "is already used by another channel")
        }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let channel = existing ?? Channel()
        let before = existing?.auditFields
        channel.name = name
        channel.kind = input.kind
        try await db.transaction { tx in
            try await channel.save(on: tx)
            try await AuditLog.saved(channel, before: before, by: actor, on: tx)
        }
        return channel
    }

    static func saveQueue(_ input: QueueInput, queue existing: Queue?, by actor: Actor, on db: any Database) async throws -> Queue {
        var errors = FieldErrors()
        let name = input.name.trimmingCharacters(in: .whitespaces)
        let code = input.code.trimmingCharacters(in: .whitespaces).lowercased()
        Check.required(name, "name", into: &errors)
        Check.required(code, "code", max: 64, into: &errors)
        if !code.isEmpty && !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            errors.add("code", "may use only letters, digits, - and _ (it is the key imports refer to)")
        }
        Check.range(input.serviceLevelSeconds, "serviceLevelSeconds", 1...604_800, into: &errors)
        let channel = try await Channel.find(input.channelID, on: db)
        if channel == nil { errors.add("channelID", "is not a known channel") }
        if !code.isEmpty, try await Queue.query(on: db).filter(\.$code == code).all().contains(where: { $0.id != existing?.id }) {
            errors.add("code", "is already used by another queue")
        }
        guard errors.isEmpty, let channel else { throw ValidationFailed(fields: errors) }
        let queue = existing ?? Queue()
        let before = existing?.auditFields
        queue.$channel.id = try channel.requireID()
        queue.name = name
        queue.code = code
        queue.serviceLevelSeconds = input.serviceLevelSeconds ?? channel.kind.defaultServiceLevelThreshold
        queue.active = input.active ?? true
        // A new T makes the queue's stored rollups stale: they are rebuilt with it, in the same transaction.
        let thresholdChanged = before.map { $0["serviceLevelSeconds"] != String(queue.serviceLevelSeconds) } ?? false
        try await db.transaction { tx in
            try await queue.save(on: tx)
            try await AuditLog.saved(queue, before: before, by: actor, on: tx)
            if thresholdChanged {
                try await RollupRebuild.rebuild(queueID: queue.requireID(), serviceLevelSeconds: queue.serviceLevelSeconds, on: tx)
            }
        }
        if thresholdChanged {
            try await AlertService.refresh(on: db)
            try await ContractRecompute.all(on: db)  // service level is an SLA metric (issue 14)
        }
        return try await requireQueue(queue.requireID(), on: db)
    }

    static func deleteChannel(_ channel: Channel, by actor: Actor, on db: any Database) async throws {
        let queues = try await Queue.query(on: db).filter(\.$channel.$id == channel.requireID()).count()
        guard queues == 0 else { throw Abort(.conflict, reason: "\(channel.name) still has \(queues) queue(s). Delete or move them first.") }
        try await AuditLog.delete(channel, by: actor, on: db)
    }
}
