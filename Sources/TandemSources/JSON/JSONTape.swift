import Foundation
import TandemPerformance

/// One JSON value parsed into a flat list of tokens (a "tape"): containers know where they end,
/// so looking up a member skips whole sub-trees without reading them again, and nothing is
/// decoded until asked for. Reused record after record (its arrays keep their capacity), so a
/// multi-gigabyte export costs one small allocation per record, not one per value.
///
/// Hand-written because a contact-centre export holds millions of records of a few kilobytes, of
/// which a preset reads a dozen fields: decoding each record into `Codable` types cost more than
/// the rest of the import together.
public struct JSONTape: Sendable {
    public enum Kind: UInt8, Sendable {
        case object, array, string, number, `true`, `false`, null
    }

    struct Token: Sendable {
        var kind: Kind
        /// A string token holding a backslash escape (decoded on read).
        var escaped: Bool
        /// Byte range in `bytes`: a string's text without its quotes; a container from its bracket through its closing one.
        var start: Int32
        var end: Int32
        /// The token after this value and everything inside it.
        var next: Int32
    }

    /// The value's bytes (its first byte is offset 0 of every position a tape reports).
    public private(set) var bytes: [UInt8] = []
    var tokens: [Token] = []
    private var stack: [Int32] = []

    public init() {}

    /// The largest value a tape accepts (a record, not a file: files stream record by record).
    public static let maximumBytes = 256 << 20
    static let maximumDepth = 512

    public enum ParseResult: Equatable {
        /// The value ends at `end` (exclusive), after `newlines` line feeds.
        case complete(end: Int, newlines: Int)
        /// The buffer ends inside the value; more input may complete it.
        case incomplete
        case invalid(JSONSyntaxError)
    }

