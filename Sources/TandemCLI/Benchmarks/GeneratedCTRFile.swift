import ArgumentParser
import Foundation
import TandemPerformance

/// The benchmark's contacts (the same generator and seed as `GeneratedContactFile`) written as
/// Amazon Connect contact records with every field a real one carries (ARNs, endpoints, recording,
/// hierarchy, about 1.8 KB each), the way Kinesis Firehose leaves them in S3: objects back to back
/// with no delimiter, or one per line.
enum GeneratedCTRFile {
    enum Shape: String, ExpressibleByArgument, CaseIterable {
        case firehose, jsonl
    }

    /// The preset settings that read these records into the demo teams and queues.
    static let settings = "team=attribute:partner;csat=csatScore;resolved=resolvedFirstContact"

    static func write(count: Int, to path: String, shape: Shape, seed: UInt64 = 2026) throws -> Int {
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw ValidationError("Cannot write \(path).") }
        defer { try? handle.close() }
        var buffer = Data()
        buffer.reserveCapacity(1 << 21)
        var written = 0
        for contact in GeneratedContactFile.generator(count: count, seed: seed) {
            buffer.append(contentsOf: record(contact).utf8)
            if shape == .jsonl { buffer.append(0x0A) }
            if buffer.count >= 1 << 20 {
                handle.write(buffer)
                written += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(buffer)
        return written + buffer.count
    }

    static let instance = "arn:aws:connect:eu-central-1:123456789012:instance/7c1e2f30-4b5a-4d6e-9f80-a1b2c3d4e5f6"

    /// One contact record, keys in the order Connect writes them.
    static func record(_ c: ContactGenerator.Contact) -> String {
        func iso(_ seconds: Int) -> String {
            let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
            let rest = seconds - days * 86_400
            let d = CivilDate.civil(fromDays: days)
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
            return "\"\(d.year)-\(two(d.month))-\(two(d.day))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z\""
        }
        func string(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        let voice = c.channel == .voice
        let arrived = c.offeredAt - 35
        let dequeued = c.answeredAt ?? (c.offeredAt + c.waitSeconds)
        let ended = (c.answeredAt ?? dequeued) + c.talkSeconds + c.holdSeconds
        let updated = ended + c.afterWorkSeconds + 47
        var agent = "null"
        if let answered = c.answeredAt {
            agent = "{\"ARN\":\"\(instance)/agent/\(c.agent)\",\"AfterContactWorkDuration\":\(c.afterWorkSeconds),"
                + "\"AfterContactWorkEndTimestamp\":\(iso(ended + c.afterWorkSeconds)),\"AfterContactWorkStartTimestamp\":\(iso(ended)),"
                + "\"AgentInteractionDuration\":\(c.talkSeconds),\"ConnectedToAgentTimestamp\":\(iso(answered)),\"CustomerHoldDuration\":\(c.holdSeconds),"
                + "\"HierarchyGroups\":{\"Level1\":{\"ARN\":\"\(instance)/agent-group/\(c.site ?? "none")\",\"GroupName\":\(string(c.site ?? ""))}},"
                + "\"LongestHoldDuration\":\(c.holdSeconds),\"NumberOfHolds\":\(c.holdSeconds > 0 ? 1 : 0),"
                + "\"RoutingProfile\":{\"ARN\":\"\(instance)/routing-profile/b1a2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\",\"Name\":\"Basic\"},\"Username\":\(string(c.agent))}"
        }
        var attributes = "{\"partner\":\(string(c.team)),\"language\":\"en\""
        if let csat = c.csat { attributes += ",\"csatScore\":\"\(csat)\"" }
        if let resolved = c.resolvedFirstContact { attributes += ",\"resolvedFirstContact\":\"\(resolved)\"" }
        attributes += "}"
        let recording = voice && c.answeredAt != nil
            ? "{\"DeletionReason\":null,\"Location\":\"connect-recordings/CallRecordings/\(c.externalID).wav\",\"Status\":\"AVAILABLE\",\"Type\":\"AUDIO\"}"
            : "null"
        return "{\"AWSAccountId\":\"123456789012\",\"AWSContactTraceRecordFormatVersion\":\"2017-03-10\",\"Agent\":\(agent),"
            + "\"AgentConnectionAttempts\":\(c.answeredAt == nil ? 0 : 1),\"Attributes\":\(attributes),\"Channel\":\"\(voice ? "VOICE" : "CHAT")\","
            + "\"ConnectedToSystemTimestamp\":\(iso(arrived)),\"ContactId\":\(string(c.externalID)),"
            + "\"CustomerEndpoint\":{\"Address\":\(string(c.customer)),\"Type\":\"\(voice ? "TELEPHONE_NUMBER" : "EMAIL")\"},"
            + "\"DisconnectReason\":\"CUSTOMER_DISCONNECT\",\"DisconnectTimestamp\":\(iso(ended)),\"InitialContactId\":null,"
            + "\"InitiationMethod\":\"\(voice ? "INBOUND" : "API")\",\"InitiationTimestamp\":\(iso(arrived)),\"InstanceARN\":\"\(instance)\","
            + "\"LastUpdateTimestamp\":\(iso(updated)),\"MediaStreams\":[{\"Type\":\"\(voice ? "AUDIO" : "CHAT")\"}],\"NextContactId\":null,\"PreviousContactId\":null,"
            + "\"Queue\":{\"ARN\":\"\(instance)/queue/\(c.queue)\",\"DequeueTimestamp\":\(iso(dequeued)),\"Duration\":\(c.waitSeconds),"
            + "\"EnqueueTimestamp\":\(iso(c.offeredAt)),\"Name\":\(string(c.queue))},\"Recording\":\(recording),\"Recordings\":null,\"References\":[],"
            + "\"ScheduledTimestamp\":null,\"SystemEndpoint\":{\"Address\":\"+4969907012345\",\"Type\":\"TELEPHONE_NUMBER\"},"
            + "\"TransferCompletedTimestamp\":null,\"TransferredToEndpoint\":null}"
    }
}
