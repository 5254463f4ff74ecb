import TandemPartners
import Foundation
import TandemPerformance
@testable import TandemSources
import Testing

@Suite struct AmazonConnectPresetTests {
    static let settings = try! PresetSettings.parse("""
        team=queue
        team.Billing_DE=Alpha Support
        team.Callback_DE=Alpha Support
        team.Chat_Support=Alpha Support
        team.Backoffice_Tasks=Alpha Support
        team.Tech_Support=Bravo BPO
        csat=csatScore
        customer=customerId
        """, preset: .amazonConnect)

    static let alpha = SampleDirectory.alpha, bravo = SampleDirectory.bravo

    /// The 17 queued contacts of amazon_connect_ctr.jsonl under the formats doc §1.3–1.7, field by field
    /// from the records: offered = Queue.EnqueueTimestamp, answered = Agent.ConnectedToAgentTimestamp,
    /// wait = Queue.Duration, talk / hold / after-work = the Agent durations.
    static let expected: [Expected] = [
        // Answered; its second copy (LastUpdateTimestamp 08:09:30 > 08:08:15) adds Attributes.csatScore 4.
        Expected(id: "4a1f0000-0000-4000-8000-000000000001", team: alpha, queue: "Billing_DE", channel: .voice, agent: "m.keller", customer: "+4915112340001",
                 offered: "2025-03-10T08:00:41Z", answered: "2025-03-10T08:01:02Z", wait: 21, talk: 338, hold: 0, afterWork: 48, csat: 4),
        Expected(id: "4a1f0000-0000-4000-8000-000000000002", team: alpha, queue: "Billing_DE", channel: .voice, agent: "s.yilmaz", customer: "+4917698760002",
                 offered: "2025-03-10T08:03:44Z", answered: "2025-03-10T08:04:31Z", wait: 47, talk: 409, hold: 95, afterWork: 72),
        // Abandoned after 102 s (queued, no agent, no NextContactId); its exact duplicate changes nothing.
        Expected(id: "4a1f0000-0000-4000-8000-000000000003", team: alpha, queue: "Billing_DE", channel: .voice, customer: "+4915223450003",
                 offered: "2025-03-10T08:05:36Z", abandoned: true, wait: 102),
        // …0004: IVR only (no Queue): left out.
        // Answered, then transferred by the agent (NextContactId …0006): not an abandon.
        Expected(id: "4a1f0000-0000-4000-8000-000000000005", team: alpha, queue: "Billing_DE", channel: .voice, agent: "m.keller", customer: "+4915112340005",
                 offered: "2025-03-10T08:08:30Z", answered: "2025-03-10T08:08:52Z", wait: 22, talk: 158, hold: 0, afterWork: 20),
        Expected(id: "4a1f0000-0000-4000-8000-000000000006", team: bravo, queue: "Tech_Support", channel: .voice, agent: "j.novak", customer: "+4915112340005",
                 offered: "2025-03-10T08:11:31Z", answered: "2025-03-10T08:12:44Z", wait: 73, talk: 341, hold: 40, afterWork: 110),
        // Queued, no agent, but continued as a queued callback (NextContactId …0008): offered only, not abandoned.
        Expected(id: "4a1f0000-0000-4000-8000-000000000007", team: alpha, queue: "Billing_DE", channel: .voice, customer: "+4917012340007",
                 offered: "2025-03-10T08:10:35Z", wait: 207),
        // The callback leg, in its own queue (its 325 s include the callback's delay).
        Expected(id: "4a1f0000-0000-4000-8000-000000000008", team: alpha, queue: "Callback_DE", channel: .voice, agent: "s.yilmaz", customer: "+4917012340007",
                 offered: "2025-03-10T08:15:40Z", answered: "2025-03-10T08:21:20Z", wait: 325, talk: 380, hold: 0, afterWork: 35),
        // Chats: no CustomerEndpoint, so the customer key is Attributes.customerId.
        Expected(id: "4a1f0000-0000-4000-8000-000000000009", team: alpha, queue: "Chat_Support", channel: .chat, agent: "l.fischer", customer: "CUST-88213",
                 offered: "2025-03-10T08:16:08Z", answered: "2025-03-10T08:16:50Z", wait: 42, talk: 742, hold: 0, afterWork: 25),
        Expected(id: "4a1f0000-0000-4000-8000-00000000000a", team: alpha, queue: "Chat_Support", channel: .chat, customer: "CUST-10452",
                 offered: "2025-03-10T08:18:36Z", abandoned: true, wait: 199),
        // …000b: agent outbound (Queue without EnqueueTimestamp): left out.
        // Short abandon: 3 s in queue (Tandem's S = 5 s decides, from the wait).
        Expected(id: "4a1f0000-0000-4000-8000-00000000000c", team: bravo, queue: "Tech_Support", channel: .voice, customer: "+4915900000012",
                 offered: "2025-03-10T08:22:38Z", abandoned: true, wait: 3),
        Expected(id: "4a1f0000-0000-4000-8000-00000000000d", team: bravo, queue: "Tech_Support", channel: .voice, agent: "j.novak", customer: "+4915700000013",
                 offered: "2025-03-10T08:23:30Z", answered: "2025-03-10T08:26:05Z", wait: 155, talk: 490, hold: 0, afterWork: 90),
        // Queued, no agent, continued as a flow queue transfer (NextContactId …000f): offered only.
        Expected(id: "4a1f0000-0000-4000-8000-00000000000e", team: alpha, queue: "Billing_DE", channel: .voice, customer: "+4915112340014",
                 offered: "2025-03-10T08:25:30Z", wait: 70),
        Expected(id: "4a1f0000-0000-4000-8000-00000000000f", team: bravo, queue: "Tech_Support", channel: .voice, agent: "j.novak", customer: "+4915112340014",
                 offered: "2025-03-10T08:26:40Z", answered: "2025-03-10T08:27:22Z", wait: 42, talk: 338, hold: 0, afterWork: 45),
        // Missed once (AgentConnectionAttempts 2), then answered.
        Expected(id: "4a1f0000-0000-4000-8000-000000000010", team: alpha, queue: "Billing_DE", channel: .voice, agent: "s.yilmaz", customer: "+4915112340016",
                 offered: "2025-03-10T08:30:28Z", answered: "2025-03-10T08:31:40Z", wait: 72, talk: 280, hold: 0, afterWork: 40),
        Expected(id: "4a1f0000-0000-4000-8000-000000000011", team: alpha, queue: "Chat_Support", channel: .chat, agent: "l.fischer", customer: "CUST-88213",
                 offered: "2025-03-10T08:32:05Z", answered: "2025-03-10T08:32:20Z", wait: 15, talk: 550, hold: 0, afterWork: 15),
        // A task: back office, no customer key at all.
        Expected(id: "4a1f0000-0000-4000-8000-000000000012", team: alpha, queue: "Backoffice_Tasks", channel: .backOffice, agent: "m.keller",
                 offered: "2025-03-10T08:35:01Z", answered: "2025-03-10T08:40:00Z", wait: 299, talk: 720, hold: 0, afterWork: 0),
        // The repeat caller (the same number as …0001).
        Expected(id: "4a1f0000-0000-4000-8000-000000000013", team: alpha, queue: "Billing_DE", channel: .voice, agent: "m.keller", customer: "+4915112340001",
                 offered: "2025-03-10T08:45:35Z", answered: "2025-03-10T08:45:50Z", wait: 15, talk: 220, hold: 0, afterWork: 30),
    ]

