import Fluent
import Foundation

/// One unit of background work, stored in the database so any app server can run it: a server
/// claims a queued job by flipping its status in a conditional UPDATE (only one claim can win),
/// then reports progress and the outcome on the row.
final class Job: Model, @unchecked Sendable {
    static let schema = "jobs"

    enum Status: String, Codable, Sendable, CaseIterable {
        case queued, running, succeeded, failed
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "status") var status: Status
    /// JSON; its shape belongs to the job's kind.
    @Field(key: "payload") var payload: String
    @Field(key: "attempts") var attempts: Int
    @OptionalField(key: "worker") var worker: String?
    @Field(key: "message") var message: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "started_at") var startedAt: Date?
    @OptionalField(key: "heartbeat_at") var heartbeatAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?
    /// The last heartbeat of the latest attempt whose server died while running it (nil: never interrupted).
    @OptionalField(key: "interrupted_at") var interruptedAt: Date?

    init() {}
}

/// The bytes of an upload waiting for (or being read by) a job: in the database, because the
/// server that runs the job is not necessarily the one that received the upload.
final class StoredUpload: Model, @unchecked Sendable {
    static let schema = "stored_uploads"

    @ID(key: .id) var id: UUID?
    @Field(key: "file_name") var fileName: String
    @Field(key: "bytes") var bytes: Data
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

struct CreateJob: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("jobs")
            .id()
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("payload", .string, .required)
            .field("attempts", .int, .required)
            .field("worker", .string)
            .field("message", .string, .required)
            .field("created_at", .datetime)
            .field("started_at", .datetime)
            .field("heartbeat_at", .datetime)
            .field("finished_at", .datetime)
            .create()
        try await database.schema("stored_uploads")
            .id()
            .field("file_name", .string, .required)
            .field("bytes", .data, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("stored_uploads").delete()
        try await database.schema("jobs").delete()
    }
}

/// Jobs remember when an attempt was interrupted, so the page can say so.
struct UpdateJobAddInterruptedAt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("jobs").field("interrupted_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("jobs").deleteField("interrupted_at").update()
    }
}
