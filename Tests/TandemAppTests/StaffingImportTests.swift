import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Forecast and schedule files: row-level errors, all-or-nothing, re-import updates.
@Suite struct StaffingImportTests {
    static let good = """
    queue,interval_start,interval_minutes,contacts,aht_seconds
    billing-voice,2026-03-02T08:00,30,10,180
    billing-voice,2026-03-02T08:30,30,12,200
    billing-voice,2026-03-02 09:00,30,0,
    BILLING-VOICE,2026-03-02T09:30:00,30,8.5,240
    """

    static func counts(_ app: Application) async throws -> (forecast: Int, schedule: Int, imports: Int, audit: Int) {
        (try await ForecastRow.query(on: app.db).count(), try await ScheduleRow.query(on: app.db).count(),
         try await StaffingImport.query(on: app.db).count(), try await AuditEntry.query(on: app.db).count())
    }

    @Test(arguments: TestDatabase.all)
    func good_file_imports_and_reimport_updates_instead_of_duplicating(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let first = try await StaffingImportService.importForecast(csv: Self.good, fileName: "week10.csv", by: .cli("test"), on: app.db)
            #expect(first == StaffingImportResult(kind: "forecast", fileName: "week10.csv", rows: 4, created: 4, updated: 0, unchanged: 0,
                                                  period: "2026-03-02T08:00 – 2026-03-02T09:30"))
            let changed = Self.good.replacingOccurrences(of: "08:30,30,12,200", with: "08:30,30,14,200")
            let second = try await StaffingImportService.importForecast(csv: changed, fileName: "week10-v2.csv", by: .cli("test"), on: app.db)
            #expect((second.created, second.updated, second.unchanged) == (0, 1, 3))
            let rows = try await ForecastRow.query(on: app.db).filter(\.$queue.$id == ws.queue).sort(\.$startMinute).all()
            #expect(rows.map(\.contacts) == [10, 14, 0, 8.5])
            #expect(rows.map(\.ahtSeconds) == [180, 200, 0, 240])
            #expect(rows.map { PlanTime.format(minute: $0.startMinute) } == ["2026-03-02T08:00", "2026-03-02T08:30", "2026-03-02T09:00", "2026-03-02T09:30"])
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entityType == "staffing_import").count()
            #expect(audit == 2, "each import is audited once")
        }
    }

    @Test(arguments: TestDatabase.all)
    func bad_forecast_reports_every_row_and_changes_nothing(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            _ = try await StaffingImportService.importForecast(csv: Self.good, fileName: "ok.csv", by: .cli("test"), on: app.db)
            let before = try await Self.counts(app)
            let bad = """
            queue,interval_start,interval_minutes,contacts,aht_seconds
            billing-voice,2026-03-02T08:00,30,11,180
            no-such-queue,2026-03-02T08:00,30,10,180
            billing-voice,2026-03-02T25:00,30,10,180
            billing-voice,2026-03-02T08:10,30,10,180
            billing-voice,2026-03-02T10:00,20,10,180
            billing-voice,2026-03-02T10:30,30,-4,180
            billing-voice,2026-03-02T11:00,30,10,0
            billing-voice,2026-03-02T08:00,30,10,180
            billing-voice,2026-03-02T11:30,30,ten,180
            billing-voice,2026-03-02T12:00,30
            """
            let error = await #expect(throws: StaffingImportFailed.self) {
                try await StaffingImportService.importForecast(csv: bad, fileName: "bad.csv", by: .cli("test"), on: app.db)
            }
            let issues = try #require(error?.issues)
            #expect(issues.map { "\($0.line):\($0.field)" } == [
                "3:queue", "4:interval_start", "5:interval_start", "6:interval_minutes", "7:contacts", "8:aht_seconds",
                "9:interval_start", "10:contacts", "11:aht_seconds", "11:contacts", "11:row",
            ])
            #expect(issues.allSatisfy { $0.file == "bad.csv" })
            #expect(issues.first { $0.line == 9 }?.reason == "repeats line 2 for the same queue and interval")
            #expect(issues.first { $0.line == 5 }?.reason.hasPrefix("2026-03-02T08:10 does not start a 30-minute interval") == true)
            // Line 2 was valid and would have changed 10 → 11 contacts: nothing was written.
            #expect(try await Self.counts(app) == before)
            #expect(try await ForecastRow.query(on: app.db).sort(\.$startMinute).first()?.contacts == 10)
        }
    }

    @Test(arguments: TestDatabase.all)
    func header_problems_and_interval_length_conflicts_are_reported(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            let missing = await #expect(throws: StaffingImportFailed.self) {
                try await StaffingImportService.importForecast(csv: "queue,start,contacts\nbilling-voice,x,1", fileName: "f.csv", by: .cli("test"), on: app.db)
            }
            #expect(missing?.issues.map(\.field) == ["aht_seconds", "interval_minutes", "interval_start", "start"])
            #expect(missing?.issues.allSatisfy { $0.line == 1 } == true)
            _ = try await StaffingImportService.importForecast(csv: Self.good, fileName: "ok.csv", by: .cli("test"), on: app.db)
            let conflict = await #expect(throws: StaffingImportFailed.self) {
                try await StaffingImportService.importForecast(csv: "queue,interval_start,interval_minutes,contacts,aht_seconds\nbilling-voice,2026-03-09T08:00,60,10,180",
                                                               fileName: "hourly.csv", by: .cli("test"), on: app.db)
            }
            #expect(conflict?.issues.first?.reason == "billing-voice already has 30-minute forecasts; use 30 or clear them first")
        }
    }

    @Test(arguments: TestDatabase.all)
    func bad_schedule_reports_every_row_and_changes_nothing(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            let ok = "team,queue,interval_start,interval_minutes,agents\nAlpha Support,billing-voice,2026-03-02T08:00,30,3\nOur Team,billing-voice,2026-03-02T08:00,60,2"
            let result = try await StaffingImportService.importSchedule(csv: ok, fileName: "s.csv", by: .cli("test"), on: app.db)
            #expect((result.rows, result.created) == (2, 2))
            let before = try await Self.counts(app)
            let bad = """
            team,queue,interval_start,interval_minutes,agents
            Alpha Support,billing-voice,2026-03-02T08:00,30,4
            Nobody Inc,billing-voice,2026-03-02T08:00,30,4
            Alpha Support,billing-voice,2026-03-02T08:30,30,-1
            Alpha Support,billing-voice,2026-03-02T09:00,15,2
            Our Team,billing-voice,2026-03-02T09:00,30,2
            """
            let error = await #expect(throws: StaffingImportFailed.self) {
                try await StaffingImportService.importSchedule(csv: bad, fileName: "bad-schedule.csv", by: .cli("test"), on: app.db)
            }
            #expect(error?.issues.map { "\($0.line):\($0.field)" } == ["3:team", "4:agents", "5:interval_minutes", "6:interval_minutes"])
            #expect(try await Self.counts(app) == before)
        }
    }

    @Test(arguments: TestDatabase.all)
    func api_and_upload_page_answer_with_row_level_errors(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.manager)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: api.token!)
            headers.contentType = HTTPMediaType(type: "text", subType: "csv")
            let created = try await app.testing().sendRequest(.POST, "/api/v1/staffing/forecast?fileName=api.csv", headers: headers, body: ByteBuffer(string: Self.good))
            #expect(created.status == .created)
            #expect(try created.json(StaffingImportResult.self).created == 4)

            let before = try await Self.counts(app)
            let failed = try await api.send(.POST, "/api/v1/staffing/forecast", body: StaffingUploadInput(fileName: "x.csv", csv: "queue,interval_start,interval_minutes,contacts,aht_seconds\nnope,2026-03-02T08:00,30,1,1\nbilling-voice,bad,30,1,1"))
            #expect(failed.status == .unprocessableEntity)
            let body = try failed.json(StaffingImportFailureBody.self)
            #expect(body.issues == [
                StaffingImportIssue(file: "x.csv", line: 2, field: "queue", reason: "is not a known queue code (see Channels & queues)"),
                StaffingImportIssue(file: "x.csv", line: 3, field: "interval_start", reason: "must be a time as YYYY-MM-DDTHH:MM (got \"bad\")"),
            ])

            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            _ = try await browser.get("/staffing/forecast/import")
            let page = try await browser.post("/staffing/forecast/import", form: ["csv": "queue,interval_start,interval_minutes,contacts,aht_seconds\nbilling-voice,2026-03-02T08:00,45,1,1"])
            #expect(page.status == .unprocessableEntity)
            #expect(page.text.contains("The file was not imported: 1 problem. Nothing was changed."))
            #expect(page.text.contains("<td>pasted.csv</td><td>2</td><td><code>interval_minutes</code></td><td>must be 15, 30 or 60 (got &quot;45&quot;)</td>"))
            #expect(try await Self.counts(app) == before)

            let ok = try await browser.post("/staffing/forecast/import", form: ["csv": "queue,interval_start,interval_minutes,contacts,aht_seconds\nbilling-voice,2026-03-09T08:00,30,1,100"])
            #expect(ok.status == .seeOther)
            #expect(ok.headers.first(name: .location) == "/staffing?week=2026-03-09")
            #expect(try await ForecastRow.query(on: app.db).count() == before.forecast + 1)
        }
    }

    /// What a browser sends from the upload form: multipart/form-data with the file.
    @Test(arguments: TestDatabase.all)
    func upload_form_takes_a_multipart_file(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            _ = try await browser.get("/staffing/schedule/import")
            let boundary = "----tandem-test-boundary"
            let csv = "team,queue,interval_start,interval_minutes,agents\nAlpha Support,billing-voice,2026-03-02T08:00,30,3\nAlpha Support,billing-voice,2026-03-02T08:30,30,4\n"
            let body = """
            --\(boundary)\r
            Content-Disposition: form-data; name="_csrf"\r
            \r
            \(browser.csrf ?? "")\r
            --\(boundary)\r
            Content-Disposition: form-data; name="file"; filename="alpha-week10.csv"\r
            Content-Type: text/csv\r
            \r
            \(csv)\r
            --\(boundary)\r
            Content-Disposition: form-data; name="csv"\r
            \r
            \r
            --\(boundary)--\r

            """
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "tandem_session=\(browser.cookie ?? "")")
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            let response = try await app.testing().sendRequest(.POST, "/staffing/schedule/import", headers: headers, body: ByteBuffer(string: body))
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/staffing/heatmap?week=2026-03-02")
            let rows = try await ScheduleRow.query(on: app.db).sort(\.$startMinute).all()
            #expect(rows.map(\.agents) == [3, 4])
            #expect(try await StaffingImport.query(on: app.db).first()?.fileName == "alpha-week10.csv")
        }
    }
}
