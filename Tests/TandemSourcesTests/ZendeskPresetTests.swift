import Foundation
import TandemPerformance
@testable import TandemSources
import Testing

@Suite struct ZendeskPresetTests {
    /// Group 360001110001 takes email, chat and messaging (one Tandem queue per channel); group
    /// 360001110002 takes web forms and API tickets (zd-web) and calls (zd-voice).
    static let settings = try! PresetSettings.parse("""
        queue.360001110001/email=zd-email
        queue.360001110001/chat=zd-chat
        queue.360001110001/messaging=zd-messaging
        queue.360001110002/voice=zd-voice
        queue.360001110002=zd-web
        team.360001110001=Alpha Support
        team.360001110002=Bravo BPO
        """, preset: .zendesk)

    static let alpha = SampleDirectory.alpha, bravo = SampleDirectory.bravo

    static var firstExport: [ImportPart] {
        ["zendesk_incremental_tickets_page1.json", "zendesk_ticket_metrics.json", "zendesk_satisfaction_ratings.json"].map(Fixture.part)
    }

    /// Page 1 with the metrics and ratings (formats doc §2.5): answered = created_at + first reply
    /// (reply_time_in_seconds for messaging, else minutes × 60); FCR = solved/closed with 0 reopens
    /// and ≤ 1 reply; CSAT good = 1 / bad = 0 on the binary scale, the newer rating winning.
    static let firstExpected: [Expected] = [
        // Reply 47 min = 2,820 s; solved but 2 replies: not first-contact; rated good.
        Expected(id: "5001", team: alpha, queue: "zd-email", channel: .email, agent: "9101001", customer: "1200001",
                 offered: "2025-03-10T08:04:00Z", answered: "2025-03-10T08:51:00Z", wait: 2_820, resolved: false, csat: 1, scale: .binary),
        // A web form (no channel of its own: the queue's). Pending: resolution unknown. The ratings file's
        // "good" (updated 2025-03-11 10:24) is newer than the ticket's "unoffered" (updated 2025-03-10 13:05).
        Expected(id: "5002", team: bravo, queue: "zd-web", channel: .email, agent: "9101002", customer: "1200002",
                 offered: "2025-03-10T08:20:00Z", answered: "2025-03-10T09:58:00Z", wait: 5_880, csat: 1, scale: .binary),
        // Chat with no reply_time_in_seconds: 1 min = 60 s. Closed, 1 reply, no reopen: first contact. Rated bad.
        Expected(id: "5003", team: alpha, queue: "zd-chat", channel: .chat, agent: "9101003", customer: "1200003",
                 offered: "2025-03-10T08:31:00Z", answered: "2025-03-10T08:32:00Z", wait: 60, resolved: true, csat: 0, scale: .binary),
        // Messaging: reply_time_in_seconds 74. Survey only offered: no response.
        Expected(id: "5004", team: alpha, queue: "zd-messaging", channel: .messaging, agent: "9101003", customer: "1200004",
                 offered: "2025-03-10T09:10:00Z", answered: "2025-03-10T09:11:14Z", wait: 74, resolved: false),
        Expected(id: "5005", team: bravo, queue: "zd-voice", channel: .voice, agent: "9101002", customer: "1200005",
                 offered: "2025-03-10T09:30:00Z", answered: "2025-03-10T09:30:00Z", wait: 0, resolved: true),
        // Open: 255 min to the first reply.
        Expected(id: "5006", team: alpha, queue: "zd-email", channel: .email, agent: "9101001", customer: "1200006",
                 offered: "2025-03-10T10:15:00Z", answered: "2025-03-10T14:30:00Z", wait: 15_300),
        // New, unassigned, no reply yet: offered only.
        Expected(id: "5007", team: bravo, queue: "zd-web", channel: .email, customer: "1200007", offered: "2025-03-10T16:50:00Z"),
        // On hold (the ticket status; not call hold): 15 min to reply.
        Expected(id: "5008", team: bravo, queue: "zd-web", channel: .email, agent: "9101002", customer: "1200002",
                 offered: "2025-03-10T17:40:00Z", answered: "2025-03-10T17:55:00Z", wait: 900),
    ]

