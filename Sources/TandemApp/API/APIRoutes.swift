import Foundation
import Vapor

/// One documented API operation. Routes are registered through `APIRoutes.add`, which
/// records the operation for the OpenAPI document at the same time: the document cannot
/// drift from the routes.
struct APIOperation: Sendable {
    struct QueryParameter: Sendable {
        let name: String
        let schema: JSONSchema
        let description: String
    }

    let method: HTTPMethod
    /// Path below /api/v1, with `:name` parameters as Vapor writes them.
    let path: [String]
    let summary: String
    let tag: String
    var request: JSONSchema? = nil
    /// Nil for 204 No Content.
    var response: JSONSchema?
    var successStatus: Int = 200
    var query: [QueryParameter] = []
    /// False only for the few public endpoints (the document itself).
    var requiresToken: Bool = true
}

final class APIRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [APIOperation] = []

    var operations: [APIOperation] { lock.withLock { storage } }
    func append(_ operation: APIOperation) { lock.withLock { storage.append(operation) } }
}

extension Application {
    private struct APIRegistryKey: StorageKey { typealias Value = APIRegistry }

    var apiRegistry: APIRegistry {
        if let registry = storage[APIRegistryKey.self] { return registry }
        let registry = APIRegistry()
        storage[APIRegistryKey.self] = registry
        return registry
    }
}

struct APIRoutes {
    static let prefix: [PathComponent] = ["api", "v1"]

    let routes: any RoutesBuilder
    let registry: APIRegistry

    func add<Output: AsyncResponseEncodable>(
        _ operation: APIOperation, body: HTTPBodyStreamStrategy = .collect,
        _ handler: @escaping @Sendable (Request) async throws -> Output
    ) {
        registry.append(operation)
        routes.on(operation.method, operation.path.map { PathComponent(stringLiteral: $0) }, body: body, use: handler)
    }
}

/// Encodes a value with a chosen status (201 Created and friends).
struct Created<Value: Content>: AsyncResponseEncodable {
    let value: Value
    var status: HTTPStatus = .created

    func encodeResponse(for request: Request) async throws -> Response {
        let response = Response(status: status)
        try response.content.encode(value, as: .json)
        return response
    }
}

extension Request {
    /// Decodes a JSON body; a body that is not JSON is a 415 with a reason, not a crash.
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        guard headers.contentType == .json || headers.contentType?.subType == "json" else {
            throw Abort(.unsupportedMediaType, reason: "Send the body as JSON with 'Content-Type: application/json'.")
        }
        return try content.decode(T.self, as: .json)
    }
}
