import Foundation

/// Field-level problems with an input, keyed by the field's wire name. Every input path
/// (web form, JSON API, CSV import) reports through this so errors read the same everywhere.
public struct FieldErrors: Sendable, Equatable, Error {
    public private(set) var messages: [String: String] = [:]

    public init(_ messages: [String: String] = [:]) { self.messages = messages }

    public var isEmpty: Bool { messages.isEmpty }
    public subscript(field: String) -> String? { messages[field] }

    /// Keeps the first problem found for a field: it is usually the most basic one.
    public mutating func add(_ field: String, _ message: String) {
        if messages[field] == nil { messages[field] = message }
    }

    public mutating func merge(_ other: FieldErrors) {
        for (field, message) in other.messages { add(field, message) }
    }

    public var summary: String {
        messages.keys.sorted().map { "\($0): \(messages[$0]!)" }.joined(separator: "; ")
    }
}

public enum Check {
    /// The most a long text (meeting notes, a broadcast, an incident's story) may hold: a
    /// quarterly review's notes run to tens of thousands of characters.
    public static let longText = 100_000

    public static func required(_ value: String?, _ field: String, max: Int = 200, into errors: inout FieldErrors) {
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if trimmed.isEmpty { errors.add(field, "is required") }
        else if trimmed.count > max { errors.add(field, "must be at most \(max) characters") }
    }

    public static func length(_ value: String?, _ field: String, max: Int, into errors: inout FieldErrors) {
        if let value, value.count > max { errors.add(field, "must be at most \(max) characters") }
    }

    /// Deliberately simple: one @, something before it, a dot in the domain, no spaces.
    public static func isEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, value.count <= 254 else { return false }
        let domain = parts[1]
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix(".") else { return false }
        return !value.contains(where: { $0.isWhitespace })
    }

    public static func email(_ value: String?, _ field: String, required: Bool, into errors: inout FieldErrors) {
        guard let value, !value.isEmpty else {
            if required { errors.add(field, "is required") }
            return
        }
        if !isEmail(value) { errors.add(field, "is not a valid email address") }
    }

    /// Digits, spaces and the usual punctuation of phone numbers, with 6 to 20 digits.
    public static func phone(_ value: String?, _ field: String, into errors: inout FieldErrors) {
        guard let value, !value.isEmpty else { return }
        let allowed = Set("0123456789 +-().x")
        let digits = value.filter(\.isNumber).count
        if !value.allSatisfy({ allowed.contains($0) }) || !(6...20).contains(digits) {
            errors.add(field, "is not a valid phone number")
        }
    }

    /// IANA time zone names, e.g. "America/Chicago" (the zone the site's local times are in).
    public static func timeZone(_ value: String?, _ field: String, into errors: inout FieldErrors) {
        guard let value, !value.isEmpty else { errors.add(field, "is required"); return }
        if TimeZone(identifier: value) == nil { errors.add(field, "is not a known time zone (use an IANA name such as America/Chicago)") }
    }

    /// ISO 3166-1 alpha-2 country code, e.g. "US", "MX", "PH".
    public static func countryCode(_ value: String?, _ field: String, into errors: inout FieldErrors) {
        guard let value, !value.isEmpty else { errors.add(field, "is required"); return }
        if value.count != 2 || !value.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            errors.add(field, "must be a two-letter ISO country code such as US")
        }
    }

    /// Language tags such as "en", "es-MX", "fil".
    public static func languageTags(_ values: [String], _ field: String, into errors: inout FieldErrors) {
        for tag in values {
            let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
            let ok = !parts.isEmpty && (2...3).contains(parts[0].count) && parts[0].allSatisfy { $0.isASCII && $0.isLetter }
                && parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
            if !ok { errors.add(field, "\"\(tag)\" is not a language tag such as en or es-MX"); return }
        }
    }

    public static func range(_ value: Int?, _ field: String, _ range: ClosedRange<Int>, into errors: inout FieldErrors) {
        guard let value else { return }
        if !range.contains(value) { errors.add(field, "must be between \(range.lowerBound) and \(range.upperBound)") }
    }

    /// Splits a comma-separated list as typed in a form, dropping blanks.
    public static func list(_ value: String) -> [String] {
        value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