    /// Parses one value starting at `start` (which must not be whitespace). With `isFinal`, the
    /// buffer's end is the input's end (a number may end there). On success the value's bytes are copied into `bytes`.
    public mutating func parse(_ p: UnsafeBufferPointer<UInt8>, from start: Int, isFinal: Bool) -> ParseResult {
        tokens.removeAll(keepingCapacity: true)
        stack.removeAll(keepingCapacity: true)
        let n = p.count
        var i = start
        var newlines = 0
        enum Expect { case value, valueOrClose, key, keyOrClose, colon, commaOrClose }
        var expect = Expect.value
        @inline(__always) func rel(_ x: Int) -> Int32 { Int32(truncatingIfNeeded: x - start) }
        func fail(_ message: String, at x: Int) -> ParseResult { .invalid(JSONSyntaxError(offset: x - start, message: message)) }

        while true {
            while i < n {
                let b = p[i]
                if b == 0x20 || b == 0x09 || b == 0x0D { i += 1 } else if b == 0x0A { newlines += 1; i += 1 } else { break }
            }
            guard i < n else { return .incomplete }
            if i - start > Self.maximumBytes { return fail("holds a record larger than \(Self.maximumBytes >> 20) MB", at: i) }
            let b = p[i]
            switch expect {
            case .colon:
                guard b == UInt8(ascii: ":") else { return fail("expected “:” after an object key, found \(Self.describe(b))", at: i) }
                i += 1
                expect = .value
                continue
            case .commaOrClose:
                let top = Int(stack[stack.count - 1])
                let isObject = tokens[top].kind == .object
                if b == UInt8(ascii: ",") {
                    i += 1
                    expect = isObject ? .key : .value
                    continue
                }
                guard b == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    return fail("expected “,” or “\(isObject ? "}" : "]")”, found \(Self.describe(b))", at: i)
                }
                i += 1
                close(top, at: rel(i))
            case .keyOrClose, .key:
                if expect == .keyOrClose && b == UInt8(ascii: "}") {
                    i += 1
                    close(Int(stack[stack.count - 1]), at: rel(i))
                } else {
                    guard b == UInt8(ascii: "\"") else { return fail("expected an object key in quotes, found \(Self.describe(b))", at: i) }
                    switch scanString(p, at: &i, start: start) {
                    case .incomplete: return .incomplete
                    case .invalid(let error): return .invalid(error)
                    case .complete: break
                    }
                    expect = .colon
                    continue
                }
            case .value, .valueOrClose:
                if expect == .valueOrClose && b == UInt8(ascii: "]") {
                    i += 1
                    close(Int(stack[stack.count - 1]), at: rel(i))
                } else {
                    switch b {
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        guard stack.count < Self.maximumDepth else { return fail("nests deeper than \(Self.maximumDepth) levels", at: i) }
                        stack.append(Int32(tokens.count))
                        tokens.append(Token(kind: b == UInt8(ascii: "{") ? .object : .array, escaped: false, start: rel(i), end: 0, next: 0))
                        i += 1
                        expect = b == UInt8(ascii: "{") ? .keyOrClose : .valueOrClose
                        continue
                    case UInt8(ascii: "\""):
                        switch scanString(p, at: &i, start: start) {
                        case .incomplete: return .incomplete
                        case .invalid(let error): return .invalid(error)
                        case .complete: break
                        }
                    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                        let numberStart = i
                        guard let end = Self.scanNumber(p, from: i) else { return fail("holds a malformed number", at: i) }
                        if end == n && !isFinal { return .incomplete }
                        if end < n, !Self.endsValue(p[end]) { return fail("holds a malformed number", at: i) }
                        tokens.append(Token(kind: .number, escaped: false, start: rel(numberStart), end: rel(end), next: Int32(tokens.count + 1)))
                        i = end
                    case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                        let word: StaticString = b == UInt8(ascii: "t") ? "true" : b == UInt8(ascii: "f") ? "false" : "null"
                        let length = word.utf8CodeUnitCount
                        var k = 0
                        while k < length {
                            guard i + k < n else { return .incomplete }
                            guard p[i + k] == word.utf8Start[k] else { return fail("holds an unknown word (expected \(word))", at: i) }
                            k += 1
                        }
                        let kind: Kind = b == UInt8(ascii: "t") ? .true : b == UInt8(ascii: "f") ? .false : .null
                        tokens.append(Token(kind: kind, escaped: false, start: rel(i), end: rel(i + length), next: Int32(tokens.count + 1)))
                        i += length
                    default:
                        return fail("expected a value, found \(Self.describe(b))", at: i)
                    }
                }
            }
            // A value (or a container) just ended.
            if stack.isEmpty {
                bytes.removeAll(keepingCapacity: true)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<i]))
                return .complete(end: i, newlines: newlines)
            }
            expect = .commaOrClose
        }
    }

    private mutating func close(_ container: Int, at end: Int32) {
        tokens[container].end = end
        tokens[container].next = Int32(tokens.count)
        stack.removeLast()
    }

    private enum StringScan { case complete, incomplete, invalid(JSONSyntaxError) }

    /// A string token from the opening quote at `i`; `i` ends past the closing quote.
    private mutating func scanString(_ p: UnsafeBufferPointer<UInt8>, at i: inout Int, start: Int) -> StringScan {
        let n = p.count
        var k = i + 1
        let textStart = k
        var escaped = false
        while true {
            guard k < n else { return .incomplete }
            let c = p[k]
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") {
                escaped = true
                guard k + 1 < n else { return .incomplete }
                switch p[k + 1] {
                case UInt8(ascii: "u"):
                    guard k + 5 < n else { return .incomplete }
                    for h in 2...5 where Self.hexValue(p[k + h]) == nil {
                        return .invalid(JSONSyntaxError(offset: k - start, message: "holds a malformed \\u escape"))
                    }
                    k += 6
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    k += 2
                default:
                    return .invalid(JSONSyntaxError(offset: k - start, message: "holds an unknown escape \\\(Self.describe(p[k + 1]))"))
                }
            } else if c < 0x20 {
                return .invalid(JSONSyntaxError(offset: k - start, message: c == 0x0A ? "has a line break inside a string (is a quote missing?)" : "has a control character inside a string"))
            } else {
                k += 1
            }
        }
        tokens.append(Token(kind: .string, escaped: escaped, start: Int32(truncatingIfNeeded: textStart - start),
                            end: Int32(truncatingIfNeeded: k - start), next: Int32(tokens.count + 1)))
        i = k + 1
        return .complete
    }

    /// The end of a JSON number starting at `i`, or nil when it is malformed. A number reaching
    /// the buffer's end returns the buffer's end (the caller decides whether more may follow).
    static func scanNumber(_ p: UnsafeBufferPointer<UInt8>, from i: Int) -> Int? {
        let n = p.count
        var k = i
        func digit(_ x: Int) -> Bool { x < n && p[x] &- UInt8(ascii: "0") < 10 }
        if k < n, p[k] == UInt8(ascii: "-") { k += 1 }
        if k == n { return n }
        if p[k] == UInt8(ascii: "0") { k += 1 } else {
            guard digit(k) else { return nil }
            while digit(k) { k += 1 }
        }
        if k < n, p[k] == UInt8(ascii: ".") {
            k += 1
            if k == n { return n }
            guard digit(k) else { return nil }
            while digit(k) { k += 1 }
        }
        if k < n, p[k] == UInt8(ascii: "e") || p[k] == UInt8(ascii: "E") {
            k += 1
            if k < n, p[k] == UInt8(ascii: "+") || p[k] == UInt8(ascii: "-") { k += 1 }
            if k == n { return n }
            guard digit(k) else { return nil }
            while digit(k) { k += 1 }
        }
        return k
    }

    static func endsValue(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == UInt8(ascii: ",") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}")
    }

    static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    static func describe(_ b: UInt8) -> String {
        if b >= 0x21 && b < 0x7F { return "“\(Character(Unicode.Scalar(b)))”" }
        return "byte 0x" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
    }
}

