import Fluent
import Foundation
import TandemPerformance

/// Imports a QA evaluation file (CSV or JSON Lines, one row per evaluation item: docs/qa-import.md)
/// from the CLI, a web upload or the API. QA files are small (an evaluation is a few dozen rows; a
/// busy month of a large program a few MB), so the import runs right away rather than as a job,
/// and the rows are grouped into evaluations in memory.
/// Like contact imports: every rejected row is reported (line, field, reason); by default a file with
/// any bad row stores nothing; with accept-valid the complete, valid evaluations are stored (an
/// evaluation with a bad row is left out whole, its other rows reported as not stored); the file is
/// one transaction; (source, evaluation_id) is unique, so importing again updates; the run is audited
/// as a `qa_import`.
enum QAImportService {
    struct Options: Sendable {
        var acceptValid = false
        /// Where to write every rejected row (line, field, reason) as CSV.
        var rejectsPath: String? = nil
    }

    static func importFile<Source: ByteChunkSource>(
        _ bytes: Source, fileName: String, bytesTotal: Int, source: String, format: ContactFileFormat?, options: Options,
        by actor: Actor, on db: any Database
    ) async throws -> ImportRun {
        try ImportService.validateSource(source)
        let chosen = format ?? .guess(fromName: fileName)
        let run = ImportRun(source: source.trimmingCharacters(in: .whitespaces), fileName: fileName, format: chosen, acceptValid: options.acceptValid,
                            bytesTotal: bytesTotal, requestedBy: actor, kind: ImportRun.qaEvaluations)
        run.status = .running
        run.startedAt = Date()
        try await run.create(on: db)

        let directory = try await PerformanceDirectory.load(on: db).contactDirectory
        var assembler = QAFileAssembler { name in directory.team(named: name).map { QAFileAssembler.Team(id: $0.id, name: $0.name) } }
        do {
            var reader = try QAFileReader(bytes, format: chosen)
            while let row = try reader.next() { assembler.add(row) }
        } catch let issue as FileIssue {
            return try await finish(run, status: .rejected, issues: [RowIssue(line: 1, field: "file", reason: issue.reason)],
                                    message: "Nothing was imported: \(issue).", options: options, on: db)
        } catch {
            return try await finish(run, status: .failed, issues: [], message: "Stopped by an error, nothing was stored: \(error).", options: options, on: db)
        }
        let outcome = assembler.finish()
        run.rowsRead = outcome.rowsRead
        run.rowsRejected = outcome.rowsRejected
        let leftOut = outcome.evaluationsRejected.count
        if outcome.rowsRejected > 0 && !options.acceptValid {
            return try await finish(run, status: .rejected, issues: outcome.issues, message: """
                Nothing was imported: \(outcome.rowsBad) of \(outcome.rowsRead) rows are bad\(leftOut > 0 ? " (in \(leftOut) evaluation\(leftOut == 1 ? "" : "s"))" : ""). \
                Fix them, or import with “accept valid rows” to store the \(outcome.evaluations.count) complete evaluations.
                """, options: options, on: db)
        }

        let records = outcome.evaluations.map { evaluation in
            QAEvaluationRecord(source: run.source, externalID: evaluation.externalID, teamID: UUID(uuidString: evaluation.teamID)!,
                               agent: evaluation.agent, evaluator: evaluation.evaluator, day: evaluation.day, sections: evaluation.sections)
        }
        var frontlineTeams = Set<UUID>()
        do {
            frontlineTeams = try await db.transaction { tx -> Set<UUID> in
                let counts = try await QAEvaluationStore.upsert(records, on: tx)
                run.rowsInserted = counts.inserted
                run.rowsUpdated = counts.updated
                run.status = .succeeded
                run.finishedAt = Date()
                run.issues = try encode(outcome.issues)
                run.message = "\(counts.inserted) new and \(counts.updated) updated QA evaluations stored from \(outcome.rowsRead) rows"
                    + (outcome.rowsRejected > 0
                       ? "; \(outcome.rowsRejected) rows not stored (\(outcome.rowsBad) bad\(leftOut > 0 ? ", \(leftOut) evaluation\(leftOut == 1 ? "" : "s") left out whole" : ""))."
                       : ".")
                try await run.save(on: tx)
                try await AuditLog.created(run, entityType: run.auditEntityType, by: actor, on: tx)
                return counts.teams
            }
        } catch {
            run.rowsInserted = 0
            run.rowsUpdated = 0
            _ = try await finish(run, status: .failed, issues: outcome.issues, message: "Stopped by an error, nothing was stored: \(error). Run the import again.",
                                 options: options, on: db)
            throw error
        }
        writeRejects(outcome.issues, to: options.rejectsPath)
        try await AlertService.refresh(on: db)
        try await ContractRecompute.all(on: db)  // QA is an SLA metric (issue 14)
        try await FrontlineRefresh.teams(frontlineTeams, on: db)
        return run
    }

    private static func finish(_ run: ImportRun, status: ImportRun.Status, issues: [RowIssue], message: String, options: Options,
                               on db: any Database) async throws -> ImportRun {
        run.status = status
        run.rowsInserted = 0
        run.rowsUpdated = 0
        run.issues = try encode(issues)
        run.message = message
        run.finishedAt = Date()
        try await run.save(on: db)
        writeRejects(issues, to: options.rejectsPath)
        return run
    }

    private static func encode(_ issues: [RowIssue]) throws -> String {
        String(decoding: try JSONEncoder().encode(Array(issues.prefix(ContactImporter.keptIssues))), as: UTF8.self)
    }

    private static func writeRejects(_ issues: [RowIssue], to path: String?) {
        guard let path else { return }
        var text = "line,field,reason\n"
        for issue in issues { text += "\(issue.line),\(issue.field),\"\(issue.reason.replacingOccurrences(of: "\"", with: "\"\""))\"\n" }
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }
}
