import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import TandemSources
import Vapor

/// `/api/v1/scorecards`, `/imports`, `/targets`, `/alerts`, `/performance/settings`, `/qa-evaluations`.
enum PerformanceAPI {
    static func register(_ api: APIRoutes) {
        let tag = "Performance"
        let periodQuery: [APIOperation.QueryParameter] = [
            .init(name: "period", schema: .string(enumeration: ["week", "month"]), description: "week (default) or month"),
            .init(name: "at", schema: .date, description: "any day in the (first) period; default: the latest period with data"),
            .init(name: "by", schema: .string(enumeration: ScorecardGrouping.allCases.map(\.rawValue)), description: "team (default), queue or channel"),
            .init(name: "count", schema: .integer(minimum: 1, maximum: 104), description: "consecutive periods from `at` (default 1)"),
        ]
        api.add(.init(method: .GET, path: ["scorecards"], summary: "Scorecards for one or more consecutive periods, every team side by side",
                      tag: tag, response: .array(.ref("Scorecard")), query: periodQuery)) { req -> [Scorecard] in
            let principal = try req.requirePrincipal()
            let query = try await PerformancePages.ScorecardQuery.parse(req)
            let count = min(104, max(1, req.query[Int.self, at: "count"] ?? 1))
            return try await ScorecardFigures.series(req, query.period.kind, first: query.period.index, count: count, grouping: query.grouping,
                                                     scope: principal.scope)
        }

        api.add(.init(method: .GET, path: ["imports"], summary: "Recent contact imports", tag: tag, response: .array(.ref("ImportRun")))) { req -> [ImportRunDTO] in
            let principal = try req.requirePrincipal()
            guard !principal.isPartnerUser else { throw Abort(.notFound, reason: "No such resource.") }
            return try await ImportRun.query(on: req.db).sort(\.$createdAt, .descending).limit(50).all().map(\.dto)
        }
        api.add(.init(method: .POST, path: ["imports"], summary: "Upload a contact file (CSV or JSON Lines body), or a platform's own export with preset=…, to import in the background; poll the returned run",
                      tag: tag, request: .string(description: "the file's bytes; with a preset, one or more JSON documents back to back (e.g. Zendesk ticket pages, metrics and ratings)"),
                      response: .ref("ImportRun"), successStatus: 202,
                      query: [.init(name: "source", schema: .string(), description: "the source system (required)"),
                              .init(name: "preset", schema: .string(enumeration: SourcePreset.allCases.map(\.rawValue)), description: "read a contact-centre platform's own export (docs/import-presets.md)"),
                              .init(name: "presetSettings", schema: .string(), description: "with preset: settings separated by ; (team=queue;team.Billing_DE=Alpha…); saved for the source"),
                              .init(name: "format", schema: .string(enumeration: ["csv", "jsonl"]), description: "default csv"),
                              .init(name: "fileName", schema: .string(), description: "for the record"),
                              .init(name: "mapping", schema: .string(), description: "field=Column pairs, comma-separated; saved for the source"),
                              .init(name: "acceptValid", schema: .boolean, description: "store the valid rows even if some are bad")]),
                body: .collect(maxSize: "64mb")) { req -> Created<ImportRunDTO> in
            let principal = try req.require(.editRegistry)
            let source = req.query[String.self, at: "source"] ?? ""
            if let preset = try PresetRequest.parse(preset: req.query[String.self, at: "preset"], settings: req.query[String.self, at: "presetSettings"]) {
                let bytes = req.body.data.map { Data(buffer: $0) } ?? Data()
                let run = try await ImportService.enqueuePresetUpload(files: [(req.query[String.self, at: "fileName"] ?? "upload.json", bytes)], source: source,
                                                                      preset: preset, acceptValid: req.query[Bool.self, at: "acceptValid"] ?? false,
                                                                      by: principal.actor, on: req.db)
                return Created(value: run.dto, status: .accepted)
            }
            var mapping: ColumnMapping?
            if let text = req.query[String.self, at: "mapping"], !text.isEmpty {
                do { mapping = try ColumnMapping.parse(pairs: text) } catch let error as MappingError {
                    var errors = FieldErrors(); errors.add("mapping", error.message); throw ValidationFailed(fields: errors)
                }
            }
            let bytes = req.body.data.map { Data(buffer: $0) } ?? Data()
            let format = ContactFileFormat(rawValue: req.query[String.self, at: "format"] ?? "") ?? .csv
            let run = try await ImportService.enqueueUpload(bytes: bytes, fileName: req.query[String.self, at: "fileName"] ?? "upload.\(format.rawValue)",
                                                            source: source, format: format, mapping: mapping,
                                                            acceptValid: req.query[Bool.self, at: "acceptValid"] ?? false, by: principal.actor, on: req.db)
            return Created(value: run.dto, status: .accepted)
        }
        api.add(.init(method: .GET, path: ["imports", ":importID"], summary: "One import: status, progress, counts and rejected rows", tag: tag, response: .ref("ImportRun"))) { req -> ImportRunDTO in
            let principal = try req.requirePrincipal()
            guard !principal.isPartnerUser, let run = try await ImportRun.find(req.id("importID"), on: req.db) else { throw Abort(.notFound, reason: "No such import.") }
            var dto = run.dto
            if let live = req.application.importProgress.get(try run.requireID()) {
                dto = ImportRunDTO(id: dto.id, source: dto.source, fileName: dto.fileName, format: dto.format, acceptValid: dto.acceptValid, status: dto.status,
                                   rowsRead: live.rowsRead, rowsInserted: dto.rowsInserted, rowsUpdated: dto.rowsUpdated, rowsRejected: live.rowsRejected,
                                   bytesTotal: dto.bytesTotal, bytesRead: live.bytesRead, issues: dto.issues, message: dto.message,
                                   requestedBy: dto.requestedBy, createdAt: dto.createdAt, finishedAt: dto.finishedAt, kind: dto.kind,
                                   preset: dto.preset, rowsSkipped: dto.rowsSkipped, rowsDeleted: dto.rowsDeleted)
            }
            dto.job = try await run.jobState(on: req.db)
            return dto
        }

        api.add(.init(method: .GET, path: ["targets"], summary: "KPI targets", tag: tag, response: .array(.ref("KPITarget")))) { req in
            let principal = try req.requirePrincipal()
            return try await KPITargetService.list(scope: principal.scope, on: req.db)
        }
        api.add(.init(method: .POST, path: ["targets"], summary: "Add a KPI target", tag: tag, request: .ref("KPITargetInput"), response: .ref("KPITarget"), successStatus: 201)) { req in
            let principal = try req.require(.editRegistry)
            let record = try await KPITargetService.create(req.decodeJSON(KPITargetInput.self), by: principal.actor, on: req.db)
            return Created(value: record.dto)
        }
        api.add(.init(method: .DELETE, path: ["targets", ":targetID"], summary: "Delete a KPI target", tag: tag, response: nil, successStatus: 204)) { req -> HTTPStatus in
            let principal = try req.requirePrincipal()
            guard let record = try await KPITargetService.find(req.id("targetID"), scope: principal.scope, on: req.db) else { throw Abort(.notFound, reason: "No such target.") }
            try req.require(.editRegistry)
            try await KPITargetService.delete(record, by: principal.actor, on: req.db)
            return .noContent
        }

        api.add(.init(method: .GET, path: ["alerts"], summary: "Open performance alerts", tag: tag, response: .array(.ref("PerformanceAlert")))) { req in
            let principal = try req.requirePrincipal()
            return try await AlertService.kept(req, scope: principal.scope)
        }

        api.add(.init(method: .GET, path: ["performance", "settings"], summary: "How KPIs are counted, targets judged and alerts raised", tag: tag, response: .ref("PerformanceSettings"))) { req -> PerformanceSettings in
            try req.requirePrincipal()
            return try await PerformanceSettingsStore.load(on: req.db)
        }
        api.add(.init(method: .PUT, path: ["performance", "settings"], summary: "Replace the performance settings (admins)", tag: tag, request: .ref("PerformanceSettings"), response: .ref("PerformanceSettings"))) { req -> PerformanceSettings in
            let principal = try req.require(.administer)
            let settings = try req.decodeJSON(PerformanceSettings.self)
            try await PerformanceSettingsStore.save(settings, by: principal.actor, on: req.db)
            return settings
        }

        api.add(.init(method: .POST, path: ["qa-evaluations"], summary: "Store QA evaluations (re-sending one updates it)", tag: tag,
                      request: .array(.ref("QAEvaluationInput")), response: .ref("QAImportResult"))) { req -> QAImportResult in
            let principal = try req.require(.editRegistry)
            let inputs = try req.decodeJSON([QAEvaluationInput].self)
            return try await QAEvaluationStore.save(inputs, by: principal.actor, on: req.db)
        }
        api.add(.init(method: .POST, path: ["qa-evaluations", "imports"],
                      summary: "Import a QA evaluation file (CSV or JSON Lines body, one row per evaluation item; docs/qa-import.md). Runs right away; returns the finished run",
                      tag: tag, request: .string(description: "the file's bytes"), response: .ref("ImportRun"), successStatus: 201,
                      query: [.init(name: "source", schema: .string(), description: "the source system (required)"),
                              .init(name: "format", schema: .string(enumeration: ["csv", "jsonl"]), description: "default csv"),
                              .init(name: "fileName", schema: .string(), description: "for the record"),
                              .init(name: "acceptValid", schema: .boolean, description: "store the complete valid evaluations even if some rows are bad")]),
                body: .collect(maxSize: "16mb")) { req -> Created<ImportRunDTO> in
            let principal = try req.require(.editRegistry)
            let bytes = req.body.data.map { [UInt8](buffer: $0) } ?? []
            guard !bytes.isEmpty else { var e = FieldErrors(); e.add("file", "is empty"); throw ValidationFailed(fields: e) }
            let format = ContactFileFormat(rawValue: req.query[String.self, at: "format"] ?? "") ?? .csv
            let run = try await QAImportService.importFile(MemoryChunkSource(bytes), fileName: req.query[String.self, at: "fileName"] ?? "upload.\(format.rawValue)",
                                                           bytesTotal: bytes.count, source: req.query[String.self, at: "source"] ?? "", format: format,
                                                           options: .init(acceptValid: req.query[Bool.self, at: "acceptValid"] ?? false),
                                                           by: principal.actor, on: req.db)
            return Created(value: run.dto)
        }
    }

