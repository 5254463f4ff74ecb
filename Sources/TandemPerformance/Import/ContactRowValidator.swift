import Foundation

/// Turns a raw row into a `ContactRecord`, or every reason it cannot be one. Rules:
/// - external_id, team (by name), queue (by code) and offered_at are required; team and queue must exist;
///   channel, when given, must be the queue's; site, when given, must be one of the team's.
/// - Times with an offset are taken as written; without one, in the site's time zone (the team's
///   only site when the row names none); stored as instants (UTC).
/// - Durations are seconds ≥ 0. wait_seconds defaults to answered_at − offered_at; an abandon needs it
///   (it decides whether the abandon was short). answered_at may not precede offered_at.
/// - csat must lie on its scale: csat_scale `1-5` (default), `binary` (or good/bad values), `0-10`.
public final class ContactRowValidator {
    public let directory: ContactDirectory
    private var converters: [String: LocalTimeConverter] = [:]

    public init(directory: ContactDirectory) { self.directory = directory }

    public enum Outcome {
        case valid(ContactRecord)
        case invalid([RowIssue])
    }

    /// Digits with at most one decimal point and at most 15 digits in all (e.g. "415", "18.25"),
    /// else nil. Exactly what `Double(_:)` gives for them: the digits form an integer below 2^53 and
    /// 10^k is exact, so one correctly rounded division is the correctly rounded decimal; strtod
    /// is left for everything else (signs, exponents, long fractions).
    static func plainDecimal(_ text: String) -> Double? {
        let parsed: Double?? = text.utf8.withContiguousStorageIfAvailable { bytes -> Double? in
            guard !bytes.isEmpty, bytes.count <= 16 else { return nil }
            var mantissa: Int64 = 0, digits = 0, fraction = -1
            for byte in bytes {
                if byte == UInt8(ascii: ".") {
                    guard fraction < 0 else { return nil }
                    fraction = 0
                } else {
                    guard byte &- UInt8(ascii: "0") < 10 else { return nil }
                    mantissa = mantissa * 10 + Int64(byte &- UInt8(ascii: "0"))
                    digits += 1
                    if fraction >= 0 { fraction += 1 }
                }
            }
            guard digits > 0, digits <= 15 else { return nil }
            return fraction > 0 ? Double(mantissa) / Self.powersOfTen[fraction] : Double(mantissa)
        }
        return parsed ?? nil
    }

    private static let powersOfTen: [Double] = (0...15).map { power in (0..<power).reduce(1.0) { value, _ in value * 10 } }

