import Foundation

/// What a benchmark reports about its own memory.
enum ProcessMemory {
    /// Peak resident memory of this process so far, in bytes (Linux: VmHWM), nil elsewhere.
    static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }
}
