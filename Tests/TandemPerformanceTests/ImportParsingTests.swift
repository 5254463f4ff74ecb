import Foundation
import Testing
@testable import TandemPerformance

@Suite struct CSVReaderTests {
    func records(_ text: String, chunk: Int = 3) throws -> [(Int, [String?])] {
        var reader = CSVRecordReader(ChunkedSource(Array(text.utf8), size: chunk))
        var out: [(Int, [String?])] = []
        while let record = try reader.next() { out.append((record.line, record.fields)) }
        return out
    }

    @Test func quoted_fields_keep_commas_quotes_and_line_breaks_across_chunk_edges() throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"x, \"\"y\"\"\",3\n\n2,\"two\nlines\",\n3,,\"\""
        for size in [1, 2, 3, 7, 100] {
            let got = try records(text, chunk: size)
            #expect(got.map(\.0) == [1, 2, 4, 6], "chunk \(size)")
            #expect(got[0].1 == ["a", "b", "c"])
            #expect(got[1].1 == ["1", "x, \"y\"", "3"])
            #expect(got[2].1 == ["2", "two\nlines", ""])
            #expect(got[3].1 == ["3", "", ""])
        }
    }

    @Test func invalid_utf8_is_reported_per_field() throws {
        var bytes = Array("id,team\n1,".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\n".utf8)
        var reader = CSVRecordReader(MemoryChunkSource(bytes))
        _ = try reader.next()
        let record = try #require(try reader.next())
        #expect(record.fields[0] == "1")
        #expect(record.fields[1] == nil)
    }
}

/// Hands out fixed-size chunks, to prove records survive any chunk boundary.
struct ChunkedSource: ByteChunkSource {
    var bytes: [UInt8]
    let size: Int
    init(_ bytes: [UInt8], size: Int) { self.bytes = bytes; self.size = size }
    mutating func nextChunk() throws -> [UInt8]? {
        guard !bytes.isEmpty else { return nil }
        let chunk = Array(bytes.prefix(size))
        bytes.removeFirst(chunk.count)
        return chunk
    }
}

@Suite struct TimestampTests {
    @Test func offsets_are_honoured_and_absent_offsets_reported() throws {
        let z = try #require(ParsedTimestamp.parse("2026-03-01T08:15:00Z"))
        #expect(z.instant == Date(timeIntervalSince1970: 1_772_352_900))
        let plus = try #require(ParsedTimestamp.parse("2026-03-01T10:15:00+02:00"))
        #expect(plus.instant == z.instant)
        let compact = try #require(ParsedTimestamp.parse("2026-03-01 03:15:00.500-0500"))
        #expect(compact.instant == Date(timeIntervalSince1970: 1_772_352_900.5))
        let local = try #require(ParsedTimestamp.parse("2026-03-01T08:15"))
        #expect(local.offsetSeconds == nil && local.instant == nil)
        #expect(local.wallClockSeconds == 1_772_352_900)
    }

    @Test func impossible_dates_are_rejected() {
        for text in ["2026-02-29T00:00:00Z", "2026-13-01T00:00Z", "2026-01-01T24:00Z", "01/03/2026 08:00", "2026-01-01", "2026-01-01T08:00:00Zjunk", ""] {
            #expect(ParsedTimestamp.parse(text) == nil, "\(text)")
        }
        #expect(ParsedTimestamp.parse("2024-02-29T12:00:00Z") != nil)
    }

    @Test func local_times_use_the_zone_rules_of_their_date() throws {
        let chicago = LocalTimeConverter(zone: TimeZone(identifier: "America/Chicago")!)
        // Winter: UTC−6. Summer: UTC−5.
        #expect(chicago.instant(wallClockSeconds: ParsedTimestamp.parse("2026-01-15T09:00")!.wallClockSeconds)
                == ParsedTimestamp.parse("2026-01-15T15:00:00Z")!.instant)
        #expect(chicago.instant(wallClockSeconds: ParsedTimestamp.parse("2026-07-15T09:00")!.wallClockSeconds)
                == ParsedTimestamp.parse("2026-07-15T14:00:00Z")!.instant)
    }
}

@Suite struct ContactRowValidatorTests {
    static let directory = ContactDirectory(
        teams: [.init(id: "team-a", name: "Alpha Support", sites: ["Austin": .init(id: "site-austin", timeZone: TimeZone(identifier: "America/Chicago")!)]),
                .init(id: "team-b", name: "Bravo", sites: [:])],
        queues: [.init(id: "q-billing", code: "billing-voice", channel: .voice, serviceLevelSeconds: 20)]
    )

    func row(_ values: [CanonicalField: String], line: Int = 2) -> RawContactRow {
        var row = RawContactRow(line: line)
        for (field, value) in values { row[field] = value }
        return row
    }

