import Foundation
import TandemPartners

/// Deterministic synthetic contacts for demos and benchmarks: the same seed gives the same file.
/// Volume follows a weekly shape (Monday busiest, Sunday quietest) and a yearly one (a December
/// peak); each team's service quality follows a trend, so scorecards tell a story.
public struct ContactGenerator: Sequence, IteratorProtocol {
    public enum QualityTrend: Hashable, Sendable {
        /// 0 (poor) … 1 (excellent), constant.
        case steady(Double)
        /// Linear from the first day to the last.
        case improving(from: Double, to: Double)
        /// Good for the first weeks after the team's first day, then sliding to `later` by the end.
        case degradingAfterLaunch(launch: Double, later: Double, afterWeeks: Int)
    }

    public struct Team: Hashable, Sendable {
        public let name: String
        public let site: String?
        public let trend: QualityTrend
        /// The team's first day of data (e.g. its go-live); nil = from the generator's first day.
        public let firstDay: UTCDay?
        /// Relative share of volume.
        public let weight: Double
        public init(name: String, site: String?, trend: QualityTrend, firstDay: UTCDay? = nil, weight: Double = 1) {
            self.name = name; self.site = site; self.trend = trend; self.firstDay = firstDay; self.weight = weight
        }
    }

    public struct Queue: Hashable, Sendable {
        public let code: String
        public let channel: ChannelKind
        public let serviceLevelSeconds: Double
        /// Typical talk time in seconds.
        public let talkSeconds: Double
        public let weight: Double
        public init(code: String, channel: ChannelKind, serviceLevelSeconds: Double, talkSeconds: Double, weight: Double = 1) {
            self.code = code; self.channel = channel; self.serviceLevelSeconds = serviceLevelSeconds; self.talkSeconds = talkSeconds; self.weight = weight
        }
    }

    public struct Contact: Hashable, Sendable {
        public let externalID: String
        public let team: String
        public let site: String?
        public let queue: String
        public let channel: ChannelKind
        public let agent: String
        public let customer: String
        /// Whole seconds since 1970, UTC.
        public let offeredAt: Int
        public let answeredAt: Int?
        public let abandoned: Bool
        public let waitSeconds: Int
        public let talkSeconds: Int
        public let holdSeconds: Int
        public let afterWorkSeconds: Int
        public let resolvedFirstContact: Bool?
        public let csat: Int?
    }

    public let teams: [Team]
    public let queues: [Queue]
    public let firstDay: UTCDay
    public let lastDay: UTCDay
    /// Contacts on an average day, per team × queue of weight 1.
    public let dailyVolume: Double
    /// Stop after this many contacts (nil: when `lastDay` is done). With a limit, days continue past `lastDay`.
    public let limit: Int?
    private let idPrefix: String
    private let idWidth: Int

    private var random: SplitMix64
    private var day: Int
    private var slot = 0
    private var pending: [Contact] = []
    private var produced = 0

    public init(teams: [Team], queues: [Queue], firstDay: UTCDay, lastDay: UTCDay, dailyVolume: Double,
                limit: Int? = nil, seed: UInt64 = 2026, idPrefix: String = "gen", idWidth: Int = 0) {
        self.teams = teams
        self.queues = queues
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.dailyVolume = dailyVolume
        self.limit = limit
        self.idPrefix = idPrefix
        self.idWidth = idWidth
        self.random = SplitMix64(seed: seed)
        self.day = firstDay.daysSince1970
    }

    public static let csvHeader = "external_id,team,site,queue,channel,agent,customer,offered_at,answered_at,abandoned,wait_seconds,talk_seconds,hold_seconds,after_work_seconds,resolved_first_contact,csat"

    public mutating func next() -> Contact? {
        if let limit, produced >= limit { return nil }
        while pending.isEmpty {
            if limit == nil && day > lastDay.daysSince1970 { return nil }
            if teams.isEmpty || queues.isEmpty { return nil }
            fillDay()
            day += 1
        }
        produced += 1
        return pending.removeLast()
    }

    private static let weekdayFactor: [Double] = [1.25, 1.15, 1.05, 1.0, 0.95, 0.6, 0.45] // Monday first

    private mutating func fillDay() {
        let weekday = ((day + 3) % 7 + 7) % 7
        let civil = CivilDate.civil(fromDays: day)
        let dayOfYear = day - CivilDate.daysFromCivil(year: civil.year, month: 1, day: 1)
        let seasonal = 1 + 0.2 * cos(2 * Double.pi * Double(dayOfYear - 350) / 365)
        let span = Double(Swift.max(1, lastDay.daysSince1970 - firstDay.daysSince1970))
        var batch: [Contact] = []
        for (teamIndex, team) in teams.enumerated() {
            let teamStart = team.firstDay?.daysSince1970 ?? firstDay.daysSince1970
            guard day >= teamStart else { continue }
            let quality = Self.quality(team.trend, daysIn: Double(day - teamStart), progress: Swift.min(1, Double(day - firstDay.daysSince1970) / span))
            for queue in queues {
                let mean = dailyVolume * team.weight * queue.weight * Self.weekdayFactor[weekday] * seasonal
                let count = Swift.max(0, Int((mean * (0.9 + 0.2 * random.unit())).rounded()))
                for _ in 0..<count {
                    batch.append(contact(team: team, teamIndex: teamIndex, queue: queue, quality: quality))
                }
            }
        }
        pending = batch.reversed()
    }

