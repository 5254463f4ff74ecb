import Fluent
import Foundation
import TandemPartners
import Vapor

struct TokenDTO: Content, Equatable {
    let id: UUID
    let name: String
    let prefix: String
    let createdAt: Date?
    let lastUsedAt: Date?
    let revokedAt: Date?
}

/// The only response that ever contains a token's secret.
struct NewTokenDTO: Content, Equatable {
    let token: TokenDTO
    let secret: String
}

struct TokenInput: Content, Equatable {
    var name: String
}

extension APIToken: Audited {
    static let auditType = "api_token"
    var auditLabel: String { "\(name) (\(prefix)…)" }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        ["name": name, "prefix": prefix, "userID": $user.id.uuidString.lowercased(), "revoked": revokedAt == nil ? "no" : "yes"]
    }
}

enum TokenService {
    static let secretPrefix = "tdm_"

    static func dto(_ token: APIToken) -> TokenDTO {
        TokenDTO(id: token.id!, name: token.name, prefix: token.prefix, createdAt: token.createdAt, lastUsedAt: token.lastUsedAt, revokedAt: token.revokedAt)
    }

    static func list(userID: UUID, on db: any Database) async throws -> [TokenDTO] {
        try await APIToken.query(on: db).filter(\.$user.$id == userID).sort(\.$createdAt, .descending).all().map(dto)
    }

    static func create(name: String, userID: UUID, by actor: Actor, on db: any Database) async throws -> NewTokenDTO {
        var errors = FieldErrors()
        Check.required(name, "name", max: 100, into: &errors)
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let secret = secretPrefix + Secrets.random()
        let token = APIToken()
        token.$user.id = userID
        token.name = name.trimmingCharacters(in: .whitespaces)
        token.prefix = String(secret.prefix(secretPrefix.count + 6))
        token.tokenHash = Secrets.sha256Hex(secret)
        try await db.transaction { tx in
            try await token.create(on: tx)
            try await AuditLog.created(token, by: actor, on: tx)
        }
        return NewTokenDTO(token: dto(token), secret: secret)
    }

    /// Tokens are the user's own: another user's token id is simply not found.
    static func requireOwn(_ id: UUID, userID: UUID, on db: any Database) async throws -> APIToken {
        guard let token = try await APIToken.query(on: db).filter(\.$id == id).filter(\.$user.$id == userID).first() else {
            throw Abort(.notFound, reason: "No such token.")
        }
        return token
    }

    static func revoke(_ token: APIToken, by actor: Actor, on db: any Database) async throws {
        guard token.revokedAt == nil else { return }
        let before = token.auditFields
        token.revokedAt = Date()
        try await db.transaction { tx in
            try await token.update(on: tx)
            try await AuditLog.updated(token, before: before, by: actor, on: tx)
        }
    }
}
