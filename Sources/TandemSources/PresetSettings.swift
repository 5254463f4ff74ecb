import Foundation
import TandemPerformance

/// The contact-centre platforms whose own exports Tandem reads without a column mapping.
public enum SourcePreset: String, CaseIterable, Codable, Hashable, Sendable {
    case amazonConnect = "amazon-connect"
    case zendesk
    case genesys
    case niceCXone = "nice-cxone"

    public var label: String {
        switch self {
        case .amazonConnect: "Amazon Connect contact records"
        case .zendesk: "Zendesk Support tickets (+ ticket metrics, satisfaction ratings)"
        case .genesys: "Genesys Cloud conversation details (+ queue/user lookup)"
        case .niceCXone: "NICE CXone completed contacts (API JSON or CSV)"
        }
    }

    /// What the preset calls a record's id, for messages.
    var idName: String {
        switch self {
        case .amazonConnect: "ContactId"
        case .zendesk: "ticket"
        case .genesys: "conversation"
        case .niceCXone: "contactId"
        }
    }

    /// The team sources this platform's records can feed.
    var supportedTeamSources: Set<TeamSource.Kind> {
        switch self {
        case .amazonConnect, .niceCXone: [.queue, .roster, .site, .attribute, .fixed]
        case .zendesk: [.queue, .roster, .attribute, .fixed]
        case .genesys: [.queue, .roster, .site, .fixed]
        }
    }

    /// What "site" and "attribute" read, per platform (shown with a settings error and in the docs).
    var siteMeaning: String {
        switch self {
        case .amazonConnect: "the agent's hierarchy group (Agent.HierarchyGroups.Level1 unless site_level says another level)"
        case .niceCXone: "the agent's CXone team (teamName)"
        case .genesys: "the agent participant's teamId"
        case .zendesk: "nothing: Zendesk tickets name no site"
        }
    }
}

/// One way of finding the team (partner) that handled a contact. Settings list several; the first that answers wins.
public enum TeamSource: Hashable, Sendable, CustomStringConvertible {
    /// The contact's platform queue, through the `team.<queue>=Team` entries.
    case queue
    /// The agent's team on the contact's day, from the workspace's agent roster (when one is plugged in).
    case roster
    /// The platform's site or agent group value, through `site.<value>=Site` (the Tandem site's team).
    case site
    /// A named attribute (Amazon Connect contact attribute, Zendesk custom field id or ticket field, CXone field) holding the team, or a `team.<value>` key.
    case attribute(String)
    /// Every contact of this source belongs to this team.
    case fixed(String)

    enum Kind: String { case queue, roster, site, attribute, fixed }

    var kind: Kind {
        switch self {
        case .queue: .queue
        case .roster: .roster
        case .site: .site
        case .attribute: .attribute
        case .fixed: .fixed
        }
    }

    public var description: String {
        switch self {
        case .queue: "queue"
        case .roster: "roster"
        case .site: "site"
        case .attribute(let name): "attribute:\(name)"
        case .fixed(let team): "fixed:\(team)"
        }
    }

    static func parse(_ text: String) -> TeamSource? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ":", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        switch parts[0].lowercased() {
        case "queue": return parts.count == 1 ? .queue : nil
        case "roster": return parts.count == 1 ? .roster : nil
        case "site": return parts.count == 1 ? .site : nil
        case "attribute": return parts.count == 2 && !parts[1].isEmpty ? .attribute(parts[1]) : nil
        case "fixed": return parts.count == 2 && !parts[1].isEmpty ? .fixed(parts[1]) : nil
        default: return nil
        }
    }
}

