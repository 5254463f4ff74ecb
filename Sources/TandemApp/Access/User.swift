import Fluent
import SQLKit
import Foundation
import TandemPartners

/// A person who signs in. Partner users belong to exactly one partner.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    /// Stored lower-cased so sign-in is case-insensitive and unique.
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "role") var role: Role
    @OptionalParent(key: "partner_id") var partner: Partner?
    /// bcrypt; never leaves the server.
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "active") var active: Bool
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// A personal API token. Only a SHA-256 of the secret is stored; the secret is shown once.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "name") var name: String
    /// First characters of the secret, so a user can tell tokens apart.
    @Field(key: "prefix") var prefix: String
    @Field(key: "token_hash") var tokenHash: String
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// Failed and successful sign-ins, kept in the database so throttling holds across app servers.
final class LoginAttempt: Model, @unchecked Sendable {
    static let schema = "login_attempts"

    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "client_address") var clientAddress: String
    @Field(key: "succeeded") var succeeded: Bool
    @Field(key: "attempted_at") var attemptedAt: Date

    init() {}
}

struct CreateUser: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("partner_id", .uuid)
            .field("password_hash", .string, .required)
            .field("active", .bool, .required)
            .field("last_login_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}

/// Users are created before partners (partners point at their relationship manager),
/// so the user → partner reference is added once both tables exist. SQLite cannot add
/// a constraint to an existing table; there the service layer keeps the link valid.
struct UpdateUserAddPartnerReference: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, Engine(sql) == .postgres else { return }
        try await sql.raw("ALTER TABLE users ADD CONSTRAINT users_partner_id_fkey FOREIGN KEY (partner_id) REFERENCES partners (id) ON DELETE RESTRICT").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, Engine(sql) == .postgres else { return }
        try await sql.raw("ALTER TABLE users DROP CONSTRAINT users_partner_id_fkey").run()
    }
}

struct CreateAPIToken: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("prefix", .string, .required)
            .field("token_hash", .string, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_tokens").delete()
    }
}

struct CreateLoginAttempt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("login_attempts")
            .id()
            .field("email", .string, .required)
            .field("client_address", .string, .required)
            .field("succeeded", .bool, .required)
            .field("attempted_at", .datetime, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "login_attempts_email_time").on("login_attempts").column("email").column("attempted_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("login_attempts").delete()
    }
}
