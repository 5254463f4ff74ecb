import Foundation
import Logging
import NIOConcurrencyHelpers

/// How log lines are written: `text` (swift-log's usual lines) or `json` (one JSON object per
/// line, for log collectors): `TANDEM_LOG_FORMAT`.
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json
}

/// One JSON object per line: `time` (ISO 8601, UTC, milliseconds), `level`, `message`, `label`
/// (the logger), then the metadata as fields (`request_id`, `route`, `method`, `status`,
/// `duration_ms` on request lines). Keys are sorted so lines compare and grep the same way.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let write: @Sendable (String) -> Void

    public init(label: String, level: Logger.Level = .info, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardOutput) {
        self.label = label
        self.logLevel = level
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
                    file: String, function: String, line: UInt) {
        var object: [String: Any] = [:]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { _, new in new }) { object[key] = Self.plain(value) }
        object["time"] = Self.timestamp(Date())
        object["level"] = level.rawValue
        object["message"] = message.description
        object["label"] = label
        if level >= .error { object["source"] = "\(file.split(separator: "/").last ?? ""):\(line)" }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        write(String(decoding: data, as: UTF8.self))
    }

    static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let s): return s
        case .stringConvertible(let c):
            if let n = c as? Int { return n }
            if let n = c as? UInt { return n }
            if let d = c as? Double { return d }
            if let b = c as? Bool { return b }
            return c.description
        case .array(let list): return list.map(plain)
        case .dictionary(let map): return map.mapValues(plain)
        }
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Whole lines to standard output, never interleaved between threads.
    public static let standardOutput: @Sendable (String) -> Void = { line in
        lock.withLock {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
    private static let lock = NIOLock()
}