    @Test func first_export_gives_every_ticket_as_the_formats_doc_says() throws {
        let outcome = try PresetOutcome.read(Self.settings, Self.firstExport)
        expectContacts(outcome, Self.firstExpected)
        #expect(outcome.rows.count == 8 && outcome.skipped.isEmpty)
    }

    @Test func files_in_any_order_give_the_same_contacts() throws {
        let reversed = try PresetOutcome.read(Self.settings, Self.firstExport.reversed())
        expectContacts(reversed, Self.firstExpected)
        // One stream of the three documents back to back (what an upload of several files becomes).
        let joined = try ["zendesk_satisfaction_ratings.json", "zendesk_incremental_tickets_page1.json", "zendesk_ticket_metrics.json"]
            .map(Fixture.text).joined(separator: "\n")
        expectContacts(try PresetOutcome.read(Self.settings, [Fixture.memory("export.json", joined)]), Self.firstExpected)
    }

    @Test func page_two_updates_a_resent_ticket_and_deletes_another() throws {
        let parts = ["zendesk_ticket_5010_before_deletion.json", "zendesk_incremental_tickets_page1.json", "zendesk_incremental_tickets_page2.json",
                     "zendesk_ticket_metrics.json", "zendesk_satisfaction_ratings.json"].map(Fixture.part)
        let outcome = try PresetOutcome.read(Self.settings, parts)
        var expected = Self.firstExpected.filter { $0.id != "5002" }
        // #5002 re-sent solved: reopened once, 4 replies: resolved but not on first contact.
        expected.append(Expected(id: "5002", team: Self.bravo, queue: "zd-web", channel: .email, agent: "9101002", customer: "1200002",
                                 offered: "2025-03-10T08:20:00Z", answered: "2025-03-10T09:58:00Z", wait: 5_880, resolved: false, csat: 1, scale: .binary))
        // #5009: 7 min to reply, solved with 1 reply; the survey was only offered.
        expected.append(Expected(id: "5009", team: Self.alpha, queue: "zd-email", channel: .email, agent: "9101001", customer: "1200009",
                                 offered: "2025-03-11T08:05:00Z", answered: "2025-03-11T08:12:00Z", wait: 420, resolved: true))
        expectContacts(outcome, expected)
        #expect(outcome.deleted == ["5010"])
        let deletion = try #require(outcome.rows.first { $0.isDeletion })
        #expect(deletion[.externalID] == "5010" && deletion.context?.file == "zendesk_incremental_tickets_page2.json")
        // generated_timestamp, then updated_at: the re-sent #5002 is newer.
        let versions = outcome.rows.filter { $0[.externalID] == "5002" }.map { $0.version! }
        #expect(versions == [(1_741_611_995 << 32) | 1_741_611_900, (1_741_688_640 << 32) | 1_741_688_640])
    }

    @Test func malformed_file_names_the_file_and_where() throws {
        let metrics = try Fixture.text("zendesk_ticket_metrics.json")
        // A stray comma after the last metric.
        let broken = metrics.replacingOccurrences(of: "    }\n  ],\n  \"meta\"", with: "    },\n  ],\n  \"meta\"")
        #expect(broken != metrics)
        do {
            _ = try PresetOutcome.read(Self.settings, [Fixture.part("zendesk_incremental_tickets_page1.json"), Fixture.memory("metrics.json", broken)])
            Issue.record("a broken metrics file was read")
        } catch let issue as FileIssue {
            #expect(issue.file == "metrics.json")
            #expect(issue.reason.hasPrefix("is not valid JSON at line 393, byte "))
            #expect(issue.reason.hasSuffix("it has a comma before “]”"))
        }
    }

    @Test func a_ticket_without_created_at_is_a_row_issue() throws {
        let page = #"{"tickets":[{"id":7001,"status":"open","group_id":360001110001,"via":{"channel":"email"},"generated_timestamp":1741600000}]}"#
        let outcome = try PresetOutcome.read(Self.settings, [Fixture.memory("page.json", page)])
        #expect(outcome.issues.map(\.description) == ["page.json, line 1 (record 1, ticket 7001), created_at (offered_at): is missing"])
    }
}
