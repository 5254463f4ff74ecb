import Fluent
import Foundation
import SQLKit
import TandemPerformance
import TandemSources
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Source presets end to end (docs/import-presets.md): the samples stored with every canonical
/// value, re-deliveries updating instead of duplicating, a malformed file storing nothing; the
/// rollups always equal a rebuild from the stored contacts.
@Suite struct SourcePresetImportTests {
    static let bravo = Presets.bravo
    static let ctr = "4a1f0000-0000-4000-8000-0000000000"

    /// amazon_connect_ctr.jsonl as stored (formats doc §1.3–1.7; worked out field by field in
    /// TandemSourcesTests/AmazonConnectPresetTests): 21 records, 17 queued contacts.
    static let amazonStored: [String: String] = [
        ctr + "01": "Alpha Support|billing_de|voice|m.keller|+4915112340001|08:00:41|08:01:02|false|21|338|0|48|-|4/1-5",
        ctr + "02": "Alpha Support|billing_de|voice|s.yilmaz|+4917698760002|08:03:44|08:04:31|false|47|409|95|72|-|-",
        ctr + "03": "Alpha Support|billing_de|voice|-|+4915223450003|08:05:36|-|true|102|0|0|0|-|-",
        ctr + "05": "Alpha Support|billing_de|voice|m.keller|+4915112340005|08:08:30|08:08:52|false|22|158|0|20|-|-",
        ctr + "06": "\(bravo)|tech_support|voice|j.novak|+4915112340005|08:11:31|08:12:44|false|73|341|40|110|-|-",
        ctr + "07": "Alpha Support|billing_de|voice|-|+4917012340007|08:10:35|-|false|207|0|0|0|-|-",
        ctr + "08": "Alpha Support|callback_de|voice|s.yilmaz|+4917012340007|08:15:40|08:21:20|false|325|380|0|35|-|-",
        ctr + "09": "Our Team|chat_support|chat|l.fischer|CUST-88213|08:16:08|08:16:50|false|42|742|0|25|-|-",
        ctr + "0a": "Our Team|chat_support|chat|-|CUST-10452|08:18:36|-|true|199|0|0|0|-|-",
        ctr + "0c": "\(bravo)|tech_support|voice|-|+4915900000012|08:22:38|-|true|3|0|0|0|-|-",
        ctr + "0d": "\(bravo)|tech_support|voice|j.novak|+4915700000013|08:23:30|08:26:05|false|155|490|0|90|-|-",
        ctr + "0e": "Alpha Support|billing_de|voice|-|+4915112340014|08:25:30|-|false|70|0|0|0|-|-",
        ctr + "0f": "\(bravo)|tech_support|voice|j.novak|+4915112340014|08:26:40|08:27:22|false|42|338|0|45|-|-",
        ctr + "10": "Alpha Support|billing_de|voice|s.yilmaz|+4915112340016|08:30:28|08:31:40|false|72|280|0|40|-|-",
        ctr + "11": "Our Team|chat_support|chat|l.fischer|CUST-88213|08:32:05|08:32:20|false|15|550|0|15|-|-",
        ctr + "12": "Our Team|backoffice_tasks|back_office|m.keller|-|08:35:01|08:40:00|false|299|720|0|0|-|-",
        ctr + "13": "Alpha Support|billing_de|voice|m.keller|+4915112340001|08:45:35|08:45:50|false|15|220|0|30|-|-",
    ]

    @Test(arguments: TestDatabase.all)
    func amazon_connect_sample_is_stored_with_every_value(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            try await Presets.addSampleQueues(app)
            let run = try await Presets.run(app, .amazonConnect, settings: Presets.amazonSettings, files: ["amazon_connect_ctr.jsonl"])
            #expect(run.status == .succeeded, "\(run.message) \(run.issueList)")
            // 21 records = 17 stored + 2 copies (…0001 re-delivered, …0003 exact) + 2 never queued.
            #expect(run.rowsRead == 21 && run.rowsInserted == 17 && run.rowsUpdated == 0 && run.rowsSkipped == 4 && run.rowsRejected == 0)
            #expect(run.message == "17 new and 0 updated contacts stored from 21 records; "
                    + "2 records left out: not queued (no Queue.EnqueueTimestamp: IVR only, agent outbound or agent-initiated); "
                    + "2 older or repeated copies of a contact left out (the newest is kept).")
            try await Presets.expectStored(app, Self.amazonStored)
            let rollups = try await Presets.rollupsAndRebuilt(app)
            #expect(rollups.kept == rollups.rebuilt && !rollups.kept.isEmpty)
            // 17 contacts, 1 short abandon (3 s < S = 5 s): 16 offered, 12 answered.
            let totals = try await Perf.rollupTotals(app)
            #expect(totals.offered == 16 && totals.shortAbandons == 1)

