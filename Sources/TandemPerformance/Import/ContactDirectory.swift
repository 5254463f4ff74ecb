import Foundation
import TandemPartners

/// What a contact file's names refer to: teams by name, their sites by name (with time zones),
/// queues by code. The app builds it from the registry; validation needs nothing else.
public struct ContactDirectory: Sendable {
    public struct Site: Sendable {
        public let id: String
        public let timeZone: TimeZone
        public init(id: String, timeZone: TimeZone) { self.id = id; self.timeZone = timeZone }
    }

    public struct Team: Sendable {
        public let id: String
        public let name: String
        /// Keyed by lower-cased site name.
        public let sites: [String: Site]
        public init(id: String, name: String, sites: [String: Site]) {
            self.id = id
            self.name = name
            self.sites = Dictionary(sites.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
            self.exactSites = sites
        }
        /// By name: exact spelling first, then any case.
        public func site(named name: String) -> Site? { exactSites[name] ?? sites[name.lowercased()] }
        private let exactSites: [String: Site]
        /// The site a contact without one is attributed to: only when the team has exactly one.
        var onlySite: Site? { sites.count == 1 ? sites.first!.value : nil }
    }

    public struct Queue: Sendable {
        public let id: String
        public let code: String
        public let channel: ChannelKind
        /// T, in seconds.
        public let serviceLevelSeconds: Double
        public init(id: String, code: String, channel: ChannelKind, serviceLevelSeconds: Double) {
            self.id = id
            self.code = code
            self.channel = channel
            self.serviceLevelSeconds = serviceLevelSeconds
        }
    }

    /// Keyed by lower-cased name.
    public let teams: [String: Team]
    /// Keyed by lower-cased code.
    public let queues: [String: Queue]

    private let exactTeams: [String: Team]
    private let exactQueues: [String: Queue]

    public init(teams: [Team], queues: [Queue]) {
        self.exactTeams = Dictionary(teams.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.exactQueues = Dictionary(queues.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.teams = Dictionary(teams.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        self.queues = Dictionary(queues.map { ($0.code.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Exact spelling first (the common case, no lower-casing), then any case.
    public func team(named name: String) -> Team? { exactTeams[name] ?? teams[name.lowercased()] }
    public func queue(code: String) -> Queue? { exactQueues[code] ?? queues[code.lowercased()] }

    public var thresholds: ServiceLevelThresholds {
        ServiceLevelThresholds(defaultSeconds: 20, secondsByQueue: Dictionary(queues.values.map { ($0.id, $0.serviceLevelSeconds) }, uniquingKeysWith: { a, _ in a }))
    }
}
