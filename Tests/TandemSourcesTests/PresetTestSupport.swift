import TandemPartners
import Foundation
import TandemPerformance
@testable import TandemSources
import Testing

/// The samples and the files written for these tests (Fixtures/README.md).
enum Fixture {
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
    }

    static func part(_ name: String) -> ImportPart {
        let path = path(name)
        return ImportPart(name: name) { try FileChunkSource(path: path, chunkSize: 4096) }
    }

    static func text(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    static func memory(_ name: String, _ text: String) -> ImportPart {
        let bytes = Array(text.utf8)
        return ImportPart(name: name) { MemoryChunkSource(bytes) }
    }

    /// Bytes handed out a few at a time: records straddle every chunk boundary.
    struct Trickle: ByteChunkSource {
        var bytes: [UInt8]
        var size: Int
        var position = 0
        mutating func nextChunk() throws -> [UInt8]? {
            guard position < bytes.count else { return nil }
            defer { position += size }
            return Array(bytes[position..<min(bytes.count, position + size)])
        }
    }
}

/// A workspace shaped like the samples' contact centre: two teams, the platforms' queues.
enum SampleDirectory {
    static let alpha = "t-alpha", bravo = "t-bravo"

    static let directory = ContactDirectory(
        teams: [
            .init(id: alpha, name: "Alpha Support", sites: ["Alpha Berlin": .init(id: "s-berlin", timeZone: TimeZone(identifier: "Europe/Berlin")!)]),
            .init(id: bravo, name: "Bravo BPO", sites: ["Bravo Lisbon": .init(id: "s-lisbon", timeZone: TimeZone(identifier: "Europe/Lisbon")!),
                                                        "Bravo Porto": .init(id: "s-porto", timeZone: TimeZone(identifier: "Europe/Lisbon")!)]),
        ],
        queues: [
            ("Billing_DE", ChannelKind.voice), ("Tech_Support", .voice), ("Callback_DE", .voice), ("Chat_Support", .chat), ("Backoffice_Tasks", .backOffice),
            ("Email_DE", .email), ("Messaging_DE", .messaging),
            ("zd-email", .email), ("zd-chat", .chat), ("zd-messaging", .messaging), ("zd-web", .email), ("zd-voice", .voice),
            ("DE_Billing_Voice", .voice), ("DE_Tech_Voice", .voice), ("DE_Chat", .chat), ("DE_Email", .email),
        ].map { ContactDirectory.Queue(id: "q-\($0.0)", code: $0.0, channel: $0.1, serviceLevelSeconds: 20) }
    )
}

/// What a preset made of some files: every row, the contacts as the database would keep them
/// (per external id the highest version, the last read on a tie), the rows' issues, the skips.
struct PresetOutcome {
    var rows: [RawContactRow] = []
    var contacts: [String: ContactRecord] = [:]
    var versions: [String: Int64] = [:]
    var deleted: Set<String> = []
    var issues: [RowIssue] = []
    var skipped: [String: Int] = [:]

    static func read(_ settings: PresetSettings, _ parts: [ImportPart], roster: (any AgentTeamLookup)? = nil) throws -> PresetOutcome {
        let reader = try PresetRowReader(settings: settings, parts: parts, directory: SampleDirectory.directory, roster: roster)
        let validator = ContactRowValidator(directory: SampleDirectory.directory)
        var outcome = PresetOutcome()
        while let row = try reader.next() {
            outcome.rows.append(row)
            if row.isDeletion {
                let id = row[.externalID]!
                if let known = outcome.versions[id], known > row.version! { continue }
                outcome.contacts[id] = nil
                outcome.deleted.insert(id)
                continue
            }
            switch validator.validate(row) {
            case .invalid(let issues): outcome.issues += issues
            case .valid(let record):
                if let known = outcome.versions[record.externalID], known > row.version! { continue }
                outcome.versions[record.externalID] = row.version!
                outcome.contacts[record.externalID] = record
            }
        }
        outcome.skipped = reader.skippedRecords
        return outcome
    }
}

/// One contact's canonical values, written out in a test.
struct Expected {
    var id: String
    var team: String
    var queue: String
    var channel: ChannelKind
    var agent: String?
    var customer: String?
    var offered: String
    var answered: String?
    var abandoned = false
    var wait: Double = 0
    var talk: Double = 0
    var hold: Double = 0
    var afterWork: Double = 0
    var resolved: Bool? = nil
    var csat: Int? = nil
    var scale: SurveyScale = .oneToFive
    var site = ""

    static func instant(_ text: String) -> Date {
        let parsed = ParsedTimestamp.parse(text)!
        return Date(timeIntervalSince1970: parsed.wallClockSeconds - Double(parsed.offsetSeconds!))
    }

    var record: ContactRecord {
        // A team with one site gets it when the record names none (Alpha's Berlin).
        ContactRecord(externalID: id, teamID: team, siteID: site.isEmpty && team == SampleDirectory.alpha ? "s-berlin" : site, queueID: "q-\(queue)", channel: channel, agentID: agent, customerKey: customer,
                      offeredAt: Self.instant(offered), answeredAt: answered.map(Self.instant), abandoned: abandoned, waitSeconds: wait,
                      talkSeconds: talk, holdSeconds: hold, afterWorkSeconds: afterWork, resolvedFirstContact: resolved, csat: csat, csatScale: scale)
    }
}

func expectContacts(_ outcome: PresetOutcome, _ expected: [Expected], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(outcome.issues.isEmpty, "\(outcome.issues)", sourceLocation: sourceLocation)
    #expect(Set(outcome.contacts.keys) == Set(expected.map(\.id)), sourceLocation: sourceLocation)
    for want in expected {
        guard let got = outcome.contacts[want.id] else { continue }
        #expect(got == want.record, "\(want.id)", sourceLocation: sourceLocation)
    }
}
