import Foundation
import Testing
@testable import TandemPerformance

/// A small corpus of broken contact files: each is refused with what is wrong and where
/// (the messages the import page, the CLI and the API show; presets inherit them).
@Suite struct MalformedContactFileTests {
    static let header = "external_id,team,site,queue,channel,offered_at,answered_at,abandoned,wait_seconds,talk_seconds,hold_seconds,after_work_seconds,resolved_first_contact,csat,agent,customer"
    static let row = "c1,Alpha Support,,billing-voice,voice,2026-03-03T09:00:00Z,2026-03-03T09:00:10Z,,,100,20,30,true,5,a1,k1"

    /// The file's problem, or each row's issues as "line field: reason".
    func read(_ bytes: [UInt8], format: ContactFileFormat = .csv, chunk: Int = 5) -> [String] {
        do {
            var reader = try ContactFileReader(ChunkedSource(bytes, size: chunk), format: format, mapping: ColumnMapping())
            var out: [String] = []
            while let row = try reader.next() { out += row.issues.map { "\($0.line) \($0.field): \($0.reason)" } }
            return out
        } catch let issue as FileIssue {
            return ["file: \(issue)"]
        } catch {
            return ["error: \(error)"]
        }
    }

    @Test func empty_files_and_a_header_that_is_not_utf8() {
        #expect(read([]) == ["file: the file is empty: expected a header row"])
        #expect(read([0xEF, 0xBB, 0xBF]) == ["file: the file is empty: expected a header row"])
        #expect(read(Array("\n\n".utf8)) == ["file: the file is empty: expected a header row"])
        // "équipe" in Latin-1: é is 0xE9, the 13th byte.
        var latin1 = Array("external_id,".utf8)
        latin1 += [0xE9] + Array("quipe,queue\n".utf8)
        #expect(read(latin1) == ["file: the file header row is not valid UTF-8: byte 0xE9 at byte offset 12 (save the file as UTF-8)"])
    }

    @Test func a_file_cut_inside_a_character_names_the_byte_not_only_the_columns() {
        // The last row stops in the middle of "ü" (0xC3 0xBC): 3 of 16 columns, and a lone 0xC3.
        var bytes = Array((Self.header + "\n" + Self.row + "\nc2,Alpha Support,Z").utf8)
        let offset = bytes.count
        bytes.append(0xC3)
        #expect(read(bytes) == ["3 row: is not valid UTF-8: byte 0xC3 at byte offset \(offset) of the file, and has 3 columns; the header has 16 (save the file as UTF-8)"])
    }

    @Test func a_bad_byte_in_a_column_names_the_column_and_the_byte() {
        // Latin-1 "Mü" in the agent column of a complete row; the same byte in a column no field reads is ignored.
        let prefix = Self.header + "\n" + Self.row.replacingOccurrences(of: ",a1,k1", with: ",M")
        var bytes = Array(prefix.utf8)
        let offset = bytes.count
        bytes += [0xFC] + Array(",k1\n".utf8)
        #expect(read(bytes) == ["2 agent: is not valid UTF-8 (the row's first bad byte: byte 0xFC at byte offset \(offset) of the file); save the file as UTF-8"])
        let ignored = Array((Self.header + ",note\n" + Self.row + ",caf").utf8) + [0xE9, 0x0A]
        #expect(read(ignored) == [])
        // Inside quotes across a line break, the offset still counts from the file's first byte.
        var quoted = Array((Self.header + "\n" + Self.row.replacingOccurrences(of: ",a1,k1", with: ",\"line\none ")).utf8)
        let quotedOffset = quoted.count
        quoted += [0xFF] + Array("\",k1\n".utf8)
        #expect(read(quoted) == ["2 agent: is not valid UTF-8 (the row's first bad byte: byte 0xFF at byte offset \(quotedOffset) of the file); save the file as UTF-8"])
    }

    @Test func json_lines_name_the_byte_within_its_line() {
        var bytes = Array(#"{"external_id":"c1","team":"Alpha Support","agent":"M"#.utf8)
        let offset = bytes.count
        bytes += [0xFC] + Array("\"}\n".utf8)
        #expect(read(bytes, format: .jsonLines) == ["1 row: is not valid UTF-8: byte 0xFC at byte offset \(offset) of the line (save the file as UTF-8)"])
    }

    @Test func utf8_validation_matches_the_standard_library() {
        let cases: [[UInt8]] = [
            [0x41], [0xC3, 0xA9], [0xC3], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xF0, 0x9F, 0x98, 0x80], [0xE2, 0x82], [0x80], [0xFF], [0x41, 0xE2, 0x82, 0xAC, 0x42], [0xEF, 0xBB, 0xBF],
        ]
        for bytes in cases {
            #expect((UTF8Validation.firstInvalidByte(bytes) == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
        #expect(UTF8Validation.firstInvalidByte([0x41, 0x42, 0xE2, 0x82, 0x41]) == 2)
    }
}
