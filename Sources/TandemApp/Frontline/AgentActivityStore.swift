import Fluent
import Foundation
import SQLKit
import TandemFrontline
import TandemPerformance

/// Agent-level daily figures (`frontline_contact_days`, `frontline_qa_days`), recomputed from the
/// stored contacts and evaluations for exactly the days an import touched, inside its transaction:
/// so they never disagree with what is stored, and pages never read the raw contacts.
enum AgentActivityStore {
    /// Recomputes every queue × day range given (new rows and the old versions of replaced ones),
    /// from `contact_records` through its (queue, offered time) index. Returns the teams whose rows changed.
    @discardableResult
    static func recomputeContacts(_ touched: [UUID: ClosedRange<Int>], on sql: any SQLDatabase) async throws -> Set<UUID> {
        var teams = Set<UUID>()
        for (queueID, days) in touched.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            let old = try await sql.select().distinct().column("team_id").from("frontline_contact_days")
                .where("queue_id", .equal, queueID).where("day", .greaterThanOrEqual, days.lowerBound).where("day", .lessThanOrEqual, days.upperBound).all()
            for row in old { teams.insert(try row.decode(column: "team_id", as: UUID.self)) }
            try await sql.delete(from: "frontline_contact_days")
                .where("queue_id", .equal, queueID).where("day", .greaterThanOrEqual, days.lowerBound).where("day", .lessThanOrEqual, days.upperBound).run()
            let fromMs = Int64(days.lowerBound) * 86_400_000, toMs = Int64(days.upperBound + 1) * 86_400_000
            // One statement per queue: the sums never leave the database.
            try await sql.raw("""
                INSERT INTO frontline_contact_days (team_id, queue_id, agent, day, contacts, handled, handle_ms, csat_responses, csat_good, fcr_known, fcr_resolved)
                SELECT k.uuid, \(bind: queueID), COALESCE(c.agent, ''), c.day, CAST(COUNT(*) AS BIGINT),
                  CAST(COALESCE(SUM(CASE WHEN c.answered_at_ms IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT),
                  CAST(COALESCE(SUM(CASE WHEN c.answered_at_ms IS NOT NULL THEN c.talk_ms + c.hold_ms + c.after_work_ms ELSE 0 END), 0) AS BIGINT),
                  CAST(COALESCE(SUM(CASE WHEN c.answered_at_ms IS NOT NULL AND c.csat IS NOT NULL AND ((c.csat_scale = 'oneToFive' AND c.csat BETWEEN 1 AND 5) OR (c.csat_scale = 'binary' AND c.csat IN (0, 1))) THEN 1 ELSE 0 END), 0) AS BIGINT),
                  CAST(COALESCE(SUM(CASE WHEN c.answered_at_ms IS NOT NULL AND ((c.csat_scale = 'oneToFive' AND c.csat BETWEEN 4 AND 5) OR (c.csat_scale = 'binary' AND c.csat = 1)) THEN 1 ELSE 0 END), 0) AS BIGINT),
                  CAST(COALESCE(SUM(CASE WHEN c.answered_at_ms IS NOT NULL AND c.resolved_first_contact IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT),
                  CAST(COALESCE(SUM(CASE WHEN c.answered_at_ms IS NOT NULL AND c.resolved_first_contact = \(bind: true) THEN 1 ELSE 0 END), 0) AS BIGINT)
                FROM contact_records c JOIN contact_keys k ON k.number = c.team_key
                WHERE c.queue_key = (SELECT number FROM contact_keys WHERE uuid = \(bind: queueID))
                  AND c.offered_at_ms >= \(bind: fromMs) AND c.offered_at_ms < \(bind: toMs)
                GROUP BY k.uuid, COALESCE(c.agent, ''), c.day
                """).run()
            let new = try await sql.select().distinct().column("team_id").from("frontline_contact_days")
                .where("queue_id", .equal, queueID).where("day", .greaterThanOrEqual, days.lowerBound).where("day", .lessThanOrEqual, days.upperBound).all()
            for row in new { teams.insert(try row.decode(column: "team_id", as: UUID.self)) }
        }
        return teams
    }

    /// Recomputes the QA days of each team × day range from `qa_evaluations` (its (team, day) index).
    static func recomputeQA(_ touched: [UUID: ClosedRange<Int>], on sql: any SQLDatabase) async throws {
        for (teamID, days) in touched.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            try await sql.delete(from: "frontline_qa_days")
                .where("team_id", .equal, teamID).where("day", .greaterThanOrEqual, days.lowerBound).where("day", .lessThanOrEqual, days.upperBound).run()
            try await sql.raw("""
                INSERT INTO frontline_qa_days (team_id, agent, day, records, evaluations, score_milli)
                SELECT team_id, agent, day, CAST(COUNT(*) AS BIGINT), CAST(COUNT(score_milli) AS BIGINT), CAST(COALESCE(SUM(score_milli), 0) AS BIGINT)
                FROM qa_evaluations
                WHERE team_id = \(bind: teamID) AND day >= \(bind: days.lowerBound) AND day <= \(bind: days.upperBound)
                GROUP BY team_id, agent, day
                """).run()
        }
    }

    // MARK: Reading

    /// Each agent's day (contacts summed over queues, QA added), for the domain's figures. `agents`
    /// narrows to those ids; days bound the read (both ends included). The no-agent rows are left out.
    static func activity(teamID: UUID, from: Int? = nil, through: Int? = nil, agents: [String]? = nil,
                         on db: any Database) async throws -> [AgentDayActivity] {
        let sql = db as! any SQLDatabase
        if let agents, agents.isEmpty { return [] }
        struct Sums { var handled: Int64 = 0, handleMs: Int64 = 0, evaluations: Int64 = 0, scoreMilli: Int64 = 0 }
        var byKey: [String: [Int: Sums]] = [:]
        let contacts = sql.select().column("agent").column("day")
            .column(SQLAlias(IntegerSum("handled"), as: SQLIdentifier("handled"))).column(SQLAlias(IntegerSum("handle_ms"), as: SQLIdentifier("handle_ms")))
            .from("frontline_contact_days").where("team_id", .equal, teamID).where("agent", .notEqual, "")
        let qa = sql.select().column("agent").column("day").column("evaluations").column("score_milli")
            .from("frontline_qa_days").where("team_id", .equal, teamID).where("agent", .notEqual, "")
        for query in [contacts, qa] {
            if let from { query.where("day", .greaterThanOrEqual, from) }
            if let through { query.where("day", .lessThanOrEqual, through) }
            if let agents { query.where("agent", .in, agents) }
        }
        contacts.groupBy("agent").groupBy("day")
        for row in try await contacts.all() {
            let agent = try row.decode(column: "agent", as: String.self), day = try row.decode(column: "day", as: Int.self)
            byKey[agent, default: [:]][day, default: Sums()].handled += try row.decode(column: "handled", as: Int64.self)
            byKey[agent, default: [:]][day, default: Sums()].handleMs += try row.decode(column: "handle_ms", as: Int64.self)
        }
        for row in try await qa.all() {
            let agent = try row.decode(column: "agent", as: String.self), day = try row.decode(column: "day", as: Int.self)
            byKey[agent, default: [:]][day, default: Sums()].evaluations += try row.decode(column: "evaluations", as: Int64.self)
            byKey[agent, default: [:]][day, default: Sums()].scoreMilli += try row.decode(column: "score_milli", as: Int64.self)
        }
        var result: [AgentDayActivity] = []
        for (agent, days) in byKey {
            for (day, sums) in days {
                result.append(try AgentDayActivity(agentID: agent, day: UTCDay(daysSince1970: day), handled: Int(sums.handled),
                                                   handleSeconds: Double(sums.handleMs) / 1000, evaluations: Int(sums.evaluations),
                                                   qaScoreSum: Double(sums.scoreMilli) / 1000))
            }
        }
        return result.sorted { ($0.agentID, $0.day) < ($1.agentID, $1.day) }
    }

    /// The first and last day with any contact or evaluation of the team (nil when none).
    static func span(teamID: UUID, on db: any Database) async throws -> ClosedRange<Int>? {
        let sql = db as! any SQLDatabase
        var low: Int?, high: Int?
        for table in ["frontline_contact_days", "frontline_qa_days"] {
            let row = try await sql.select()
                .column(SQLAlias(SQLFunction("MIN", args: SQLIdentifier("day")), as: SQLIdentifier("low")))
                .column(SQLAlias(SQLFunction("MAX", args: SQLIdentifier("day")), as: SQLIdentifier("high")))
                .from(table).where("team_id", .equal, teamID).first()
            if let l = try row?.decodeNil(column: "low") == false ? row?.decode(column: "low", as: Int.self) : nil { low = min(low ?? l, l) }
            if let h = try row?.decodeNil(column: "high") == false ? row?.decode(column: "high", as: Int.self) : nil { high = max(high ?? h, h) }
        }
        guard let low, let high else { return nil }
        return low...high
    }

    /// Records per agent id as the files name them (contacts, or QA evaluations), and records naming no agent.
    static func recordsPerAgent(teamID: UUID, qa: Bool, on db: any Database) async throws -> (perAgent: [String: Int], withoutAgent: Int) {
        let sql = db as! any SQLDatabase
        let table = qa ? "frontline_qa_days" : "frontline_contact_days", column = qa ? "records" : "contacts"
        let rows = try await sql.select().column("agent").column(SQLAlias(IntegerSum(column), as: SQLIdentifier("n")))
            .from(table).where("team_id", .equal, teamID).groupBy("agent").all()
        var perAgent: [String: Int] = [:], without = 0
        for row in rows {
            let agent = try row.decode(column: "agent", as: String.self), n = try row.decode(column: "n", as: Int.self)
            if agent.isEmpty { without += n } else { perAgent[agent] = n }
        }
        return (perAgent, without)
    }

    /// Contest tallies: per agent and queue, the metric's numerator and denominator over the days.
    static func tallies(teamID: UUID, metric: ContestMetric, from: Int, through: Int, on db: any Database) async throws -> [AgentQueueTally] {
        let sql = db as! any SQLDatabase
        if metric == .qaScore {
            let rows = try await sql.select().column("agent")
                .column(SQLAlias(IntegerSum("evaluations"), as: SQLIdentifier("den"))).column(SQLAlias(IntegerSum("score_milli"), as: SQLIdentifier("num")))
                .from("frontline_qa_days").where("team_id", .equal, teamID).where("agent", .notEqual, "")
                .where("day", .greaterThanOrEqual, from).where("day", .lessThanOrEqual, through).groupBy("agent").all()
            // QA evaluations carry no queue: every agent is in one "all queues" cell, so normalisation changes nothing.
            return try rows.map { AgentQueueTally(agentID: try $0.decode(column: "agent", as: String.self), queueID: "all queues",
                                                  numerator: Double(try $0.decode(column: "num", as: Int64.self)) / 1000,
                                                  denominator: try $0.decode(column: "den", as: Int.self)) }
        }
        let (numColumn, denColumn, scale): (String, String, Double) = switch metric {
        case .averageHandleTime: ("handle_ms", "handled", 1000)
        case .customerSatisfaction: ("csat_good", "csat_responses", 1)
        case .firstContactResolution: ("fcr_resolved", "fcr_known", 1)
        case .qaScore: ("", "", 1)
        }
        let rows = try await sql.select().column("agent").column("queue_id")
            .column(SQLAlias(IntegerSum(denColumn), as: SQLIdentifier("den"))).column(SQLAlias(IntegerSum(numColumn), as: SQLIdentifier("num")))
            .from("frontline_contact_days").where("team_id", .equal, teamID).where("agent", .notEqual, "")
            .where("day", .greaterThanOrEqual, from).where("day", .lessThanOrEqual, through).groupBy("agent").groupBy("queue_id").all()
        let names = try await Queue.query(on: db).all()
        let codes = Dictionary(names.compactMap { q in q.id.map { ($0, q.code) } }, uniquingKeysWith: { first, _ in first })
        return try rows.compactMap { row in
            let den = try row.decode(column: "den", as: Int.self)
            guard den > 0 else { return nil }
            let queue = try row.decode(column: "queue_id", as: UUID.self)
            return AgentQueueTally(agentID: try row.decode(column: "agent", as: String.self), queueID: codes[queue] ?? queue.uuidString,
                                   numerator: Double(try row.decode(column: "num", as: Int64.self)) / scale, denominator: den)
        }
    }
}