    @Test func json_lines_sample_gives_every_contact_as_the_formats_doc_says() throws {
        let outcome = try PresetOutcome.read(Self.settings, [Fixture.part("amazon_connect_ctr.jsonl")])
        expectContacts(outcome, Self.expected)
        // 21 records: 19 rows (0001 and 0003 twice), 2 left out as never queued.
        #expect(outcome.rows.count == 19)
        #expect(outcome.skipped == [AmazonConnectMapper.notQueued: 2])
        // The counts of the formats doc's expected file: 17 queued, 12 answered, 3 abandoned (1 short), 2 continued.
        let records = Array(outcome.contacts.values)
        #expect(records.filter { $0.disposition == .answered }.count == 12)
        #expect(records.filter { $0.disposition == .abandoned }.count == 3)
        #expect(records.filter { $0.disposition == .abandoned && $0.waitSeconds < 5 }.count == 1)
        #expect(records.filter { $0.disposition == .other }.count == 2)
        // Versions are LastUpdateTimestamp in ms: the re-delivered copy is the newer one.
        #expect(outcome.versions["4a1f0000-0000-4000-8000-000000000001"] == Int64(Expected.instant("2025-03-10T08:09:30Z").timeIntervalSince1970 * 1000))
    }

    @Test func concatenated_objects_without_a_delimiter_read_the_same() throws {
        // The Firehose-to-S3 shape: the same records back to back, no newline, read in 7-byte chunks.
        let joined = try Fixture.text("amazon_connect_ctr.jsonl").split(separator: "\n").joined()
        #expect(!joined.contains("\n"))
        let part = ImportPart(name: "firehose-object") { Fixture.Trickle(bytes: Array(joined.utf8), size: 7) }
        let outcome = try PresetOutcome.read(Self.settings, [part])
        expectContacts(outcome, Self.expected)
        #expect(outcome.rows.map(\.ordinal) == Array(1...21).filter { ![4, 12].contains($0) })
    }

