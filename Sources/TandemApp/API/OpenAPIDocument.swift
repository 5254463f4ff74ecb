import Foundation
import Vapor

/// Builds the OpenAPI 3.0 document from the registered operations and the schemas
/// each feature declares.
enum OpenAPIDocument {
    static func build(operations: [APIOperation], schemas: [String: JSONSchema]) -> JSON {
        var paths: [String: [String: JSON]] = [:]
        for operation in operations {
            let template = "/api/v1/" + operation.path.map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }.joined(separator: "/")
            paths[template, default: [:]][operation.method.rawValue.lowercased()] = describe(operation)
        }
        var allSchemas = schemas.mapValues(\.json)
        allSchemas["Error"] = JSONSchema.object([
            ("error", .string(description: "machine-readable code, e.g. not_found, validation_failed")),
            ("reason", .string(description: "what went wrong, for people")),
            ("fields", .dictionary(.string())),
        ], required: ["error", "reason"]).json
        return .object([
            "openapi": "3.0.3",
            "info": .object([
                "title": "Tandem API",
                "version": .string(TandemVersion.current),
                "description": "Run outsourcing partnerships: partners, people, performance and the relationship. Authenticate with a personal API token (Account → API tokens) sent as 'Authorization: Bearer <token>'. Partner users see only their own partner's data: other partners' records answer 404.",
            ]),
            "servers": .array([.object(["url": "/"])]),
            "paths": .object(paths.mapValues { .object($0) }),
            "components": .object([
                "schemas": .object(allSchemas),
                "securitySchemes": .object(["bearerToken": .object(["type": "http", "scheme": "bearer"])]),
            ]),
        ])
    }

    private static func describe(_ operation: APIOperation) -> JSON {
        var out: [String: JSON] = [
            "summary": .string(operation.summary),
            "tags": .array([.string(operation.tag)]),
            "operationId": .string(operationID(operation)),
        ]
        var parameters: [JSON] = operation.path.filter { $0.hasPrefix(":") }.map { name in
            .object(["name": .string(String(name.dropFirst())), "in": "path", "required": true, "schema": JSONSchema.uuid.json])
        }
        parameters += operation.query.map { query in
            .object(["name": .string(query.name), "in": "query", "required": false, "description": .string(query.description), "schema": query.schema.json])
        }
        if !parameters.isEmpty { out["parameters"] = .array(parameters) }
        if let request = operation.request {
            out["requestBody"] = .object(["required": true, "content": .object(["application/json": .object(["schema": request.json])])])
        }
        var responses: [String: JSON] = [:]
        if let response = operation.response {
            responses[String(operation.successStatus)] = .object([
                "description": "Success",
                "content": .object(["application/json": .object(["schema": response.json])]),
            ])
        } else {
            responses[String(operation.successStatus)] = .object(["description": "Done"])
        }
        func error(_ code: Int, _ text: String) {
            responses[String(code)] = .object([
                "description": .string(text),
                "content": .object(["application/json": .object(["schema": JSONSchema.ref("Error").json])]),
            ])
        }
        if operation.requiresToken {
            error(401, "Missing or invalid token")
            // Reads too: some are for the client's side only (a partner user's token answers 403).
            error(403, "Your role cannot do this")
        }
        if operation.path.contains(where: { $0.hasPrefix(":") }) || operation.requiresToken {
            error(404, "No such record (or not yours to see: a partner user's token sees only its own partner)")
        }
        if !operation.query.isEmpty { error(422, "A query parameter is invalid; `fields` names each one") }
        if operation.request != nil {
            error(400, "The body is not valid JSON")
            error(415, "The body is not sent as application/json")
            error(422, "Some fields or query parameters are invalid; `fields` names each one")
        }
        if operation.request == nil, [.POST, .PUT, .PATCH].contains(operation.method) {
            // Actions without a body (record a contest's winners, close a session) can be refused by the record's state.
            error(422, "The record's state does not allow this now; `fields` says why")
        }
        if operation.method == .DELETE { error(409, "The record is still in use") }
        out["responses"] = .object(responses)
        out["security"] = operation.requiresToken ? .array([.object(["bearerToken": .array([])])]) : .array([])
        return .object(out)
    }

    static func operationID(_ operation: APIOperation) -> String {
        let words = operation.path.map { $0.hasPrefix(":") ? "by" + $0.dropFirst().prefix(1).uppercased() + $0.dropFirst(2) : $0.prefix(1).uppercased() + $0.dropFirst() }
        return operation.method.rawValue.lowercased() + words.joined()
    }
}
