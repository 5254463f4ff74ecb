import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite struct OpenAPITests {
    struct Document: Decodable {
        struct Operation: Decodable {
            let operationId: String
            let responses: [String: AnyDecodable]
        }
        let openapi: String
        let paths: [String: [String: Operation]]
        let components: Components
        struct Components: Decodable { let schemas: [String: AnyDecodable] }
    }

    struct AnyDecodable: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    @Test func document_lists_every_api_route_and_nothing_else() async throws {
        try await withApp(.sqlite) { app in
            let response = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            #expect(response.status == .ok)
            let document = try JSONDecoder().decode(Document.self, from: Data(response.text.utf8))
            #expect(document.openapi.hasPrefix("3."))

            let documented = Set(document.paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            let routed = Set(app.routes.all.filter { $0.path.string.hasPrefix("api/v1/") && $0.path.string != "api/v1/openapi.json" }.map { route in
                "\(route.method.rawValue) /" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
            })
            #expect(documented == routed, "undocumented: \(routed.subtracting(documented)); stale: \(documented.subtracting(routed))")
            #expect(routed.count >= 25)

            let ids = document.paths.values.flatMap { $0.values.map(\.operationId) }
            #expect(Set(ids).count == ids.count, "operation ids are unique")
        }
    }

    @Test func every_referenced_schema_exists() async throws {
        try await withApp(.sqlite) { app in
            let text = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json").text
            let document = try JSONDecoder().decode(Document.self, from: Data(text.utf8))
            let references = text.components(separatedBy: "\"#/components/schemas/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(!references.isEmpty)
            for name in Set(references) {
                #expect(document.components.schemas[name] != nil, "missing schema \(name)")
            }
        }
    }
}
