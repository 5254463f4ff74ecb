import Foundation

/// The kinds of file a contract may have attached, recognised by their first bytes.
public enum DocumentKind: String, CaseIterable, Sendable, Codable {
    case pdf, png, jpeg, docx, text

    public var label: String {
        switch self {
        case .pdf: "a PDF document"
        case .png: "a PNG image"
        case .jpeg: "a JPEG image"
        case .docx: "a Word (.docx) document"
        case .text: "plain text"
        }
    }

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .text: "text/plain; charset=utf-8"
        }
    }

    public var extensions: [String] {
        switch self {
        case .pdf: ["pdf"]
        case .png: ["png"]
        case .jpeg: ["jpg", "jpeg"]
        case .docx: ["docx"]
        case .text: ["txt", "csv", "md"]
        }
    }
}

/// Checks an upload by its content, not its name: the bytes must be one of the accepted kinds,
/// and the name's extension must agree with them (a PNG called contract.pdf is refused).
public enum DocumentContent {
    public static let defaultMaxBytes = 10 * 1024 * 1024

    public static func check(_ bytes: [UInt8], fileName: String, maxBytes: Int = defaultMaxBytes) throws(ContractInputError) -> DocumentKind {
        if bytes.isEmpty { throw ContractInputError("file", "is empty") }
        if bytes.count > maxBytes { throw ContractInputError("file", "is \(bytes.count) bytes, more than the limit of \(maxBytes) bytes") }
        let ext = fileName.split(separator: ".").count > 1 ? String(fileName.split(separator: ".").last!).lowercased() : ""
        let accepted = DocumentKind.allCases.flatMap(\.extensions)
        guard let claimed = DocumentKind.allCases.first(where: { $0.extensions.contains(ext) }) else {
            throw ContractInputError("file_name", "must end in one of .\(accepted.joined(separator: ", ."))")
        }
        guard let actual = sniff(bytes) else {
            throw ContractInputError("file", "content is not a PDF, PNG, JPEG, Word (.docx) or plain-text document")
        }
        if actual != claimed {
            throw ContractInputError("file", "the name says .\(ext) but the content is \(actual.label)")
        }
        return actual
    }

    /// The kind the first bytes show, nil for anything else (including ZIP archives that are not Word documents).
    public static func sniff(_ bytes: [UInt8]) -> DocumentKind? {
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return isWordPackage(bytes) ? .docx : nil }
        return isPlainText(bytes) ? .text : nil
    }

    /// A .docx is a ZIP whose entries include [Content_Types].xml and word/document.xml. The
    /// names are read from the central directory at the end of the archive (stored uncompressed),
    /// so no unzipping is needed.
    static func isWordPackage(_ bytes: [UInt8]) -> Bool {
        let names = zipEntryNames(bytes)
        return names.contains("[Content_Types].xml") && names.contains("word/document.xml")
    }

    static func zipEntryNames(_ bytes: [UInt8]) -> Set<String> {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        // The end-of-central-directory record is 22 bytes plus a comment of up to 65,535 bytes.
        let earliest = max(0, bytes.count - 22 - 65_535)
        guard bytes.count >= 22,
              let end = stride(from: bytes.count - 22, through: earliest, by: -1).first(where: { u32($0) == 0x0605_4B50 })
        else { return [] }
        let count = u16(end + 10)
        var offset = u32(end + 16)
        var names: Set<String> = []
        for _ in 0..<count {
            guard offset + 46 <= bytes.count, u32(offset) == 0x0201_4B50 else { break }
            let nameLength = u16(offset + 28), extraLength = u16(offset + 30), commentLength = u16(offset + 32)
            guard offset + 46 + nameLength <= bytes.count else { break }
            names.insert(String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self))
            offset += 46 + nameLength + extraLength + commentLength
        }
        return names
    }

    /// Valid UTF-8 (a byte-order mark allowed) with no control characters except tab, line breaks and form feed.
    static func isPlainText(_ bytes: [UInt8]) -> Bool {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard let text = String(validating: body, as: UTF8.self) else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            !(scalar.value < 0x20 || scalar.value == 0x7F) || [0x09, 0x0A, 0x0C, 0x0D].contains(scalar.value)
        }
    }
}