/// How one source's export becomes canonical contacts: which preset, how the team and the
/// Tandem queue are found, and which attributes hold CSAT, resolution and the customer key.
/// Saved per source, like a column mapping: the next import from the source needs none given.
///
/// Text form (the CLI, the upload page and the API), one entry per line or separated by `;`:
/// ```
/// team=roster,queue                 # team sources, tried in order (default: queue)
/// team.Billing_DE=Alpha Support     # platform queue (or attribute value) → Tandem team
/// queue.Billing_DE=billing-voice    # platform queue → Tandem queue code (default: the same text)
/// queue.360001110001/chat=zd-chat   # … for one channel of a platform queue; queue.*=CODE for any other
/// site.Lisbon=Alpha Lisbon          # platform site value → Tandem site (team=site)
/// csat=csatScore                    # attribute holding the CSAT score; csat_scale=1-5|binary|0-10
/// resolved=resolvedFirstContact     # attribute holding the first-contact-resolution flag
/// customer=customerId               # attribute holding the customer key (when the record has none)
/// site_level=Level2                 # Amazon Connect: which agent hierarchy level is the site
/// ```
public struct PresetSettings: Hashable, Sendable, Codable {
    public var preset: SourcePreset
    public var team: [TeamSource]
    public var queues: [String: String]
    public var teams: [String: String]
    public var sites: [String: String]
    public var csatAttribute: String?
    public var csatScale: String?
    public var resolvedAttribute: String?
    public var customerAttribute: String?
    public var siteLevel: String?

    public init(preset: SourcePreset, team: [TeamSource] = [.queue], queues: [String: String] = [:], teams: [String: String] = [:],
                sites: [String: String] = [:], csatAttribute: String? = nil, csatScale: String? = nil, resolvedAttribute: String? = nil,
                customerAttribute: String? = nil, siteLevel: String? = nil) {
        self.preset = preset
        self.team = team
        self.queues = queues
        self.teams = teams
        self.sites = sites
        self.csatAttribute = csatAttribute
        self.csatScale = csatScale
        self.resolvedAttribute = resolvedAttribute
        self.customerAttribute = customerAttribute
        self.siteLevel = siteLevel
    }

    static let keys = ["team", "team.<value>", "queue.<platform queue>", "site.<value>", "csat", "csat_scale", "resolved", "customer", "site_level"]

    /// Parses the text form (see the type's documentation). Every problem is reported, never ignored.
    public static func parse(_ text: String, preset: SourcePreset) throws(PresetSettingsError) -> PresetSettings {
        var settings = PresetSettings(preset: preset)
        var problems: [String] = []
        let entries = text.split(whereSeparator: { $0 == "\n" || $0 == ";" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                problems.append("expected key=value, got “\(entry)”")
                continue
            }
            let key = parts[0], value = parts[1]
            let lower = key.lowercased()
            func mapKey(_ prefix: String) -> String? {
                guard lower.hasPrefix(prefix + "."), key.count > prefix.count + 1 else { return nil }
                return String(key.dropFirst(prefix.count + 1))
            }
            if lower == "team" {
                var sources: [TeamSource] = []
                for item in value.split(separator: ",") {
                    if let source = TeamSource.parse(String(item)) { sources.append(source) }
                    else { problems.append("team: “\(item.trimmingCharacters(in: .whitespaces))” is not queue, roster, site, attribute:NAME or fixed:TEAM") }
                }
                settings.team = sources
            } else if let platform = mapKey("team") {
                settings.teams[platform] = value
            } else if let platform = mapKey("queue") {
                settings.queues[platform] = value
            } else if let platform = mapKey("site") {
                settings.sites[platform] = value
            } else {
                switch lower {
                case "csat": settings.csatAttribute = value
                case "csat_scale": settings.csatScale = value
                case "resolved": settings.resolvedAttribute = value
                case "customer": settings.customerAttribute = value
                case "site_level": settings.siteLevel = value
                default: problems.append("“\(key)” is not a preset setting; use " + keys.joined(separator: ", "))
                }
            }
        }
        problems += settings.problems()
        guard problems.isEmpty else { throw PresetSettingsError(problems: problems) }
        return settings
    }

