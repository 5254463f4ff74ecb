import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// The OpenAPI document against what the API really answers: every GET operation is called as
/// the admin on the test workspace, and each JSON body is checked against the operation's
/// declared schema (required properties present, no undeclared ones, types and nulls as
/// declared). A DTO that gains, loses or renames a field without its schema fails here.
@Suite struct OpenAPIResponseTests {
    @Test(arguments: TestDatabase.all)
    func every_get_operation_answers_what_its_schema_says(engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.admin)
            let performance = try await PerformanceAccessFixture.records(app, ws).mapValues(\.id)
            let ids: [String: UUID] = performance.merging([
                "partnerID": ws.partnerB, "siteID": ws.siteB, "contactID": ws.contactB, "userID": ws.partnerUserB, "channelID": ws.channel,
                "queueID": ws.queue, "broadcastID": ws.relationship.broadcastB, "meetingID": ws.relationship.meetingB,
                "actionID": ws.relationship.actionB, "incidentID": ws.relationship.incidentB, "surveyID": ws.relationship.surveyRound,
                "deliveryID": ws.relationship.deliveryB,
                // Signals out (issue 17).
                "subscriptionID": ws.relationship.subscription,
            ]) { first, _ in first }
            var checked = 0
            var problems: [String] = []
            for operation in app.apiRegistry.operations where operation.method == .GET {
                guard let schema = operation.response else { continue }
                var unfilled: [String] = []
                let path = "/api/v1/" + operation.path.map { part -> String in
                    guard part.hasPrefix(":") else { return part }
                    let name = String(part.dropFirst())
                    guard let id = ids[name] else { unfilled.append(name); return "" }
                    return id.uuidString
                }.joined(separator: "/")
                #expect(unfilled.isEmpty, "GET \(operation.path.joined(separator: "/")): no fixture id for \(unfilled)")
                guard unfilled.isEmpty else { continue }
                let response = try await api.send(.GET, path)
                guard response.status == .ok, response.headers.contentType?.subType == "json" else { continue }
                let body = try JSONDecoder().decode(JSONValue.self, from: Data(response.text.utf8))
                problems += SchemaCheck.mismatches(body, schema, at: "GET \(path)")
                checked += 1
            }
            print("OpenAPI responses checked: \(checked) GET operations (\(engine.rawValue))")
            #expect(checked >= 20, "only \(checked) operations answered 200")
            let listed = problems.prefix(30).joined(separator: "\n")
            #expect(problems.isEmpty, "\(problems.count) mismatches:\n\(listed)")
        }
    }

    @Test func the_check_finds_a_missing_an_undeclared_and_a_mistyped_field() {
        let schema = JSONSchema.object([("id", .uuid), ("count", .integer()), ("note", .nullable(.string()))], required: ["id", "count"])
        let body = JSONValue.object(["count": .string("three"), "extra": .bool(true), "note": .null])
        let found = SchemaCheck.mismatches(body, schema, at: "$")
        #expect(found.contains { $0.contains("$.id") && $0.contains("missing") })
        #expect(found.contains { $0.contains("$.extra") && $0.contains("not in the schema") })
        #expect(found.contains { $0.contains("$.count") && $0.contains("integer") })
        #expect(found.count == 3)
        #expect(SchemaCheck.mismatches(.object(["id": .string(UUID().uuidString), "count": .integer(3)]), schema, at: "$").isEmpty)
    }
}

/// A decoded JSON body that keeps integers, decimals and booleans apart.
enum JSONValue: Decodable {
    case null, bool(Bool), integer(Int), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }
}

/// A small structural validator for the schemas `JSONSchema` can express.
enum SchemaCheck {
    static func mismatches(_ value: JSONValue, _ schema: JSONSchema, at path: String) -> [String] {
        switch (schema, value) {
        case (.nullable(let inner), _):
            if case .null = value { return [] }
            return mismatches(value, inner, at: path)
        case (.ref(let name), _):
            guard let target = apiSchemas[name] else { return ["\(path): schema \(name) is not declared"] }
            return mismatches(value, target, at: path)
        case (_, .null):
            return ["\(path): null, but the schema does not allow null"]
        case (.string(_, let values, _, _), .string(let text)):
            if let values, !values.contains(text) { return ["\(path): \"\(text)\" is not one of \(values)"] }
            return []
        case (.integer, .integer), (.number, .integer), (.number, .number), (.boolean, .bool):
            return []
        case (.array(let items), .array(let array)):
            return array.enumerated().flatMap { mismatches($0.element, items, at: "\(path)[\($0.offset)]") }
        case (.dictionary(let values), .object(let object)):
            return object.sorted { $0.key < $1.key }.flatMap { mismatches($0.value, values, at: "\(path).\($0.key)") }
        case (.object(let properties, let required), .object(let object)):
            let declared = Dictionary(properties, uniquingKeysWith: { first, _ in first })
            var found: [String] = []
            for name in required where object[name] == nil { found.append("\(path).\(name): required but missing") }
            for (name, item) in object.sorted(by: { $0.key < $1.key }) {
                guard let property = declared[name] else { found.append("\(path).\(name): not in the schema"); continue }
                found += mismatches(item, property, at: "\(path).\(name)")
            }
            return found
        default:
            return ["\(path): expected \(describe(schema)), got \(value)"]
        }
    }

    private static func describe(_ schema: JSONSchema) -> String {
        switch schema {
        case .string: "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "true or false"
        case .array: "an array"
        case .object, .dictionary: "an object"
        case .ref(let name): name
        case .nullable(let inner): describe(inner) + " or null"
        }
    }
}