    public static func quality(_ trend: QualityTrend, daysIn: Double, progress: Double) -> Double {
        switch trend {
        case .steady(let q): return q
        case .improving(let from, let to): return from + (to - from) * progress
        case .degradingAfterLaunch(let launch, let later, let weeks):
            let weeksIn = daysIn / 7
            if weeksIn <= Double(weeks) { return launch }
            return launch + (later - launch) * Swift.min(1, (weeksIn - Double(weeks)) / 20)
        }
    }

    private mutating func contact(team: Team, teamIndex: Int, queue: Queue, quality q: Double) -> Contact {
        slot += 1
        let hourShape = 7 + random.unit() * 14 + random.unit() * 2 // 07:00–23:00 UTC, busier mid-day
        let offered = day * 86_400 + Int(hourShape * 3600) % 86_400
        let abandonChance = 0.02 + 0.14 * (1 - q)
        let t = queue.serviceLevelSeconds
        var answeredAt: Int? = nil
        var abandoned = false
        var wait: Int
        var talk = 0, hold = 0, afterWork = 0
        var fcr: Bool? = nil
        var csat: Int? = nil
        if random.unit() < abandonChance {
            abandoned = true
            wait = random.unit() < 0.3 ? Int(random.unit() * 5) : Int(random.exponential(mean: t * (0.8 + 2.5 * (1 - q))))
        } else {
            wait = Int(random.exponential(mean: t * (0.25 + 1.6 * (1 - q))))
            answeredAt = offered + wait
            talk = Int(queue.talkSeconds * (0.95 + 0.35 * (1 - q)) * (0.5 + random.unit()))
            hold = random.unit() < 0.15 ? 20 + Int(random.unit() * 100) : 0
            afterWork = 20 + Int(random.unit() * 60 * (1.2 - q * 0.4))
            if random.unit() < 0.85 { fcr = random.unit() < 0.55 + 0.35 * q }
            if random.unit() < 0.3 {
                let raw = 1.5 + 3.6 * q + (random.unit() - 0.5) * 2.2
                csat = Swift.min(5, Swift.max(1, Int(raw.rounded())))
            }
        }
        let initials = team.name.split(separator: " ").compactMap(\.first).map(String.init).joined().lowercased()
        return Contact(
            externalID: Self.externalID(prefix: idPrefix, slot: slot, width: idWidth), team: team.name, site: team.site, queue: queue.code, channel: queue.channel,
            agent: "\(initials)-\(1 + Int(random.unit() * 40))", customer: "cust-\(Int(random.unit() * 60_000))",
            offeredAt: offered, answeredAt: answeredAt, abandoned: abandoned, waitSeconds: wait,
            talkSeconds: talk, holdSeconds: hold, afterWorkSeconds: afterWork, resolvedFirstContact: fcr, csat: csat
        )
    }
}

extension ContactGenerator {
    /// `prefix-42`, or with `width` 8 `prefix-00000042`: zero-padded ids sort as they were generated
    /// (as ticket and call numbers of most contact-centre systems do).
    static func externalID(prefix: String, slot: Int, width: Int) -> String {
        let digits = String(slot)
        return prefix + "-" + String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }
}

extension ContactGenerator.Contact {
    /// One CSV line (no newline) under `ContactGenerator.csvHeader`.
    public var csvLine: String {
        func quoted(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var line = ""
        line.reserveCapacity(200)
        line += externalID; line += ","
        line += quoted(team); line += ","
        line += quoted(site ?? ""); line += ","
        line += queue; line += ","
        line += channel.rawValue; line += ","
        line += agent; line += ","
        line += customer; line += ","
        line += Self.iso(offeredAt); line += ","
        line += answeredAt.map(Self.iso) ?? ""; line += ","
        line += abandoned ? "true," : "false,"
        line += String(waitSeconds); line += ","
        line += String(talkSeconds); line += ","
        line += String(holdSeconds); line += ","
        line += String(afterWorkSeconds); line += ","
        line += resolvedFirstContact.map { $0 ? "true" : "false" } ?? ""; line += ","
        line += csat.map(String.init) ?? ""
        return line
    }

    /// The row as the import pipeline reads it.
    public func rawRow(line: Int) -> RawContactRow {
        var row = RawContactRow(line: line)
        row[.externalID] = externalID
        row[.team] = team
        row[.site] = site
        row[.queue] = queue
        row[.channel] = channel.rawValue
        row[.agent] = agent
        row[.customer] = customer
        row[.offeredAt] = Self.iso(offeredAt)
        row[.answeredAt] = answeredAt.map(Self.iso)
        row[.abandoned] = abandoned ? "true" : "false"
        row[.waitSeconds] = String(waitSeconds)
        row[.talkSeconds] = String(talkSeconds)
        row[.holdSeconds] = String(holdSeconds)
        row[.afterWorkSeconds] = String(afterWorkSeconds)
        row[.resolvedFirstContact] = resolvedFirstContact.map { $0 ? "true" : "false" }
        row[.csat] = csat.map(String.init)
        return row
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    static func iso(_ seconds: Int) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let c = CivilDate.civil(fromDays: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(c.year)-\(two(c.month))-\(two(c.day))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }
}

/// SplitMix64: small, fast, deterministic.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func exponential(mean: Double) -> Double { -mean * log(1 - unit()) }
}
