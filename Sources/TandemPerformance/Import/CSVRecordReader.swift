/// Streams RFC 4180 records out of chunks: quoted fields may hold commas, doubled quotes and line
/// breaks; CRLF and LF both end a record; a UTF-8 byte-order mark is skipped. Only the current
/// record and one chunk are held in memory.
public struct CSVRecordReader<Source: ByteChunkSource> {
    public struct Record: Sendable {
        /// The line the record starts on (1-based).
        public let line: Int
        /// Each field's text; nil when the bytes are not valid UTF-8.
        public let fields: [String?]
    }

    private var source: Source
    private var buffer: [UInt8] = []
    private var position = 0
    private var exhausted = false
    private var line = 1
    private var started = false
    private let separator: UInt8

    public init(_ source: Source, separator: UInt8 = UInt8(ascii: ",")) {
        self.source = source
        self.separator = separator
    }

    /// Reads more input, keeping the unread tail. False at the end of the input.
    private mutating func refill() throws -> Bool {
        guard !exhausted else { return false }
        guard let chunk = try source.nextChunk() else { exhausted = true; return false }
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        buffer.append(contentsOf: chunk)
        if !started {
            // The byte-order mark may straddle tiny chunks: gather three bytes before looking.
            while buffer.count < 3, let more = try source.nextChunk() { buffer.append(contentsOf: more) }
            started = true
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { buffer.removeFirst(3) }
        }
        return true
    }

    /// The next record, or nil at the end of the input. Blank lines are skipped.
    public mutating func next() throws -> Record? {
        while true {
            if let record = try scan() { return record }
            if exhausted && position >= buffer.count { return nil }
        }
    }

    /// Tries to read one record from the buffer, refilling as needed; nil for a blank line.
    private mutating func scan() throws -> Record? {
        if position >= buffer.count, !(try refill()) { return nil }
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")
        while true {
            var fields: [String?] = []
            var field: [UInt8] = []
            var index = position
            var inQuotes = false
            var newlines = 0
            var complete = false
            var sawAnything = false
            scanning: while index < buffer.count {
                let byte = buffer[index]
                if inQuotes {
                    if byte == quote {
                        if index + 1 < buffer.count {
                            if buffer[index + 1] == quote { field.append(quote); index += 2; continue }
                            inQuotes = false; index += 1; continue
                        } else if exhausted {
                            inQuotes = false; index += 1; continue
                        } else {
                            break scanning // need the next byte to decide
                        }
                    }
                    if byte == newline { newlines += 1 }
                    field.append(byte)
                    index += 1
                } else {
                    switch byte {
                    case quote:
                        inQuotes = true; sawAnything = true; index += 1
                    case separator:
                        fields.append(String(validating: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
                        sawAnything = true; index += 1
                    case newline:
                        newlines += 1; index += 1; complete = true
                        break scanning
                    case carriage:
                        index += 1
                    default:
                        field.append(byte); sawAnything = true; index += 1
                    }
                }
            }
            if !complete && !exhausted {
                if try refill() { continue }
            }
            if !complete && index < buffer.count { continue }
            // A complete record, or the last one without a final newline.
            let startLine = line
            line += newlines
            position = index
            if !sawAnything && field.isEmpty { return nil }
            fields.append(String(validating: field, as: UTF8.self))
            return Record(line: startLine, fields: fields)
        }
    }
}
