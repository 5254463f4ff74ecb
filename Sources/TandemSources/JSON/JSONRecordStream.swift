import TandemPerformance

/// Streams the records out of JSON input of any size, one record in memory at a time:
/// - documents one after another, with or without whitespace or line breaks between them (JSON
///   Lines, pretty-printed files joined together, and Kinesis Firehose's S3 objects, which put
///   objects back to back with no delimiter at all);
/// - in each document, either the document itself is the record (`Layout.wholeDocuments`), or the
///   elements of the arrays (and members of the objects) under the keys the layout names are,
///   wherever those keys sit among the top-level members (an API page's `tickets`, `conversations`,
///   `completedContacts`), reaching into the objects named in `descend` (CXone's `resultSet`);
///   everything else in the document is read past. A top-level array's elements are records.
public struct JSONRecordStream {
    public struct Layout: Sendable {
        /// Keys whose array elements are records.
        public var arrays: Set<String>
        /// Keys whose object members are records (a lookup table: the member key comes with the record).
        public var maps: Set<String>
        /// Keys whose object values are read like a document's top level.
        public var descend: Set<String>
        /// Each top-level object is one record (the others are ignored).
        public var wholeDocuments: Bool

        public init(arrays: Set<String> = [], maps: Set<String> = [], descend: Set<String> = [], wholeDocuments: Bool = false) {
            self.arrays = arrays
            self.maps = maps
            self.descend = descend
            self.wholeDocuments = wholeDocuments
        }
    }

    /// Where a record came from. Its value is in `tape` until the next call.
    public struct Record: Sendable {
        /// The key whose array or object held the record; "" for a whole document or a top-level array element.
        public let kind: String
        /// For a member of a `maps` object: its key.
        public let key: String?
        /// 1-based line the record starts on.
        public let line: Int
        /// Byte offset of the record's first byte in the input.
        public let offset: Int
        /// 1-based position among the records of this input.
        public let ordinal: Int
    }

    private var source: any ByteChunkSource
    private let layout: Layout
    private var buffer: [UInt8] = []
    private var position = 0
    /// Input offset of `buffer[0]`.
    private var base = 0
    private var exhausted = false
    private var line = 1
    private var ordinal = 0
    private var started = false
    /// The envelope levels the reader is inside: objects being read member by member, and record containers.
    private enum Frame { case object, records(kind: String), map(kind: String) }
    private var frames: [Frame] = []
    /// After a value inside a frame, a comma or the frame's closing bracket comes next.
    private var afterValue = false
    public private(set) var tape = JSONTape()
    private var scratch = JSONTape()

    public init(_ source: some ByteChunkSource, layout: Layout) {
        self.source = source
        self.layout = layout
    }

    /// The next record, or nil at the end of the input.
    public mutating func next() throws(JSONStreamError) -> Record? {
        while true {
            guard try skipWhitespace() else {
                if !frames.isEmpty { throw error("ends before the document is closed (is the file cut short?)") }
                return nil
            }
            let b = buffer[position]
            guard let frame = frames.last else {
                // Between documents.
                if b == UInt8(ascii: "{") {
                    if layout.wholeDocuments { return try record(kind: "", key: nil) }
                    position += 1
                    frames.append(.object)
                    afterValue = false
                    continue
                }
                if b == UInt8(ascii: "[") {
                    position += 1
                    frames.append(.records(kind: ""))
                    afterValue = false
                    continue
                }
                throw error("expected a JSON object, found \(JSONTape.describe(b))")
            }
            let closing: UInt8 = if case .records = frame { UInt8(ascii: "]") } else { UInt8(ascii: "}") }
            if afterValue {
                if b == UInt8(ascii: ",") {
                    position += 1
                    afterValue = false
                    guard try skipWhitespace() else { throw error("ends before the document is closed (is the file cut short?)") }
                    if buffer[position] == closing { throw error("has a comma before \(JSONTape.describe(closing))") }
                    continue
                }
                guard b == closing else { throw error("expected “,” or \(JSONTape.describe(closing)), found \(JSONTape.describe(b))") }
                position += 1
                frames.removeLast()
                afterValue = !frames.isEmpty
                continue
            }
            if b == closing {
                position += 1
                frames.removeLast()
                afterValue = !frames.isEmpty
                continue
            }
            switch frame {
            case .records(let kind):
                afterValue = true
                return try record(kind: kind, key: nil)
            case .object, .map:
                guard b == UInt8(ascii: "\"") else { throw error("expected an object key in quotes, found \(JSONTape.describe(b))") }
                try parseScratch()
                let key = scratch.string(scratch.root) ?? ""
                guard try skipWhitespace() else { throw error("ends before the document is closed (is the file cut short?)") }
                guard buffer[position] == UInt8(ascii: ":") else { throw error("expected “:” after the key “\(key)”, found \(JSONTape.describe(buffer[position]))") }
                position += 1
                guard try skipWhitespace() else { throw error("ends before the document is closed (is the file cut short?)") }
                let value = buffer[position]
                if case .map(let kind) = frame {
                    afterValue = true
                    return try record(kind: kind, key: key)
                }
                if value == UInt8(ascii: "["), layout.arrays.contains(key) {
                    position += 1
                    frames.append(.records(kind: key))
                    afterValue = false
                } else if value == UInt8(ascii: "{"), layout.maps.contains(key) {
                    position += 1
                    frames.append(.map(kind: key))
                    afterValue = false
                } else if value == UInt8(ascii: "{"), layout.descend.contains(key) {
                    position += 1
                    frames.append(.object)
                    afterValue = false
                } else {
                    try parseScratch()
                    afterValue = true
                }
            }
        }
    }

