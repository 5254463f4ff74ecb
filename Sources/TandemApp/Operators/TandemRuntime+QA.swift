import Foundation
import TandemPerformance
import Vapor

extension TandemRuntime {
    /// Imports a QA evaluation file now (docs/qa-import.md). The report counts rows read and
    /// rejected, and evaluations inserted and updated.
    public static func importQA(_ app: Application, path: String, source: String, format: String?, acceptValid: Bool,
                                rejectsPath: String?) async throws -> ImportReport {
        guard FileManager.default.fileExists(atPath: path) else { throw OperatorError(message: "No file at \(path).") }
        var parsedFormat: ContactFileFormat?
        if let format {
            guard let chosen = ContactFileFormat(rawValue: format) else { throw OperatorError(message: "--format must be csv or jsonl.") }
            parsedFormat = chosen
        }
        let started = Date()
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        let name = (path as NSString).lastPathComponent
        let run: ImportRun
        do {
            run = try await QAImportService.importFile(try FileChunkSource(path: path), fileName: name, bytesTotal: size, source: source,
                                                       format: parsedFormat, options: .init(acceptValid: acceptValid, rejectsPath: rejectsPath),
                                                       by: .cli("tandem import qa"), on: app.db)
        } catch let failure as ValidationFailed {
            throw OperatorError(message: failure.fields.summary)
        }
        return ImportReport(status: run.status.rawValue, message: run.message, rowsRead: run.rowsRead, inserted: run.rowsInserted, updated: run.rowsUpdated,
                            rejected: run.rowsRejected, issues: run.issueList.map { "\(name):\($0.line) \($0.field): \($0.reason)" },
                            seconds: Date().timeIntervalSince(started))
    }
}
