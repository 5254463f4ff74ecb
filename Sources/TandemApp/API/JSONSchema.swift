import Foundation

/// Just enough JSON Schema (OpenAPI 3.0 dialect) to describe Tandem's API payloads.
indirect enum JSONSchema: Sendable {
    case string(format: String? = nil, enumeration: [String]? = nil, maxLength: Int? = nil, description: String? = nil)
    case integer(minimum: Int? = nil, maximum: Int? = nil)
    case number
    case boolean
    case array(JSONSchema)
    case object([(String, JSONSchema)], required: [String])
    case dictionary(JSONSchema)
    case ref(String)
    case nullable(JSONSchema)

    static let uuid = JSONSchema.string(format: "uuid")
    static let dateTime = JSONSchema.string(format: "date-time")
    static let date = JSONSchema.string(format: "date")

    static func enumeration<T: CaseIterable & RawRepresentable>(_ type: T.Type) -> JSONSchema where T.RawValue == String {
        .string(enumeration: type.allCases.map(\.rawValue))
    }

    var json: JSON {
        switch self {
        case .string(let format, let values, let maxLength, let description):
            var out: [String: JSON] = ["type": "string"]
            if let format { out["format"] = .string(format) }
            if let values { out["enum"] = .array(values.map(JSON.string)) }
            if let maxLength { out["maxLength"] = .number(Double(maxLength)) }
            if let description { out["description"] = .string(description) }
            return .object(out)
        case .integer(let minimum, let maximum):
            var out: [String: JSON] = ["type": "integer"]
            if let minimum { out["minimum"] = .number(Double(minimum)) }
            if let maximum { out["maximum"] = .number(Double(maximum)) }
            return .object(out)
        case .number: return .object(["type": "number"])
        case .boolean: return .object(["type": "boolean"])
        case .array(let items): return .object(["type": "array", "items": items.json])
        case .object(let properties, let required):
            var out: [String: JSON] = [
                "type": "object",
                "properties": .object(Dictionary(uniqueKeysWithValues: properties.map { ($0.0, $0.1.json) })),
            ]
            if !required.isEmpty { out["required"] = .array(required.map(JSON.string)) }
            return .object(out)
        case .dictionary(let values): return .object(["type": "object", "additionalProperties": values.json])
        case .ref(let name): return .object(["$ref": .string("#/components/schemas/\(name)")])
        case .nullable(let inner):
            if case .ref = inner { return .object(["allOf": .array([inner.json]), "nullable": true]) }
            guard case .object(var out) = inner.json else { return inner.json }
            out["nullable"] = true
            return .object(out)
        }
    }
}

/// A JSON value with deterministic (sorted-key) output.
enum JSON: Sendable, Equatable, Encodable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JSON])
    case object([String: JSON])
    case null

    init(stringLiteral value: String) { self = .string(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int(value)) } else { try container.encode(value) }
        case .bool(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let values): try container.encode(values)
        case .null: try container.encodeNil()
        }
    }
}
