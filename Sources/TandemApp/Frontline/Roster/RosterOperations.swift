import Fluent
import Foundation
import Vapor

/// `tandem import roster FILE --team NAME`: the same import as the roster page and the API (one
/// transaction, audited, re-imports update by agent id, a file with any bad row changes nothing).
public enum RosterOperations {
    public struct Report: Sendable {
        /// "succeeded" or "rejected".
        public let status: String
        public let message: String
        /// "file:line field: reason" for every issue.
        public let issues: [String]
        public let notInFile: [String]
    }

    public static func importRoster(_ app: Application, path: String, team name: String) async throws -> Report {
        guard let data = FileManager.default.contents(atPath: path) else { throw OperatorError(message: "No file at \(path).") }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard let team = try await Partner.query(on: app.db).all().first(where: { $0.name.lowercased() == trimmed.lowercased() }) else {
            let names = try await Partner.query(on: app.db).sort(\.$name).all().map(\.name)
            throw OperatorError(message: "--team: no team is named \"\(name)\"; the teams are " + names.joined(separator: ", "))
        }
        let file = (path as NSString).lastPathComponent
        let run = try await RosterService.importCSV([UInt8](data), fileName: file, team: team, by: .cli("tandem import roster"), on: app.db)
        return Report(status: run.status, message: run.message, issues: run.issueList.map { "\(file):\($0.line) \($0.field): \($0.reason)" },
                      notInFile: run.notInFileList)
    }
}
