import Fluent
import Foundation
import TandemPartners
import Vapor

struct UserDTO: Content, Equatable {
    let id: UUID
    let email: String
    let name: String
    let role: Role
    let partnerID: UUID?
    let active: Bool
    let lastLoginAt: Date?
    let createdAt: Date?
}

struct NewUserInput: Content, Equatable {
    var email: String
    var name: String
    var role: Role
    var partnerID: UUID?
    var password: String
}

struct UserUpdateInput: Content, Equatable {
    var name: String
    var role: Role
    var partnerID: UUID?
    var active: Bool
    /// Set to reset the password; omit to keep it.
    var password: String?
}

extension User: Audited {
    static let auditType = "user"
    var auditLabel: String { "\(name) <\(email)>" }
    var auditPartnerID: UUID? { $partner.id }
    /// Only a fingerprint of the hash appears, so the log shows that a password changed, never what to.
    var auditFields: [String: String] {
        ["email": email, "name": name, "role": role.rawValue, "partnerID": $partner.id?.uuidString.lowercased() ?? "",
         "active": String(active), "passwordFingerprint": String(Secrets.sha256Hex(passwordHash).prefix(8))]
    }
}

/// Users, passwords and personal API tokens.
enum UserService {
    static let minimumPasswordLength = 10

    static func dto(_ user: User) -> UserDTO {
        UserDTO(id: user.id!, email: user.email, name: user.name, role: user.role, partnerID: user.$partner.id,
                active: user.active, lastLoginAt: user.lastLoginAt, createdAt: user.createdAt)
    }

    static func list(on db: any Database) async throws -> [UserDTO] {
        try await User.query(on: db).sort(\.$email).all().map(dto)
    }

    static func require(_ id: UUID, on db: any Database) async throws -> User {
        guard let user = try await User.find(id, on: db) else { throw Abort(.notFound, reason: "No such user.") }
        return user
    }

    static func relationshipManagers(on db: any Database) async throws -> [UserRef] {
        try await User.query(on: db).filter(\.$active == true).filter(\.$role ~~ [Role.admin, Role.manager]).sort(\.$name).all()
            .map { UserRef(id: $0.id!, name: $0.name) }
    }

    static func create(_ input: NewUserInput, hasher: PasswordHashing, by actor: Actor, on db: any Database) async throws -> User {
        var errors = FieldErrors()
        let email = input.email.trimmingCharacters(in: .whitespaces).lowercased()
        Check.email(email, "email", required: true, into: &errors)
        Check.required(input.name, "name", into: &errors)
        checkPassword(input.password, into: &errors)
        if Check.isEmail(email), try await User.query(on: db).filter(\.$email == email).count() > 0 {
            errors.add("email", "is already used by another user")
        }
        try await checkPartner(role: input.role, partnerID: input.partnerID, on: db, into: &errors)
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }

        let user = User()
        user.email = email
        user.name = input.name.trimmingCharacters(in: .whitespaces)
        user.role = input.role
        user.$partner.id = input.role == .partner ? input.partnerID : nil
        user.active = true
        user.passwordHash = try await hasher.hash(input.password)
        try await db.transaction { tx in
            try await user.create(on: tx)
            try await AuditLog.created(user, by: actor, on: tx)
        }
        return user
    }

    static func update(_ user: User, with input: UserUpdateInput, hasher: PasswordHashing, by actor: Actor, on db: any Database) async throws -> User {
        var errors = FieldErrors()
        Check.required(input.name, "name", into: &errors)
        if let password = input.password, !password.isEmpty { checkPassword(password, into: &errors) }
        try await checkPartner(role: input.role, partnerID: input.partnerID, on: db, into: &errors)
        // Never leave the workspace without an administrator who can sign in.
        if user.role == .admin && user.active && (input.role != .admin || !input.active) {
            let admins = try await User.query(on: db).filter(\.$role == .admin).filter(\.$active == true).count()
            if admins <= 1 { errors.add(input.active ? "role" : "active", "cannot change: this is the last active admin") }
        }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }

        let before = user.auditFields
        user.name = input.name.trimmingCharacters(in: .whitespaces)
        user.role = input.role
        user.$partner.id = input.role == .partner ? input.partnerID : nil
        user.active = input.active
        if let password = input.password, !password.isEmpty { user.passwordHash = try await hasher.hash(password) }
        try await db.transaction { tx in
            try await user.update(on: tx)
            try await AuditLog.updated(user, before: before, by: actor, on: tx)
            if !user.active {
                // A deactivated user's tokens stop working at once.
                try await APIToken.query(on: tx).filter(\.$user.$id == user.requireID()).filter(\.$revokedAt == nil).set(\.$revokedAt, to: Date()).update()
            }
        }
        return user
    }

    static func changePassword(_ user: User, current: String, new: String, hasher: PasswordHashing, by actor: Actor, on db: any Database) async throws {
        var errors = FieldErrors()
        if !(try await hasher.verify(current, created: user.passwordHash)) { errors.add("currentPassword", "is not your current password") }
        checkPassword(new, field: "newPassword", into: &errors)
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let before = user.auditFields
        user.passwordHash = try await hasher.hash(new)
        try await db.transaction { tx in
            try await user.update(on: tx)
            try await AuditLog.updated(user, before: before, by: actor, on: tx)
        }
    }

    static func checkPassword(_ password: String, field: String = "password", into errors: inout FieldErrors) {
        if password.count < minimumPasswordLength { errors.add(field, "must be at least \(minimumPasswordLength) characters") }
        else if password.count > 200 { errors.add(field, "must be at most 200 characters") }
    }

    private static func checkPartner(role: Role, partnerID: UUID?, on db: any Database, into errors: inout FieldErrors) async throws {
        guard role == .partner else { return }
        guard let partnerID else { errors.add("partnerID", "is required for partner users"); return }
        guard let partner = try await Partner.find(partnerID, on: db), partner.kind == .partner else {
            errors.add("partnerID", "must be an existing partner (not the in-house team)")
            return
        }
    }
}

/// bcrypt on the thread pool, so hashing never blocks an event loop.
struct PasswordHashing: Sendable {
    let hasher: any PasswordHasher
    let pool: NIOThreadPool

    func hash(_ password: String) async throws -> String {
        try await pool.runIfActive { try hasher.hash(password) }
    }

    func verify(_ password: String, created digest: String) async throws -> Bool {
        try await pool.runIfActive { (try? hasher.verify(password, created: digest)) ?? false }
    }
}

extension Application {
    var passwordHashing: PasswordHashing { PasswordHashing(hasher: password, pool: threadPool) }
}

extension Request {
    var passwordHashing: PasswordHashing { application.passwordHashing }
}