            // The Kinesis envelope of the same contacts changes nothing: same versions, last read wins.
            let again = try await Presets.run(app, .amazonConnect, settings: Presets.amazonSettings, files: ["amazon_connect_kinesis_lambda_event.json"])
            #expect(again.status == .succeeded && again.rowsInserted == 0 && again.rowsUpdated == 2 && again.rowsSkipped == 1, "\(again.message)")
            try await Presets.expectStored(app, Self.amazonStored)
        }
    }

    @Test(arguments: TestDatabase.all)
    func amazon_connect_redelivery_updates_and_an_older_copy_never_wins(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            try await Presets.addSampleQueues(app)
            let lines = try Presets.text("amazon_connect_ctr.jsonl").split(separator: "\n").map(String.init)
            // The first delivery of …0001 (no CSAT yet), then its re-delivery with csatScore 4, then the old copy again.
            try await Presets.run(app, .amazonConnect, settings: Presets.amazonSettings, texts: [("first.jsonl", lines[0])])
            #expect(try await Presets.stored(app)[Self.ctr + "01"]?.hasSuffix("|-|-") == true)
            let update = try await Presets.run(app, .amazonConnect, settings: Presets.amazonSettings, texts: [("second.jsonl", lines[6])])
            #expect(update.rowsInserted == 0 && update.rowsUpdated == 1)
            let late = try await Presets.run(app, .amazonConnect, settings: Presets.amazonSettings, texts: [("late.jsonl", lines[0])])
            #expect(late.status == .succeeded && late.rowsUpdated == 0 && late.rowsSkipped == 1)
            #expect(try await Perf.contactCount(app) == 1)
            try await Presets.expectStored(app, [Self.ctr + "01": Self.amazonStored[Self.ctr + "01"]!])
            let rollups = try await Presets.rollupsAndRebuilt(app)
            #expect(rollups.kept == rollups.rebuilt)
        }
    }

    @Test(arguments: TestDatabase.all)
    func amazon_connect_malformed_file_stores_nothing(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            try await Presets.addSampleQueues(app)
            let lines = try Presets.text("amazon_connect_ctr.jsonl").split(separator: "\n").map(String.init)
            let broken = lines[0] + "\n" + lines[1] + "\n" + String(lines[2].prefix(75)) + "\n" + lines[3]
            let offset = lines[0].utf8.count + 1 + lines[1].utf8.count + 1 + 75
            for acceptValid in [false, true] {
                let run = try await Presets.run(app, .amazonConnect, settings: Presets.amazonSettings, texts: [("broken.jsonl", broken)], acceptValid: acceptValid)
                #expect(run.status == .rejected && run.rowsInserted == 0)
                #expect(run.message == "Nothing was imported: the file broken.jsonl is not valid JSON at line 3, byte \(offset): it has a line break inside a string (is a quote missing?).")
                #expect(run.issueList.first == RowIssue(line: 3, field: "file", reason: "is not valid JSON at line 3, byte \(offset): it has a line break inside a string (is a quote missing?)",
                                                        file: "broken.jsonl", record: "record 3"))
                #expect(try await Perf.contactCount(app) == 0)
                #expect(try await Perf.rollupTotals(app).offered == 0)
            }
        }
    }

    /// Zendesk's first export (page 1, metrics, ratings) as stored (formats doc §2.5; worked out in
    /// TandemSourcesTests/ZendeskPresetTests).
    static let zendeskStored: [String: String] = [
        "5001": "Alpha Support|zd-email|email|9101001|1200001|08:04:00|08:51:00|false|2820|0|0|0|false|1/binary",
        "5002": "\(bravo)|zd-web|email|9101002|1200002|08:20:00|09:58:00|false|5880|0|0|0|-|1/binary",
        "5003": "Alpha Support|zd-chat|chat|9101003|1200003|08:31:00|08:32:00|false|60|0|0|0|true|0/binary",
        "5004": "Alpha Support|zd-messaging|messaging|9101003|1200004|09:10:00|09:11:14|false|74|0|0|0|false|-",
        "5005": "\(bravo)|zd-voice|voice|9101002|1200005|09:30:00|09:30:00|false|0|0|0|0|true|-",
        "5006": "Alpha Support|zd-email|email|9101001|1200006|10:15:00|14:30:00|false|15300|0|0|0|-|-",
        "5007": "\(bravo)|zd-web|email|-|1200007|16:50:00|-|false|0|0|0|0|-|-",
        "5008": "\(bravo)|zd-web|email|9101002|1200002|17:40:00|17:55:00|false|900|0|0|0|-|-",
    ]

    @Test(arguments: TestDatabase.all)
    func zendesk_export_is_stored_then_page_two_updates_adds_and_deletes(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            try await Presets.addSampleQueues(app)
            let first = try await Presets.run(app, .zendesk, settings: Presets.zendeskSettings,
                                              files: ["zendesk_ticket_metrics.json", "zendesk_incremental_tickets_page1.json", "zendesk_satisfaction_ratings.json",
                                                      "zendesk_ticket_5010_before_deletion.json"])
            #expect(first.status == .succeeded && first.rowsRead == 9 && first.rowsInserted == 9, "\(first.message) \(first.issueList)")
            var expected = Self.zendeskStored
            expected["5010"] = "Alpha Support|zd-email|email|9101001|1200010|15:00:00|-|false|0|0|0|0|-|-"
            try await Presets.expectStored(app, expected)

            // Page 2: #5002 re-sent (solved, reopened once: not first contact), #5009 new, #5010 deleted.
            let second = try await Presets.run(app, .zendesk, settings: Presets.zendeskSettings,
                                               files: ["zendesk_incremental_tickets_page2.json", "zendesk_ticket_metrics.json", "zendesk_satisfaction_ratings.json"])
            #expect(second.status == .succeeded, "\(second.message) \(second.issueList)")
            #expect(second.rowsRead == 3 && second.rowsInserted == 1 && second.rowsUpdated == 1 && second.rowsDeleted == 1 && second.rowsSkipped == 1)
            #expect(second.message == "1 new and 1 updated contacts stored from 3 records; 1 contact deleted at the source removed; 1 deletion record read.")
            expected["5010"] = nil
            expected["5002"] = "\(Self.bravo)|zd-web|email|9101002|1200002|08:20:00|09:58:00|false|5880|0|0|0|false|1/binary"
            expected["5009"] = "Alpha Support|zd-email|email|9101001|1200009|2025-03-11T08:05:00|2025-03-11T08:12:00|false|420|0|0|0|true|-"
            try await Presets.expectStored(app, expected)
            let rollups = try await Presets.rollupsAndRebuilt(app)
            #expect(rollups.kept == rollups.rebuilt)
        }
    }

    @Test(arguments: TestDatabase.all)
    func zendesk_malformed_metrics_store_nothing(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            try await Presets.addSampleQueues(app)
            let broken = try Presets.text("zendesk_ticket_metrics.json").replacingOccurrences(of: "    }\n  ],\n  \"meta\"", with: "    },\n  ],\n  \"meta\"")
            let run = try await Presets.run(app, .zendesk, settings: Presets.zendeskSettings, files: ["zendesk_incremental_tickets_page1.json"],
                                            texts: [("metrics.json", broken)])
            #expect(run.status == .rejected)
            let issue = try #require(run.issueList.first)
            #expect(issue.file == "metrics.json" && issue.line == 393 && issue.field == "file" && issue.reason.hasSuffix("it has a comma before “]”"))
            #expect(try await Perf.contactCount(app) == 0)
        }
    }

    static let conversation = "6c3e0000-0000-4000-9000-00000000000"
    static let user = "6c3e0000-0000-4000-9000-00000000"

    /// Genesys details as stored (formats doc §3.4; worked out in TandemSourcesTests/GenesysPresetTests).
    static let genesysStored: [String: String] = [
        conversation + "1/6c3e0000-0000-4000-9000-0000000000cb":
            "Alpha Support|billing_de|voice|\(user)238d|+4915112340001|08:00:41.120|08:01:02.030|false|20.91|338.77|0|47.6|true|-",
        conversation + "2/6c3e0000-0000-4000-9000-0000000000d5": "Alpha Support|billing_de|voice|-|+4915223450003|08:05:35.900|-|true|97.5|0|0|0|-|-",
        conversation + "3/6c3e0000-0000-4000-9000-0000000000de":
            "Alpha Support|billing_de|voice|\(user)238d|+4915112340005|08:08:30|08:08:52|false|22|118|40|20|-|-",
        conversation + "3/6c3e0000-0000-4000-9000-0000000000e0":
            "\(bravo)|tech_support|voice|\(user)238e|+4915112340005|08:11:30.400|08:12:44|false|73.6|381|0|0|-|-",
        conversation + "4/6c3e0000-0000-4000-9000-0000000000e8":
            "Alpha Support|messaging_de|messaging|\(user)2390|8f4c2e1a-web-visitor-0091|08:16:08|08:16:50|false|42|742|0|25|-|9/0-10",
        conversation + "5/6c3e0000-0000-4000-9000-0000000000f2":
            "Alpha Support|email_de|email|\(user)238f|t.weiss@example.net|08:02:00.004|11:04:30|false|10949.996|690|0|0|-|-",
    ]

    @Test(arguments: TestDatabase.all)
    func genesys_details_are_stored_and_the_requery_completes_the_provisional_one(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            try await Presets.addSampleQueues(app)
            let first = try await Presets.run(app, .genesys, settings: Presets.genesysSettings,
                                              files: ["genesys_conversation_details.json", "genesys_lookup_ids.json"])
            #expect(first.status == .succeeded && first.rowsInserted == 6 && first.rowsSkipped == 1, "\(first.message) \(first.issueList)")
            try await Presets.expectStored(app, Self.genesysStored)

            // The re-query: the transfer's conversation ended, Jan Novak's wrap-up took 110 s.
            let requery = try await Presets.run(app, .genesys, settings: Presets.genesysSettings,
                                                files: ["genesys_lookup_ids.json", "genesys_conversation_details_requery.json"])
            #expect(requery.status == .succeeded && requery.rowsInserted == 0 && requery.rowsUpdated == 2, "\(requery.message)")
            var expected = Self.genesysStored
            let leg = Self.conversation + "3/6c3e0000-0000-4000-9000-0000000000e0"
            expected[leg] = expected[leg]!.replacingOccurrences(of: "|73.6|381|0|0|", with: "|73.6|381|0|110|")
            try await Presets.expectStored(app, expected)

            // The first query again: its provisional copy of that conversation does not undo the ended one.
            let stale = try await Presets.run(app, .genesys, settings: Presets.genesysSettings,
                                              files: ["genesys_conversation_details.json", "genesys_lookup_ids.json"])
            #expect(stale.rowsUpdated == 4 && stale.rowsSkipped == 3, "\(stale.message)")
            try await Presets.expectStored(app, expected)
            let rollups = try await Presets.rollupsAndRebuilt(app)
            #expect(rollups.kept == rollups.rebuilt)
        }
    }

    @Test(arguments: TestDatabase.all)
    func genesys_cut_off_file_stores_nothing(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            try await Presets.addSampleQueues(app)
            let details = try Presets.text("genesys_conversation_details.json")
            let run = try await Presets.run(app, .genesys, settings: Presets.genesysSettings, texts: [("details.json", String(details.prefix(details.count / 2)))])
            #expect(run.status == .rejected && run.message.hasPrefix("Nothing was imported: the file details.json is not valid JSON at line "))
            #expect(run.issueList.first?.record == "record 3")
            #expect(try await Perf.contactCount(app) == 0)
        }
    }

    /// CXone poll 1 as stored (formats doc §4.4; worked out in TandemSourcesTests/NiceCXonePresetTests).
    static let niceStored: [String: String] = [
        "720000101": "Alpha Support|de_billing_voice|voice|30101|4915112340001|08:00:41|08:01:02|false|21|338|0|48|-|-",
        "720000102": "Alpha Support|de_billing_voice|voice|-|4915223450003|08:05:36|-|true|98|0|0|0|-|-",
        "720000103": "\(bravo)|de_tech_voice|voice|-|4915900000012|08:22:38|-|true|3|0|0|0|-|-",
        "720000104": "Alpha Support|de_billing_voice|voice|30101|4915112340005|08:08:30|08:08:52|false|22|158|40|20|-|-",
        "720000105": "\(bravo)|de_tech_voice|voice|30102|4915112340005|08:11:31|08:12:44|false|73|381|0|110|-|-",
        "720000106": "Alpha Support|de_chat|chat|30104|lea.braun@example.com|08:16:08|08:16:50|false|42|742|0|25|-|-",
        "720000108": "Alpha Support|de_email|email|30103|t.weiss@example.net|08:02:00|11:04:30|false|10950|690|0|0|-|-",
    ]

    @Test(arguments: TestDatabase.all)
    func nice_cxone_polls_and_csv_update_instead_of_duplicating(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            try await Presets.addSampleQueues(app)
            let first = try await Presets.run(app, .niceCXone, settings: Presets.niceSettings, files: ["nice_cxone_completed_contacts_poll1.json"])
            #expect(first.status == .succeeded && first.rowsRead == 8 && first.rowsInserted == 7 && first.rowsSkipped == 1, "\(first.message) \(first.issueList)")
            try await Presets.expectStored(app, Self.niceStored)

            // Poll 2 re-delivers #720000108 with its after-contact work (145 s) and brings #720000109.
            let second = try await Presets.run(app, .niceCXone, settings: Presets.niceSettings, files: ["nice_cxone_completed_contacts_poll2.json"])
            #expect(second.rowsInserted == 1 && second.rowsUpdated == 1)
            var expected = Self.niceStored
            expected["720000108"] = "Alpha Support|de_email|email|30103|t.weiss@example.net|08:02:00|11:04:30|false|10950|690|0|145|-|-"
            expected["720000109"] = "Alpha Support|de_billing_voice|voice|30103|4915112340016|08:30:28|08:31:40|false|72|280|0|40|-|-"
            try await Presets.expectStored(app, expected)

            // The CSV of both polls (with #720000108's first copy): nothing new, the older copy does not win.
            let csv = try await Presets.run(app, .niceCXone, settings: Presets.niceSettings, files: ["nice_cxone_contacts.csv"])
            #expect(csv.status == .succeeded && csv.rowsRead == 10 && csv.rowsInserted == 0 && csv.rowsUpdated == 8 && csv.rowsSkipped == 2, "\(csv.message)")
            try await Presets.expectStored(app, expected)
            let rollups = try await Presets.rollupsAndRebuilt(app)
            #expect(rollups.kept == rollups.rebuilt)
        }
    }

    @Test(arguments: TestDatabase.all)
    func nice_cxone_malformed_csv_row_stores_nothing(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            try await Presets.addSampleQueues(app)
            var lines = try Presets.text("nice_cxone_contacts.csv").split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
            lines[2] = lines[2].replacingOccurrences(of: ",98,false,", with: ",98 s,false,")
            let run = try await Presets.run(app, .niceCXone, settings: Presets.niceSettings, texts: [("contacts.csv", lines.joined(separator: "\n"))])
            #expect(run.status == .rejected && run.rowsRejected == 1)
            #expect(run.issueList == [RowIssue(line: 3, field: "inQueueSeconds", reason: "“98 s” is not a number of seconds",
                                               file: "contacts.csv", record: "record 2, contactId 720000102")])
            #expect(run.message == "Nothing was imported: 1 of 10 records are bad. Fix them, or import with “accept valid rows” to store the 7 good ones.")
            #expect(try await Perf.contactCount(app) == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func settings_are_saved_for_the_source_and_reused(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            try await Presets.addSampleQueues(app)
            try await Presets.run(app, .niceCXone, settings: Presets.niceSettings, files: ["nice_cxone_completed_contacts_poll1.json"], source: "cxone")
            let saved = try #require(try await SavedSourcePreset.saved(for: "cxone", on: app.db))
            #expect(saved == (try PresetSettings.parse(Presets.niceSettings, preset: .niceCXone)))
            // No settings given: the saved ones apply.
            let again = try await PresetRequest(preset: .niceCXone, settingsText: nil).resolve(source: "cxone", on: app.db)
            #expect(again == saved)
            // Bad settings are field errors, nothing saved.
            await #expect(throws: ValidationFailed.self) {
                try await PresetRequest(preset: .niceCXone, settingsText: "team=somewhere").resolve(source: "cxone", on: app.db)
            }
            #expect(try await SavedSourcePreset.saved(for: "cxone", on: app.db) == saved)
        }
    }
}