    /// What is wrong with these settings for their preset (empty when nothing).
    public func problems() -> [String] {
        var problems: [String] = []
        if team.isEmpty { problems.append("team: name at least one team source") }
        for source in team where !preset.supportedTeamSources.contains(source.kind) {
            switch source.kind {
            case .site: problems.append("team: \(preset.rawValue) records carry no site value (site means \(preset.siteMeaning))")
            case .attribute: problems.append("team: \(preset.rawValue) records carry no attributes to read the team from")
            default: problems.append("team: \(source) is not available for \(preset.rawValue)")
            }
        }
        if let csatScale, SurveyScaleText.parse(csatScale) == nil { problems.append("csat_scale: “\(csatScale)” is not 1-5, binary or 0-10") }
        if preset == .zendesk || preset == .genesys {
            if csatAttribute != nil { problems.append("csat: \(preset.rawValue) has its own satisfaction data; leave csat out") }
            if resolvedAttribute != nil { problems.append("resolved: \(preset.rawValue) decides resolution itself; leave resolved out") }
        }
        if let siteLevel {
            if preset != .amazonConnect { problems.append("site_level: only Amazon Connect has agent hierarchy levels") }
            else if !["level1", "level2", "level3", "level4", "level5"].contains(siteLevel.lowercased()) {
                problems.append("site_level: “\(siteLevel)” is not Level1 … Level5")
            }
        }
        return problems
    }

    /// The text form of these settings (what the upload page shows back).
    public var text: String {
        var lines = ["team=" + team.map(\.description).joined(separator: ",")]
        lines += teams.sorted { $0.key < $1.key }.map { "team.\($0.key)=\($0.value)" }
        lines += queues.sorted { $0.key < $1.key }.map { "queue.\($0.key)=\($0.value)" }
        lines += sites.sorted { $0.key < $1.key }.map { "site.\($0.key)=\($0.value)" }
        if let csatAttribute { lines.append("csat=\(csatAttribute)") }
        if let csatScale { lines.append("csat_scale=\(csatScale)") }
        if let resolvedAttribute { lines.append("resolved=\(resolvedAttribute)") }
        if let customerAttribute { lines.append("customer=\(customerAttribute)") }
        if let siteLevel { lines.append("site_level=\(siteLevel)") }
        return lines.joined(separator: "\n")
    }

    // Codable: team sources as their text ("attribute:partner"), so a saved setting reads like the form.
    private enum CodingKeys: String, CodingKey {
        case preset, team, queues, teams, sites, csatAttribute, csatScale, resolvedAttribute, customerAttribute, siteLevel
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        preset = try container.decode(SourcePreset.self, forKey: .preset)
        let sources = try container.decodeIfPresent([String].self, forKey: .team) ?? ["queue"]
        team = try sources.map { text in
            guard let source = TeamSource.parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: .team, in: container, debugDescription: "unknown team source \(text)")
            }
            return source
        }
        queues = try container.decodeIfPresent([String: String].self, forKey: .queues) ?? [:]
        teams = try container.decodeIfPresent([String: String].self, forKey: .teams) ?? [:]
        sites = try container.decodeIfPresent([String: String].self, forKey: .sites) ?? [:]
        csatAttribute = try container.decodeIfPresent(String.self, forKey: .csatAttribute)
        csatScale = try container.decodeIfPresent(String.self, forKey: .csatScale)
        resolvedAttribute = try container.decodeIfPresent(String.self, forKey: .resolvedAttribute)
        customerAttribute = try container.decodeIfPresent(String.self, forKey: .customerAttribute)
        siteLevel = try container.decodeIfPresent(String.self, forKey: .siteLevel)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(preset, forKey: .preset)
        try container.encode(team.map(\.description), forKey: .team)
        try container.encode(queues, forKey: .queues)
        try container.encode(teams, forKey: .teams)
        try container.encode(sites, forKey: .sites)
        try container.encodeIfPresent(csatAttribute, forKey: .csatAttribute)
        try container.encodeIfPresent(csatScale, forKey: .csatScale)
        try container.encodeIfPresent(resolvedAttribute, forKey: .resolvedAttribute)
        try container.encodeIfPresent(customerAttribute, forKey: .customerAttribute)
        try container.encodeIfPresent(siteLevel, forKey: .siteLevel)
    }
}

public struct PresetSettingsError: Error, Sendable, CustomStringConvertible {
    public let problems: [String]
    public var description: String { problems.joined(separator: "; ") }
}

/// The csat_scale spellings the validator accepts.
enum SurveyScaleText {
    static func parse(_ text: String) -> SurveyScale? {
        switch text.lowercased() {
        case "1-5", "1to5", "five", "one_to_five", "onetofive": .oneToFive
        case "binary", "good/bad", "0-1": .binary
        case "0-10", "nps", "zero_to_ten", "zerototen": .zeroToTen
        default: nil
        }
    }
}
