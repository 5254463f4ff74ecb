import ArgumentParser
import Foundation
import TandemPerformance

/// Contact files for demos and benchmarks: the demo teams and queues, a year of seasonal traffic.
enum GeneratedContactFile {
    /// Writes `count` generated contacts for the demo teams and queues as CSV; returns bytes written.
    /// Streams: memory stays flat whatever the count.
    static func write(count: Int, to path: String, seed: UInt64 = 2026) throws -> Int {
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw ValidationError("Cannot write \(path).") }
        defer { try? handle.close() }
        let generator = Self.generator(count: count, seed: seed)
        var buffer = Data()
        buffer.reserveCapacity(1 << 21)
        buffer.append(contentsOf: (ContactGenerator.csvHeader + "\n").utf8)
        var written = 0
        for contact in generator {
            buffer.append(contentsOf: contact.csvLine.utf8)
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 {
                handle.write(buffer)
                written += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(buffer)
        return written + buffer.count
    }

    /// The demo teams and queues, a year of seasonal traffic holding `count` contacts.
    static func generator(count: Int, seed: UInt64) -> ContactGenerator {
        let lastDay = UTCDay(Date())
        return ContactGenerator(
            teams: [
                .init(name: "Northwind In-house", site: "Denver HQ", trend: .steady(0.78)),
                .init(name: "Harborline Contact Services", site: "Tampa", trend: .improving(from: 0.45, to: 0.82)),
                .init(name: "Meridian CX", site: "Monterrey", trend: .degradingAfterLaunch(launch: 0.86, later: 0.5, afterWeeks: 10)),
            ],
            queues: [
                .init(code: "orders-voice", channel: .voice, serviceLevelSeconds: 20, talkSeconds: 330),
                .init(code: "billing-voice", channel: .voice, serviceLevelSeconds: 30, talkSeconds: 360),
                .init(code: "tech-voice", channel: .voice, serviceLevelSeconds: 20, talkSeconds: 420),
                .init(code: "orders-chat", channel: .chat, serviceLevelSeconds: 60, talkSeconds: 480),
                .init(code: "returns-chat", channel: .chat, serviceLevelSeconds: 60, talkSeconds: 420),
            ],
            // Enough days that a year holds the requested count; the volume per day follows from it.
            firstDay: UTCDay(daysSince1970: lastDay.daysSince1970 - 364), lastDay: lastDay,
            dailyVolume: max(1, Double(count) / (364 * 15 * 0.93)), limit: count, seed: seed, idPrefix: "g\(seed)", idWidth: 8
        )
    }
}
