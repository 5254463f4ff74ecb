/// UTF-8 checks for import files: text from bytes (ASCII without validation), and where the first
/// bad byte is, so a rejection can name it ("byte 0xE9 at offset 1,234": a Latin-1 "é").
public enum UTF8Validation {
    /// The bytes as a String; nil when they are not valid UTF-8.
    public static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var bits: UInt8 = 0
        for byte in bytes { bits |= byte }
        return bits < 0x80 ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }

    /// The index of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629:
    /// no overlong forms, no surrogates, nothing above U+10FFFF), or nil when every byte does.
    public static func firstInvalidByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let lead = bytes[i]
            if lead < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + 1 < n, (low...high).contains(bytes[i + 1]) else { return i }
            for k in 2..<length {
                guard i + k < n, (0x80...0xBF).contains(bytes[i + k]) else { return i }
            }
            i += length
        }
        return nil
    }

    public static func firstInvalidByte(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidByte($0) }
    }

    /// "byte 0xE9 at offset 1,234" for the message of a rejected row.
    public static func describe(byte: UInt8, offset: Int) -> String {
        "byte 0x\(String(byte, radix: 16, uppercase: true).count == 1 ? "0" : "")\(String(byte, radix: 16, uppercase: true)) at byte offset \(offset)"
    }
}
