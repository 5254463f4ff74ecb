import Foundation
import TandemPartners
import Vapor

/// The signed-in person behind a request, whether by session or API token.
struct Principal: Authenticatable, Sendable, Equatable {
    let userID: UUID
    let name: String
    let email: String
    let role: Role
    /// Set for partner users: the only partner whose data they may see.
    let partnerID: UUID?

    var actor: Actor { Actor(userID: userID, name: "\(name) <\(email)>") }

    func can(_ permission: Permission) -> Bool { role.allows(permission) }
}

extension Request {
    var principal: Principal? { auth.get(Principal.self) }

    @discardableResult
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw Abort(.unauthorized, reason: "Sign in first.") }
        return principal
    }

    /// 403 unless the signed-in role has the permission.
    @discardableResult
    func require(_ permission: Permission) throws -> Principal {
        let principal = try requirePrincipal()
        guard principal.can(permission) else {
            throw Abort(.forbidden, reason: "Your role (\(principal.role.label)) cannot do this.")
        }
        return principal
    }
}