    @Test func kinesis_event_envelope_decodes_each_record() throws {
        let outcome = try PresetOutcome.read(Self.settings, [Fixture.part("amazon_connect_kinesis_lambda_event.json")])
        // Three records: …0001 twice (the later one with CSAT 4), …0003.
        #expect(outcome.rows.count == 3)
        expectContacts(outcome, Self.expected.filter { $0.id.hasSuffix("0001") || $0.id.hasSuffix("0003") })
    }

    @Test func an_older_copy_read_after_a_newer_one_does_not_win() throws {
        let lines = try Fixture.text("amazon_connect_ctr.jsonl").split(separator: "\n").map(String.init)
        // The csat copy (line 7) first, then the original (line 1).
        let outcome = try PresetOutcome.read(Self.settings, [Fixture.memory("reordered.jsonl", lines[6] + "\n" + lines[0])])
        #expect(outcome.contacts["4a1f0000-0000-4000-8000-000000000001"]?.csat == 4)
    }

    @Test func team_from_site_attribute_and_roster_with_fallbacks() throws {
        struct Roster: AgentTeamLookup {
            func team(forAgent agent: String, onDay day: Int) -> String? {
                // 2025-03-10 is day 20157.
                agent == "j.novak" && day == 20_157 ? "Alpha Support" : nil
            }
        }
        let settings = try PresetSettings.parse("team=roster,fixed:Bravo BPO;customer=customerId", preset: .amazonConnect)
        let outcome = try PresetOutcome.read(settings, [Fixture.part("amazon_connect_ctr.jsonl")], roster: Roster())
        #expect(outcome.issues.isEmpty, "\(outcome.issues)")
        let byTeam = Dictionary(grouping: outcome.contacts.values, by: \.teamID).mapValues { $0.map(\.externalID).sorted() }
        #expect(byTeam[SampleDirectory.alpha] == ["4a1f0000-0000-4000-8000-000000000006", "4a1f0000-0000-4000-8000-00000000000d", "4a1f0000-0000-4000-8000-00000000000f"])
        #expect(byTeam[SampleDirectory.bravo]?.count == 14)

        // Without a fallback, an abandoned contact (no agent) cannot be placed: the message says why.
        let strict = try PresetOutcome.read(try PresetSettings.parse("team=roster", preset: .amazonConnect), [Fixture.part("amazon_connect_ctr.jsonl")])
        let issue = try #require(strict.issues.first { $0.record?.contains("0003") == true })
        #expect(issue.field == "team")
        #expect(issue.reason == "cannot be found: this workspace has no agent roster (team sources: roster)")
        #expect(issue.file == "amazon_connect_ctr.jsonl" && issue.line == 3 && issue.record == "record 3, ContactId 4a1f0000-0000-4000-8000-000000000003")

        // From an attribute: a value that names a team, or one mapped through team.<value>.
        let text = #"{"ContactId":"x1","LastUpdateTimestamp":"2025-03-10T09:00:00Z","Channel":"VOICE","Attributes":{"partner":"bravo"},"# +
            #""Queue":{"Name":"Billing_DE","EnqueueTimestamp":"2025-03-10T09:00:00Z","Duration":4}}"#
        let byAttribute = try PresetOutcome.read(try PresetSettings.parse("team=attribute:partner;team.bravo=Bravo BPO", preset: .amazonConnect),
                                                 [Fixture.memory("a.jsonl", text)])
        #expect(byAttribute.contacts["x1"]?.teamID == SampleDirectory.bravo)
    }

