import Fluent
import Foundation
import SQLKit
import TandemPerformance
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite struct PerformanceWebTests {
    /// A multipart upload through the page, with the session cookie and the CSRF token in the query.
    static func upload(_ browser: Browser, _ app: Application, csv: String, source: String, acceptValid: Bool = false) async throws -> TestingHTTPResponse {
        let boundary = "tandem-test-boundary"
        var body = ""
        func field(_ name: String, _ value: String) { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n" }
        field("source", source)
        if acceptValid { field("acceptValid", "on") }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"week.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: "tandem_session=\(browser.cookie ?? "")")
        headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
        return try await app.testing().sendRequest(.POST, "/performance/imports?_csrf=\(browser.csrf ?? "")", headers: headers, body: ByteBuffer(string: body))
    }

    @Test(arguments: TestDatabase.all)
    func web_upload_runs_as_a_background_job_and_the_page_follows_it(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Perf.settings(app, minimumSample: 1)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            _ = try await browser.get("/performance/imports")
            let response = try await Self.upload(browser, app, csv: Perf.handWorked, source: "genesys")
            #expect(response.status == .seeOther)
            let location = try #require(response.headers.first(name: .location))
            #expect(location.hasPrefix("/performance/imports/"))

            let queued = try await browser.get(location)
            #expect(queued.text.contains("http-equiv=\"refresh\""), "a queued import refreshes itself")
            #expect(queued.text.contains("queued"))
            #expect(try await Perf.contactCount(app) == 0)
            #expect(try await Job.query(on: app.db).filter(\.$status == .queued).count() == 1)

            #expect(try await JobWorker.runPending(app) == 1)
            let done = try await browser.get(location)
            #expect(!done.text.contains("http-equiv=\"refresh\""))
            #expect(done.text.contains("succeeded") && done.text.contains("7 new and 0 updated contacts"))
            #expect(try await Perf.contactCount(app) == 7)
            #expect(try await StoredUpload.query(on: app.db).count() == 0, "the upload is dropped once imported")
            #expect(try await Job.query(on: app.db).first()?.status == .succeeded)
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entityType == "contact_import").all()
            #expect(audit.count == 1, "the run is audited, not each row")

            let page = try await browser.get("/performance?period=week&at=2026-03-04&by=team")
            #expect(page.status == .ok)
            #expect(page.text.contains("title=\"Service level = answered within 20 s ÷ (answered + abandoned after 5 s)\n2 – 8 Mar 2026\nn = 4 (2 ÷ 4)\"><a href=\"/performance/figure?team=\(ws.partnerA.uuidString.lowercased())&amp;kpi=serviceLevel&amp;period=week&amp;at=2026-03-02\" class=\"drill\">50.0%</a></span> <span class=\"rank\">rank 1 of 2</span><span class=\"sample\">n = 4</span>"))
            let csv = try await browser.get("/performance/scorecard.csv?period=week&at=2026-03-04&by=team")
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.text.contains("2026-03-02,2026-03-08,Alpha Support,partner,,serviceLevel,0.5,2.0,4.0,4,true,,,,"))
            let trends = try await browser.get("/performance/trends?kpi=serviceLevel&weeks=13")
            #expect(trends.status == .ok && trends.text.contains("<svg class=\"chart trend\""))
            _ = ws
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_bad_upload_lists_every_bad_row_on_the_page(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: "admin@test.example")
            _ = try await browser.get("/performance/imports")
            let csv = Perf.header + "\nx-1,Alpha Support,,nope,voice,2026-03-03T09:00:00Z,,,,,,,,\n"
            let response = try await Self.upload(browser, app, csv: csv, source: "zendesk")
            try await JobWorker.runPending(app)
            let page = try await browser.get(try #require(response.headers.first(name: .location)))
            #expect(page.text.contains("rejected"))
            #expect(page.text.contains("<td>week.csv</td><td>2</td><td><code>queue</code></td><td>“nope” is not a queue code in this workspace</td>"))
            #expect(try await Perf.contactCount(app) == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func api_upload_returns_a_run_to_poll_then_scorecards_come_back_as_json(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.admin)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: api.token!)
            headers.contentType = HTTPMediaType(type: "text", subType: "csv")
            let posted = try await app.testing().sendRequest(.POST, "/api/v1/imports?source=nice&fileName=week.csv", headers: headers, body: ByteBuffer(string: Perf.handWorked))
            #expect(posted.status == .accepted)
            let run = try posted.json(ImportRunDTO.self)
            #expect(run.status == .queued && run.bytesTotal == Perf.handWorked.utf8.count)
            try await JobWorker.runPending(app)
            let polled = try await api.send(.GET, "/api/v1/imports/\(run.id)").json(ImportRunDTO.self)
            #expect(polled.status == .succeeded && polled.rowsInserted == 7 && polled.rowsRead == 7)

            let target = try await api.send(.POST, "/api/v1/targets", json: #"{"kpi": "serviceLevel", "target": 0.8, "effectiveFrom": "2026-01-01"}"#)
            #expect(target.status == .created)
            let cards = try await api.send(.GET, "/api/v1/scorecards?period=week&at=2026-03-04&by=queue&count=2").json([Scorecard].self)
            #expect(cards.count == 2 && cards[0].period.firstDay.description == "2026-03-02")
            let alpha = try #require(cards[0].rows.first { $0.teamID == ws.partnerA })
            #expect(alpha.segment == "Billing")
            #expect(alpha.cell(.serviceLevel)?.value == 0.5 && alpha.cell(.serviceLevel)?.enoughData == false && alpha.cell(.serviceLevel)?.status == nil)
            #expect(alpha.cell(.serviceLevel)?.target == 0.8)
            #expect(cards[1].rows.allSatisfy { $0.teamID != ws.partnerA }, "no data the week after: no queue rows")
        }
    }

    @Test(arguments: TestDatabase.all)
    func three_missed_weeks_raise_an_alert_on_the_dashboard_and_partner_page(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Perf.settings(app, minimumSample: 1)
            // Alpha: every contact abandoned after 30 s, three weeks running → SL 0%.
            var lines = [Perf.header]
            for (i, day) in ["2026-03-03", "2026-03-10", "2026-03-17"].enumerated() {
                lines.append("m-\(i),Alpha Support,,billing-voice,voice,\(day)T09:00:00Z,,true,30,,,,,")
            }
            try await Perf.importCSV(app, lines.joined(separator: "\n"))
            #expect(try await AlertService.list(scope: .all, on: app.db).isEmpty, "no target, no alert")
            _ = try await KPITargetService.create(.init(kpi: .serviceLevel, target: 0.8, effectiveFrom: LocalDateFixture.jan1), by: .cli("t"), on: app.db)
            let alerts = try await AlertService.list(scope: .all, on: app.db)
            #expect(alerts.map(\.message) == ["Service level missed its target 3 weeks in a row (week of 16 Mar 2026)."])
            var browser = try await Browser.signedIn(app, email: "viewer@test.example")
            #expect(try await browser.get("/").text.contains("Service level missed its target 3 weeks in a row"))
            #expect(try await browser.get("/partners/\(ws.partnerA)").text.contains("Service level missed its target 3 weeks in a row"))
            #expect(!(try await browser.get("/partners/\(ws.partnerB)").text.contains("missed its target")))
        }
    }
}
