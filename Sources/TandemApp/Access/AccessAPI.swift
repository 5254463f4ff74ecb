import Foundation
import TandemPartners
import Vapor

/// `/api/v1/me`, `/api/v1/tokens` and `/api/v1/users`.
enum AccessAPI {
    static func register(_ api: APIRoutes) {
        let tag = "People and access"
        api.add(.init(method: .GET, path: ["me"], summary: "Who the token belongs to", tag: tag, response: .ref("User"))) { req in
            UserService.dto(try await UserService.require(req.requirePrincipal().userID, on: req.db))
        }
        api.add(.init(method: .GET, path: ["tokens"], summary: "List your API tokens (secrets are never shown again)", tag: tag, response: .array(.ref("Token")))) { req in
            try await TokenService.list(userID: req.requirePrincipal().userID, on: req.db)
        }
        api.add(.init(method: .POST, path: ["tokens"], summary: "Create an API token; the secret is in this response only", tag: tag,
                      request: .ref("TokenInput"), response: .ref("NewToken"), successStatus: 201)) { req in
            let principal = try req.requirePrincipal()
            let input = try req.decodeJSON(TokenInput.self)
            return Created(value: try await TokenService.create(name: input.name, userID: principal.userID, by: principal.actor, on: req.db))
        }
        api.add(.init(method: .DELETE, path: ["tokens", ":tokenID"], summary: "Revoke one of your API tokens", tag: tag, response: nil, successStatus: 204)) { req -> HTTPStatus in
            let principal = try req.requirePrincipal()
            let token = try await TokenService.requireOwn(req.id("tokenID"), userID: principal.userID, on: req.db)
            try await TokenService.revoke(token, by: principal.actor, on: req.db)
            return .noContent
        }

        api.add(.init(method: .GET, path: ["users"], summary: "List users (admins)", tag: tag, response: .array(.ref("User")))) { req in
            try req.require(.administer)
            return try await UserService.list(on: req.db)
        }
        api.add(.init(method: .POST, path: ["users"], summary: "Create a user (admins)", tag: tag, request: .ref("NewUserInput"), response: .ref("User"), successStatus: 201)) { req in
            let principal = try req.require(.administer)
            let user = try await UserService.create(req.decodeJSON(NewUserInput.self), hasher: req.passwordHashing, by: principal.actor, on: req.db)
            return Created(value: UserService.dto(user))
        }
        api.add(.init(method: .GET, path: ["users", ":userID"], summary: "Get a user (admins)", tag: tag, response: .ref("User"))) { req in
            try req.require(.administer)
            return UserService.dto(try await UserService.require(req.id("userID"), on: req.db))
        }
        api.add(.init(method: .PUT, path: ["users", ":userID"], summary: "Change a user's name, role, partner, state or password (admins)", tag: tag,
                      request: .ref("UserUpdateInput"), response: .ref("User"))) { req in
            let principal = try req.require(.administer)
            let user = try await UserService.require(req.id("userID"), on: req.db)
            return UserService.dto(try await UserService.update(user, with: req.decodeJSON(UserUpdateInput.self), hasher: req.passwordHashing, by: principal.actor, on: req.db))
        }
    }

    static let schemas: [String: JSONSchema] = [
        "User": .object([("id", .uuid), ("email", .string(format: "email")), ("name", .string()), ("role", .enumeration(Role.self)),
                         ("partnerID", .nullable(.uuid)), ("active", .boolean), ("lastLoginAt", .nullable(.dateTime)), ("createdAt", .nullable(.dateTime))],
                        required: ["id", "email", "name", "role", "active"]),
        "NewUserInput": .object([("email", .string(format: "email")), ("name", .string(maxLength: 200)), ("role", .enumeration(Role.self)),
                                 ("partnerID", .nullable(.uuid)), ("password", .string(description: "at least \(UserService.minimumPasswordLength) characters"))],
                                required: ["email", "name", "role", "password"]),
        "UserUpdateInput": .object([("name", .string(maxLength: 200)), ("role", .enumeration(Role.self)), ("partnerID", .nullable(.uuid)),
                                    ("active", .boolean), ("password", .nullable(.string()))], required: ["name", "role", "active"]),
        "Token": .object([("id", .uuid), ("name", .string()), ("prefix", .string()), ("createdAt", .nullable(.dateTime)),
                          ("lastUsedAt", .nullable(.dateTime)), ("revokedAt", .nullable(.dateTime))], required: ["id", "name", "prefix"]),
        "NewToken": .object([("token", .ref("Token")), ("secret", .string(description: "send as 'Authorization: Bearer <secret>'; shown once"))],
                            required: ["token", "secret"]),
        "TokenInput": .object([("name", .string(maxLength: 100))], required: ["name"]),
    ]
}
