import Foundation

/// A small, safe Markdown subset rendered to HTML: paragraphs, headings, emphasis, bullet
/// and numbered lists, inline code and fenced code blocks, and links whose target is
/// http or https. Everything else, raw HTML included, is escaped and shown as text.
public enum Markdown {
    public static func html(_ source: String) -> String {
        var out: [String] = []
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])?
        var code: [String]?

        func flushParagraph() {
            if !paragraph.isEmpty { out.append("<p>\(inline(paragraph.joined(separator: "\n")))</p>") }
            paragraph = []
        }
        func flushList() {
            if let current = list {
                let tag = current.ordered ? "ol" : "ul"
                out.append("<\(tag)>" + current.items.map { "<li>\(inline($0))</li>" }.joined() + "</\(tag)>")
            }
            list = nil
        }

        let lines = source.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").components(separatedBy: "\n")
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var block = code {
                if trimmed.hasPrefix("```") {
                    out.append("<pre><code>\(escape(block.joined(separator: "\n")))</code></pre>")
                    code = nil
                } else {
                    block.append(line)
                    code = block
                }
                continue
            }
            if trimmed.hasPrefix("```") {
                flushParagraph(); flushList()
                code = []
            } else if trimmed.isEmpty {
                flushParagraph(); flushList()
            } else if let (level, text) = heading(trimmed) {
                flushParagraph(); flushList()
                // Page titles use h1 and h2; a document's headings start at h3.
                let tag = "h\(min(level + 2, 6))"
                out.append("<\(tag)>\(inline(text))</\(tag)>")
            } else if let (ordered, text) = listItem(trimmed) {
                flushParagraph()
                if list?.ordered != ordered { flushList(); list = (ordered, []) }
                list!.items.append(text)
            } else if list != nil, line.first == " " || line.first == "\t" {
                list!.items[list!.items.count - 1] += " " + trimmed
            } else {
                flushList()
                paragraph.append(trimmed)
            }
        }
        if let block = code { out.append("<pre><code>\(escape(block.joined(separator: "\n")))</code></pre>") }
        flushParagraph(); flushList()
        return out.joined(separator: "\n")
    }

    /// Only absolute http and https URLs become links.
    public static func isSafeURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return false }
        return url.count > (lower.hasPrefix("https") ? 8 : 7) && !url.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" })
    }

    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.first == " " else { return nil }
        return (hashes, rest.trimmingCharacters(in: .whitespaces))
    }

    private static func listItem(_ line: String) -> (Bool, String)? {
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            return (false, String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces))
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let marker = rest.first, marker == "." || marker == ")", rest.dropFirst().first == " " else { return nil }
        return (true, String(rest.dropFirst(2)).trimmingCharacters(in: .whitespaces))
    }

    /// Inline markup: `code`, **strong**, *emphasis* or _emphasis_, [text](http-url).
    static func inline(_ text: String, allowLinks: Bool = true) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        func find(_ target: [Character], from start: Int) -> Int? {
            guard start <= chars.count - target.count else { return nil }
            for j in start...(chars.count - target.count) where Array(chars[j..<(j + target.count)]) == target { return j }
            return nil
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, "\\`*_[]()#+-.!".contains(chars[i + 1]) {
                out += escape(String(chars[i + 1])); i += 2; continue
            }
            if c == "`", let end = find(["`"], from: i + 1) {
                out += "<code>\(escape(String(chars[(i + 1)..<end])))</code>"; i = end + 1; continue
            }
            if c == "[", allowLinks, let close = find(["]", "("], from: i + 1), let end = find([")"], from: close + 2) {
                let label = String(chars[(i + 1)..<close])
                let url = String(chars[(close + 2)..<end]).trimmingCharacters(in: .whitespaces)
                if isSafeURL(url) {
                    out += "<a href=\"\(escape(url))\" rel=\"noopener noreferrer\">\(inline(label, allowLinks: false))</a>"
                } else {
                    out += inline(label, allowLinks: false) + " (" + escape(url) + ")"
                }
                i = end + 1; continue
            }
            if c == "*", i + 1 < chars.count, chars[i + 1] == "*", let end = find(["*", "*"], from: i + 2), end > i + 2 {
                out += "<strong>\(inline(String(chars[(i + 2)..<end]), allowLinks: allowLinks))</strong>"; i = end + 2; continue
            }
            if c == "*" || c == "_" {
                let boundary = i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber)
                if boundary, i + 1 < chars.count, !chars[i + 1].isWhitespace, let end = find([c], from: i + 1), end > i + 1,
                   end + 1 == chars.count || !(chars[end + 1].isLetter || chars[end + 1].isNumber) {
                    out += "<em>\(inline(String(chars[(i + 1)..<end]), allowLinks: allowLinks))</em>"; i = end + 1; continue
                }
            }
            out += escape(String(c))
            i += 1
        }
        return out.replacingOccurrences(of: "\n", with: "<br>\n")
    }
}
