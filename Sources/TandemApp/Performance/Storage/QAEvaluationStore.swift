import Fluent
import Foundation
import SQLKit
import TandemPartners
import TandemPerformance
import Vapor

/// One QA evaluation as the API receives it. Items are `{"scored": {"earned": 4, "possible": 5}}`,
/// `{"notApplicable": {}}` or `{"autoFail": {"triggered": true}}`.
struct QAEvaluationInput: Content {
    let source: String
    let externalID: String
    let teamID: UUID
    let agent: String
    let evaluator: String
    let date: LocalDate
    let sections: [QASection]
}

struct QAImportResult: Content, Equatable {
    let stored: Int
    var inserted: Int = 0
    var updated: Int = 0
    /// The import run that records (and audits) this request.
    var importID: UUID? = nil
}

/// One evaluation ready to store, whichever way it arrived (API JSON or an imported file).
struct QAEvaluationRecord: Sendable {
    let source: String
    let externalID: String
    let teamID: UUID
    let agent: String
    let evaluator: String
    let day: UTCDay
    let sections: [QASection]
}

/// QA evaluations: scored once on arrival (`QAEvaluation.score`), stored with the score in whole
/// milli-points so sums are exact on every database. (source, external id) is unique: storing an
/// evaluation again replaces it.
enum QAEvaluationStore {
    /// The API's JSON: validates every evaluation, then stores them all in one transaction with an
    /// import run that records the request (audited as a QA import).
    static func save(_ inputs: [QAEvaluationInput], by actor: Actor, on db: any Database) async throws -> QAImportResult {
        var errors = FieldErrors()
        let teams = Set(try await Partner.query(on: db).all().compactMap(\.id))
        var seen: [String: Int] = [:]
        for (index, input) in inputs.enumerated() {
            if input.source.trimmingCharacters(in: .whitespaces).isEmpty { errors.add("[\(index)].source", "is required") }
            if input.externalID.trimmingCharacters(in: .whitespaces).isEmpty { errors.add("[\(index)].externalID", "is required") }
            if let first = seen[input.source + "\u{1F}" + input.externalID] {
                errors.add("[\(index)].externalID", "repeats evaluation [\(first)] of the same source")
            } else {
                seen[input.source + "\u{1F}" + input.externalID] = index
            }
            if !teams.contains(input.teamID) { errors.add("[\(index)].teamID", "is not a team") }
            for (s, section) in input.sections.enumerated() where !section.weight.isFinite || section.weight < 0 {
                errors.add("[\(index)].sections[\(s)].weight", "must be a number ≥ 0")
            }
            for (s, section) in input.sections.enumerated() {
                for (i, item) in section.items.enumerated() {
                    if case .scored(let earned, let possible) = item, !(possible.isFinite && possible > 0 && earned.isFinite && (0...possible).contains(earned)) {
                        errors.add("[\(index)].sections[\(s)].items[\(i)]", "must earn 0 to its possible points, which must be above 0")
                    }
                }
            }
        }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let records = inputs.map {
            QAEvaluationRecord(source: $0.source, externalID: $0.externalID, teamID: $0.teamID, agent: $0.agent, evaluator: $0.evaluator,
                               day: UTCDay($0.date.startOfDayUTC), sections: $0.sections)
        }
        let sources = Set(inputs.map(\.source)).sorted()
        let run = ImportRun(source: sources.joined(separator: ", "), fileName: "API request", format: .jsonLines, acceptValid: false,
                            bytesTotal: 0, requestedBy: actor, kind: ImportRun.qaEvaluations)
        run.format = "json"
        let counts = try await db.transaction { tx in
            let counts = try await upsert(records, on: tx)
            run.status = .succeeded
            run.rowsRead = inputs.count
            run.rowsInserted = counts.inserted
            run.rowsUpdated = counts.updated
            run.startedAt = Date()
            run.finishedAt = Date()
            run.message = "\(counts.inserted) new and \(counts.updated) updated QA evaluations stored from the API."
            try await run.create(on: tx)
            try await AuditLog.created(run, entityType: run.auditEntityType, by: actor, on: tx)
            return counts
        }
        try await FrontlineRefresh.teams(counts.teams, on: db)
        return QAImportResult(stored: inputs.count, inserted: counts.inserted, updated: counts.updated, importID: run.id)
    }

    /// Inserts or replaces evaluations (the caller's transaction); how many were new and how many
    /// replaced, and the teams whose front-line QA days changed (recomputed here, issue 16).
    static func upsert(_ records: [QAEvaluationRecord], on db: any Database) async throws -> (inserted: Int, updated: Int, teams: Set<UUID>) {
        let sql = db as! any SQLDatabase
        var inserted = 0, updated = 0
        var touched: [UUID: ClosedRange<Int>] = [:]
        func touch(_ team: UUID, _ day: Int) {
            touched[team] = min(touched[team]?.lowerBound ?? day, day)...max(touched[team]?.upperBound ?? day, day)
        }
        for record in records { touch(record.teamID, record.day.daysSince1970) }
        for chunk in stride(from: 0, to: records.count, by: 500).map({ records[$0..<min($0 + 500, records.count)] }) {
            var existing = Set<String>()
            for (source, group) in Dictionary(grouping: chunk, by: \.source) {
                let rows = try await sql.select().column("external_id").column("team_id").column("day").from("qa_evaluations")
                    .where("source", .equal, source).where("external_id", .in, group.map(\.externalID)).all()
                for row in rows {
                    existing.insert(source + "\u{1F}" + (try row.decode(column: "external_id", as: String.self)))
                    touch(try row.decode(column: "team_id", as: UUID.self), try row.decode(column: "day", as: Int.self))
                }
            }
            let insert = sql.insert(into: "qa_evaluations")
                .columns("id", "source", "external_id", "team_id", "agent", "evaluator", "day", "sections", "score_milli", "auto_failed")
            for record in chunk {
                if existing.contains(record.source + "\u{1F}" + record.externalID) { updated += 1 } else { inserted += 1 }
                let evaluation = QAEvaluation(sections: record.sections)
                let sections = String(decoding: try JSONEncoder().encode(record.sections), as: UTF8.self)
                insert.values([UUID(), record.source, record.externalID, record.teamID, record.agent, record.evaluator,
                               record.day.daysSince1970, sections,
                               evaluation.score.map { Int64(($0 * 1000).rounded()) }, evaluation.isAutoFailed] as [any Encodable & Sendable])
            }
            insert.onConflict(with: ["source", "external_id"]) { update in
                var update = update
                for column in ["team_id", "agent", "evaluator", "day", "sections", "score_milli", "auto_failed"] { update = update.set(excludedValueOf: column) }
                return update
            }
            try await insert.run()
        }
        try await AgentActivityStore.recomputeQA(touched, on: sql)
        return (inserted, updated, Set(touched.keys))
    }
}
