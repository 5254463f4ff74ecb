import Fluent
import Foundation
import SQLKit
import TandemPartners
import TandemPerformance
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// QA evaluation files: one row per evaluation item (docs/qa-import.md).
@Suite struct QAImportTests {
    static let header = "evaluation_id,team,agent,evaluator,date,section,section_weight,item,item_points,answer,auto_fail"

    /// Hand-worked, week of 2026-03-02:
    /// QA-1 (Alpha): Greeting w3: 9/10, yes of 10, N/A → 19/20 = 95 · Resolution w1: 3/5 = 60 ·
    ///   Upsell w2: all N/A (leaves the denominator) · Compliance w0: auto-fail passed (no effect)
    ///   → (3 × 95 + 1 × 60) ÷ 4 = 86.25
    /// QA-2 (Alpha): Greeting w1: yes of 10 = 100 · Compliance w0: auto-fail triggered → 0
    /// QA-3 (Our Team): Resolution w1: 2 of 4 = 50, "no" of 1 → 2/5 = 40 → 40
    /// QA-4 (Alpha): only N/A → no score, not in the sample
    /// QA-5 (Bravo): 5/5 → 100 (partner B: never shown to partner A)
    /// Alpha's QA score = (86.25 + 0) ÷ 2 = 43.125 (n = 2); Our Team 40 (n = 1).
    static let handWorked = """
    \(header)
    QA-1,Alpha Support,a-17,lee,2026-03-03,Greeting,3,Used the customer's name,10,9,
    QA-1,Alpha Support,a-17,lee,2026-03-03,Greeting,3,Verified identity,10,yes,false
    QA-1,Alpha Support,a-17,lee,2026-03-03,Greeting,3,Offered survey,5,N/A,
    QA-1,Alpha Support,a-17,lee,2026-03-03,Resolution,1,Correct fix,5,3,
    QA-1,Alpha Support,a-17,lee,2026-03-03,Upsell,2,Mentioned plan,5,n/a,
    QA-1,Alpha Support,a-17,lee,2026-03-03,Upsell,2,Closed sale,,N/A,
    QA-1,Alpha Support,a-17,lee,2026-03-03,Compliance,0,Read disclosure,,pass,true
    QA-2,alpha support,a-20,lee,2026-03-04,Greeting,1,Used the customer's name,10,yes,
    QA-2,alpha support,a-20,lee,2026-03-04,Compliance,0,Read disclosure,,fail,yes
    QA-3,Our Team,h-3,kim,2026-03-05,Resolution,1,Correct fix,4,2,
    QA-3,Our Team,h-3,kim,2026-03-05,Resolution,1,Set expectations,1,no,
    QA-4,Alpha Support,a-17,lee,2026-03-05,Upsell,1,Mentioned plan,5,N/A,
    QA-5,Bravo \(Workspace.markerB) BPO,b-1,zed,2026-03-05,Greeting,1,Used the customer's name,5,5,

    """

    static func importQA(_ app: Application, _ text: String, source: String = "qa-tool", acceptValid: Bool = false,
                         format: ContactFileFormat = .csv) async throws -> ImportRun {
        try await QAImportService.importFile(MemoryChunkSource(text), fileName: format == .csv ? "qa.csv" : "qa.jsonl", bytesTotal: text.utf8.count,
                                             source: source, format: format, options: .init(acceptValid: acceptValid), by: .cli("test"), on: app.db)
    }

    static func stored(_ app: Application) async throws -> [String: Int64?] {
        let rows = try await (app.db as! any SQLDatabase).select().columns("external_id", "score_milli").from("qa_evaluations").all()
        var result: [String: Int64?] = [:]
        for row in rows { result[try row.decode(column: "external_id", as: String.self)] = try row.decode(column: "score_milli", as: Int64?.self) }
        return result
    }

    static func qaCell(_ app: Application, _ team: UUID, scope: PartnerScope = .all) async throws -> ScorecardCell? {
        let card = try await ScorecardService.scorecard(Perf.week, grouping: .team, scope: scope, on: app.db)
        return card.rows.first { $0.teamID == team }?.cell(.qaScore)
    }