    /// Parses the value at `position` as a record into `tape`.
    private mutating func record(kind: String, key: String?) throws(JSONStreamError) -> Record {
        let startLine = line, startOffset = base + position
        ordinal += 1
        try parse(scratch: false)
        return Record(kind: kind, key: key, line: startLine, offset: startOffset, ordinal: ordinal)
    }

    private mutating func parseScratch() throws(JSONStreamError) {
        try parse(scratch: true)
    }

    /// Parses the value at `position` into `tape` or `scratch` (taken out while parsing, so the
    /// stream can refill its buffer meanwhile; swapping moves no bytes).
    private mutating func parse(scratch useScratch: Bool) throws(JSONStreamError) {
        var target = JSONTape()
        if useScratch { swap(&target, &scratch) } else { swap(&target, &tape) }
        defer { if useScratch { swap(&target, &scratch) } else { swap(&target, &tape) } }
        while true {
            let isFinal = exhausted
            let result = buffer.withUnsafeBufferPointer { target.parse($0, from: position, isFinal: isFinal) }
            switch result {
            case .complete(let end, let newlines):
                position = end
                line += newlines
                return
            case .invalid(let syntax):
                let at = base + position + syntax.offset
                let lineAt = line + buffer[position..<(position + syntax.offset)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                throw JSONStreamError(offset: at, line: lineAt, record: ordinal, message: syntax.message)
            case .incomplete:
                guard try refill() else {
                    // Named where the input ends: that is where the value was cut.
                    let lines = buffer[position...].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                    throw JSONStreamError(offset: base + buffer.count, line: line + lines, record: ordinal,
                                          message: "ends in the middle of a value (is the file cut short?)")
                }
            }
        }
    }

    /// Skips whitespace (counting lines); false at the end of the input.
    private mutating func skipWhitespace() throws(JSONStreamError) -> Bool {
        while true {
            while position < buffer.count {
                let b = buffer[position]
                if b == 0x0A { line += 1; position += 1 } else if b == 0x20 || b == 0x09 || b == 0x0D { position += 1 } else { return true }
            }
            guard try refill() else { return false }
        }
    }

    /// Appends the next chunk, dropping what was read; false at the end of the input.
    private mutating func refill() throws(JSONStreamError) -> Bool {
        guard !exhausted else { return false }
        let chunk: [UInt8]?
        do { chunk = try source.nextChunk() } catch { throw JSONStreamError(offset: base + position, line: line, record: ordinal, message: "could not be read: \(error)") }
        guard let chunk else { exhausted = true; return true }
        if position > 0 {
            buffer.removeSubrange(0..<position)
            base += position
            position = 0
        }
        buffer.append(contentsOf: chunk)
        if !started {
            started = true
            while buffer.count < 3, !exhausted {
                do {
                    if let more = try source.nextChunk() { buffer.append(contentsOf: more) } else { exhausted = true }
                } catch { throw JSONStreamError(offset: base, line: line, record: ordinal, message: "could not be read: \(error)") }
            }
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) {
                buffer.removeFirst(3)
                base = 3
            }
        }
        return true
    }

    private func error(_ message: String) -> JSONStreamError {
        JSONStreamError(offset: base + position, line: line, record: ordinal, message: message)
    }
}

/// Why JSON input could not be read on: where (byte offset, line), after how many records, and what was found.
public struct JSONStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    public let offset: Int
    public let line: Int
    /// Records read before (or including) the one at fault.
    public let record: Int
    public let message: String

    public var description: String { "is not valid JSON at line \(line), byte \(offset): it \(message)" }
}