    func issues(_ values: [CanonicalField: String]) -> [String] {
        switch ContactRowValidator(directory: Self.directory).validate(row(values)) {
        case .valid: return []
        case .invalid(let issues): return issues.map { "\($0.field): \($0.reason)" }
        }
    }

    @Test func a_good_row_becomes_a_contact_in_utc() throws {
        let outcome = ContactRowValidator(directory: Self.directory).validate(row([
            .externalID: "c-1", .team: "alpha support", .queue: "BILLING-VOICE", .offeredAt: "2026-01-15T09:00:00",
            .answeredAt: "2026-01-15T09:00:12", .talkSeconds: "300", .holdSeconds: "20", .afterWorkSeconds: "40",
            .resolvedFirstContact: "yes", .csat: "4", .agent: "a-7", .customer: "cust-1",
        ]))
        guard case .valid(let contact) = outcome else { Issue.record("rejected: \(outcome)"); return }
        #expect(contact.teamID == "team-a" && contact.siteID == "site-austin" && contact.queueID == "q-billing")
        #expect(contact.offeredAt == ParsedTimestamp.parse("2026-01-15T15:00:00Z")!.instant) // Austin's only site, Chicago time
        #expect(contact.waitSeconds == 12)
        #expect(contact.handleSeconds == 360)
        #expect(contact.resolvedFirstContact == true && contact.csat == 4 && contact.csatScale == .oneToFive)
    }

    @Test func each_bad_value_names_its_field() {
        #expect(issues([.externalID: "1", .team: "Nobody", .queue: "x", .offeredAt: "yesterday"]) == [
            "team: “Nobody” is not a team in this workspace",
            "queue: “x” is not a queue code in this workspace",
            "offered_at: “yesterday” is not a date-time like 2026-03-01T08:15:00Z",
        ])
        #expect(issues([.externalID: "1", .team: "Alpha Support", .queue: "billing-voice", .offeredAt: "2026-01-15T09:00:00Z",
                        .waitSeconds: "-3", .talkSeconds: "abc", .csat: "7"]) == [
            "wait_seconds: must not be negative (got -3)",
            "talk_seconds: “abc” is not a number of seconds",
            "csat: 7 is outside the 1–5 scale",
        ])
        #expect(issues([.externalID: "1", .team: "Bravo", .queue: "billing-voice", .offeredAt: "2026-01-15T09:00:00"]) == [
            "offered_at: “2026-01-15T09:00:00” has no UTC offset and the row names no site whose time zone could apply",
        ])
        #expect(issues([.externalID: "1", .team: "Bravo", .queue: "billing-voice", .channel: "chat", .offeredAt: "2026-01-15T09:00:00Z",
                        .answeredAt: "2026-01-15T08:59:00Z"]) == [
            "channel: “chat” does not match queue billing-voice, which is voice",
            "answered_at: is before offered_at",
        ])
        #expect(issues([.externalID: "1", .team: "Bravo", .queue: "billing-voice", .offeredAt: "2026-01-15T09:00:00Z", .abandoned: "true"]) == [
            "wait_seconds: is required for an abandoned contact (it decides whether the abandon was short)",
        ])
    }

    @Test func mapping_reads_the_sources_own_column_names() throws {
        let csv = "Ticket,Team,Queue,Created,Picked up\nT-9,Bravo,billing-voice,2026-01-15T09:00:00Z,2026-01-15T09:00:30Z\n"
        let mapping = try ColumnMapping.parse(pairs: "external_id=Ticket, offered_at=Created, answered_at=Picked up")
        var reader = try ContactFileReader(MemoryChunkSource(csv), format: .csv, mapping: mapping)
        let raw = try #require(try reader.next())
        #expect(raw[.externalID] == "T-9" && raw[.answeredAt] == "2026-01-15T09:00:30Z" && raw.line == 2)
        #expect(throws: MappingError.self) { try ColumnMapping.parse(pairs: "ticket_number=Ticket") }
    }

    @Test func a_header_without_required_columns_is_a_file_issue() {
        #expect(throws: FileIssue.self) { _ = try ContactFileReader(MemoryChunkSource("id,team\n1,x\n"), format: .csv, mapping: ColumnMapping()) }
    }

    @Test func json_lines_rows_and_bad_json() throws {
        let text = """
        {"external_id": 17, "team": "Bravo", "queue": "billing-voice", "offered_at": "2026-01-15T09:00:00Z", "abandoned": true, "wait_seconds": 12.5}
        not json

        """
        var reader = try ContactFileReader(MemoryChunkSource(text), format: .jsonLines, mapping: ColumnMapping())
        let first = try #require(try reader.next())
        #expect(first[.externalID] == "17" && first[.abandoned] == "true" && first[.waitSeconds] == "12.5")
        let second = try #require(try reader.next())
        #expect(second.line == 2 && second.issues.map(\.field) == ["row"])
        #expect(try reader.next() == nil)
    }
}

