import TandemPartners
import Foundation
import TandemPerformance

/// Amazon Connect contact records (CTRs), as data streaming delivers them: one JSON object per
/// record, in JSON Lines, back to back with no delimiter (Kinesis Firehose to S3), or inside a
/// Kinesis event (`{"Records":[{"kinesis":{"data":"<base64 CTR>"}}]}`). Rules (formats doc §1):
/// - A record without `Queue.EnqueueTimestamp` never queued (IVR only, agent outbound, a task
///   created straight on an agent) and is not a contact of any queue: left out, counted.
/// - Answered: `Agent.ConnectedToAgentTimestamp`. Abandoned: queued, never connected to an agent,
///   and no `NextContactId`: a queued leg that continued as a queued callback or a queue transfer
///   hands the customer on and is not an abandon (it counts as offered only). Short abandons are
///   Tandem's S applied to the wait, `Queue.Duration`, as Connect's "abandoned in X seconds" does.
/// - Each leg of a chain (transfer, callback) is its own contact in its own queue; a callback leg's
///   `Queue.Duration` includes the callback's delay, so map callback queues to a Tandem queue of
///   their own to keep ASA honest.
/// - Version: `LastUpdateTimestamp`; a re-delivered copy replaces an older one (also within a
///   file), an older copy never replaces a newer one, equal ones: the last read wins.
/// - CSAT, resolution, customer key and team may come from contact attributes the settings name.
final class AmazonConnectMapper: PresetMapper {
    let resolver: ContactResolver
    private let settings: PresetSettings
    private var inner = JSONTape()
    private let siteLevel: String

    /// What the settings need of each record (the rest is not read: a few hundred thousand records a second).
    private let usesRoster: Bool, usesSite: Bool, usesAttributes: Bool, mapsQueueIDs: Bool

    init(_ resolver: ContactResolver) {
        self.resolver = resolver
        self.settings = resolver.settings
        siteLevel = (settings.siteLevel.map { "Level" + $0.dropFirst(5) }) ?? "Level1"
        usesRoster = settings.team.contains(.roster)
        usesSite = settings.team.contains(.site)
        usesAttributes = settings.team.contains { if case .attribute = $0 { true } else { false } }
        // Queue ARNs are keys only when a setting names one.
        mapsQueueIDs = (Array(settings.queues.keys) + Array(settings.teams.keys)).contains { $0.hasPrefix("arn:") }
    }

    var layout: JSONRecordStream.Layout { JSONRecordStream.Layout(wholeDocuments: true) }
    var sideKinds: Set<String> { [] }
    func side(_ record: JSONRecordStream.Record, _ tape: JSONTape, file: String) throws(FileIssue) {}
    func csvReader(file: String, context: RowContext) -> (any PresetCSVMapper)? { nil }

    static let notQueued = "not queued (no Queue.EnqueueTimestamp: IVR only, agent outbound or agent-initiated)"

    func contacts(_ record: JSONRecordStream.Record, _ tape: JSONTape, context: RowContext, into rows: inout [RawContactRow], skipped: inout [String: Int]) {
        let root = tape.root
        // A Kinesis event: each record's data is one CTR, base64-encoded.
        if let batch = tape.member(root, "Records"), tape.kind(batch) == .array {
            for (index, element) in tape.elements(batch).enumerated() {
                var row = RawContactRow(record: record, context: context)
                guard let data = tape.string(tape.value(element, "kinesis", "data")) else {
                    row.fail(source: "Records[\(index)].kinesis.data", "is missing")
                    rows.append(row)
                    continue
                }
                guard let decoded = Data(base64Encoded: data) else {
                    row.fail(source: "Records[\(index)].kinesis.data", "is not base64")
                    rows.append(row)
                    continue
                }
                let bytes = [UInt8](decoded)
                var start = 0
                while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
                let result = bytes.withUnsafeBufferPointer { inner.parse($0, from: start, isFinal: true) }
                guard case .complete = result, inner.kind(inner.root) == .object else {
                    let why = if case .invalid(let error) = result { " (it \(error.message) at byte \(error.offset))" } else { "" }
                    row.fail(source: "Records[\(index)].kinesis.data", "does not decode to a JSON contact record\(why)")
                    rows.append(row)
                    continue
                }
                contact(inner, inner.root, row: row, into: &rows, skipped: &skipped)
            }
            return
        }
        guard tape.kind(root) == .object else {
            var row = RawContactRow(record: record, context: context)
            row.fail(source: "record", "is not a JSON object")
            rows.append(row)
            return
        }
        contact(tape, root, row: RawContactRow(record: record, context: context), into: &rows, skipped: &skipped)
    }

