import Fluent
import Foundation
import TandemFrontline
import TandemPartners
import TandemPerformance
import Vapor

struct ContestInput: Content, Equatable {
    var name: String
    /// aht, qa, csat or fcr.
    var metric: String
    var firstDay: String
    var lastDay: String
    /// Default: the front line's minimum sample.
    var minimumSample: Int?
    var normalisePerQueue: Bool?
    /// How many ranks win (1 = the top rank, ties included).
    var prizes: Int?
}

struct LeaderboardEntryDTO: Content, Equatable {
    let agentID: String
    let name: String?
    let rank: Int?
    let winner: Bool
    let value: FigureDTO
    /// Actual ÷ what the agent's own queue mix gives at the queue averages (1 = average).
    let index: Double?
    let explanation: String
}

struct ContestWinnerDTO: Content, Equatable {
    let agentID: String
    let name: String?
    let rank: Int
    let value: String
}

struct ContestDTO: Content, Equatable {
    let id: UUID
    let team: TeamRefDTO
    let name: String
    let metric: String
    let metricLabel: String
    let firstDay: String
    let lastDay: String
    let minimumSample: Int
    let normalisePerQueue: Bool
    let prizes: Int
    let computedAt: Date?
    /// Best first; equal scores share a rank.
    let ranked: [LeaderboardEntryDTO]
    /// Took part, below the minimum sample: listed, not ranked.
    let unranked: [LeaderboardEntryDTO]
    let winners: [ContestWinnerDTO]?
    let winnersRecordedAt: Date?
    let winnersRecordedBy: String?
}

/// Contests among a team's agents: fair leaderboards from the stored agent-days (minimum sample,
/// per-queue normalisation, shared ranks), recomputed when data arrives; winners recorded once.
enum ContestService {
    static func contests(scope: PartnerScope, teamID: UUID? = nil, on db: any Database) async throws -> [ContestRecord] {
        let query = ContestRecord.query(on: db).with(\.$team).sort(\.$firstDay, .descending)
        scope.restrict(query, to: \.$team.$id)
        if let teamID { query.filter(\.$team.$id == teamID) }
        return try await query.all()
    }

    static func require(_ id: UUID, scope: PartnerScope, on db: any Database) async throws -> ContestRecord {
        try scope.require(try await ContestRecord.query(on: db).filter(\.$id == id).with(\.$team).first(), owner: { $0.$team.id }, notFound: "No such contest.")
    }

    static func domain(_ c: ContestRecord) throws(FieldErrors) -> Contest {
        guard let metric = ContestMetric(rawValue: c.metric) else { throw FieldErrors(["metric": "must be one of aht, qa, csat, fcr"]) }
        let period = try DayRange(first: UTCDay(daysSince1970: c.firstDay), last: UTCDay(daysSince1970: c.lastDay), field: "lastDay")
        return try Contest(name: c.name, metric: metric, period: period, minimumSamplePerAgent: c.minimumSample, normalisePerQueue: c.normalise, prizes: c.prizes)
    }

    static func create(_ input: ContestInput, team: Partner, settings: FrontlineSettings, by principal: Principal, on db: any Database) async throws -> ContestRecord {
        var errors = FieldErrors()
        let first = RecognitionService.day(input.firstDay, "firstDay", default: nil, into: &errors)
        let last = RecognitionService.day(input.lastDay, "lastDay", default: nil, into: &errors)
        if ContestMetric(rawValue: input.metric) == nil { errors.add("metric", "must be one of aht, qa, csat, fcr") }
        let record = ContestRecord()
        record.$team.id = try team.requireID()
        record.name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        record.metric = input.metric
        record.firstDay = first?.daysSince1970 ?? 0
        record.lastDay = last?.daysSince1970 ?? 0
        record.minimumSample = input.minimumSample ?? settings.minimumSample
        record.normalise = input.normalisePerQueue ?? true
        record.prizes = input.prizes ?? 1
        record.createdBy = principal.name
        if errors.isEmpty {
            do { _ = try domain(record) } catch {
                for (key, message) in error.messages { errors.add(key == "minimum_sample" ? "minimumSample" : key == "tie_decimals" ? "prizes" : key, message) }
            }
        }
        if !errors.isEmpty { throw ValidationFailed(fields: errors) }
        try await compute(record, on: db)
        try await db.transaction { tx in
            try await record.create(on: tx)
            try await AuditLog.created(record, by: principal.actor, on: tx)
        }
        return record
    }

