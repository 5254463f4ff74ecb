import Foundation
import TandemPerformance
@testable import TandemSources
import Testing

@Suite struct GenesysPresetTests {
    static let settings = try! PresetSettings.parse("""
        team.Billing_DE=Alpha Support
        team.Email_DE=Alpha Support
        team.Messaging_DE=Alpha Support
        team.Tech_Support=Bravo BPO
        """, preset: .genesys)

    static let alpha = SampleDirectory.alpha, bravo = SampleDirectory.bravo
    static let conversation = "6c3e0000-0000-4000-9000-00000000000"
    static let mara = "6c3e0000-0000-4000-9000-00000000238d", jan = "6c3e0000-0000-4000-9000-00000000238e"
    static let selin = "6c3e0000-0000-4000-9000-00000000238f", lena = "6c3e0000-0000-4000-9000-000000002390"

    /// One contact per acd session (formats doc §3.4): offered = the acd segment's start, answered =
    /// the routed agent's first interact start, wait = tAnswered / tAbandon (ms ÷ 1000), talk =
    /// tTalkComplete, hold = tHeldComplete, after-work = tAcw.
    static let expected: [Expected] = [
        // IVR → Billing_DE → Mara Keller; resolution entry nNextContactAvoided 1.
        Expected(id: conversation + "1/6c3e0000-0000-4000-9000-0000000000cb", team: alpha, queue: "Billing_DE", channel: .voice, agent: mara,
                 customer: "+4915112340001", offered: "2025-03-10T08:00:41.120Z", answered: "2025-03-10T08:01:02.030Z",
                 wait: 20.91, talk: 338.77, hold: 0, afterWork: 47.6, resolved: true),
        // Abandoned in Billing_DE after tAbandon 97,500 ms.
        Expected(id: conversation + "2/6c3e0000-0000-4000-9000-0000000000d5", team: alpha, queue: "Billing_DE", channel: .voice,
                 customer: "+4915223450003", offered: "2025-03-10T08:05:35.900Z", abandoned: true, wait: 97.5),
        // Hold then blind transfer: tTalk 48 + 70 = tTalkComplete 118 s, tHeldComplete 40 s, tAcw 20 s.
        Expected(id: conversation + "3/6c3e0000-0000-4000-9000-0000000000de", team: alpha, queue: "Billing_DE", channel: .voice, agent: mara,
                 customer: "+4915112340005", offered: "2025-03-10T08:08:30.000Z", answered: "2025-03-10T08:08:52.000Z",
                 wait: 22, talk: 118, hold: 40, afterWork: 20),
        // The second queue of the transfer; Jan Novak still in wrap-up (no conversationEnd, no tAcw yet).
        Expected(id: conversation + "3/6c3e0000-0000-4000-9000-0000000000e0", team: bravo, queue: "Tech_Support", channel: .voice, agent: jan,
                 customer: "+4915112340005", offered: "2025-03-10T08:11:30.400Z", answered: "2025-03-10T08:12:44.000Z",
                 wait: 73.6, talk: 381, hold: 0, afterWork: 0),
        // Web messaging with a finished survey: surveyPromoterScore 9 on 0–10.
        Expected(id: conversation + "4/6c3e0000-0000-4000-9000-0000000000e8", team: alpha, queue: "Messaging_DE", channel: .messaging, agent: lena,
                 customer: "8f4c2e1a-web-visitor-0091", offered: "2025-03-10T08:16:08.000Z", answered: "2025-03-10T08:16:50.000Z",
                 wait: 42, talk: 742, hold: 0, afterWork: 25, csat: 9, scale: .zeroToTen),
        // Email answered after 10,949,996 ms (over its SLA).
        Expected(id: conversation + "5/6c3e0000-0000-4000-9000-0000000000f2", team: alpha, queue: "Email_DE", channel: .email, agent: selin,
                 customer: "t.weiss@example.net", offered: "2025-03-10T08:02:00.004Z", answered: "2025-03-10T11:04:30.000Z",
                 wait: 10_949.996, talk: 690, hold: 0, afterWork: 0),
        // …6: agent outbound, no acd leg: left out.
    ]

    @Test func details_with_the_lookup_give_one_contact_per_queue_visit() throws {
        // The lookup after the details: read first anyway.
        let outcome = try PresetOutcome.read(Self.settings, [Fixture.part("genesys_conversation_details.json"), Fixture.part("genesys_lookup_ids.json")])
        expectContacts(outcome, Self.expected)
        #expect(outcome.skipped == [GenesysMapper.noQueue: 1])
        // Provisional (no conversationEnd) is version 0, ended 1.
        #expect(outcome.versions[Self.conversation + "3/6c3e0000-0000-4000-9000-0000000000e0"] == 0)
        #expect(outcome.versions[Self.conversation + "1/6c3e0000-0000-4000-9000-0000000000cb"] == 1)
    }

    @Test func requery_completes_the_provisional_conversation_whatever_the_order() throws {
        var expected = Self.expected
        let index = expected.firstIndex { $0.id.hasSuffix("0e0") }!
        expected[index].afterWork = 110
        for files in [["genesys_conversation_details.json", "genesys_conversation_details_requery.json"],
                      ["genesys_conversation_details_requery.json", "genesys_conversation_details.json"]] {
            let outcome = try PresetOutcome.read(Self.settings, (files + ["genesys_lookup_ids.json"]).map(Fixture.part))
            expectContacts(outcome, expected)
        }
    }

    @Test func without_the_lookup_the_acd_participant_names_the_queue() throws {
        let outcome = try PresetOutcome.read(Self.settings, [Fixture.part("genesys_conversation_details.json")])
        expectContacts(outcome, Self.expected)
        // Queue ids work as keys too.
        let byID = try PresetSettings.parse("queue.6c3e0000-0000-4000-9000-00000000232a=Billing_DE;team.*=Bravo BPO", preset: .genesys)
        let moved = try PresetOutcome.read(byID, [Fixture.part("genesys_conversation_details.json")])
        #expect(moved.contacts[Self.conversation + "3/6c3e0000-0000-4000-9000-0000000000e0"]?.queueID == "q-Billing_DE")
    }

    @Test func malformed_file_and_malformed_conversation() throws {
        let details = try Fixture.text("genesys_conversation_details.json")
        let cut = String(details.prefix(details.count / 2))
        do {
            _ = try PresetOutcome.read(Self.settings, [Fixture.memory("details.json", cut)])
            Issue.record("a cut-off file was read")
        } catch let issue as FileIssue {
            #expect(issue.file == "details.json")
            #expect(issue.reason.hasSuffix("it ends in the middle of a value (is the file cut short?)"))
            #expect(issue.record == "record 3")
        }
        let noStart = #"{"conversations":[{"conversationId":"c-1","participants":[{"purpose":"acd","sessions":[{"sessionId":"s-1","#
            + #""segments":[{"queueId":"6c3e0000-0000-4000-9000-000000002329","segmentType":"interact"}]}]}]}]}"#
        let outcome = try PresetOutcome.read(Self.settings, [Fixture.memory("one.json", noStart)])
        #expect(outcome.issues.map(\.description) == ["one.json, line 1 (record 1, conversation c-1), acd segmentStart: is missing or not a date-time on session s-1"])
    }
}
