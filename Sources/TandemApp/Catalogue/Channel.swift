import Fluent
import Foundation
import TandemPartners

/// A way customers reach the client (voice, chat, email...). Shared by all teams.
final class Channel: Model, @unchecked Sendable {
    static let schema = "channels"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: ChannelKind
    @Children(for: \.$channel) var queues: [Queue]

    init() {}
}

/// A routing target inside a channel ("billing voice"). Shared by all teams; allocation
/// later decides which team takes which share of it.
final class Queue: Model, @unchecked Sendable {
    static let schema = "queues"

    @ID(key: .id) var id: UUID?
    @Parent(key: "channel_id") var channel: Channel
    @Field(key: "name") var name: String
    /// Short stable key used by imports and the API ("billing-voice").
    @Field(key: "code") var code: String
    /// T in the service-level formula, in seconds.
    @Field(key: "service_level_seconds") var serviceLevelSeconds: Int
    @Field(key: "active") var active: Bool

    init() {}
}

struct CreateChannel: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("channels")
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("channels").delete()
    }
}

struct CreateQueue: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("queues")
            .id()
            .field("channel_id", .uuid, .required, .references("channels", "id", onDelete: .restrict))
            .field("name", .string, .required)
            .field("code", .string, .required)
            .field("service_level_seconds", .int, .required)
            .field("active", .bool, .required)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("queues").delete()
    }
}
