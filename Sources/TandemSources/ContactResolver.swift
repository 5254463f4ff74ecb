import TandemPartners
import Foundation
import TandemPerformance

/// Which team an agent worked for, from the workspace's agent roster. Plugged in by the app when
/// it has a roster; a source whose team rule says `roster` finds nothing without one.
public protocol AgentTeamLookup: Sendable {
    /// The team's name (as the workspace spells it) the agent worked for on `day` (days since
    /// 1970, UTC), or nil when the roster does not say.
    func team(forAgent agent: String, onDay day: Int) -> String?
}

/// What a record says that can decide its team and queue.
struct ContactHints {
    /// The platform queue: its name (what messages show), its id, and the record's channel.
    var queueName: String
    var queueID: String?
    var channel: ChannelKind?
    /// Agent ids to try with the roster, most specific first (e.g. user id, then user name).
    var agents: [String] = []
    /// The platform's site value (see `SourcePreset.siteMeaning`).
    var site: String?
    /// Reads a named attribute of the record.
    var attribute: (String) -> String? = { _ in nil }
    /// The day of the offered time (days since 1970, UTC), for the roster.
    var day: Int = 0
}

/// Turns hints into a Tandem queue code and team (and site) by the source's settings, checking
/// them against the workspace so a message can say which setting to add.
final class ContactResolver {
    let settings: PresetSettings
    let directory: ContactDirectory
    let roster: (any AgentTeamLookup)?
    private var queueCache: [QueueKey: Result<String, ResolveFailure>] = [:]
    private var siteTeams: [String: [ContactDirectory.Team]] = [:]
    /// Per platform queue: the team its `team.<queue>` entry gives (nil inside: none).
    private var queueTeamCache: [QueueKey: Result<(team: String, site: String?), ResolveFailure>?] = [:]

    struct QueueKey: Hashable {
        let name: String
        let id: String?
        let channel: ChannelKind?
    }

    struct ResolveFailure: Error {
        let field: CanonicalField
        let reason: String
    }

    init(settings: PresetSettings, directory: ContactDirectory, roster: (any AgentTeamLookup)?) {
        self.settings = settings
        self.directory = directory
        self.roster = roster
        for team in directory.teams.values {
            for site in team.sites.keys { siteTeams[site, default: []].append(team) }
        }
    }

    /// The platform queue's keys, most specific first: name/channel, name, id/channel, id.
    static func queueKeys(name: String, id: String?, channel: ChannelKind?) -> [String] {
        var keys: [String] = []
        let channelText = channel.map(ChannelText.name)
        if let channelText { keys.append("\(name)/\(channelText)") }
        keys.append(name)
        if let id, id != name {
            if let channelText { keys.append("\(id)/\(channelText)") }
            keys.append(id)
        }
        return keys
    }

    func queueCode(_ hints: ContactHints) -> Result<String, ResolveFailure> {
        let key = QueueKey(name: hints.queueName, id: hints.queueID, channel: hints.channel)
        if let cached = queueCache[key] { return cached }
        let keys = Self.queueKeys(name: hints.queueName, id: hints.queueID, channel: hints.channel)
        let mapped = keys.lazy.compactMap { self.settings.queues[$0] }.first ?? settings.queues["*"]
        let code = mapped ?? hints.queueName
        let result: Result<String, ResolveFailure>
        if directory.queue(code: code) != nil {
            result = .success(code)
        } else if let mapped {
            result = .failure(ResolveFailure(field: .queue, reason: "“\(mapped)” (the preset settings' queue for \(hints.queueName)) is not a queue code in this workspace"))
        } else {
            result = .failure(ResolveFailure(field: .queue, reason: "“\(hints.queueName)” is not a queue code in this workspace; map it in the preset settings with queue.\(hints.queueName)=CODE"))
        }
        queueCache[key] = result
        return result
    }