/// Where and why a JSON value could not be parsed (offset from the value's first byte).
public struct JSONSyntaxError: Error, Equatable, Sendable {
    public let offset: Int
    public let message: String
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

// MARK: - Reading values

extension JSONTape {
    /// A position on the tape (the root value is 0).
    public typealias Ref = Int

    public var root: Ref { 0 }
    public var isEmpty: Bool { tokens.isEmpty }

    public func kind(_ t: Ref) -> Kind { tokens[t].kind }

    /// The value of `key` in the object at `object`; nil when absent or `object` is not an object.
    /// The first of repeated keys wins.
    public func member(_ object: Ref?, _ key: StaticString) -> Ref? {
        guard let object, tokens[object].kind == .object else { return nil }
        let end = Int(tokens[object].next)
        var k = object + 1
        while k < end {
            if keyEquals(k, key) { return k + 1 }
            k = Int(tokens[k + 1].next)
        }
        return nil
    }

    /// The same with a key known only at run time (user-named attributes).
    public func member(_ object: Ref?, named key: String) -> Ref? {
        guard let object, tokens[object].kind == .object else { return nil }
        var key = key
        return key.withUTF8 { wanted in
            let end = Int(tokens[object].next)
            var k = object + 1
            while k < end {
                let token = tokens[k]
                if token.escaped {
                    if string(k).map({ Array($0.utf8) == Array(wanted) }) == true { return k + 1 }
                } else if Int(token.end - token.start) == wanted.count,
                          bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress! + Int(token.start), wanted.baseAddress!, wanted.count) == 0 }) {
                    return k + 1
                }
                k = Int(tokens[k + 1].next)
            }
            return nil
        }
    }

    /// A member's value that is not JSON null.
    public func present(_ object: Ref?, _ key: StaticString) -> Ref? {
        guard let value = member(object, key), tokens[value].kind != .null else { return nil }
        return value
    }

    /// Follows object keys: `value(at: root, "Agent", "Username")`.
    public func value(_ object: Ref?, _ keys: StaticString...) -> Ref? {
        var current = object
        for key in keys { current = member(current, key) }
        guard let current, tokens[current].kind != .null else { return nil }
        return current
    }

    private func keyEquals(_ k: Ref, _ key: StaticString) -> Bool {
        let token = tokens[k]
        if token.escaped { return string(k) == key.description }
        let length = Int(token.end - token.start)
        guard length == key.utf8CodeUnitCount else { return false }
        let base = Int(token.start)
        let keyBytes = key.utf8Start
        for index in 0..<length where bytes[base + index] != keyBytes[index] { return false }
        return true
    }

    /// The elements of the array at `array` (none when it is not an array).
    public func elements(_ array: Ref?) -> [Ref] {
        guard let array, tokens[array].kind == .array else { return [] }
        var result: [Ref] = []
        let end = Int(tokens[array].next)
        var k = array + 1
        while k < end {
            result.append(k)
            k = Int(tokens[k].next)
        }
        return result
    }

    /// The (key, value) pairs of the object at `object`, in order.
    public func members(_ object: Ref?) -> [(key: Ref, value: Ref)] {
        guard let object, tokens[object].kind == .object else { return [] }
        var result: [(key: Ref, value: Ref)] = []
        let end = Int(tokens[object].next)
        var k = object + 1
        while k < end {
            result.append((k, k + 1))
            k = Int(tokens[k + 1].next)
        }
        return result
    }

    public func isNull(_ t: Ref?) -> Bool { t.map { tokens[$0].kind == .null } ?? true }

    /// A string's text (escapes decoded); nil when not a string or not valid UTF-8 (see `invalidUTF8`).
    public func string(_ t: Ref?) -> String? {
        guard let t, tokens[t].kind == .string else { return nil }
        let token = tokens[t]
        return bytes.withUnsafeBufferPointer { p -> String? in
            let slice = UnsafeBufferPointer(rebasing: p[Int(token.start)..<Int(token.end)])
            if !token.escaped { return UTF8Validation.string(slice) }
            return Self.unescape(slice)
        }
    }

    /// The offset (from the value's first byte) of the first byte of a string that is not valid UTF-8, if any.
    public func invalidUTF8(_ t: Ref?) -> Int? {
        guard let t, tokens[t].kind == .string else { return nil }
        let token = tokens[t]
        return bytes.withUnsafeBufferPointer { p in
            UTF8Validation.firstInvalidByte(UnsafeBufferPointer(rebasing: p[Int(token.start)..<Int(token.end)])).map { $0 + Int(token.start) }
        }
    }

    /// Where a value starts (offset from the record's first byte).
    public func offset(_ t: Ref) -> Int { Int(tokens[t].start) }

    /// A scalar as text: a string's text, a number as written, `true`/`false`; nil for null and containers.
    public func text(_ t: Ref?) -> String? {
        guard let t else { return nil }
        let token = tokens[t]
        switch token.kind {
        case .string: return string(t)
        case .number: return String(decoding: bytes[Int(token.start)..<Int(token.end)], as: UTF8.self)
        case .true: return "true"
        case .false: return "false"
        case .null, .object, .array: return nil
        }
    }

    /// A whole number: a JSON integer, or a string holding one (some exports quote every value).
    public func int64(_ t: Ref?) -> Int64? {
        guard let t else { return nil }
        let token = tokens[t]
        switch token.kind {
        case .number, .string:
            var value: Int64 = 0
            var index = Int(token.start)
            let end = Int(token.end)
            guard index < end else { return nil }
            var negative = false
            if bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
            guard index < end, end - index <= 18 else { return token.kind == .number ? Int64(exactly: double(t) ?? .nan) : nil }
            while index < end {
                let d = bytes[index] &- UInt8(ascii: "0")
                guard d < 10 else { return token.kind == .number ? Int64(exactly: double(t) ?? .nan) : nil }
                value = value * 10 + Int64(d)
                index += 1
            }
            return negative ? -value : value
        default:
            return nil
        }
    }

    /// A number, or a string holding one.
    public func double(_ t: Ref?) -> Double? {
        guard let t else { return nil }
        let token = tokens[t]
        guard token.kind == .number || token.kind == .string else { return nil }
        if token.kind == .number, let whole = wholeNumber(token) { return Double(whole) }
        guard let text = text(t) else { return nil }
        return Double(text)
    }

    private func wholeNumber(_ token: Token) -> Int64? {
        var value: Int64 = 0
        var index = Int(token.start)
        let end = Int(token.end)
        var negative = false
        if index < end, bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        guard index < end, end - index <= 15 else { return nil }
        while index < end {
            let d = bytes[index] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            value = value * 10 + Int64(d)
            index += 1
        }
        return negative ? -value : value
    }

    /// A JSON boolean, or a string `true`/`false` (any case: CXone's older API writes `"False"`).
    public func bool(_ t: Ref?) -> Bool? {
        guard let t else { return nil }
        switch tokens[t].kind {
        case .true: return true
        case .false: return false
        case .string:
            switch string(t)?.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// Decodes the escapes of a string's text; nil when the result is not valid UTF-8.
    static func unescape(_ p: UnsafeBufferPointer<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(p.count)
        var i = 0
        func hex4(_ at: Int) -> UInt32 {
            var value: UInt32 = 0
            for k in 0..<4 { value = value << 4 | (hexValue(p[at + k]) ?? 0) }
            return value
        }
        while i < p.count {
            let c = p[i]
            guard c == UInt8(ascii: "\\"), i + 1 < p.count else { out.append(c); i += 1; continue }
            let e = p[i + 1]
            switch e {
            case UInt8(ascii: "b"): out.append(0x08); i += 2
            case UInt8(ascii: "f"): out.append(0x0C); i += 2
            case UInt8(ascii: "n"): out.append(0x0A); i += 2
            case UInt8(ascii: "r"): out.append(0x0D); i += 2
            case UInt8(ascii: "t"): out.append(0x09); i += 2
            case UInt8(ascii: "u"):
                var scalar = hex4(i + 2)
                i += 6
                if (0xD800..<0xDC00).contains(scalar), i + 5 < p.count, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") {
                    let low = hex4(i + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                let decoded = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(decoded)).utf8))
            default: out.append(e); i += 2
            }
        }
        return out.withUnsafeBufferPointer { UTF8Validation.string($0) }
    }
}