/// The reader cuts plain fields straight out of its buffer and falls back to a state machine for
/// quotes and carriage returns; on any input and any chunking it must read what this plain
/// byte-at-a-time reading of RFC 4180 (with the reader's leniencies) reads.
@Suite struct CSVReaderAgreementTests {
    static func reference(_ bytes: [UInt8]) -> [(Int, [String?])] {
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var records: [(Int, [String?])] = []
        var fields: [String?] = [], field: [UInt8] = []
        var inQuotes = false, sawAnything = false, line = 1, startLine = 1, index = 0
        func endRecord() {
            if sawAnything || !field.isEmpty {
                fields.append(String(validating: field, as: UTF8.self))
                records.append((startLine, fields))
            }
            fields = []; field = []; sawAnything = false; startLine = line
        }
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == 0x22 {
                    if index + 1 < bytes.count && bytes[index + 1] == 0x22 { field.append(0x22); index += 2; continue }
                    inQuotes = false; index += 1; continue
                }
                if byte == 0x0A { line += 1 }
                field.append(byte); index += 1
                continue
            }
            switch byte {
            case 0x22: inQuotes = true; sawAnything = true
            case 0x2C: fields.append(String(validating: field, as: UTF8.self)); field = []; sawAnything = true
            case 0x0A: line += 1; endRecord()
            case 0x0D: break
            default: field.append(byte); sawAnything = true
            }
            index += 1
        }
        endRecord()
        return records
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func agrees_with_a_byte_at_a_time_reading(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let alphabet: [[UInt8]] = [[0x61], [0x62], [0x20], [0x2C], [0x22], [0x22, 0x22], [0x0A], [0x0D, 0x0A], [0x0D], [0xC3, 0xA9], [0xC3], [0x31]]
        for _ in 0..<40 {
            var bytes: [UInt8] = random.chance(20) ? [0xEF, 0xBB, 0xBF] : []
            for _ in 0..<random.below(120) { bytes += random.pick(alphabet) }
            let expected = Self.reference(bytes)
            for size in [1, 2, 5, 64] {
                var reader = CSVRecordReader(ChunkedSource(bytes, size: size))
                var got: [(Int, [String?])] = []
                while let record = try reader.next() { got.append((record.line, record.fields)) }
                #expect(got.map(\.0) == expected.map(\.0), "seed \(seed), chunk \(size), input \(bytes)")
                #expect(got.map(\.1) == expected.map(\.1), "seed \(seed), chunk \(size), input \(bytes)")
            }
        }
    }
}

@Suite struct RawContactRowTests {
    @Test func every_field_keeps_its_own_value() {
        var row = RawContactRow(line: 7)
        for (index, field) in CanonicalField.allCases.enumerated() { row[field] = " value-\(index)\t" }
        for (index, field) in CanonicalField.allCases.enumerated() { #expect(row[field] == "value-\(index)") }
        row[.customer] = "   "
        #expect(row[.customer] == nil)
    }
}

/// Durations skip strtod when they are plain digits; the value must be the very Double that
/// `Double(_:)` parses, bit for bit, and anything else must still go to `Double(_:)`.
@Suite struct PlainDecimalTests {
    @Test func plain_digits_parse_to_exactly_what_Double_parses() {
        for text in ["0", "7", "18", "415", "18.25", "0.1", "0.3", "2.675", "5.", ".5", "123456789012345", "12345678901234.5", "99999999999999.9"] {
            let fast = ContactRowValidator.plainDecimal(text)
            #expect(fast != nil, "\(text) takes the fast path")
            #expect(fast?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    @Test func everything_else_is_left_to_Double() {
        for text in ["", ".", "-1", "+1", "1e3", "1.2.3", " 1", "1 ", "0x10", "1234567890123456", "inf", "nan", "١٢"] {
            #expect(ContactRowValidator.plainDecimal(text) == nil, "\(text)")
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func random_digit_strings_agree_with_Double(seed: UInt64) {
        var random = SeededGenerator(seed: 0xDEC_0000 + seed)
        let alphabet = Array("0123456789.0123456789")
        for _ in 0..<20_000 {
            let length = 1 + Int(random.next() % 18)
            let text = String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            let fast = ContactRowValidator.plainDecimal(text)
            if let fast { #expect(fast.bitPattern == Double(text)?.bitPattern, "\(text)") }
            #expect((ContactRowValidator.plainDecimal(text) ?? Double(text))?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }
}
