import Fluent
import Foundation
import TandemPartners

/// Audit entries in words: "María López changed the notice period of Harborline from 30 to 90
/// days", not field dumps with ids and camelCase names. Ids are replaced by the names of the
/// records they point at (teams, users, queues, channels, broadcasts), field names by words, and
/// values by their unit ("90 days", "24 h", "2 Mar 2026").
struct AuditNarrative: Sendable {
    /// Record id → its name, for fields that hold an id.
    let names: [UUID: String]

    static func load(on db: any Database) async throws -> AuditNarrative {
        var names: [UUID: String] = [:]
        for partner in try await Partner.query(on: db).all() { names[partner.id!] = partner.name }
        for user in try await User.query(on: db).all() { names[user.id!] = user.name }
        for queue in try await Queue.query(on: db).all() { names[queue.id!] = queue.name }
        for channel in try await Channel.query(on: db).all() { names[channel.id!] = channel.name }
        for broadcast in try await Broadcast.query(on: db).all() { names[broadcast.id!] = "“\(broadcast.title)”" }
        return AuditNarrative(names: names)
    }

    /// Field names whose words are not just the camelCase split.
    static let labels: [String: String] = [
        "relationshipManagerID": "relationship manager", "goLiveDate": "go-live date", "partnerID": "team", "queueID": "queue",
        "channelID": "channel", "broadcastID": "broadcast", "alertID": "alert", "teamID": "team", "serviceLevelSeconds": "service-level threshold",
        "thresholdSeconds": "service-level threshold", "maxASASeconds": "maximum ASA", "patienceSeconds": "mean patience",
        "noticeDays": "notice period", "hiringDays": "hiring lead time", "trainingDays": "training lead time",
        "responseMinutes": "response target", "durationMinutes": "meeting length", "shortAbandonSeconds": "short-abandon threshold",
        "minimumSample": "minimum sample", "nearBandPercent": "“near” band", "alertWorseThanBaselinePercent": "worse-than-launch alert threshold",
        "alertConsecutiveMisses": "missed-periods alert", "effectiveOn": "effective date", "dueOn": "due date", "opensOn": "opening day",
        "closesOn": "closing day", "requiresAcknowledgement": "acknowledgement requirement", "noteVisibleToPartners": "note's visibility to partners",
        "articleLinks": "article links", "webhookHost": "chat webhook", "maxOccupancy": "maximum occupancy", "locationType": "location type",
        "timeZone": "time zone", "ownerSide": "owner's side", "ownerName": "owner", "fromSide": "side", "fileName": "file name",
        "exemptOvernight": "overnight exemption", "concentrationLimit": "concentration limit", "partnerRanks": "ranks shown to partners",
        "shareExitScenarios": "exit scenarios shared with partners", "shareConcentration": "concentration warnings shared with partners",
    ]

    static func label(_ field: String) -> String {
        if let known = labels[field] { return known }
        var words = ""
        for character in field {
            if character.isUppercase && !words.isEmpty { words.append(" ") }
            words.append(character == "_" ? " " : Character(character.lowercased()))
        }
        return words.replacingOccurrences(of: " i d", with: "").replacingOccurrences(of: "a s a", with: "ASA")
    }

    /// A value as a person reads it, in the field's unit.
    func value(_ field: String, _ raw: String?) -> String {
        guard let raw else { return "nothing" }
        if raw.isEmpty || raw == "—" { return "nothing" }
        if let id = UUID(uuidString: raw) { return names[id] ?? "another record" }
        if raw == "true" || raw == "yes" { return "yes" }
        if raw == "false" || raw == "no" { return "no" }
        if let day = LocalDate(raw) { return day.display }
        let lower = field.lowercased()
        if let number = Double(raw) {
            if lower.hasSuffix("days") { return "\(ContactCentreFormat.number(number, digits: number == number.rounded() ? 0 : 1)) day\(number == 1 ? "" : "s")" }
            if lower.hasSuffix("minutes") { return "\(ContactCentreFormat.number(number, digits: 0)) min" }
            if lower.hasSuffix("seconds") { return ContactCentreFormat.threshold(seconds: number) }
            if lower.hasSuffix("percent") { return "\(ContactCentreFormat.number(number, digits: number == number.rounded() ? 0 : 1))%" }
            if ["servicelevel", "maxoccupancy", "shrinkage", "efficiency"].contains(lower), number <= 1 { return ContactCentreFormat.percent(number, digits: 0) }
        }
        // Enumerations are stored as raw values (in_house, onboarding, partialCredit): write them as words.
        if raw.range(of: "^[a-z]+([A-Z_][a-z]+)*$", options: .regularExpression) != nil, !raw.contains(" ") {
            return Self.label(raw)
        }
        return raw.count > 80 ? String(raw.prefix(77)) + "…" : raw
    }

    /// "María López" from "María López <maria@northwind.example>".
    static func actor(_ name: String) -> String {
        guard let open = name.firstIndex(of: "<") else { return name }
        return name[..<open].trimmingCharacters(in: .whitespaces)
    }

    static func noun(_ entityType: String) -> String {
        switch entityType {
        case "partner": "team"
        case "key_contact": "key contact"
        case "api_token": "API token"
        case "qa": "QA import"
        case "notice_period": "notice period"
        default: entityType.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// One sentence per change ("changed the status of Delta Care from prospect to evaluating"),
    /// or one for a whole record added or removed.
    func sentences(_ entry: AuditEntryDTO) -> [String] {
        let who = Self.actor(entry.actorName)
        let what = "the \(Self.noun(entry.entityType)) \(entry.entityLabel)"
        // Settings-like records ("Notice period", "Staffing rules") are named by whom they are about.
        let label = entry.entityLabel.lowercased()
        let settingsLike = label == Self.noun(entry.entityType) || label.hasSuffix("settings") || label.hasSuffix("rules")
        let subject = settingsLike ? (entry.partnerID.flatMap { names[$0] } ?? "the workspace") : entry.entityLabel
        var action = entry.action
        if settingsLike && action == .create { action = .update }
        switch action {
        case .create:
            let details = entry.changes.filter { ($0.after ?? "").isEmpty == false && $0.field != "notes" && $0.field != "description" }
                .prefix(4).map { "\(Self.label($0.field)) \(value($0.field, $0.after))" }
            return ["\(who) added \(what)" + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))")]
        case .delete:
            return ["\(who) removed \(what)"]
        case .update:
            guard !entry.changes.isEmpty else { return ["\(who) updated \(what)"] }
            return entry.changes.map { change in
                let field = Self.label(change.field)
                let long = ["notes", "description", "agenda", "decisions", "body", "rootCause", "correctiveAction", "note"].contains(change.field)
                if long { return "\(who) edited the \(field) of \(subject)" }
                if (change.before ?? "").isEmpty { return "\(who) set the \(field) of \(subject) to \(value(change.field, change.after))" }
                if (change.after ?? "").isEmpty { return "\(who) cleared the \(field) of \(subject) (was \(value(change.field, change.before)))" }
                return "\(who) changed the \(field) of \(subject) from \(value(change.field, change.before)) to \(value(change.field, change.after))"
            }
        }
    }
}
