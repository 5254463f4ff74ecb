import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// The outline of a few key pages (title, headings, table columns, form fields and buttons, in
/// page order) against a stored snapshot, so a change to what a page shows is a visible diff in
/// review, not an accident. Digits are written as `#` and month names as `Mmm` (dates and counts move with the clock).
/// `UPDATE_SNAPSHOTS=1 swift test --filter PageSnapshotTests` rewrites the files.
@Suite struct PageSnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    @Test func key_pages_keep_their_outline() async throws {
        try await withApp(.sqlite) { app in
            let ws = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: Workspace.emails[.manager]!)
            let pages: [(String, SiteURL)] = [
                ("dashboard", .home), ("partner", .partner(.id(ws.partnerA))), ("performance", .performance),
                ("relationship-partner", .relationshipPartner(.id(ws.partnerA))), ("staffing-plan", .staffing),
            ]
            let updating = ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1"
            for (name, url) in pages {
                let response = try await browser.get(url.path)
                #expect(response.status == .ok, "\(name): \(response.status)")
                let outline = Self.outline(response.text)
                let file = Self.directory.appendingPathComponent("\(name).txt")
                if updating {
                    try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
                    try outline.write(to: file, atomically: true, encoding: .utf8)
                    continue
                }
                let stored = try? String(contentsOf: file, encoding: .utf8)
                #expect(stored != nil, "no snapshot for \(name): run with UPDATE_SNAPSHOTS=1 and review the file")
                if let stored, stored != outline {
                    let was = stored.split(separator: "\n"), now = outline.split(separator: "\n")
                    let first = Array(zip(was, now)).firstIndex { $0.0 != $0.1 } ?? min(was.count, now.count)
                    Issue.record("\(name) changed at line \(first + 1): was \(first < was.count ? String(was[first]) : "(end)"), now \(first < now.count ? String(now[first]) : "(end)")")
                }
            }
        }
    }

    @Test func the_outline_keeps_structure_and_hides_digits() {
        let html = """
        <title>Week 12 · Tandem</title><h1 class="x">Scorecard <small>2026-W12</small></h1><table><tr><th scope="col">SL</th></tr></table>
        <form><input type="hidden" name="_csrf" value="abc"><label>Name<input name="name"></label><textarea name="notes"></textarea><button>Save</button></form>
        """
        #expect(Self.outline(html) == """
        title: Week # · Tandem
        h1: Scorecard #-W#
        th: SL
        field: name
        field: notes
        button: Save

        """)
    }

    /// One line per element of interest: `tag: text` (fields by name; the CSRF token left out).
    static func outline(_ html: String) -> String {
        var lines: [String] = []
        let pattern = try! NSRegularExpression(pattern: #"<(title|h1|h2|h3|th|button)\b[^>]*>(.*?)</\1>|<(input|select|textarea)\b[^>]*\bname="([^"]+)""#,
                                               options: [.dotMatchesLineSeparators, .caseInsensitive])
        let range = NSRange(html.startIndex..., in: html)
        for match in pattern.matches(in: html, range: range) {
            if let tagRange = Range(match.range(at: 1), in: html), let textRange = Range(match.range(at: 2), in: html) {
                let text = html[textRange].replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression)
                    .replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression).trimmingCharacters(in: .whitespaces)
                // Digits and month names move with the clock ("week of 2 Mar 2026" → "week of # Mmm #").
                let masked = text.replacingOccurrences(of: #"[0-9]+"#, with: "#", options: .regularExpression)
                    .replacingOccurrences(of: #"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"#, with: "Mmm", options: .regularExpression)
                lines.append("\(html[tagRange].lowercased()): \(masked)")
            } else if let nameRange = Range(match.range(at: 4), in: html), html[nameRange] != CSRFMiddleware.field {
                lines.append("field: \(html[nameRange])")
            }
        }
        let text = lines.joined(separator: "\n")
            .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
        return text + "\n"
    }
}
