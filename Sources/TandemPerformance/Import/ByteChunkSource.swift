import Foundation

/// Where a reader gets its bytes: a file read in fixed-size chunks (memory stays flat however big
/// the file is) or bytes already in memory (tests, uploads).
public protocol ByteChunkSource {
    /// The next chunk, or nil at the end.
    mutating func nextChunk() throws -> [UInt8]?
}

public struct FileChunkSource: ByteChunkSource {
    private let handle: FileHandle
    private let chunkSize: Int
    private var closed = false
    public private(set) var bytesRead: Int = 0

    public init(path: String, chunkSize: Int = 1 << 20) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        self.handle = handle
        self.chunkSize = chunkSize
    }

    public mutating func nextChunk() throws -> [UInt8]? {
        guard !closed else { return nil }
        guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else {
            try? handle.close()
            closed = true
            return nil
        }
        bytesRead += data.count
        return [UInt8](data)
    }
}

public struct MemoryChunkSource: ByteChunkSource {
    private var bytes: [UInt8]?
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) { self.bytes = Array(text.utf8) }
    public mutating func nextChunk() throws -> [UInt8]? {
        defer { bytes = nil }
        return bytes
    }
}