    @Test(arguments: TestDatabase.all)
    func hand_worked_file_gives_the_expected_qa_scores(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Perf.settings(app, minimumSample: 1)

            let run = try await Self.importQA(app, Self.handWorked)

            #expect(run.status == .succeeded, "\(run.message) \(run.issueList)")
            #expect(run.kind == "qa" && run.rowsRead == 13 && run.rowsInserted == 5 && run.rowsUpdated == 0 && run.rowsRejected == 0)
            #expect(try await Self.stored(app) == ["QA-1": 86_250, "QA-2": 0, "QA-3": 40_000, "QA-4": nil, "QA-5": 100_000])
            let alpha = try #require(try await Self.qaCell(app, ws.partnerA))
            #expect(alpha.value == 43.125 && alpha.sampleSize == 2 && alpha.numerator == 86.25)
            #expect(try await Self.qaCell(app, ws.inHouse)?.value == 40)
            // Sections and items keep the file's order and names.
            let sections = try await (app.db as! any SQLDatabase).select().column("sections").from("qa_evaluations")
                .where("external_id", .equal, "QA-1").first()!.decode(column: "sections", as: String.self)
            let decoded = try JSONDecoder().decode([QASection].self, from: Data(sections.utf8))
            #expect(decoded.map(\.name) == ["Greeting", "Resolution", "Upsell", "Compliance"])
            #expect(decoded[0].items == [.scored(earned: 9, possible: 10), .scored(earned: 10, possible: 10), .notApplicable])
            #expect(decoded[3].items == [.autoFail(triggered: false)])
            // The run, not each evaluation, is audited.
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entityType == "qa_import").all()
            #expect(audit.count == 1 && audit[0].entityID == run.id)