    public func validate(_ row: RawContactRow) -> Outcome {
        if !row.issues.isEmpty { return .invalid(row.issues) }
        var issues: [RowIssue] = []
        func fail(_ field: CanonicalField, _ reason: String) {
            issues.append(row.context == nil ? RowIssue(line: row.line, field: field.rawValue, reason: reason) : row.issue(row.fieldName(field), reason))
        }

        let externalID = row[.externalID]
        if externalID == nil { fail(.externalID, "is required") }
        else if externalID!.utf8.count > 200 { fail(.externalID, "is longer than 200 bytes") }

        var team: ContactDirectory.Team?
        if let name = row[.team] {
            team = directory.team(named: name)
            if team == nil { fail(.team, "“\(name)” is not a team in this workspace") }
        } else { fail(.team, "is required") }

        var site: ContactDirectory.Site?
        if let team {
            if let name = row[.site] {
                site = team.site(named: name)
                if site == nil { fail(.site, "“\(name)” is not a site of \(team.name)") }
            } else {
                site = team.onlySite
            }
        }

        var queue: ContactDirectory.Queue?
        if let code = row[.queue] {
            queue = directory.queue(code: code)
            if queue == nil { fail(.queue, "“\(code)” is not a queue code in this workspace") }
        } else { fail(.queue, "is required") }

        if let text = row[.channel], let queue, text != queue.channel.rawValue {
            let normalized = String(text.lowercased().filter { $0 != " " && $0 != "_" })
            if normalized != queue.channel.rawValue.lowercased() {
                fail(.channel, "“\(text)” does not match queue \(queue.code), which is \(queue.channel.rawValue)")
            }
        }

        func instant(_ field: CanonicalField) -> Date?? {
            guard let text = row[field] else { return .some(nil) }
            guard let parsed = ParsedTimestamp.parse(text) else {
                fail(field, "“\(text)” is not a date-time like 2026-03-01T08:15:00Z")
                return nil
            }
            if let date = parsed.instant { return date }
            guard let site else {
                if team != nil && row[.site] == nil {
                    fail(field, "“\(text)” has no UTC offset and the row names no site whose time zone could apply")
                }
                return nil
            }
            let converter = converters[site.timeZone.identifier] ?? {
                let made = LocalTimeConverter(zone: site.timeZone)
                converters[site.timeZone.identifier] = made
                return made
            }()
            return converter.instant(wallClockSeconds: parsed.wallClockSeconds)
        }

        let offered = instant(.offeredAt)
        if row[.offeredAt] == nil { fail(.offeredAt, "is required") }
        let answered = instant(.answeredAt)
        if let offeredAt = offered ?? nil, let answeredAt = answered ?? nil, answeredAt < offeredAt {
            fail(.answeredAt, "is before offered_at")
        }

        func duration(_ field: CanonicalField) -> Double? {
            guard let text = row[field] else { return nil }
            guard let value = Self.plainDecimal(text) ?? Double(text), value.isFinite else { fail(field, "“\(text)” is not a number of seconds"); return nil }
            guard value >= 0 else { fail(field, "must not be negative (got \(text))"); return nil }
            guard value <= 1e9 else { fail(field, "is implausibly large (\(text) s)"); return nil }
            return value
        }

        func flag(_ field: CanonicalField) -> Bool?? {
            guard let text = row[field] else { return .some(nil) }
            if text == "0" || text == "false" { return false }
            if text == "1" || text == "true" { return true }
            switch text.lowercased() {
            case "true", "1", "yes", "y", "t": return true
            case "false", "0", "no", "n", "f": return false
            default: fail(field, "“\(text)” is not true or false"); return nil
            }
        }

        let abandoned = flag(.abandoned)
        var wait = duration(.waitSeconds)
        let talk = duration(.talkSeconds), hold = duration(.holdSeconds), afterWork = duration(.afterWorkSeconds)
        let resolved = flag(.resolvedFirstContact)
        if wait == nil, row[.waitSeconds] == nil, let offeredAt = offered ?? nil, let answeredAt = answered ?? nil {
            wait = answeredAt.timeIntervalSince(offeredAt)
        }
        if row[.waitSeconds] == nil, (abandoned ?? nil) == true, row[.answeredAt] == nil {
            fail(.waitSeconds, "is required for an abandoned contact (it decides whether the abandon was short)")
        }

        var scale = SurveyScale.oneToFive
        if let text = row[.csatScale], text != "1-5" {
            switch text.lowercased() {
            case "1-5", "1to5", "five", "one_to_five", "onetofive", "": scale = .oneToFive
            case "binary", "good/bad", "0-1": scale = .binary
            case "0-10", "nps", "zero_to_ten", "zerototen": scale = .zeroToTen
            default: fail(.csatScale, "“\(text)” is not 1-5, binary or 0-10")
            }
        }
        var csat: Int?
        if let text = row[.csat] {
            switch Int(text) == nil ? text.lowercased() : "" {
            case "good": csat = 1; scale = .binary
            case "bad": csat = 0; scale = .binary
            default:
                if let value = Int(text) ?? Double(text).flatMap({ $0 == $0.rounded() ? Int(exactly: $0) : nil }) {
                    if scale.scores.contains(value) { csat = value }
                    else { fail(.csat, "\(text) is outside the \(scale == .oneToFive ? "1–5" : scale == .binary ? "0–1" : "0–10") scale") }
                } else {
                    fail(.csat, "“\(text)” is not a score")
                }
            }
        }

        guard issues.isEmpty, let externalID, let team, let queue, let offeredAt = offered ?? nil else {
            return .invalid(issues)
        }
        return .valid(ContactRecord(
            externalID: externalID, teamID: team.id, siteID: site?.id ?? "", queueID: queue.id, channel: queue.channel,
            agentID: row[.agent], customerKey: row[.customer], offeredAt: offeredAt, answeredAt: answered ?? nil,
            abandoned: (abandoned ?? nil) ?? false, waitSeconds: wait ?? 0, talkSeconds: talk ?? 0, holdSeconds: hold ?? 0,
            afterWorkSeconds: afterWork ?? 0, resolvedFirstContact: resolved ?? nil, csat: csat, csatScale: scale
        ))
    }
}
