import Fluent
import Foundation
import TandemPartners
import Vapor

/// `tandem users …` and `tandem sessions purge`: accounts managed from the terminal, through
/// `UserService` (validation, hashing, audit) like the users page.
public enum UserOperations {
    public struct UserRow: Sendable {
        public let email: String
        public let name: String
        public let role: String
        public let partner: String
        public let active: Bool
        public let lastLogin: String
    }

    public static func list(_ app: Application) async throws -> [UserRow] {
        let partners = Dictionary(uniqueKeysWithValues: try await Partner.query(on: app.db).all().map { ($0.id!, $0.name) })
        return try await User.query(on: app.db).sort(\.$email).all().map { user in
            UserRow(email: user.email, name: user.name, role: user.role.rawValue, partner: user.$partner.id.flatMap { partners[$0] } ?? "",
                    active: user.active, lastLogin: Components.date(user.lastLoginAt))
        }
    }

    /// Errors come back as `OperatorError` with every bad field named.
    public static func create(_ app: Application, email: String, name: String, role: Role, partnerName: String?, password: String) async throws {
        var partnerID: UUID?
        if let partnerName {
            guard let partner = try await Partner.query(on: app.db).all().first(where: { $0.name.lowercased() == partnerName.lowercased() }) else {
                throw OperatorError(message: "No partner is named \"\(partnerName)\".")
            }
            partnerID = partner.id
        }
        do {
            _ = try await UserService.create(NewUserInput(email: email, name: name, role: role, partnerID: partnerID, password: password),
                                             hasher: app.passwordHashing, by: .cli(), on: app.db)
        } catch let failure as ValidationFailed {
            throw OperatorError(message: failure.fields.summary)
        }
    }

    public static func setPassword(_ app: Application, email: String, password: String) async throws {
        guard let user = try await User.query(on: app.db).filter(\.$email == email.lowercased()).first() else {
            throw OperatorError(message: "No user has the email \(email).")
        }
        let input = UserUpdateInput(name: user.name, role: user.role, partnerID: user.$partner.id, active: true, password: password)
        do { _ = try await UserService.update(user, with: input, hasher: app.passwordHashing, by: .cli(), on: app.db) }
        catch let failure as ValidationFailed { throw OperatorError(message: failure.fields.summary) }
    }

    /// A personal API token for a user (for scripts and CI); the secret is returned once, as on the tokens page.
    public static func createToken(_ app: Application, email: String, name: String) async throws -> String {
        guard let user = try await User.query(on: app.db).filter(\.$email == email.lowercased()).first(), user.active else {
            throw OperatorError(message: "No active user has the email \(email).")
        }
        do { return try await TokenService.create(name: name, userID: user.requireID(), by: .cli(), on: app.db).secret }
        catch let failure as ValidationFailed { throw OperatorError(message: failure.fields.summary) }
    }

    /// Deletes expired sign-in sessions now (servers also do it hourly); returns how many went.
    public static func purgeExpiredSessions(_ app: Application) async throws -> Int {
        try await SessionPurge.run(on: app.db)
    }
}
