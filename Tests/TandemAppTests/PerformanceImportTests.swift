import Fluent
import Foundation
import SQLKit
import TandemPerformance
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

@Suite struct PerformanceImportTests {
    @Test(arguments: TestDatabase.all)
    func hand_worked_week_gives_the_expected_scorecard(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Perf.settings(app, minimumSample: 1)
            let run = try await Perf.importCSV(app, Perf.handWorked)
            #expect(run.status == .succeeded, "\(run.message) \(run.issueList)")
            #expect(run.rowsInserted == 7 && run.rowsRejected == 0)
            _ = try await KPITargetService.create(.init(kpi: .serviceLevel, target: 0.8, effectiveFrom: LocalDateFixture.jan1), by: .cli("t"), on: app.db)
            _ = try await KPITargetService.create(.init(kpi: .averageHandleTime, target: 240, effectiveFrom: LocalDateFixture.jan1), by: .cli("t"), on: app.db)
            _ = try await KPITargetService.create(.init(teamID: ws.inHouse, kpi: .serviceLevel, target: 0.5, effectiveFrom: LocalDateFixture.jan1), by: .cli("t"), on: app.db)

            let card = try await ScorecardService.scorecard(Perf.week, grouping: .team, scope: .all, on: app.db)
            #expect(card.rows.map(\.teamName) == ["Our Team", "Alpha Support", "Bravo \(Workspace.markerB) BPO"])
            let alpha = try #require(card.rows.first { $0.teamID == ws.partnerA })
            #expect(alpha.cell(.offered)?.value == 4)
            #expect(alpha.cell(.handled)?.value == 3)
            #expect(alpha.cell(.serviceLevel)?.value == 0.5)            // 2 within 20 s ÷ (3 answered + 1 abandoned ≥ 5 s)
            #expect(alpha.cell(.serviceLevel)?.sampleSize == 4)
            #expect(alpha.cell(.averageSpeedOfAnswer)?.value == 20)     // (10 + 30 + 20) ÷ 3
            #expect(alpha.cell(.averageHandleTime)?.value == 230)       // (150 + 240 + 300) ÷ 3
            #expect(alpha.cell(.abandonRate)?.value == 0.25)            // 1 ÷ 4
            #expect(alpha.cell(.firstContactResolution)?.value == 0.5)  // 1 ÷ 2 known
            #expect(alpha.cell(.customerSatisfaction)?.value == 2.0 / 3.0)
            #expect(alpha.cell(.serviceLevel)?.status == .missed)       // all-teams target 80%
            #expect(alpha.cell(.averageHandleTime)?.status == .met)     // 230 ≤ 240
            let ours = try #require(card.rows.first { $0.teamID == ws.inHouse })
            #expect(ours.cell(.serviceLevel)?.value == 0.5)             // 1 ÷ (1 + 1)
            #expect(ours.cell(.serviceLevel)?.status == .met, "the team's own 50% target beats the all-teams 80%")
            #expect(ours.cell(.averageHandleTime)?.value == 60)
            #expect(ours.cell(.averageHandleTime)?.rank == 1 && alpha.cell(.averageHandleTime)?.rank == 2)
            let bravo = try #require(card.rows.first { $0.teamID == ws.partnerB })
            #expect(bravo.cell(.serviceLevel)?.value == nil && bravo.cell(.serviceLevel)?.status == nil)

            // Below the minimum sample a figure is flagged, not coloured.
            try await Perf.settings(app, minimumSample: 30)
            let strict = try await ScorecardService.scorecard(Perf.week, grouping: .team, scope: .all, on: app.db)
            let flagged = try #require(strict.rows.first { $0.teamID == ws.partnerA }?.cell(.serviceLevel))
            #expect(!flagged.enoughData && flagged.status == nil && flagged.display == "too little data" && flagged.isThin)

            // The month holds the same contacts; a partner user sees only their own row.
            let month = try await ScorecardService.scorecard(ReportingPeriod(kind: .month, containing: Perf.week.firstDay), grouping: .queue,
                                                             scope: .only(ws.partnerA), on: app.db)
            #expect(month.rows.map(\.teamName) == ["Alpha Support"])
            #expect(month.rows[0].segment == "Billing" && month.rows[0].cell(.offered)?.value == 4)
        }
    }

    @Test(arguments: TestDatabase.all)
    func reimport_updates_instead_of_duplicating_and_rollups_follow(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Perf.settings(app, minimumSample: 1)
            try await Perf.importCSV(app, Perf.handWorked)
            // c2 now answered within T; c4 moved to the in-house team; h2 becomes a short abandon.
            let changed = Perf.handWorked
                .replacingOccurrences(of: "2026-03-03T09:05:30-06:00,,30,", with: "2026-03-03T09:05:30-06:00,,10,")
                .replacingOccurrences(of: "c4,Alpha Support,", with: "c4,Our Team,")
                .replacingOccurrences(of: "c4,Our Team,,billing-voice,voice,2026-03-03T10:30:00,", with: "c4,Our Team,,billing-voice,voice,2026-03-03T16:30:00Z,")
                .replacingOccurrences(of: ",yes,40,", with: ",yes,2,")
            let run = try await Perf.importCSV(app, changed)
            #expect(run.status == .succeeded && run.rowsInserted == 0 && run.rowsUpdated == 7, "\(run.message)")
            #expect(try await Perf.contactCount(app) == 7)
            let card = try await ScorecardService.scorecard(Perf.week, grouping: .team, scope: .all, on: app.db)
            let alpha = try #require(card.rows.first { $0.teamID == ws.partnerA })
            #expect(alpha.cell(.offered)?.value == 3)
            #expect(alpha.cell(.serviceLevel)?.value == 1)       // 3 within ÷ 3 answered
            let ours = try #require(card.rows.first { $0.teamID == ws.inHouse })
            #expect(ours.cell(.offered)?.value == 2)             // h1 and c4; h2 is now short
            #expect(ours.cell(.abandonRate)?.value == 0.5)
            let totals = try await Perf.rollupTotals(app)
            #expect(totals.offered == 5 && totals.shortAbandons == 2)
        }
    }

    @Test(arguments: TestDatabase.all)
    func an_id_repeated_in_a_file_is_stored_once_from_its_first_row_whether_new_or_stored_before(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            try await Perf.importCSV(app, Perf.handWorked)
            let file = """
            \(Perf.header)
            c1,Alpha Support,,billing-voice,voice,2026-03-05T09:00:00Z,2026-03-05T09:00:07Z,,,100,,,,
            n1,Alpha Support,,billing-voice,voice,2026-03-05T10:00:00Z,2026-03-05T10:00:03Z,,,100,,,,
            c1,Alpha Support,,billing-voice,voice,2026-03-06T09:00:00Z,,,,,,,,
            n1,Alpha Support,,billing-voice,voice,2026-03-06T10:00:00Z,,,,,,,,
            """
            // Batches of 2 put the repeats in the next batch; 1,000 keeps them in the same one.
            for (round, batchSize) in [2, 1_000].enumerated() {
                let run = try await Perf.importCSV(app, file, options: ImportOptions(acceptValid: true, batchSize: batchSize))
                #expect(run.rowsInserted == (round == 0 ? 1 : 0) && run.rowsUpdated == (round == 0 ? 1 : 2) && run.rowsRejected == 2, "\(run.message)")
                #expect(run.issueList.map(\.reason) == [
                    "“c1” appears again in the file (first on line 2)", "“n1” appears again in the file (first on line 3)",
                ])
                #expect(try await Perf.contactCount(app) == 8)
                let stored = try await (app.db as! any SQLDatabase).select().columns("external_id", "offered_at_ms").from("contact_records")
                    .where("external_id", .in, ["c1", "n1"]).orderBy("external_id").all()
                    .map { "\(try $0.decode(column: "external_id", as: String.self)) \(try $0.decode(column: "offered_at_ms", as: Int64.self))" }
                #expect(stored == ["c1 1772701200000", "n1 1772704800000"], "the first row of each id is the one stored")
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_malformed_file_is_reported_row_by_row_and_changes_nothing(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            try await Perf.importCSV(app, Perf.handWorked)
            let before = try await Perf.rollupTotals(app)
            var bytes = Array("""
            \(Perf.header)
            ok-1,Alpha Support,,billing-voice,voice,2026-03-04T09:00:00,2026-03-04T09:00:10,,,100,,,,
            bad-date,Alpha Support,,billing-voice,voice,2026-02-30T09:00:00,,,,,,,,
            bad-wait,Alpha Support,,billing-voice,voice,2026-03-04T09:00:00,,,-4,,,,,
            bad-queue,Alpha Support,,sales-voice,voice,2026-03-04T09:00:00,,,,,,,,
            ok-1,Alpha Support,,billing-voice,voice,2026-03-04T10:00:00,,,,,,,,
            short-row,Alpha Support,,billing-voice
            bad-text,Alpha Support,,billing-voice,voice,2026-03-04T09:00:00,,,,,,,,
            """.utf8)
            // Latin-1 "é" (0xE9) in the last row's csat column: not UTF-8.
            bytes += [0xE9, 0x0A]
            let run = try await Perf.importBytes(app, bytes, fileName: "broken.csv")
            #expect(run.status == .rejected)
            #expect(run.rowsRead == 7 && run.rowsRejected == 6)
            #expect(run.issueList.map { "\($0.line) \($0.field)" } == [
                "3 offered_at", "4 wait_seconds", "5 queue", "6 external_id", "7 row", "8 csat",
            ])
            #expect(run.issueList.first { $0.line == 6 }?.reason == "“ok-1” appears again in the file (first on line 2)")
            #expect(run.issueList.first { $0.line == 7 }?.reason == "has 4 columns; the header has 14")
            #expect(run.rowsInserted == 0)
            #expect(try await Perf.contactCount(app) == 7, "nothing from the bad file was stored")
            let after = try await Perf.rollupTotals(app)
            #expect(after.offered == before.offered && after.rows == before.rows)

            // With accept-valid, the one good row is stored and every bad one written to the rejects file.
            let rejects = FileManager.default.temporaryDirectory.appendingPathComponent("rejects-\(UUID()).csv").path
            defer { try? FileManager.default.removeItem(atPath: rejects) }
            let accepted = try await Perf.importBytes(app, bytes, fileName: "broken.csv", options: ImportOptions(acceptValid: true, rejectsPath: rejects))
            #expect(accepted.status == .succeeded && accepted.rowsInserted == 1 && accepted.rowsRejected == 6)
            #expect(try await Perf.contactCount(app) == 8)
            let written = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n")
            #expect(written.count == 7 && written[0] == "line,field,reason" && written[1].hasPrefix("3,offered_at,"))
        }
    }

    /// PostgreSQL stores new rows through COPY's text format, where tab, line feed, carriage return
    /// and backslash are syntax: text holding them (and an empty agent, a NULL) must come back as written.
    @Test(arguments: TestDatabase.all)
    func text_with_tabs_line_breaks_and_backslashes_is_stored_as_written(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            let agents = ["tab\there", "two\nlines", "cr\rhere", "back\\slash \\N", "Zoë 東京", ""]
            var lines = ["external_id,team,queue,agent,customer,offered_at"]
            for (index, agent) in agents.enumerated() {
                let quoted = "\"" + agent.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                lines.append("odd-\(index),Alpha Support,billing-voice,\(quoted),\(quoted),2026-03-03T09:0\(index):00Z")
            }
            let run = try await Perf.importCSV(app, lines.joined(separator: "\n"))
            #expect(run.status == .succeeded && run.rowsInserted == agents.count, "\(run.message) \(run.issueList)")
            let rows = try await (app.db as! any SQLDatabase).raw("SELECT external_id, agent, customer FROM contact_records ORDER BY external_id").all()
            #expect(rows.count == agents.count)
            for (index, row) in rows.enumerated() {
                #expect(try row.decode(column: "external_id", as: String.self) == "odd-\(index)")
                let expected: String? = agents[index].isEmpty ? nil : agents[index]
                #expect(try row.decode(column: "agent", as: String?.self) == expected)
                #expect(try row.decode(column: "customer", as: String?.self) == expected)
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_header_without_required_columns_rejects_the_file(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            let run = try await Perf.importCSV(app, "id,team\n1,Alpha Support\n")
            #expect(run.status == .rejected)
            #expect(run.issueList.count == 1 && run.issueList[0].field == "file" && run.issueList[0].line == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_crash_mid_import_leaves_nothing_and_a_rerun_stores_the_file_once(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            var lines = [Perf.header]
            for i in 0..<2_500 {
                let minute = i % 600
                lines.append("k-\(i),\(i % 3 == 0 ? "Our Team" : "Alpha Support"),,billing-voice,voice,2026-03-0\(2 + i % 5)T\(String(format: "%02d:%02d", 8 + minute / 60, minute % 60)):00Z,,\(i % 7 == 0 ? "true" : ""),\(i % 40),\(i % 7 == 0 ? "" : "120"),,,,")
            }
            let file = lines.joined(separator: "\n")
            await #expect(throws: InjectedImportFailure.self) {
                try await Perf.importCSV(app, file, options: ImportOptions(batchSize: 1_000, failAfterBatch: 2))
            }
            #expect(try await Perf.contactCount(app) == 0)
            #expect(try await Perf.rollupTotals(app).rows == 0)
            let failed = try await ImportRun.query(on: app.db).first()
            #expect(failed?.status == .failed)

            let run = try await Perf.importCSV(app, file, options: ImportOptions(batchSize: 1_000))
            #expect(run.status == .succeeded && run.rowsInserted == 2_500 && run.rowsUpdated == 0)
            #expect(try await Perf.contactCount(app) == 2_500)
            // Short abandons: i % 7 == 0 with wait i % 40 < 5.
            let short = (0..<2_500).filter { $0 % 7 == 0 && $0 % 40 < 5 }.count
            let totals = try await Perf.rollupTotals(app)
            #expect(totals.offered == 2_500 - short && totals.shortAbandons == short)
            // And once more: same contents, still stored once, rollups unchanged.
            let again = try await Perf.importCSV(app, file)
            #expect(again.rowsUpdated == 2_500 && again.rowsInserted == 0)
            #expect(try await Perf.contactCount(app) == 2_500)
            let totalsAgain = try await Perf.rollupTotals(app)
            #expect(totalsAgain.offered == totals.offered && totalsAgain.shortAbandons == totals.shortAbandons && totalsAgain.rows == totals.rows)
        }
    }

    @Test func sqlite_and_postgresql_scorecards_agree_to_the_last_digit() async throws {
        var results: [String] = []
        let contacts = Array(ContactGenerator(
            teams: [.init(name: "Alpha Support", site: "Alpha HQ", trend: .improving(from: 0.3, to: 0.9)), .init(name: "Our Team", site: nil, trend: .steady(0.7))],
            queues: [.init(code: "billing-voice", channel: .voice, serviceLevelSeconds: 20, talkSeconds: 333)],
            firstDay: UTCDay(daysSince1970: 20_500), lastDay: UTCDay(daysSince1970: 20_541), dailyVolume: 40, seed: 11))
        let file = ContactGenerator.csvHeader + "\n" + contacts.map(\.csvLine).joined(separator: "\n")
        for engine in TestDatabase.all {
            try await withApp(engine) { app in
                _ = try await Workspace.make(on: app)
                let run = try await Perf.importCSV(app, file)
                #expect(run.status == .succeeded, "\(run.issueList.prefix(3))")
                let context = try await ScorecardService.Context.load(on: app.db)
                let cards = try await ScorecardService.series(.week, first: ReportingPeriod.weekIndex(20_500), count: 7, grouping: .queue, scope: .all, context: context, on: app.db)
                let text = cards.flatMap { card in card.rows.map { row in
                    "\(card.period.index) \(row.teamName) \(row.segment ?? "") " + row.cells.map { "\($0.kpi.rawValue)=\($0.value.map { String($0) } ?? "nil")/\($0.numerator)/\($0.denominator)/\($0.sampleSize)" }.joined(separator: " ")
                } }.joined(separator: "\n")
                results.append(text)
                // And the rollup-based figure equals the direct computation from the contacts.
                let alphaDay = contacts.filter { $0.team == "Alpha Support" && ReportingPeriod.weekIndex($0.offeredAt / 86_400) == ReportingPeriod.weekIndex(20_500) + 2 }
                let direct = ContactKPIs(contacts: alphaDay.map { c in
                    ContactRecord(externalID: c.externalID, teamID: "a", queueID: "q", channel: .voice, offeredAt: Date(timeIntervalSince1970: Double(c.offeredAt)),
                                  answeredAt: c.answeredAt.map { Date(timeIntervalSince1970: Double($0)) }, abandoned: c.abandoned, waitSeconds: Double(c.waitSeconds),
                                  talkSeconds: Double(c.talkSeconds), holdSeconds: Double(c.holdSeconds), afterWorkSeconds: Double(c.afterWorkSeconds),
                                  resolvedFirstContact: c.resolvedFirstContact, csat: c.csat)
                }, serviceLevelThresholds: 20)
                let stored = try #require(cards[2].rows.first { $0.teamName == "Alpha Support" })
                #expect(stored.cell(.serviceLevel)?.value == direct.serviceLevel.value)
                #expect(stored.cell(.averageHandleTime)?.value == direct.averageHandleTime.value)
                #expect(stored.cell(.averageSpeedOfAnswer)?.value == direct.averageSpeedOfAnswer.value)
                #expect(stored.cell(.customerSatisfaction)?.value == direct.customerSatisfaction.value)
            }
        }
        #expect(results.count == TestDatabase.all.count)
        #expect(Set(results).count == 1, "engines disagree")
        #expect(results[0].contains("serviceLevel=0."))
    }
}

enum LocalDateFixture {
    static let jan1 = TandemPartners.LocalDate("2026-01-01")!
}

import TandemPartners
