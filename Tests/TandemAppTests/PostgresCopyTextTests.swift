import NIOCore
import Testing
@testable import TandemApp

/// COPY's text format, column by column, as `PostgresContactCopy` writes it.
@Suite struct PostgresCopyTextTests {
    func text(_ value: ContactRecordStore.StoredValue) -> String {
        var buffer = ByteBuffer()
        PostgresContactCopy.append(value, to: &buffer)
        return buffer.readString(length: buffer.readableBytes) ?? ""
    }

    @Test func integers_are_spelt_in_decimal_at_every_width() {
        for number: Int64 in [0, 7, -5, 10, 100, 1_000_000_007, 1_763_996_174_000, -1_763_996_174_000, .max, .min, .max - 1] {
            #expect(text(.integer(number)) == String(number))
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let number = Int64.random(in: .min ... .max, using: &random) >> Int64.random(in: 0...62, using: &random)
            #expect(text(.integer(number)) == String(number))
        }
    }

    @Test func nulls_flags_and_escapes() {
        #expect(text(.integer(nil)) == "\\N" && text(.text(nil)) == "\\N" && text(.flag(nil)) == "\\N")
        #expect(text(.flag(true)) == "t" && text(.flag(false)) == "f")
        #expect(text(.text("a\tb\nc\rd\\e \\N Zoë")) == "a\\tb\\nc\\rd\\\\e \\\\N Zoë")
        #expect(text(.text("")) == "")
    }
}
