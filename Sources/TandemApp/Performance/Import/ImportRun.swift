import Fluent
import Foundation
import TandemPerformance

/// Where an import stands.
public enum ImportStatus: String, Codable, Sendable, CaseIterable {
    /// Waiting for a worker.
    case queued
    case running
    /// Stored: every row, or (with accept-valid) every valid row.
    case succeeded
    /// The file had bad rows and accept-valid was off: nothing was stored.
    case rejected
    /// Stopped by an error; nothing was stored (the import is one transaction). Run it again.
    case failed
}

/// One import of one file: what was asked, how far it got, and every rejected row (the first
/// `ContactImporter.keptIssues` of them; the count is always complete). The run, not each row, is audited.
final class ImportRun: Model, @unchecked Sendable {
    static let schema = "import_runs"

    typealias Status = ImportStatus

    @ID(key: .id) var id: UUID?
    /// What the file holds: `ImportRun.contacts` or `ImportRun.qaEvaluations`. For QA evaluations the
    /// inserted/updated counts are evaluations; read and rejected counts are always rows.
    @Field(key: "kind") var kind: String
    @Field(key: "source") var source: String
    @Field(key: "file_name") var fileName: String
    @Field(key: "format") var format: String
    @Field(key: "accept_valid") var acceptValid: Bool
    @Field(key: "status") var status: Status
    @Field(key: "rows_read") var rowsRead: Int
    @Field(key: "rows_inserted") var rowsInserted: Int
    @Field(key: "rows_updated") var rowsUpdated: Int
    @Field(key: "rows_rejected") var rowsRejected: Int
    /// Source presets: records read but neither stored nor errors (left out by the preset, older
    /// or repeated copies, deletion records); rows read = inserted + updated + rejected + skipped.
    @Field(key: "rows_skipped") var rowsSkipped: Int
    /// Source presets: stored contacts removed because the source deleted them.
    @Field(key: "rows_deleted") var rowsDeleted: Int
    /// The source preset that read the files (`SourcePreset` raw value); nil for a generic file.
    @OptionalField(key: "preset") var preset: String?
    @Field(key: "bytes_total") var bytesTotal: Int
    @Field(key: "bytes_read") var bytesRead: Int
    /// JSON array of `RowIssue`.
    @Field(key: "issues") var issues: String
    @Field(key: "message") var message: String
    @Field(key: "requested_by") var requestedBy: String
    @OptionalField(key: "job_id") var jobID: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "started_at") var startedAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?

    init() {}

    static let contacts = "contacts"
    static let qaEvaluations = "qa"

    init(source: String, fileName: String, format: ContactFileFormat, acceptValid: Bool, bytesTotal: Int, requestedBy: Actor,
         kind: String = ImportRun.contacts) {
        self.kind = kind
        self.source = source
        self.fileName = fileName
        self.format = format.rawValue
        self.acceptValid = acceptValid
        self.status = .queued
        self.rowsRead = 0
        self.rowsInserted = 0
        self.rowsUpdated = 0
        self.rowsRejected = 0
        self.rowsSkipped = 0
        self.rowsDeleted = 0
        self.bytesTotal = bytesTotal
        self.bytesRead = 0
        self.issues = "[]"
        self.message = ""
        self.requestedBy = requestedBy.name
    }

    var issueList: [RowIssue] { (try? JSONDecoder().decode([RowIssue].self, from: Data(issues.utf8))) ?? [] }
}

extension ImportRun: Audited {
    static let auditType = "contact_import"
    var auditLabel: String { "\(fileName) from \(source)" }
    var auditPartnerID: UUID? { nil }
    /// A QA import is recorded under its own type (see `AuditLog.created(_:entityType:)`).
    var auditEntityType: String { kind == ImportRun.qaEvaluations ? "qa_import" : Self.auditType }
    var auditFields: [String: String] {
        ["source": source, "file": fileName, "format": format, "status": status.rawValue, "acceptValid": String(acceptValid),
         "rowsRead": String(rowsRead), "rowsInserted": String(rowsInserted), "rowsUpdated": String(rowsUpdated), "rowsRejected": String(rowsRejected)]
            .merging(preset.map { ["preset": $0, "rowsSkipped": String(rowsSkipped), "rowsDeleted": String(rowsDeleted)] } ?? [:]) { first, _ in first }
    }
}

struct ImportRunDTO: Content, Equatable {
    let id: UUID
    let source: String
    let fileName: String
    let format: String
    let acceptValid: Bool
    let status: ImportRun.Status
    let rowsRead: Int
    let rowsInserted: Int
    let rowsUpdated: Int
    let rowsRejected: Int
    let bytesTotal: Int
    let bytesRead: Int
    let issues: [RowIssue]
    let message: String
    let requestedBy: String
    let createdAt: Date?
    let finishedAt: Date?
    /// "contacts" or "qa" (QA evaluations: inserted/updated count evaluations, the rest rows).
    var kind: String = ImportRun.contacts
    /// The background job running an uploaded import: attempts, last heartbeat, interruption.
    var job: JobStateDTO? = nil
    /// Source presets: the preset, records skipped (not stored, not errors) and stored contacts deleted.
    var preset: String? = nil
    var rowsSkipped: Int = 0
    var rowsDeleted: Int = 0
}

import Vapor

extension ImportRun {
    /// The state of the job behind an uploaded import (nil for one run from the command line).
    func jobState(on db: any Database) async throws -> JobStateDTO? {
        guard let jobID else { return nil }
        return try await Job.find(jobID, on: db).map(JobStateDTO.init)
    }

    var dto: ImportRunDTO {
        ImportRunDTO(id: id!, source: source, fileName: fileName, format: format, acceptValid: acceptValid, status: status,
                     rowsRead: rowsRead, rowsInserted: rowsInserted, rowsUpdated: rowsUpdated, rowsRejected: rowsRejected,
                     bytesTotal: bytesTotal, bytesRead: bytesRead, issues: issueList, message: message, requestedBy: requestedBy,
                     createdAt: createdAt, finishedAt: finishedAt, kind: kind, preset: preset, rowsSkipped: rowsSkipped, rowsDeleted: rowsDeleted)
    }
}

/// A source's saved column mapping: the next import from it needs no mapping given.
final class ImportMapping: Model, @unchecked Sendable {
    static let schema = "import_mappings"
    @ID(key: .id) var id: UUID?
    @Field(key: "source") var source: String
    /// JSON of `ColumnMapping`.
    @Field(key: "columns") var columns: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    static func saved(for source: String, on db: any Database) async throws -> ColumnMapping? {
        guard let record = try await ImportMapping.query(on: db).filter(\.$source == source).first() else { return nil }
        return try? JSONDecoder().decode(ColumnMapping.self, from: Data(record.columns.utf8))
    }

    static func save(_ mapping: ColumnMapping, for source: String, on db: any Database) async throws {
        let record = try await ImportMapping.query(on: db).filter(\.$source == source).first() ?? ImportMapping()
        record.source = source
        record.columns = String(decoding: try JSONEncoder().encode(mapping), as: UTF8.self)
        try await record.save(on: db)
    }
}