    @Test func unknown_queue_and_team_name_the_setting_to_add() throws {
        let settings = try PresetSettings.parse("team.Billing_DE=Alpha Support", preset: .amazonConnect)
        let text = #"{"ContactId":"x1","Channel":"VOICE","Queue":{"Name":"Sales_DE","EnqueueTimestamp":"2025-03-10T09:00:00Z","Duration":4}}"#
        let outcome = try PresetOutcome.read(settings, [Fixture.memory("one.jsonl", text)])
        #expect(outcome.issues.map(\.description) == [
            "one.jsonl, line 1 (record 1, ContactId x1), Queue.Name (queue): “Sales_DE” is not a queue code in this workspace; map it in the preset settings with queue.Sales_DE=CODE",
            "one.jsonl, line 1 (record 1, ContactId x1), team: cannot be found: no team.Sales_DE entry names the team of queue Sales_DE (team sources: queue)",
        ])
    }

    @Test func malformed_file_names_file_line_byte_and_record() throws {
        let lines = try Fixture.text("amazon_connect_ctr.jsonl").split(separator: "\n").map(String.init)
        // The third record is cut off inside its format version's string.
        let broken = lines[0] + "\n" + lines[1] + "\n" + String(lines[2].prefix(75)) + "\n" + lines[3]
        #expect(throws: FileIssue.self) { try PresetOutcome.read(Self.settings, [Fixture.memory("broken.jsonl", broken)]) }
        do {
            _ = try PresetOutcome.read(Self.settings, [Fixture.memory("broken.jsonl", broken)])
        } catch let issue as FileIssue {
            #expect(issue.file == "broken.jsonl" && issue.line == 3 && issue.record == "record 3")
            let offset = lines[0].utf8.count + 1 + lines[1].utf8.count + 1 + 75
            #expect(issue.description == "the file broken.jsonl is not valid JSON at line 3, byte \(offset): it has a line break inside a string (is a quote missing?)")
        }
    }

    @Test func a_record_without_its_id_or_with_a_bad_time_is_a_row_issue() throws {
        let text = """
            {"Channel":"VOICE","Queue":{"Name":"Billing_DE","EnqueueTimestamp":"2025-03-10T09:00:00Z","Duration":4}}
            {"ContactId":"x2","Channel":"VOICE","Queue":{"Name":"Billing_DE","EnqueueTimestamp":"2025-03-10 nine","Duration":4}}
            {"ContactId":"x3","Channel":"CHAT","Queue":{"Name":"Billing_DE","EnqueueTimestamp":"2025-03-10T09:00:00Z","Duration":4}}
            """
        let outcome = try PresetOutcome.read(Self.settings, [Fixture.memory("bad.jsonl", text)])
        #expect(outcome.issues.map(\.description) == [
            "bad.jsonl, line 1 (record 1), ContactId (external_id): is missing",
            "bad.jsonl, line 2 (record 2, ContactId x2), Queue.EnqueueTimestamp (offered_at): “2025-03-10 nine” is not a date-time like 2026-03-01T08:15:00Z",
            "bad.jsonl, line 3 (record 3, ContactId x3), Channel (channel): “chat” does not match queue Billing_DE, which is voice",
        ])
    }

    @Test func unknown_fields_are_ignored() throws {
        let text = #"{"Future":{"Nested":[1,{"x":null}]},"ContactId":"x1","Channel":"VOICE","NewField":"\u00e9\ud83d\ude00","# +
            #""Queue":{"Name":"Billing_DE","EnqueueTimestamp":"2025-03-10T09:00:00Z","Duration":4,"QueueType":"STANDARD"}}"#
        let outcome = try PresetOutcome.read(Self.settings, [Fixture.memory("new.jsonl", text)])
        #expect(outcome.issues.isEmpty && outcome.contacts["x1"]?.waitSeconds == 4 && outcome.contacts["x1"]?.abandoned == true)
    }
}