/// Preset imports through the upload page and the API: several files make one import.
@Suite struct SourcePresetUploadTests {
    @Test(arguments: TestDatabase.all)
    func upload_page_takes_the_exports_files_together(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            try await Presets.addSampleQueues(app)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let page = try await browser.get("/performance/imports")
            #expect(page.text.contains("<option value=\"zendesk\">") && page.text.contains("name=\"files[]\" multiple"))

            let boundary = "tandem-preset-boundary"
            var body = ""
            func field(_ name: String, _ value: String) { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n" }
            func file(_ name: String, _ fileName: String) throws {
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\nContent-Type: application/json\r\n\r\n"
                    + (try Presets.text(fileName)) + "\r\n"
            }
            field("source", "zendesk-eu")
            field("preset", "zendesk")
            field("presetSettings", Presets.zendeskSettings)
            try file("file", "zendesk_incremental_tickets_page1.json")
            try file("files[]", "zendesk_ticket_metrics.json")
            try file("files[]", "zendesk_satisfaction_ratings.json")
            body += "--\(boundary)--\r\n"
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "tandem_session=\(browser.cookie ?? "")")
            headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
            let response = try await app.testing().sendRequest(.POST, "/performance/imports?_csrf=\(browser.csrf ?? "")", headers: headers, body: ByteBuffer(string: body))
            #expect(response.status == .seeOther)
            let location = try #require(response.headers.first(name: .location))
            #expect(try await JobWorker.runPending(app) == 1)
            let done = try await browser.get(location)
            #expect(done.text.contains("succeeded") && done.text.contains("8 new and 0 updated contacts stored from 8 records"))
            #expect(done.text.contains("Zendesk Support tickets (+ ticket metrics, satisfaction ratings)"))
            try await Presets.expectStored(app, SourcePresetImportTests.zendeskStored, source: "zendesk-eu")
            #expect(try await SavedSourcePreset.saved(for: "zendesk-eu", on: app.db)?.preset == .zendesk)

            // A bad setting is a field error on the page; nothing is queued.
            var bad = ""
            bad += "--\(boundary)\r\nContent-Disposition: form-data; name=\"source\"\r\n\r\nzendesk-eu\r\n"
            bad += "--\(boundary)\r\nContent-Disposition: form-data; name=\"preset\"\r\n\r\nzendesk\r\n"
            bad += "--\(boundary)\r\nContent-Disposition: form-data; name=\"presetSettings\"\r\n\r\nteam=site\r\n"
            bad += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.json\"\r\nContent-Type: application/json\r\n\r\n{}\r\n--\(boundary)--\r\n"
            let refused = try await app.testing().sendRequest(.POST, "/performance/imports?_csrf=\(browser.csrf ?? "")", headers: headers, body: ByteBuffer(string: bad))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("team: zendesk records carry no site value"))
            #expect(try await Job.query(on: app.db).filter(\.$status == .queued).count() == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func api_takes_documents_back_to_back(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Presets.addSampleQueues(app)
            let api = try await APIClient.forUser(app, ws.admin)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: api.token!)
            headers.contentType = .json
            let body = try ["genesys_conversation_details.json", "genesys_lookup_ids.json"].map(Presets.text).joined(separator: "\n")
            let settings = Browser.encode(Presets.genesysSettings)
            let posted = try await app.testing().sendRequest(.POST, "/api/v1/imports?source=gc&preset=genesys&presetSettings=\(settings)&fileName=export.json",
                                                             headers: headers, body: ByteBuffer(string: body))
            #expect(posted.status == .accepted)
            let queued = try posted.json(ImportRunDTO.self)
            #expect(queued.preset == "genesys" && queued.format == "preset")
            try await JobWorker.runPending(app)
            let run = try await api.send(.GET, "/api/v1/imports/\(queued.id)").json(ImportRunDTO.self)
            #expect(run.status == .succeeded && run.rowsRead == 7 && run.rowsInserted == 6 && run.rowsSkipped == 1, "\(run.message)")
            try await Presets.expectStored(app, SourcePresetImportTests.genesysStored, source: "gc")

            let unknown = try await app.testing().sendRequest(.POST, "/api/v1/imports?source=gc&preset=five9", headers: headers, body: ByteBuffer(string: "{}"))
            #expect(unknown.status == .unprocessableEntity && unknown.text.contains("is not a preset"))
        }
    }
}
