/// Streams RFC 4180 records out of chunks: quoted fields may hold commas, doubled quotes and line
/// breaks; CRLF and LF both end a record; a UTF-8 byte-order mark is skipped. Only the current
/// record and one chunk are held in memory.
/// One concrete type whatever the source (files, uploads, tests): the source sits behind `any ByteChunkSource`.
public struct CSVRecordReader {
    public struct Record: Sendable {
        /// The line the record starts on (1-based).
        public let line: Int
        /// Each field's text; nil when the bytes are not valid UTF-8.
        public let fields: [String?]
        /// When a field is not valid UTF-8: the record's first bad byte and its offset in the input.
        public var invalidUTF8: (byte: UInt8, offset: Int)? = nil
    }

    private var source: any ByteChunkSource
    private var buffer: [UInt8] = []
    private var position = 0
    /// Input offset of `buffer[0]`.
    private var base = 0
    private var exhausted = false
    private var line = 1
    private var started = false
    private let separator: UInt8
    /// Fields of the previous record: the next one likely has as many.
    private var expectedFields = 8

    public init(_ source: some ByteChunkSource, separator: UInt8 = UInt8(ascii: ",")) {
        self.source = source
        self.separator = separator
    }

    /// Reads more input, keeping the unread tail. False at the end of the input.
    private mutating func refill() throws -> Bool {
        guard !exhausted else { return false }
        guard let chunk = try source.nextChunk() else { exhausted = true; return false }
        if position > 0 {
            buffer.removeSubrange(0..<position)
            base += position
            position = 0
        }
        buffer.append(contentsOf: chunk)
        if !started {
            // The byte-order mark may straddle tiny chunks: gather three bytes before looking.
            while buffer.count < 3, let more = try source.nextChunk() { buffer.append(contentsOf: more) }
            started = true
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) {
                buffer.removeFirst(3)
                base = 3
            }
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
        while true {
            let parsed = buffer.withUnsafeBufferPointer { parse($0, from: position) }
            guard let parsed else {
                // The record runs past the buffer: read more and start it again.
                if try refill() { continue }
                exhausted = true
                continue
            }
            let startLine = line
            let recordStart = position
            line += parsed.newlines
            position = parsed.end
            guard let fields = parsed.fields else { return nil }
            expectedFields = fields.count
            var record = Record(line: startLine, fields: fields)
            if fields.contains(where: { $0 == nil }),
               let bad = buffer.withUnsafeBufferPointer({ UTF8Validation.firstInvalidByte(UnsafeBufferPointer(rebasing: $0[recordStart..<parsed.end])) }) {
                record.invalidUTF8 = (buffer[recordStart + bad], base + recordStart + bad)
            }
            return record
        }
    }

    /// One record starting at `start`: its fields (nil for a blank line), where it ends and how
    /// many line breaks it spans; nil when the buffer ends first and more input may follow.
    /// Plain fields are cut straight out of the buffer; a field with a quote or a carriage return
    /// switches the rest of the record to the byte-by-byte state machine.
    private func parse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (fields: [String?]?, end: Int, newlines: Int)? {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")
        let separator = self.separator
        var fields: [String?] = []
        fields.reserveCapacity(expectedFields)
        var index = start
        var fieldStart = start
        var bits: UInt8 = 0  // every byte of the field OR-ed: below 0x80 means plain ASCII
        while index < bytes.count {
            let byte = bytes[index]
            if byte == separator || byte == newline {
                fields.append(Self.text(UnsafeBufferPointer(rebasing: bytes[fieldStart..<index]), ascii: bits < 0x80))
                bits = 0
                index += 1
                if byte == newline {
                    if fields.count == 1 && index - 1 == start { return (nil, index, 1) }  // blank line
                    return (fields, index, 1)
                }
                fieldStart = index
            } else if byte == quote || byte == carriage {
                return parseSlowly(bytes, recordStart: start, fields: fields, fieldStart: fieldStart)
            } else {
                bits |= byte
                index += 1
            }
        }
        guard exhausted else { return nil }
        // The last record, without a final newline.
        if fields.isEmpty && fieldStart == index { return (nil, index, 0) }
        fields.append(Self.text(UnsafeBufferPointer(rebasing: bytes[fieldStart..<index]), ascii: bits < 0x80))
        return (fields, index, 0)
    }

    /// A field's text, nil when it is not valid UTF-8. ASCII (nearly every field of a contact
    /// export) needs no validation, so it skips `String(validating:)`, which is not specialised
    /// outside the standard library and costs more than the rest of the row's parsing.
    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool) -> String? {
        ascii ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }

    /// RFC 4180 state machine from the start of a field: quoted fields may hold separators, doubled
    /// quotes and line breaks; a carriage return outside quotes is dropped.
    private func parseSlowly(_ bytes: UnsafeBufferPointer<UInt8>, recordStart: Int, fields: [String?], fieldStart: Int)
        -> (fields: [String?]?, end: Int, newlines: Int)? {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")
        var fields = fields
        var field: [UInt8] = []
        var index = fieldStart
        var inQuotes = false
        var newlines = 0
        var sawAnything = !fields.isEmpty
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == quote {
                    if index + 1 < bytes.count {
                        if bytes[index + 1] == quote { field.append(quote); index += 2; continue }
                        inQuotes = false; index += 1; continue
                    } else if exhausted {
                        inQuotes = false; index += 1; continue
                    } else {
                        return nil  // the next byte decides
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
                    newlines += 1; index += 1
                    if !sawAnything && field.isEmpty { return (nil, index, newlines) }
                    fields.append(String(validating: field, as: UTF8.self))
                    return (fields, index, newlines)
                case carriage:
                    index += 1
                default:
                    field.append(byte); sawAnything = true; index += 1
                }
            }
        }
        guard exhausted else { return nil }
        if !sawAnything && field.isEmpty { return (nil, index, newlines) }
        fields.append(String(validating: field, as: UTF8.self))
        return (fields, index, newlines)
    }
}
