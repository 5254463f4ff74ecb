import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor

/// Small pieces shared by the relationship pages and API.
enum RelationshipSupport {
    /// The partner named in the path, if the caller may see it (404 otherwise).
    static func scopedPartner(_ req: Request) async throws -> Partner {
        try await PartnerService.require(req.id("partnerID"), scope: req.requirePrincipal().scope, on: req.db)
    }

    /// Scope first (another partner's record is a 404), then the permission (403).
    static func scopedPartner(_ req: Request, requiring permission: Permission) async throws -> (Partner, Principal) {
        let partner = try await scopedPartner(req)
        return (partner, try req.require(permission))
    }

    static func today() -> LocalDate { LocalDate(date: Date()) }

    /// "YYYY-MM-DD HH:MM" (or with a T) read as UTC.
    static func dateTime(_ text: String) -> Date? {
        let cleaned = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "T", with: " ")
        let parts = cleaned.split(separator: " ")
        guard parts.count == 2, let day = LocalDate(String(parts[0])) else { return nil }
        let hm = parts[1].split(separator: ":")
        guard hm.count >= 2, let h = Int(hm[0]), let m = Int(hm[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return day.startOfDayUTC.addingTimeInterval(Double(h * 3_600 + m * 60))
    }

    static func dateTimeField(_ form: FormValues, _ name: String, into errors: inout FieldErrors) -> Date? {
        let raw = form[name]
        if raw.isEmpty { return nil }
        guard let date = dateTime(raw) else { errors.add(name, "must be a UTC date and time as YYYY-MM-DD HH:MM"); return nil }
        return date
    }

    static func percent(_ value: Double?) -> String {
        guard let value else { return "—" }
        return String(format: "%.0f%%", value * 100)
    }

    static func score(_ value: Double?) -> String {
        guard let value else { return "—" }
        return String(format: "%.1f", value)
    }

    /// A health index as every page and the QBR pack show it: one decimal, and always how many
    /// components it rests on. Built on fewer than the stated minimum it is greyed and marked
    /// "too little data" (never presented as a full score).
    static func healthScore(_ health: RelationshipHealthDTO?) -> HTML {
        guard let health, let index = health.index else { return "<span class=\"muted\">—</span>" }
        let figure = score(index)
        if health.thin {
            return "<span class=\"kpi thin\" title=\"\(health.coverage): fewer than \(HealthIndex.minimumComponents) components, not a full score\">\(figure)</span> \(Components.thin(health.coverage))"
        }
        return "\(figure) <span class=\"sample\">\(health.coverage)</span>"
    }

    /// A health card: the figure greyed and captioned when thin, with its component count either way.
    static func healthCard(_ title: String, _ health: RelationshipHealthDTO?, note: String = "of 100") -> HTML {
        let thin = health?.thin ?? false
        let caveat: HTML = health.map { h in
            h.index == nil ? "no component has data" as HTML
                : thin ? "<span class=\"caveat\">\(h.coverage) · \(ThinData.label)</span>" : "\(note), from \(h.coverage)"
        } ?? "\(note)"
        return """
        <div class="card health-card\(thin ? " thin" : "")"><div class="card-title">\(title)</div><div class="card-figure">\(score(health?.index))</div><div class="card-note">\(caveat)</div></div>
        """
    }

    static func markdown(_ source: String) -> HTML { HTML(raw: "<div class=\"md\">\(Markdown.html(source))</div>") }
}

extension Request {
    /// Relationship writes made on a web form come back to the page the form was on.
    func back(to url: SiteURL, _ message: String) -> Response {
        flash(message)
        return redirect(to: url.path)
    }
}