            // Partner A sees its own QA score and never partner B's.
            let scoped = try await ScorecardService.scorecard(Perf.week, grouping: .team, scope: .only(ws.partnerA), on: app.db)
            #expect(scoped.rows.map(\.teamID) == [ws.partnerA] && scoped.rows[0].cell(.qaScore)?.value == 43.125)
            let api = try await APIClient.forUser(app, ws.partnerUserA)
            let cards = try await api.send(.GET, "/api/v1/scorecards?period=week&at=2026-03-04").json([Scorecard].self)
            #expect(cards.first?.rows.map(\.teamID) == [ws.partnerA])
            #expect(try await api.send(.GET, "/api/v1/imports/\(try run.requireID())").status == .notFound)
            var browser = try await Browser.signedIn(app, email: "a@partner-a.example")
            let page = try await browser.get("/performance?period=week&at=2026-03-04&by=team")
            #expect(page.status == .ok && !page.text.contains(Workspace.markerB))
            #expect(try await browser.get("/performance/imports/\(try run.requireID())").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.all)
    func reimport_of_the_same_source_updates_and_json_lines_read_the_same(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Perf.settings(app, minimumSample: 1)
            try await Self.importQA(app, Self.handWorked)
            // QA-3 re-sent through JSON Lines with both items met: 5/5 = 100.
            let jsonl = """
            {"evaluation_id": "QA-3", "team": "Our Team", "agent": "h-3", "evaluator": "kim", "date": "2026-03-05", "section": "Resolution", "section_weight": 1, "item": "Correct fix", "item_points": 4, "answer": 4}
            {"evaluation_id": "QA-3", "team": "Our Team", "agent": "h-3", "evaluator": "kim", "date": "2026-03-05", "section": "Resolution", "section_weight": 1, "item": "Set expectations", "item_points": 1, "answer": "yes", "auto_fail": false}

            """
            let run = try await Self.importQA(app, jsonl, format: .jsonLines)

            #expect(run.status == .succeeded && run.rowsRead == 2 && run.rowsInserted == 0 && run.rowsUpdated == 1, "\(run.message) \(run.issueList)")
            let stored = try await Self.stored(app)
            #expect(stored.count == 5 && stored["QA-3"] == 100_000)
            #expect(try await Self.qaCell(app, ws.inHouse)?.value == 100)
            // Another source is another evaluation.
            let other = try await Self.importQA(app, jsonl, source: "other-tool", format: .jsonLines)
            let rows = try await (app.db as! any SQLDatabase).select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
                .from("qa_evaluations").first()!.decode(column: "n", as: Int.self)
            #expect(other.rowsInserted == 1 && rows == 5 + 1)
        }
    }

    static let malformed = """
    \(header)
    QA-1,Alpha Support,a-17,lee,2026-03-03,Greeting,3,Used the customer's name,10,9,
    QA-1,Alpha Support,a-17,lee,2026-03-03,Greeting,2,Verified identity,10,yes,
    QA-6,Nowhere BPO,a-1,lee,2026-03-03,Greeting,1,Used the customer's name,10,9,
    QA-7,Alpha Support,a-1,lee,2026-02-30,Greeting,1,Used the customer's name,10,9,
    QA-8,Alpha Support,a-1,lee,2026-03-03,Greeting,1,Used the customer's name,10,11,
    QA-8,Alpha Support,a-1,lee,2026-03-03,Greeting,1,Verified identity,,yes,
    QA-8,Alpha Support,a-1,lee,2026-03-03,Compliance,0,Read disclosure,,yes,true
    QA-9,Alpha Support,a-1,lee,2026-03-03
    QA-10,Alpha Support,a-2,lee,2026-03-03,Greeting,1,Used the customer's name,10,8,
    QA-10,Alpha Support,a-3,lee,2026-03-03,Greeting,1,Verified identity,10,yes,
    QA-11,Alpha Support,a-2,lee,2026-03-03,Greeting,1,Used the customer's name,10,8,
    QA-11,Alpha Support,a-2,lee,2026-03-03,Greeting,1,used the customer's name,10,8,
    QA-12,Alpha Support,a-2,lee,2026-03-04,Resolution,1,Correct fix,4,4,

    """

    @Test(arguments: TestDatabase.all)
    func a_malformed_file_is_reported_row_by_row_and_changes_nothing(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Perf.settings(app, minimumSample: 1)
            try await Self.importQA(app, Self.handWorked)
            let before = try await Self.stored(app)
            let auditBefore = try await AuditEntry.query(on: app.db).count()

            let run = try await Self.importQA(app, Self.malformed)

            #expect(run.status == .rejected)
            #expect(run.rowsRead == 13 && run.rowsInserted == 0 && run.rowsUpdated == 0)
            #expect(run.issueList.map { "\($0.line) \($0.field)" } == [
                "2 evaluation_id", "3 section_weight", "4 team", "5 date", "6 answer", "7 item_points", "8 answer", "9 row",
                "10 evaluation_id", "11 agent", "12 evaluation_id", "13 item",
            ])
            let reasons = Dictionary(run.issueList.map { ("\($0.line) \($0.field)", $0.reason) }, uniquingKeysWith: { a, _ in a })
            #expect(reasons["3 section_weight"] == "is 2 here but 3 on line 2 for section “Greeting”")
            #expect(reasons["4 team"] == "“Nowhere BPO” is not a team in this workspace")
            #expect(reasons["5 date"] == "“2026-02-30” is not a date like 2026-03-01")
            #expect(reasons["6 answer"] == "11 is outside 0–10, the item's points")
            #expect(reasons["7 item_points"] == "is required for a scored item (the points it is worth)")
            #expect(reasons["8 answer"] == "“yes” is not fail, pass or N/A (the answers of an auto-fail item)")
            #expect(reasons["9 row"] == "has 5 columns; the header has 11")
            #expect(reasons["11 agent"] == "is “a-3” here but “a-2” on line 10 of evaluation “QA-10”")
            #expect(reasons["13 item"] == "“used the customer's name” appears again in section “Greeting” of evaluation “QA-11” (first on line 12)")
            #expect(reasons["2 evaluation_id"]?.hasPrefix("not stored: evaluation “QA-1” has bad rows (line 3)") == true)
            #expect(run.rowsRejected == 12, "9 bad rows and 3 good rows of evaluations with a bad row")
            #expect(run.message.hasPrefix("Nothing was imported: 9 of 13 rows are bad"))
            #expect(try await Self.stored(app) == before, "nothing from the bad file was stored")
            #expect(try await Self.qaCell(app, ws.partnerA)?.value == 43.125)
            #expect(try await AuditEntry.query(on: app.db).count() == auditBefore, "a rejected file changes nothing, so nothing is audited")

            // Accept-valid stores the one complete, valid evaluation (QA-12) and leaves QA-1 as it was.
            let accepted = try await Self.importQA(app, Self.malformed, acceptValid: true)
            #expect(accepted.status == .succeeded && accepted.rowsInserted == 1 && accepted.rowsUpdated == 0 && accepted.rowsRejected == 12)
            let after = try await Self.stored(app)
            #expect(after.count == before.count + 1 && after["QA-12"] == 100_000 && after["QA-1"] == before["QA-1"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_file_without_the_required_columns_is_rejected_whole(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            let run = try await Self.importQA(app, "evaluation_id,team,date\nQA-1,Alpha Support,2026-03-03\n")
            #expect(run.status == .rejected)
            #expect(run.issueList == [RowIssue(line: 1, field: "file", reason: "header lacks agent, section, section_weight, answer; it has evaluation_id, team, date")])
            #expect(try await Self.stored(app).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.all)
    func the_api_imports_a_file_and_the_page_uploads_one(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Perf.settings(app, minimumSample: 1)
            let api = try await APIClient.forUser(app, ws.manager)
            let response = try await api.send(.POST, "/api/v1/qa-evaluations/imports?source=qa-tool&fileName=week.csv", json: Self.handWorked)
            #expect(response.status == .created)
            let dto = try response.json(ImportRunDTO.self)
            #expect(dto.kind == "qa" && dto.status == .succeeded && dto.rowsInserted == 5 && dto.fileName == "week.csv")
            let bad = try await api.send(.POST, "/api/v1/qa-evaluations/imports?source=qa-tool", json: Self.malformed)
            let badRun = try bad.json(ImportRunDTO.self)
            #expect(bad.status == .created && badRun.status == .rejected)
            let noSource = try await api.send(.POST, "/api/v1/qa-evaluations/imports", json: Self.handWorked)
            #expect(noSource.status == .unprocessableEntity)
            let viewer = try await APIClient.forUser(app, ws.viewer)
            #expect(try await viewer.send(.POST, "/api/v1/qa-evaluations/imports?source=x", json: Self.handWorked).status == .forbidden)

            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let imports = try await browser.get("/performance/imports")
            #expect(imports.text.contains("Upload QA evaluations") && imports.text.contains("QA evaluations"))
            let boundary = "tandem-test-boundary"
            var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"qaSource\"\r\n\r\nweb-qa\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"qaFile\"; filename=\"qa.csv\"\r\nContent-Type: text/csv\r\n\r\n\(Self.handWorked)\r\n--\(boundary)--\r\n"
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "tandem_session=\(browser.cookie ?? "")")
            headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
            let uploaded = try await app.testing().sendRequest(.POST, "/performance/imports/qa?_csrf=\(browser.csrf ?? "")", headers: headers, body: ByteBuffer(string: body))
            #expect(uploaded.status == .seeOther)
            let location = try #require(uploaded.headers.first(name: .location))
            let result = try await browser.get(location)
            #expect(result.text.contains("succeeded") && result.text.contains("5 new and 0 updated QA evaluations stored from 13 rows"))
            #expect(try await Self.stored(app).count == 5)
            #expect(try await ImportRun.query(on: app.db).filter(\.$source == "web-qa").count() == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func the_json_api_is_audited_and_counts_new_and_updated(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.manager)
            let input = QAEvaluationInput(source: "api", externalID: "e-1", teamID: ws.partnerA, agent: "a", evaluator: "q", date: LocalDate("2026-03-03")!,
                                          sections: [QASection(name: "All", weight: 1, items: [.scored(earned: 3, possible: 4)])])
            let first = try await api.send(.POST, "/api/v1/qa-evaluations", body: [input]).json(QAImportResult.self)
            let again = try await api.send(.POST, "/api/v1/qa-evaluations", body: [input]).json(QAImportResult.self)
            #expect(first.inserted == 1 && first.updated == 0 && again.inserted == 0 && again.updated == 1)
            #expect(try await Self.stored(app) == ["e-1": 75_000])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == "qa_import").count() == 2)
            let twice = try await api.send(.POST, "/api/v1/qa-evaluations", body: [input, input])
            #expect(twice.status == .unprocessableEntity)
        }
    }
}
