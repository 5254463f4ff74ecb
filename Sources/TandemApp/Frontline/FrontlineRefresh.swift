import Fluent
import Foundation
import SQLKit
import TandemFrontline
import TandemPerformance

/// One team's front-line figures as last computed: stored as JSON in `frontline_team_snapshots`,
/// so pages read them instead of recomputing from the agent-days on every request.
struct TeamFrontlineFigures: Codable, Sendable {
    let teamID: UUID
    let computedAt: Date
    /// The team's first and last day with contacts or QA evaluations.
    let observedFrom: UTCDay?
    let asOf: UTCDay?
    let contactLinks: AgentLinks
    let qaLinks: AgentLinks
    /// The tenured median AHT the proficiency rule and the ramp gates of this team use.
    let tenuredMedian: FrontlineFigure?
    let tenuredMedianSource: String
    let proficiency: TeamProficiencyReport?
    /// QA over the 13 weeks to `asOf`, shown beside the team's calibration alignment.
    let recentQA: KPIResult?
    let settings: FrontlineSettings
}

/// Recomputes what the front line stores when data arrives: after a contact, QA or roster import
/// (or a roster edit, a settings change, a ramp plan or contest change) the touched teams'
/// figures, their ramp plans' gates and their contests' leaderboards.
enum FrontlineRefresh {
    /// Teams waiting for one refresh at the end of `deferring` (a bulk load: the demo).
    final class Pending: @unchecked Sendable {
        private let lock = NSLock()
        private var ids = Set<UUID>()
        func add(_ more: Set<UUID>) { lock.withLock { ids.formUnion(more) } }
        var all: Set<UUID> { lock.withLock { ids } }
    }

    @TaskLocal static var pending: Pending?

    /// Runs `body` with every refresh it asks for collected, then refreshes each team once.
    static func deferring<T: Sendable>(on db: any Database, _ body: () async throws -> T) async throws -> T {
        let collected = Pending()
        let result = try await $pending.withValue(collected) { try await body() }
        try await teams(collected.all, on: db)
        return result
    }

    static func teams(_ ids: some Sequence<UUID>, on db: any Database) async throws {
        let wanted = Set(ids)
        guard !wanted.isEmpty else { return }
        if let pending {
            pending.add(wanted)
            return
        }
        let settings = try await FrontlineSettingsStore.load(on: db)
        for id in wanted.sorted(by: { $0.uuidString < $1.uuidString }) { try await team(id, settings: settings, on: db) }
    }

    static func all(on db: any Database) async throws {
        try await teams(try await Partner.query(on: db).all().compactMap(\.id), on: db)
    }

