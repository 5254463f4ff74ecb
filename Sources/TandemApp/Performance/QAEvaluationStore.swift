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
}

/// QA evaluations: scored once on arrival (`QAEvaluation.score`), stored with the score in whole
/// milli-points so sums are exact on every database. (source, external id) is unique.
enum QAEvaluationStore {
    static func save(_ inputs: [QAEvaluationInput], by actor: Actor, on db: any Database) async throws -> QAImportResult {
        var errors = FieldErrors()
        let teams = Set(try await Partner.query(on: db).all().compactMap(\.id))
        for (index, input) in inputs.enumerated() {
            if input.source.trimmingCharacters(in: .whitespaces).isEmpty { errors.add("[\(index)].source", "is required") }
            if input.externalID.trimmingCharacters(in: .whitespaces).isEmpty { errors.add("[\(index)].externalID", "is required") }
            if !teams.contains(input.teamID) { errors.add("[\(index)].teamID", "is not a team") }
            for (s, section) in input.sections.enumerated() where !section.weight.isFinite || section.weight < 0 {
                errors.add("[\(index)].sections[\(s)].weight", "must be a number ≥ 0")
            }
        }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            for chunk in stride(from: 0, to: inputs.count, by: 500).map({ inputs[$0..<min($0 + 500, inputs.count)] }) {
                let insert = sql.insert(into: "qa_evaluations")
                    .columns("id", "source", "external_id", "team_id", "agent", "evaluator", "day", "sections", "score_milli", "auto_failed")
                for input in chunk {
                    let evaluation = QAEvaluation(sections: input.sections)
                    let sections = String(decoding: try JSONEncoder().encode(input.sections), as: UTF8.self)
                    insert.values([UUID(), input.source, input.externalID, input.teamID, input.agent, input.evaluator,
                                   UTCDay(input.date.startOfDayUTC).daysSince1970, sections,
                                   evaluation.score.map { Int64(($0 * 1000).rounded()) }, evaluation.isAutoFailed] as [any Encodable & Sendable])
                }
                insert.onConflict(with: ["source", "external_id"]) { update in
                    var update = update
                    for column in ["team_id", "agent", "evaluator", "day", "sections", "score_milli", "auto_failed"] { update = update.set(excludedValueOf: column) }
                    return update
                }
                try await insert.run()
            }
        }
        return QAImportResult(stored: inputs.count)
    }
}
