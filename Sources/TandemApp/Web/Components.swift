import Foundation
import TandemPartners

/// Small pieces of markup shared by every page.
enum Components {
    static func csrfField(_ token: String) -> HTML {
        "<input type=\"hidden\" name=\"\(CSRFMiddleware.field)\" value=\"\(token)\">"
    }

    /// A table whose first row is the header; `empty` is shown instead when there are no rows.
    static func table(_ headers: [String], _ rows: [[HTML]], empty: HTML, id: String? = nil) -> HTML {
        guard !rows.isEmpty else { return "<div class=\"empty\">\(empty)</div>" }
        let head = headers.map { HTML("<th scope=\"col\">\($0)</th>") }
        let body = rows.map { cells in HTML("<tr>\(cells.map { HTML("<td>\($0)</td>") })</tr>") }
        // Wide tables scroll inside their own box, so the page never scrolls sideways on a phone.
        return "<div class=\"table-wrap\"><table\(id.map { HTML(" id=\"\($0)\"") } ?? .empty)><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table></div>"
    }

    static func details(_ pairs: [(String, HTML)]) -> HTML {
        "<dl class=\"details\">\(pairs.map { HTML("<dt>\($0.0)</dt><dd>\($0.1)</dd>") })</dl>"
    }

    static func link(_ url: SiteURL, _ label: String) -> HTML {
        "<a href=\"\(url.path)\">\(label)</a>"
    }

    static func badge(_ text: String, _ kind: String) -> HTML {
        "<span class=\"badge badge-\(kind)\">\(text)</span>"
    }

    /// A one-button form (delete, revoke...) with a confirmation text for the button title.
    static func postButton(_ url: SiteURL, _ label: String, csrf: String, danger: Bool = false) -> HTML {
        """
        <form method="post" action="\(url.path)" class="inline">\(csrfField(csrf))<button class="\(danger ? "danger" : "secondary")">\(label)</button></form>
        """
    }

    /// A moment as every page writes it: "2 Mar 2026, 14:05 UTC" (`ContactCentreFormat`).
    static func date(_ date: Date?) -> String { ContactCentreFormat.dateTime(date) }

    /// A day as every page writes it: "2 Mar 2026". Inputs, CSV and the API keep ISO dates.
    static func day(_ day: LocalDate?) -> String { ContactCentreFormat.date(day) }

    /// To the second: when seconds matter (heartbeats, job events).
    static func timestamp(_ date: Date?) -> String { ContactCentreFormat.timestamp(date) }

    /// A figure below its minimum sample, or a score from too few of its parts: greyed, marked, with why.
    static func thin(_ caveat: String) -> HTML {
        "<span class=\"thin-mark\">\(ThinData.label)</span> <span class=\"sample\">\(caveat)</span>"
    }

}