    private func contact(_ t: JSONTape, _ r: JSONTape.Ref, row start: RawContactRow, into rows: inout [RawContactRow], skipped: inout [String: Int]) {
        var row = start
        guard let id = t.string(t.present(r, "ContactId")) else {
            row.fail(.externalID, t.present(r, "ContactId") == nil ? "is missing" : "is not a string")
            rows.append(row)
            return
        }
        row[.externalID] = id
        let updated = t.string(t.present(r, "LastUpdateTimestamp"))
        if let updated {
            guard let version = Instants.milliseconds(updated) else {
                row.fail(source: "LastUpdateTimestamp", "“\(updated)” is not a date-time like 2025-03-10T08:00:41Z")
                rows.append(row)
                return
            }
            row.version = version
        } else {
            row.version = 0
        }
        let queue = t.present(r, "Queue")
        guard let enqueued = t.present(queue, "EnqueueTimestamp") else {
            skipped[Self.notQueued, default: 0] += 1
            return
        }
        let agent = t.present(r, "Agent")
        let channel: ChannelKind? = switch t.string(t.present(r, "Channel")) {
        case "VOICE": .voice
        case "CHAT": .chat
        case "TASK": .backOffice
        case "EMAIL": .email
        default: nil
        }
        if let channel { row[.channel] = ChannelText.name(channel) }
        row[.offeredAt] = t.text(enqueued)
        let connected = t.text(t.present(agent, "ConnectedToAgentTimestamp"))
        row[.answeredAt] = connected
        let continued = t.present(r, "NextContactId") != nil
        row[.abandoned] = connected == nil && !continued ? "true" : "false"
        if let duration = t.text(t.present(queue, "Duration")) {
            row[.waitSeconds] = duration
        } else if let enqueuedAt = Instants.milliseconds(t.text(enqueued)), let dequeuedAt = Instants.milliseconds(t.text(t.present(queue, "DequeueTimestamp"))) {
            row[.waitSeconds] = Instants.seconds(milliseconds: max(0, dequeuedAt - enqueuedAt))
        }
        row[.talkSeconds] = t.text(t.present(agent, "AgentInteractionDuration"))
        row[.holdSeconds] = t.text(t.present(agent, "CustomerHoldDuration"))
        row[.afterWorkSeconds] = t.text(t.present(agent, "AfterContactWorkDuration"))
        let username = t.string(t.present(agent, "Username"))
        let agentARN = username == nil || usesRoster ? t.string(t.present(agent, "ARN")) : nil
        row[.agent] = username ?? agentARN
        let attributes = t.present(r, "Attributes")
        func attribute(_ name: String) -> String? { t.text(t.member(attributes, named: name)) }
        row[.customer] = t.string(t.value(r, "CustomerEndpoint", "Address")) ?? settings.customerAttribute.flatMap(attribute)
        if let name = settings.csatAttribute { row[.csat] = attribute(name) }
        if let scale = settings.csatScale { row[.csatScale] = scale }
        if let name = settings.resolvedAttribute { row[.resolvedFirstContact] = attribute(name) }

        let queueName = t.string(t.present(queue, "Name")) ?? ""
        var hints = ContactHints(queueName: queueName, queueID: mapsQueueIDs ? t.string(t.present(queue, "ARN")) : nil, channel: channel)
        if usesRoster { hints.agents = [username, agentARN].compactMap { $0 } }
        if usesSite { hints.site = t.string(t.present(t.present(t.present(agent, "HierarchyGroups"), siteLevelKey), "GroupName")) }
        if usesAttributes { hints.attribute = attribute }
        hints.day = Instants.milliseconds(t.text(enqueued)).map(Instants.day) ?? 0
        if queueName.isEmpty { row.fail(.queue, "is missing (the record has a Queue without a Name)") }
        else { row.resolve(hints, with: resolver) }
        rows.append(row)
    }

    private var siteLevelKey: StaticString {
        switch siteLevel.lowercased() {
        case "level2": "Level2"
        case "level3": "Level3"
        case "level4": "Level4"
        case "level5": "Level5"
        default: "Level1"
        }
    }
}