    static func team(_ teamID: UUID, settings: FrontlineSettings, on db: any Database) async throws {
        guard try await Partner.find(teamID, on: db) != nil else { return }
        let roster = try await RosterAgentRecord.query(on: db).filter(\.$team.$id == teamID).all().map(\.agent)
        let ids = Set(roster.map(\.agentID))
        let contacts = try await AgentActivityStore.recordsPerAgent(teamID: teamID, qa: false, on: db)
        let qa = try await AgentActivityStore.recordsPerAgent(teamID: teamID, qa: true, on: db)
        let span = try await AgentActivityStore.span(teamID: teamID, on: db)
        var median: FrontlineFigure?
        var source = "no data yet"
        var report: TeamProficiencyReport?
        var recentQA: KPIResult?
        if let span {
            let asOf = UTCDay(daysSince1970: span.upperBound), from = UTCDay(daysSince1970: span.lowerBound)
            let activity = try await AgentActivityStore.activity(teamID: teamID, through: span.upperBound, on: db)
            (median, source) = try await tenuredMedian(teamID: teamID, roster: roster, activity: activity, asOf: asOf, settings: settings, on: db)
            report = TeamProficiencyReport(
                teamID: teamID.uuidString, agents: roster, activity: activity, tenuredMedian: median!, tenuredMedianSource: source,
                qaMinimum: settings.qaMinimum, ahtMultiplier: settings.ahtMultiplier, windowDays: settings.windowDays,
                minimumContacts: settings.minimumContacts, minimumEvaluations: settings.minimumEvaluations,
                observedFrom: from, asOf: asOf, weeks: settings.curveWeeks, minimumSample: settings.minimumSample)
            let window = activity.filter { $0.day.daysSince1970 > span.upperBound - 91 }
            let evaluations = window.reduce(0) { $0 + $1.evaluations }, sum = window.reduce(0) { $0 + $1.qaScoreSum }
            recentQA = KPIResult(kind: .qaScore, value: evaluations > 0 ? sum / Double(evaluations) : nil, numerator: sum, denominator: Double(evaluations),
                                 sampleSize: evaluations, minimumSample: settings.minimumSample,
                                 formula: "Σ evaluation scores ÷ evaluations, 13 weeks to \(asOf)", unit: .points)
        }
        let figures = TeamFrontlineFigures(
            teamID: teamID, computedAt: Date(), observedFrom: span.map { UTCDay(daysSince1970: $0.lowerBound) },
            asOf: span.map { UTCDay(daysSince1970: $0.upperBound) },
            contactLinks: AgentLinks(recordsPerAgent: contacts.perAgent, recordsWithoutAgent: contacts.withoutAgent, roster: ids),
            qaLinks: AgentLinks(recordsPerAgent: qa.perAgent, recordsWithoutAgent: qa.withoutAgent, roster: ids),
            tenuredMedian: median, tenuredMedianSource: source, proficiency: report, recentQA: recentQA, settings: settings)
        let json = String(decoding: try JSONEncoder().encode(figures), as: UTF8.self)
        try await db.transaction { tx in
            let snapshot = try await FrontlineTeamSnapshot.query(on: tx).filter(\.$teamID == teamID).first() ?? FrontlineTeamSnapshot()
            snapshot.teamID = teamID
            snapshot.figures = json
            snapshot.computedAt = figures.computedAt
            try await snapshot.save(on: tx)
        }
        try await RampService.refresh(teamID: teamID, figures: figures, on: db)
        try await ContestService.refresh(teamID: teamID, settings: settings, on: db)
    }

    /// The team's own tenured median AHT over the settings' days to `asOf`; when it has too few
    /// tenured agents' contacts (a new partner), every team's tenured agents pooled, and it says so.
    static func tenuredMedian(teamID: UUID, roster: [RosterAgent], activity: [AgentDayActivity], asOf: UTCDay, settings: FrontlineSettings,
                              on db: any Database) async throws -> (FrontlineFigure, String) {
        let period = try DayRange(first: UTCDay(daysSince1970: asOf.daysSince1970 - settings.tenuredMedianDays + 1), last: asOf)
        let own = TenuredMedianAHT.compute(agents: roster, activity: activity, period: period, minimumContactsPerAgent: settings.minimumSample,
                                           minimumSample: settings.minimumSample)
        if own.shownValue != nil { return (own, "this team's") }
        // Pooled: agent ids are only unique within a team, so each is prefixed with its team.
        var agents: [RosterAgent] = [], rows: [AgentDayActivity] = []
        for team in try await Partner.query(on: db).all() {
            let id = try team.requireID()
            let members = try await RosterAgentRecord.query(on: db).filter(\.$team.$id == id).all().map(\.agent)
            guard !members.isEmpty else { continue }
            agents += members.map { var a = $0; a.agentID = "\(id)/\(a.agentID)"; return a }
            for row in try await AgentActivityStore.activity(teamID: id, from: period.first.daysSince1970, through: period.last.daysSince1970, on: db) {
                rows.append(try AgentDayActivity(agentID: "\(id)/\(row.agentID)", day: row.day, handled: row.handled, handleSeconds: row.handleSeconds,
                                                 evaluations: row.evaluations, qaScoreSum: row.qaScoreSum))
            }
        }
        let pooled = TenuredMedianAHT.compute(agents: agents, activity: rows, period: period, minimumContactsPerAgent: settings.minimumSample,
                                              minimumSample: settings.minimumSample)
        return (pooled, "every team's (this team's own: \(own.status == .noData ? "no tenured agents with enough contacts" : "not enough data"))")
    }

    static func figures(of teamID: UUID, on db: any Database) async throws -> TeamFrontlineFigures? {
        guard let snapshot = try await FrontlineTeamSnapshot.query(on: db).filter(\.$teamID == teamID).first() else { return nil }
        return try? JSONDecoder().decode(TeamFrontlineFigures.self, from: Data(snapshot.figures.utf8))
    }
}