    static let schemas: [String: JSONSchema] = {
        let kpi = JSONSchema.enumeration(KPIKind.self)
        // One key per item: {"scored": {"earned": 4, "possible": 5}}, {"notApplicable": {}} or {"autoFail": {"triggered": true}}.
        let qaItem = JSONSchema.object([
            ("scored", .object([("earned", .number), ("possible", .number)], required: ["earned", "possible"])),
            ("notApplicable", .object([], required: [])),
            ("autoFail", .object([("triggered", .boolean)], required: ["triggered"])),
        ], required: [])
        let cell = JSONSchema.object([
            ("kpi", kpi), ("value", .nullable(.number)), ("numerator", .number), ("denominator", .number), ("sampleSize", .integer(minimum: 0)),
            ("enoughData", .boolean), ("formula", .string()), ("unit", .string(enumeration: ["fraction", "seconds", "count", "score", "points"])), ("target", .nullable(.number)),
            ("status", .nullable(.string(enumeration: ["met", "near", "missed"]))), ("baseline", .nullable(.number)), ("rank", .nullable(.integer(minimum: 1))),
            ("rankOf", .nullable(.integer(minimum: 1))),
        ], required: ["kpi", "numerator", "denominator", "sampleSize", "enoughData", "formula", "unit"])
        return [
            "Scorecard": .object([
                ("period", .object([("kind", .string(enumeration: ["week", "month"])), ("index", .integer())], required: ["kind", "index"])),
                ("grouping", .enumeration(ScorecardGrouping.self)), ("kpis", .array(kpi)),
                ("rows", .array(.object([("teamID", .uuid), ("teamName", .string()), ("teamKind", .enumeration(TeamKind.self)), ("queueID", .nullable(.uuid)),
                                         ("channelID", .nullable(.uuid)), ("segment", .nullable(.string())), ("cells", .array(cell))],
                                        required: ["teamID", "teamName", "teamKind", "cells"]))),
            ], required: ["period", "grouping", "kpis", "rows"]),
            "ImportRun": .object([
                ("id", .uuid), ("kind", .string(enumeration: [ImportRun.contacts, ImportRun.qaEvaluations], description: "qa: inserted/updated count evaluations, read/rejected count rows")),
                ("source", .string()), ("fileName", .string()), ("format", .string()), ("acceptValid", .boolean),
                ("status", .enumeration(ImportRun.Status.self)), ("rowsRead", .integer(minimum: 0)), ("rowsInserted", .integer(minimum: 0)),
                ("rowsUpdated", .integer(minimum: 0)), ("rowsRejected", .integer(minimum: 0)), ("bytesTotal", .integer(minimum: 0)), ("bytesRead", .integer(minimum: 0)),
                ("issues", .array(.object([("line", .integer(minimum: 1)), ("field", .string()), ("reason", .string()),
                                           ("file", .string(description: "source presets: the file, when an import reads several")),
                                           ("record", .string(description: "source presets: which record, e.g. \"record 7, ContactId 4a1f…\""))],
                                          required: ["line", "field", "reason"]))),
                ("preset", .nullable(.string(enumeration: SourcePreset.allCases.map(\.rawValue), description: "the source preset that read the files; null for a generic file"))),
                ("rowsSkipped", .integer(minimum: 0)), ("rowsDeleted", .integer(minimum: 0)),
                ("message", .string()), ("requestedBy", .string()), ("createdAt", .nullable(.dateTime)), ("finishedAt", .nullable(.dateTime)),
                ("job", .nullable(.object([
                    ("status", .enumeration(Job.Status.self)), ("attempts", .integer(minimum: 0)), ("heartbeatAt", .nullable(.dateTime)),
                    ("interruptedAt", .nullable(.dateTime)), ("message", .string()),
                ], required: ["status", "attempts", "message"]))),
            ], required: ["id", "kind", "source", "fileName", "format", "status", "rowsRead", "issues"]),
            "KPITarget": .object([("id", .uuid), ("teamID", .nullable(.uuid)), ("queueID", .nullable(.uuid)), ("channelID", .nullable(.uuid)), ("kpi", kpi),
                                  ("target", .number), ("effectiveFrom", .date), ("effectiveTo", .nullable(.date))],
                                 required: ["id", "kpi", "target", "effectiveFrom"]),
            "KPITargetInput": .object([("teamID", .nullable(.uuid)), ("queueID", .nullable(.uuid)), ("channelID", .nullable(.uuid)), ("kpi", kpi),
                                       ("target", .number), ("effectiveFrom", .date), ("effectiveTo", .nullable(.date))],
                                      required: ["kpi", "target", "effectiveFrom"]),
            "PerformanceAlert": .object([("id", .uuid), ("teamID", .uuid), ("teamName", .string()), ("kpi", kpi), ("rule", .string(enumeration: ["missed_run", "worse_than_baseline"])),
                                         ("message", .string()), ("periodStart", .date), ("incidentID", .nullable(.uuid)), ("isPartner", .boolean)],
                                        required: ["id", "teamID", "teamName", "kpi", "rule", "message", "periodStart", "isPartner"]),
            "PerformanceSettings": .object([
                ("kpi", .object([("shortAbandonThreshold", .number), ("serviceLevelMethod", .enumeration(ServiceLevelMethod.self)),
                                 ("abandonRateMethod", .enumeration(AbandonRateMethod.self)), ("fcrMethod", .enumeration(FCRMethod.self)),
                                 ("repeatContactWindowDays", .integer(minimum: 1, maximum: 365)), ("csatMethod", .enumeration(CSATMethod.self)), ("minimumSample", .integer(minimum: 1))],
                                required: ["shortAbandonThreshold", "serviceLevelMethod", "abandonRateMethod", "fcrMethod", "repeatContactWindowDays", "csatMethod", "minimumSample"])),
                ("nearBandPercent", .number), ("baselineWeeks", .integer(minimum: 1, maximum: 52)),
                ("alerts", .object([("consecutiveMissedPeriods", .integer(minimum: 0)), ("worseThanBaselinePercent", .number), ("period", .string(enumeration: ["week", "month"]))],
                                   required: ["consecutiveMissedPeriods", "worseThanBaselinePercent", "period"])),
                ("partnerView", .nullable(.object([("ranks", .enumeration(PartnerViewSettings.Ranks.self)), ("shareExitScenarios", .boolean),
                                                   ("shareConcentration", .boolean)], required: ["ranks", "shareExitScenarios", "shareConcentration"]))),
            ], required: ["kpi", "nearBandPercent", "baselineWeeks", "alerts"]),
            "QAEvaluationInput": .object([("source", .string()), ("externalID", .string()), ("teamID", .uuid), ("agent", .string()), ("evaluator", .string()),
                                          ("date", .date), ("sections", .array(.object([("name", .string()), ("weight", .number), ("items", .array(qaItem))],
                                                                                         required: ["weight", "items"])))],
                                         required: ["source", "externalID", "teamID", "agent", "evaluator", "date", "sections"]),
            "QAImportResult": .object([("stored", .integer(minimum: 0)), ("inserted", .integer(minimum: 0)), ("updated", .integer(minimum: 0)),
                                       ("importID", .nullable(.uuid))], required: ["stored", "inserted", "updated"]),
        ]
    }()
}
