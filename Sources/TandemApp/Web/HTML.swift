import Foundation
import Vapor

/// A fragment of HTML. Interpolated strings are escaped; interpolated `HTML` is not.
/// Pages are plain Swift functions over view models, so a typo in a template is a compile error.
struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    let raw: String

    init(raw: String) { self.raw = raw }
    init(stringLiteral value: String) { raw = value }
    init(stringInterpolation: Interpolation) { raw = stringInterpolation.output }

    var description: String { raw }

    static let empty = HTML(raw: "")

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    struct Interpolation: StringInterpolationProtocol {
        var output = ""
        init(literalCapacity: Int, interpolationCount: Int) { output.reserveCapacity(literalCapacity * 2) }
        mutating func appendLiteral(_ literal: String) { output += literal }
        mutating func appendInterpolation(_ html: HTML) { output += html.raw }
        mutating func appendInterpolation(_ parts: [HTML]) { for part in parts { output += part.raw } }
        mutating func appendInterpolation(_ text: String) { output += HTML.escape(text) }
        mutating func appendInterpolation(_ text: String?) { output += HTML.escape(text ?? "") }
        mutating func appendInterpolation<T: CustomStringConvertible>(_ value: T) { output += HTML.escape(value.description) }
    }
}

extension Array where Element == HTML {
    func joined() -> HTML { HTML(raw: map(\.raw).joined()) }
}

extension HTML: AsyncResponseEncodable {
    func encodeResponse(for request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: .ok, headers: headers, body: .init(string: raw))
    }

    func response(_ status: HTTPStatus) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: raw))
    }
}
