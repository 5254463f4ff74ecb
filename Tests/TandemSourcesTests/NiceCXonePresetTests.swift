import Foundation
import TandemPerformance
@testable import TandemSources
import Testing

@Suite struct NiceCXonePresetTests {
    static let settings = try! PresetSettings.parse("""
        team=site,queue
        site.Team Billing=Alpha Berlin
        site.Team Digital=Alpha Berlin
        site.Team Tech=Bravo Lisbon
        team.DE_Billing_Voice=Alpha Support
        team.DE_Tech_Voice=Bravo BPO
        """, preset: .niceCXone)

    static let alpha = SampleDirectory.alpha, bravo = SampleDirectory.bravo

    /// Poll 1 (formats doc §4.4): offered = contactStart + preQueueSeconds, answered = offered +
    /// inQueueSeconds when agentSeconds > 0, wait = inQueueSeconds, talk = agentSeconds. The team
    /// from the agent's CXone team (teamName) through site.<team>; abandoned contacts have no team
    /// name, so their queue's team.
    static let pollOne: [Expected] = [
        Expected(id: "720000101", team: alpha, queue: "DE_Billing_Voice", channel: .voice, agent: "30101", customer: "4915112340001",
                 offered: "2025-03-10T08:00:41Z", answered: "2025-03-10T08:01:02Z", wait: 21, talk: 338, hold: 0, afterWork: 48, site: "s-berlin"),
        // Abandoned after 98 s in queue (abandonSeconds 134 includes the 36 s before the queue).
        Expected(id: "720000102", team: alpha, queue: "DE_Billing_Voice", channel: .voice, customer: "4915223450003",
                 offered: "2025-03-10T08:05:36Z", abandoned: true, wait: 98),
        // CXone's short abandon (3 s): Tandem's S decides from the wait.
        Expected(id: "720000103", team: bravo, queue: "DE_Tech_Voice", channel: .voice, customer: "4915900000012",
                 offered: "2025-03-10T08:22:38Z", abandoned: true, wait: 3),
        Expected(id: "720000104", team: alpha, queue: "DE_Billing_Voice", channel: .voice, agent: "30101", customer: "4915112340005",
                 offered: "2025-03-10T08:08:30Z", answered: "2025-03-10T08:08:52Z", wait: 22, talk: 158, hold: 40, afterWork: 20, site: "s-berlin"),
        // The transfer leg (masterContactId 720000104), 1 s before its queue.
        Expected(id: "720000105", team: bravo, queue: "DE_Tech_Voice", channel: .voice, agent: "30102", customer: "4915112340005",
                 offered: "2025-03-10T08:11:31Z", answered: "2025-03-10T08:12:44Z", wait: 73, talk: 381, hold: 0, afterWork: 110, site: "s-lisbon"),
        Expected(id: "720000106", team: alpha, queue: "DE_Chat", channel: .chat, agent: "30104", customer: "lea.braun@example.com",
                 offered: "2025-03-10T08:16:08Z", answered: "2025-03-10T08:16:50Z", wait: 42, talk: 742, hold: 0, afterWork: 25, site: "s-berlin"),
        // …107: outbound: left out.
        // Email: 10,950 s in queue; its after-contact work not yet warehoused in poll 1.
        Expected(id: "720000108", team: alpha, queue: "DE_Email", channel: .email, agent: "30103", customer: "t.weiss@example.net",
                 offered: "2025-03-10T08:02:00Z", answered: "2025-03-10T11:04:30Z", wait: 10_950, talk: 690, hold: 0, afterWork: 0, site: "s-berlin"),
    ]

    static var bothPolls: [Expected] {
        var expected = pollOne
        let index = expected.firstIndex { $0.id == "720000108" }!
        expected[index].afterWork = 145
        expected.append(Expected(id: "720000109", team: alpha, queue: "DE_Billing_Voice", channel: .voice, agent: "30103", customer: "4915112340016",
                                 offered: "2025-03-10T08:30:28Z", answered: "2025-03-10T08:31:40Z", wait: 72, talk: 280, hold: 0, afterWork: 40, site: "s-berlin"))
        return expected
    }

    @Test func api_json_gives_every_contact_as_the_formats_doc_says() throws {
        let outcome = try PresetOutcome.read(Self.settings, [Fixture.part("nice_cxone_completed_contacts_poll1.json")])
        expectContacts(outcome, Self.pollOne)
        #expect(outcome.skipped == [NiceCXoneMapper.outbound: 1])
    }

    @Test func second_poll_updates_the_redelivered_contact() throws {
        let outcome = try PresetOutcome.read(Self.settings, ["nice_cxone_completed_contacts_poll1.json", "nice_cxone_completed_contacts_poll2.json"].map(Fixture.part))
        expectContacts(outcome, Self.bothPolls)
    }

    @Test func csv_form_with_its_duplicate_row_gives_the_same_contacts() throws {
        let outcome = try PresetOutcome.read(Self.settings, [Fixture.part("nice_cxone_contacts.csv")])
        expectContacts(outcome, Self.bothPolls)
        // 11 lines: the header and 10 records, one of them outbound; 720000108 twice.
        #expect(outcome.rows.count == 9 && outcome.rows.filter { $0[.externalID] == "720000108" }.map(\.line) == [9, 10])
    }

    @Test func older_api_all_strings_inside_result_set() throws {
        let text = """
            {"resultSet":{"_links":{"self":"x"},"completedContacts":[{"contactId":"720000201","lastUpdateTime":"2025-03-10T09:00:00.000Z",
            "contactStart":"2025-03-10T08:50:00.000Z","skillName":"DE_Billing_Voice","skillId":"11020301","mediaTypeName":"Call","agentId":"30101",
            "fromAddr":"4915100000000","isOutbound":"False","abandoned":"False","preQueueSeconds":"10","inQueueSeconds":"5","agentSeconds":"100",
            "holdSeconds":"0","ACWSeconds":"7","teamName":"Team Billing"}]}}
            """
        let outcome = try PresetOutcome.read(Self.settings, [Fixture.memory("v2.json", text)])
        expectContacts(outcome, [Expected(id: "720000201", team: Self.alpha, queue: "DE_Billing_Voice", channel: .voice, agent: "30101",
                                          customer: "4915100000000", offered: "2025-03-10T08:50:10Z", answered: "2025-03-10T08:50:15Z",
                                          wait: 5, talk: 100, hold: 0, afterWork: 7, site: "s-berlin")])
    }

    @Test func malformed_csv_row_and_header() throws {
        let csv = try Fixture.text("nice_cxone_contacts.csv")
        var lines = csv.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        lines[1] = lines[1].replacingOccurrences(of: "2025-03-10T08:00:05.000Z", with: "10/03/2025 08:00")
        let outcome = try PresetOutcome.read(Self.settings, [Fixture.memory("contacts.csv", lines.joined(separator: "\n"))])
        #expect(outcome.issues.map(\.description) == [
            "contacts.csv, line 2 (record 1, contactId 720000101), contactStart + preQueueSeconds (offered_at): contactStart “10/03/2025 08:00” is not a date-time with a UTC offset like 2025-03-10T08:00:05.000Z",
        ])
        do {
            _ = try PresetOutcome.read(Self.settings, [Fixture.memory("contacts.csv", "Contact_ID,Skill_Name\n1,x\n")])
            Issue.record("a Data Download header was read as the API CSV")
        } catch let issue as FileIssue {
            #expect(issue.description == "the file contacts.csv header lacks contactId, contactStart, skillName (a CXone completed-contacts CSV has the API's field names)")
        }
    }
}
