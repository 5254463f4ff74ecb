import Foundation
import TandemPerformance
@testable import TandemSources
import Testing

@Suite struct JSONRecordStreamTests {
    /// Every record's kind, key and a value read off its tape, chunked `size` bytes at a time.
    func records(_ text: String, _ layout: JSONRecordStream.Layout, size: Int = 1 << 20, field: StaticString = "id") throws -> [String] {
        var stream = JSONRecordStream(Fixture.Trickle(bytes: Array(text.utf8), size: size), layout: layout)
        var result: [String] = []
        while let record = try stream.next() {
            let tape = stream.tape
            let value = tape.text(tape.member(tape.root, field)) ?? tape.text(tape.root) ?? "-"
            result.append("\(record.kind)\(record.key.map { "[\($0)]" } ?? ""):\(value)@\(record.line)#\(record.ordinal)")
        }
        return result
    }

    @Test func whole_documents_in_every_shape() throws {
        let layout = JSONRecordStream.Layout(wholeDocuments: true)
        for size in [1, 3, 64, 1 << 20] {
            // Back to back, JSON Lines with CRLF, pretty-printed, a top-level array.
            #expect(try records(#"{"id":1}{"id":"2"}{"id":3.5}"#, layout, size: size) == [":1@1#1", ":2@1#2", ":3.5@1#3"])
            #expect(try records("{\"id\":1}\r\n\r\n{\"id\":2}\r\n", layout, size: size) == [":1@1#1", ":2@3#2"])
            #expect(try records("{\n  \"id\": 1,\n  \"x\": [1, 2]\n}\n{\n  \"id\": 2\n}", layout, size: size) == [":1@1#1", ":2@5#2"])
            #expect(try records(" [ {\"id\":1} , {\"id\":2} ] ", layout, size: size) == [":1@1#1", ":2@1#2"])
            #expect(try records("\u{FEFF}{\"id\":1}", layout, size: size) == [":1@1#1"])
            #expect(try records("", layout, size: size) == [])
        }
    }

    @Test func records_inside_pages_maps_and_nested_objects() throws {
        let layout = JSONRecordStream.Layout(arrays: ["tickets", "items"], maps: ["queues"], descend: ["resultSet"])
        let text = """
            {"count": 2, "tickets": [{"id": 1}, {"id": 2}], "next_page": null, "ignored": [{"id": 9}],
             "queues": {"q1": "Billing", "q2": "Tech"}, "resultSet": {"items": [{"id": 3}], "x": {"items": [{"id": 8}]}}}
            {"tickets": []}
            """
        for size in [1, 5, 1 << 20] {
            #expect(try records(text, layout, size: size) == [
                "tickets:1@1#1", "tickets:2@1#2", "queues[q1]:Billing@2#3", "queues[q2]:Tech@2#4", "items:3@2#5",
            ])
        }
    }

    @Test func values_read_off_the_tape() throws {
        var stream = JSONRecordStream(MemoryChunkSource(#"""
            {"s":"a\"b\\c\/d\n\u00e9\ud83d\ude00","i":-42,"big":12345678901234567,"f":1.5e3,"t":true,"n":null,"q":"17","b":"False","o":{"k":[1,{"z":2}]},"s":"second"}
            """#), layout: .init(wholeDocuments: true))
        _ = try stream.next()
        let t = stream.tape, r = t.root
        #expect(t.string(t.member(r, "s")) == "a\"b\\c/d\né😀")  // the first of repeated keys
        #expect(t.int64(t.member(r, "i")) == -42 && t.int64(t.member(r, "big")) == 12_345_678_901_234_567)
        #expect(t.double(t.member(r, "f")) == 1500 && t.int64(t.member(r, "f")) == 1500 && t.text(t.member(r, "f")) == "1.5e3")
        #expect(t.bool(t.member(r, "t")) == true && t.bool(t.member(r, "b")) == false && t.isNull(t.member(r, "n")))
        #expect(t.present(r, "n") == nil && t.present(r, "missing") == nil && t.int64(t.member(r, "q")) == 17)
        #expect(t.int64(t.value(r, "o", "k")) == nil && t.elements(t.value(r, "o", "k")).count == 2)
        #expect(t.int64(t.member(t.elements(t.value(r, "o", "k"))[1], "z")) == 2)
        #expect(t.member(r, named: "t").map { t.kind($0) } == .true)
    }

    /// A small corpus of broken inputs: each is refused with where and why.
    @Test(arguments: [
        ("{\"id\":1}{\"id\":", "line 1, byte 14: it ends in the middle of a value (is the file cut short?)"),
        ("{\"id\":1,}", "line 1, byte 8: it expected an object key in quotes, found “}”"),
        ("{\"id\":tru}", "line 1, byte 6: it holds an unknown word (expected true)"),
        ("{\"id\":01}", "line 1, byte 6: it holds a malformed number"),
        ("{\"id\":\"a\nb\"}", "line 1, byte 8: it has a line break inside a string (is a quote missing?)"),
        ("{\"id\":\"\\x\"}", "line 1, byte 7: it holds an unknown escape \\“x”"),
        ("{\"id\" 1}", "line 1, byte 6: it expected “:” after an object key, found “1”"),
        ("\n\n{\"id\":1]", "line 3, byte 9: it expected “,” or “}”, found “]”"),
        ("{\"id\":1}\nnull", "line 2, byte 9: it expected a JSON object, found “n”"),
        (String(repeating: "[", count: 600), "line 1, byte 513: it nests deeper than 512 levels"),
    ])
    func malformed_input_is_refused_with_its_place(_ input: String, _ message: String) throws {
        let layout = JSONRecordStream.Layout(wholeDocuments: true)
        #expect(throws: JSONStreamError.self) { try records(input, layout, size: 2) }
        do { _ = try records(input, layout, size: 2) } catch let error as JSONStreamError {
            #expect(error.description == "is not valid JSON at " + message)
        }
    }

    @Test func page_arrays_report_a_trailing_comma_and_a_missing_close() throws {
        let layout = JSONRecordStream.Layout(arrays: ["tickets"])
        do { _ = try records(#"{"tickets":[{"id":1},]}"#, layout) } catch let error as JSONStreamError {
            #expect(error.description == "is not valid JSON at line 1, byte 21: it has a comma before “]”")
        }
        do { _ = try records(#"{"tickets":[{"id":1}"#, layout) } catch let error as JSONStreamError {
            #expect(error.description == "is not valid JSON at line 1, byte 20: it ends before the document is closed (is the file cut short?)")
        }
    }

    @Test func invalid_utf8_in_a_string_is_found_with_its_offset() throws {
        var bytes = Array(#"{"id":"caf"#.utf8)
        bytes.append(0xE9)
        bytes += Array(#""}"#.utf8)
        var stream = JSONRecordStream(MemoryChunkSource(bytes), layout: .init(wholeDocuments: true))
        _ = try stream.next()
        let t = stream.tape
        #expect(t.string(t.member(t.root, "id")) == nil)
        #expect(t.invalidUTF8(t.member(t.root, "id")) == 10)
    }
}
