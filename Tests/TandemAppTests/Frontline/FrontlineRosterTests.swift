import Fluent
import Foundation
import SQLKit
import TandemFrontline
import TandemPerformance
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// The roster: CSV import with row-level issues (nothing changed), re-imports that update, unknown
/// agent ids listed, and partner users on their own roster only.
@Suite struct FrontlineRosterTests {
    static let good = """
    agent_id,name,site,start_date,queues,status,leave_date,leave_reason
    A-1,Ana Reyes,Alpha HQ,2026-01-05,billing-voice,production,,
    A-2,Ben Cruz,alpha hq,2026-02-02,,nesting,,
    A-3,Cleo Diaz,,2025-11-03,billing-voice,production,,
    """

    @Test(arguments: TestDatabase.all)
    func a_roster_file_with_bad_rows_lists_every_issue_by_line_and_field_and_changes_nothing(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Front.importRoster(app, Self.good, team: ws.partnerA)
            let before = try await Front.roster(app, ws.partnerA)
            let audit = try await AuditEntry.query(on: app.db).count()

            let bad = """
            agent_id,name,site,start_date,queues,status,leave_date,leave_reason
            A-1,Ana Reyes,Alpha HQ,2026-01-05,billing-voice,left,,
            A-2,Ben Cruz,Boise,2026-02-30,billing-voice;returns-chat,production,,
            A-4,,Alpha HQ,2026-03-02,,working,,
            A-1,Ana again,Alpha HQ,2026-01-05,,production,,
            A-5,Eve Fox,Alpha HQ,2026-03-02,,production,2026-03-01,Moved
            """
            let run = try await Front.importRoster(app, bad, team: ws.partnerA, fileName: "march.csv")

            #expect(run.status == "rejected")
            #expect(run.issueList.map { "\($0.line) \($0.field): \($0.reason)" } == [
                "2 leave_date: is required when status is left",
                "3 start_date: \"2026-02-30\" is not a date as YYYY-MM-DD",
                "4 name: is required",
                "4 status: \"working\" is not one of nesting, production, leave, left",
                "5 agent_id: \"A-1\" is already on line 2",
                "6 leave_date: 2026-03-01 is before the start date 2026-03-02",
                "6 status: must be left when a leave date is given (it is production)",
            ])
            #expect(run.message == "Nothing was changed: 7 issues in 5 rows of march.csv. Fix them and import the file again.")
            #expect(try await Front.roster(app, ws.partnerA) == before, "nothing changed")
            #expect(try await AuditEntry.query(on: app.db).count() == audit, "nothing audited")

            // With the dates fixed, the references are checked: Boise is not Alpha's site, returns-chat is no queue.
            let unknownRefs = try await Front.importRoster(app, """
                agent_id,name,site,start_date,queues,status
                A-2,Ben Cruz,Boise,2026-02-02,billing-voice;returns-chat,production
                """, team: ws.partnerA)
            #expect(unknownRefs.issueList.map { "\($0.line) \($0.field): \($0.reason)" } == [
                "2 site: \"Boise\" is not one of this team's sites: Alpha HQ",
                "2 queues: \"returns-chat\" is not a queue id of the catalogue",
            ])
            #expect(try await Front.roster(app, ws.partnerA) == before)
        }
    }

    @Test(arguments: TestDatabase.all)
    func reimporting_updates_agents_by_id_and_lists_those_missing_from_the_file(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let first = try await Front.importRoster(app, Self.good, team: ws.partnerA)
            #expect(first.status == "succeeded" && first.added == 3 && first.updated == 0)
            #expect(try await Front.roster(app, ws.partnerA) == [
                "A-1 Ana Reyes Alpha HQ 2026-01-05 production -", "A-2 Ben Cruz Alpha HQ 2026-02-02 nesting -", "A-3 Cleo Diaz - 2025-11-03 production -",
            ], "a site is stored as the team spells it")

            let second = try await Front.importRoster(app, """
                agent_id,name,site,start_date,status,leave_date,leave_reason
                A-1,Ana Reyes,Alpha HQ,2026-01-05,left,2026-03-20,Better offer
                A-2,Ben Cruz,Alpha HQ,2026-02-02,nesting,,
                A-4,Dan Eze,,2026-03-02,nesting,,
                """, team: ws.partnerA, fileName: "update.csv")

            #expect(second.status == "succeeded")
            #expect(second.added == 1 && second.updated == 1 && second.unchanged == 1)
            #expect(second.notInFileList == ["A-3"])
            #expect(second.message == "1 agent added, 1 updated, 1 unchanged from update.csv; 1 agent on the roster but not in the file, left as they are: A-3.")
            #expect(try await Front.roster(app, ws.partnerA) == [
                "A-1 Ana Reyes Alpha HQ 2026-01-05 left 2026-03-20", "A-2 Ben Cruz Alpha HQ 2026-02-02 nesting -",
                "A-3 Cleo Diaz - 2025-11-03 production -", "A-4 Dan Eze - 2026-03-02 nesting -",
            ], "updated, not duplicated; A-3 kept")
            // A-1's change is audited field by field; A-2 (unchanged) is not.
            let a1 = try #require(try await RosterAgentRecord.query(on: app.db).filter(\.$agentID == "A-1").first())
            let entries = try await AuditEntry.query(on: app.db).filter(\.$entityID == a1.requireID()).sort(\.$occurredAt).all()
            #expect(entries.map(\.action) == [.create, .update])
            let changes = try JSONDecoder().decode([AuditChange].self, from: Data(entries[1].changes.utf8))
            #expect(changes.map(\.field) == ["leaveDate", "leaveReason", "queues", "status"])
            #expect(entries.allSatisfy { $0.partnerID == ws.partnerA })
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == "roster_import").count() == 2)
        }
    }

    @Test(arguments: TestDatabase.all)
    func contacts_and_qa_link_by_agent_id_and_unknown_ids_are_listed_not_dropped(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Front.importRoster(app, Self.good, team: ws.partnerA)
            // c1 A-1 handled 100 + 20 + 30 = 150 s; c2 X-9 (not on the roster) 200 s; c3 no agent, abandoned.
            let run = try await Perf.importCSV(app, """
                \(Front.contactHeader)
                c1,Alpha Support,,billing-voice,voice,A-1,2026-03-03T09:00:00Z,2026-03-03T09:00:10Z,,,100,20,30,true,5
                c2,Alpha Support,,billing-voice,voice,X-9,2026-03-03T09:05:00Z,2026-03-03T09:05:30Z,,,200,0,0,false,2
                c3,Alpha Support,,billing-voice,voice,,2026-03-03T10:00:00Z,,true,15,,,,,
                """)
            #expect(run.status == .succeeded, "\(run.issueList)")
            _ = try await QAEvaluationStore.save([Front.qa("q1", team: ws.partnerA, agent: "A-2", date: "2026-03-04", score: 90),
                                                  Front.qa("q2", team: ws.partnerA, agent: "Q-7", date: "2026-03-04", score: 70)],
                                                 by: .cli("test"), on: app.db)

            #expect(try await Perf.contactCount(app) == 3, "unknown and agent-less contacts are stored")
            #expect(try await Front.contactDays(app, team: ws.partnerA) == [" 2026-03-03 1/0 0", "A-1 2026-03-03 1/1 150000", "X-9 2026-03-03 1/1 200000"])
            let api = try await APIClient.forUser(app, ws.partnerUserA)
            let roster = try await api.send(.GET, "/api/v1/frontline/teams/\(ws.partnerA)/roster").json(RosterDTO.self)
            #expect(roster.contactLinks == AgentLinksDTO(AgentLinks(recordsPerAgent: ["A-1": 1, "X-9": 1], recordsWithoutAgent: 1, roster: ["A-1", "A-2", "A-3"])))
            #expect(roster.contactLinks?.unknown == [UnknownAgentDTO(agentID: "X-9", records: 1)])
            #expect(roster.contactLinks?.linkedRecords == 1 && roster.contactLinks?.recordsWithoutAgent == 1)
            #expect(roster.qaLinks?.unknown == [UnknownAgentDTO(agentID: "Q-7", records: 1)])
            var browser = try await Browser.signedIn(app, email: "a@partner-a.example")
            let page = try await browser.get("/frontline/teams/\(ws.partnerA)/roster")
            #expect(page.text.contains("<code>X-9</code>") && page.text.contains("<code>Q-7</code>"))

            // Adding X-9 to the roster links its contact: the list is recomputed when the roster arrives.
            try await Front.importRoster(app, "agent_id,name,start_date,status\nX-9,Xavi Nor,2026-03-02,nesting\n", team: ws.partnerA)
            let after = try await api.send(.GET, "/api/v1/frontline/teams/\(ws.partnerA)/roster").json(RosterDTO.self)
            #expect(after.contactLinks?.unknown == [] && after.contactLinks?.linkedRecords == 2)

            // Re-importing c1 under another agent moves its day: A-1 has no contacts left.
            try await Perf.importCSV(app, """
                \(Front.contactHeader)
                c1,Alpha Support,,billing-voice,voice,A-2,2026-03-03T09:00:00Z,2026-03-03T09:00:10Z,,,100,0,0,true,5
                """)
            #expect(try await Front.contactDays(app, team: ws.partnerA) == [" 2026-03-03 1/0 0", "A-2 2026-03-03 1/1 100000", "X-9 2026-03-03 1/1 200000"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func partner_users_import_their_own_roster_through_the_page_the_api_and_the_cli(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: "a@partner-a.example")
            let page = try await browser.get("/frontline/teams/\(ws.partnerA)/roster")
            #expect(page.status == .ok && page.text.contains("Import roster"))
            let boundary = "tandem-roster-boundary"
            func multipart(_ csv: String) -> String {
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"alpha.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
            }
            func upload(_ team: UUID, _ csv: String) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                headers.add(name: .cookie, value: "tandem_session=\(browser.cookie ?? "")")
                headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
                return try await app.testing().sendRequest(.POST, "/frontline/teams/\(team)/roster/import?_csrf=\(browser.csrf ?? "")", headers: headers,
                                                           body: ByteBuffer(string: multipart(csv)))
            }
            let rejected = try await upload(ws.partnerA, "agent_id,name,start_date,status\nA-1,Ana,2026-13-01,production\n")
            #expect(rejected.status == .unprocessableEntity)
            #expect(rejected.text.contains("Nothing was changed") && rejected.text.contains("<td>alpha.csv</td><td>2</td><td><code>start_date</code></td>"))
            #expect(try await Front.roster(app, ws.partnerA).isEmpty)
            let accepted = try await upload(ws.partnerA, Self.good)
            #expect(accepted.status == .seeOther)
            #expect(try await Front.roster(app, ws.partnerA).count == 3)
            #expect(try await upload(ws.partnerB, Self.good).status == .notFound, "another partner's roster is not there")
            #expect(try await RosterAgentRecord.query(on: app.db).filter(\.$team.$id == ws.partnerB).count() == 0)

            // The API: 201 with the run, 422 naming file, line and field, 404 for another partner, 403 for the viewer.
            let api = try await APIClient.forUser(app, ws.partnerUserA)
            let ok = try await api.send(.POST, "/api/v1/frontline/teams/\(ws.partnerA)/roster?fileName=api.csv", json: Self.good)
            #expect(ok.status == .created)
            #expect(try ok.json(RosterImportDTO.self).unchanged == 3)
            let bad = try await api.send(.POST, "/api/v1/frontline/teams/\(ws.partnerA)/roster?fileName=api.csv", json: "agent_id,name,start_date,status\nA-9,,2026-01-01,production\n")
            #expect(bad.status == .unprocessableEntity)
            #expect(try bad.json(APIErrorBody.self).fields == ["api.csv:2 name": "is required"])
            #expect(try await api.send(.POST, "/api/v1/frontline/teams/\(ws.partnerB)/roster", json: Self.good).status == .notFound)
            let viewer = try await APIClient.forUser(app, ws.viewer)
            #expect(try await viewer.send(.POST, "/api/v1/frontline/teams/\(ws.partnerA)/roster", json: Self.good).status == .forbidden)

            // The CLI's operation: the same import, by team name.
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("roster-\(UUID()).csv").path
            FileManager.default.createFile(atPath: path, contents: Data("agent_id,name,start_date,status\nH-1,Hana Ito,2024-05-06,production\n".utf8))
            let report = try await RosterOperations.importRoster(app, path: path, team: "our team")
            #expect(report.status == "succeeded" && report.message.hasPrefix("1 agent added"))
            #expect(try await Front.roster(app, ws.inHouse) == ["H-1 Hana Ito - 2024-05-06 production -"])
            await #expect(throws: OperatorError.self) { try await RosterOperations.importRoster(app, path: path, team: "Nobody") }
        }
    }
}