    /// The leaderboard on the agent-days of the contest's period (not saved: the caller saves).
    static func compute(_ record: ContestRecord, on db: any Database) async throws {
        let contest = try domain(record)
        let tallies = try await AgentActivityStore.tallies(teamID: record.$team.id, metric: contest.metric, from: record.firstDay, through: record.lastDay, on: db)
        let board = try Leaderboard(contest: contest, tallies: tallies)
        record.leaderboard = String(decoding: try JSONEncoder().encode(board), as: UTF8.self)
        record.computedAt = Date()
    }

    static func refresh(teamID: UUID, settings: FrontlineSettings, on db: any Database) async throws {
        for record in try await ContestRecord.query(on: db).filter(\.$team.$id == teamID).all() {
            try await compute(record, on: db)
            try await record.update(on: db)
        }
    }

    static func recordWinners(_ record: ContestRecord, by principal: Principal, on db: any Database) async throws {
        if let at = record.winnersRecordedAt {
            throw ValidationFailed(fields: FieldErrors(["winners": "were recorded on \(Components.date(at)) by \(record.winnersRecordedBy ?? "")"]))
        }
        let dto = try await dto(record, on: db)
        guard !dto.ranked.isEmpty else {
            throw ValidationFailed(fields: FieldErrors(["winners": "nobody is ranked yet: no agent has the minimum sample of \(record.minimumSample)"]))
        }
        let winners = dto.ranked.filter(\.winner).map { ContestWinnerDTO(agentID: $0.agentID, name: $0.name, rank: $0.rank ?? 0, value: $0.value.display) }
        let before = record.auditFields
        record.winners = String(decoding: try JSONEncoder().encode(winners), as: UTF8.self)
        record.winnersRecordedAt = Date()
        record.winnersRecordedBy = principal.name
        try await db.transaction { tx in
            try await record.update(on: tx)
            try await AuditLog.updated(record, before: before, by: principal.actor, on: tx)
        }
    }

    static func dto(_ record: ContestRecord, on db: any Database) async throws -> ContestDTO {
        let names = Dictionary(try await RosterAgentRecord.query(on: db).filter(\.$team.$id == record.$team.id).all().map { ($0.agentID, $0.name) },
                               uniquingKeysWith: { first, _ in first })
        let board = record.leaderboard.flatMap { try? JSONDecoder().decode(Leaderboard.self, from: Data($0.utf8)) }
        func entry(_ e: Leaderboard.Entry) -> LeaderboardEntryDTO {
            LeaderboardEntryDTO(agentID: e.agentID, name: names[e.agentID], rank: e.rank, winner: e.isWinner, value: FigureDTO(e.value), index: e.index,
                                explanation: e.explanation)
        }
        let metric = ContestMetric(rawValue: record.metric)
        return ContestDTO(
            id: record.id!, team: TeamRefDTO(id: record.$team.id, name: record.team.name, kind: record.team.kind), name: record.name, metric: record.metric,
            metricLabel: metric?.label ?? record.metric, firstDay: UTCDay(daysSince1970: record.firstDay).description,
            lastDay: UTCDay(daysSince1970: record.lastDay).description, minimumSample: record.minimumSample, normalisePerQueue: record.normalise,
            prizes: record.prizes, computedAt: record.computedAt, ranked: board?.ranked.map(entry) ?? [], unranked: board?.unranked.map(entry) ?? [],
            winners: record.winners.flatMap { try? JSONDecoder().decode([ContestWinnerDTO].self, from: Data($0.utf8)) },
            winnersRecordedAt: record.winnersRecordedAt, winnersRecordedBy: record.winnersRecordedBy)
    }
}