    /// The team (and, when found through a site, the site) by the settings' team sources, in order.
    func team(_ hints: ContactHints) -> Result<(team: String, site: String?), ResolveFailure> {
        var tried: [String] = []
        for source in settings.team {
            switch source {
            case .fixed(let name):
                return checked(name, via: "team=fixed:\(name)")
            case .queue:
                let key = QueueKey(name: hints.queueName, id: hints.queueID, channel: hints.channel)
                let found: Result<(team: String, site: String?), ResolveFailure>?
                if let cached = queueTeamCache[key] {
                    found = cached
                } else {
                    let keys = Self.queueKeys(name: hints.queueName, id: hints.queueID, channel: hints.channel)
                    if let entry = keys.first(where: { settings.teams[$0] != nil }) {
                        found = checked(settings.teams[entry]!, via: "team.\(entry)")
                    } else if let any = settings.teams["*"] {
                        found = checked(any, via: "team.*")
                    } else {
                        found = nil
                    }
                    queueTeamCache[key] = .some(found)
                }
                if let found { return found }
                tried.append("no team.\(hints.queueName) entry names the team of queue \(hints.queueName)")
            case .attribute(let name):
                if let value = hints.attribute(name), !value.isEmpty {
                    if let mapped = settings.teams[value] { return checked(mapped, via: "team.\(value)") }
                    return checked(value, via: "attribute \(name)")
                }
                tried.append("the record has no attribute \(name)")
            case .roster:
                guard let roster else { tried.append("this workspace has no agent roster"); continue }
                guard !hints.agents.isEmpty else { tried.append("no agent handled the contact, so the roster cannot say"); continue }
                if let team = hints.agents.lazy.compactMap({ roster.team(forAgent: $0, onDay: hints.day) }).first {
                    return checked(team, via: "the roster")
                }
                tried.append("the roster has no team for agent \(hints.agents[0]) on that day")
            case .site:
                guard let value = hints.site, !value.isEmpty else { tried.append("the record names no site (\(settings.preset.siteMeaning))"); continue }
                let siteName = settings.sites[value] ?? value
                let teams = siteTeams[siteName.lowercased()] ?? []
                guard teams.count == 1 else {
                    return .failure(ResolveFailure(field: .site, reason: teams.isEmpty
                        ? "“\(siteName)” is not a site of any team in this workspace\(settings.sites[value] == nil ? "; map it with site.\(value)=SITE" : "")"
                        : "“\(siteName)” is a site of several teams (\(teams.map(\.name).sorted().joined(separator: ", "))); map it to one with site.\(value)=SITE"))
                }
                return .success((teams[0].name, siteName))
            }
        }
        return .failure(ResolveFailure(field: .team, reason: "cannot be found: " + tried.joined(separator: "; ")
                                       + " (team sources: \(settings.team.map(\.description).joined(separator: ",")))"))
    }

    private func checked(_ name: String, via: String) -> Result<(team: String, site: String?), ResolveFailure> {
        guard directory.team(named: name) != nil else {
            return .failure(ResolveFailure(field: .team, reason: "“\(name)” (from \(via)) is not a team in this workspace"))
        }
        return .success((name, nil))
    }
}

/// Canonical channel names as the import reads them.
enum ChannelText {
    static func name(_ channel: ChannelKind) -> String { channel.rawValue }
}

/// Vendor timestamps to instants and back, and durations as the canonical text.
enum Instants {
    /// Milliseconds since 1970 of an ISO 8601 date-time with an offset (`…Z`); nil otherwise.
    static func milliseconds(_ text: String?) -> Int64? {
        guard let text, let parsed = ParsedTimestamp.parse(text), let offset = parsed.offsetSeconds else { return nil }
        return Int64(((parsed.wallClockSeconds - Double(offset)) * 1000).rounded())
    }

    /// `2025-03-10T08:00:41Z`, or `…41.250Z` with milliseconds.
    static func text(milliseconds: Int64) -> String {
        let seconds = Int(milliseconds.dividedRoundingDown(by: 1000))
        let millis = Int(milliseconds - Int64(seconds) * 1000)
        let days = seconds.dividedRoundingDown(by: 86_400)
        let second = seconds - days * 86_400
        let (year, month, day) = CivilDate.civil(fromDays: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        var text = "\(year)-\(two(month))-\(two(day))T\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))"
        if millis != 0 { text += "." + String(millis).leftPadded(to: 3) }
        return text + "Z"
    }

    /// Seconds as canonical text from milliseconds: "20.91", "338".
    static func seconds(milliseconds: Int64) -> String {
        let whole = milliseconds / 1000, rest = milliseconds % 1000
        guard rest != 0 else { return String(whole) }
        var fraction = String(rest).leftPadded(to: 3)
        while fraction.last == "0" { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }

    static func day(milliseconds: Int64) -> Int { Int(milliseconds.dividedRoundingDown(by: 86_400_000)) }
}

extension BinaryInteger {
    func dividedRoundingDown(by divisor: Self) -> Self {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
