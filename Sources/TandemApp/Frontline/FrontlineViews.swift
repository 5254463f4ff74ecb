import Fluent
import Foundation
import TandemFrontline
import TandemPartners
import TandemPerformance
import Vapor

/// Shared pieces of the front-line pages: figures that explain themselves, a team's tabs, charts.
enum FrontlineViews {
    static func how(_ text: String) -> HTML { "<p class=\"how\">\(text)</p>" }

    /// A figure as a page shows it: the value with its formula, arithmetic, period and sample on
    /// hover; "not enough data" or "no data" instead of a number built on too little.
    static func figure(_ figure: FrontlineFigure?) -> HTML {
        guard let figure else { return "<span class=\"status-none\">no data</span>" }
        switch figure.status {
        case .value:
            return "<span class=\"kpi\" title=\"\(figure.explanation)\">\(format(figure.value!, figure.unit))</span>"
        case .notEnoughData(let size, let minimum):
            return "<span class=\"status-none\" title=\"\(figure.explanation)\">not enough data (n = \(size) &lt; \(HTML(raw: String(minimum))))</span>"
        case .noData:
            return "<span class=\"status-none\" title=\"\(figure.explanation)\">no data</span>"
        }
    }

    static func format(_ value: Double, _ unit: FigureUnit) -> String {
        switch unit {
        case .fraction: String(format: "%.1f%%", value * 100)
        case .days: value == value.rounded() ? "\(Int(value)) days" : String(format: "%.1f days", value)
        case .seconds: String(format: "%.0f s", value)
        case .points: String(format: "%.1f", value)
        case .ratio: String(format: "%.3f", value)
        case .count: String(format: "%.0f", value)
        }
    }

    static func day(_ day: UTCDay?) -> String { day?.description ?? "—" }

    enum TeamTab { case roster, tenure, proficiency, recognition }

    /// The tabs of one team's front line.
    static func teamTabs(_ teamID: UUID, _ current: TeamTab) -> HTML {
        let tabs: [(SiteURL, String, TeamTab)] = [
            (.frontlineRoster(.id(teamID)), "Roster", .roster), (.frontlineTeamTenure(.id(teamID)), "Tenure & attrition", .tenure),
            (.frontlineTeamProficiency(.id(teamID)), "Proficiency", .proficiency), (.frontlineTeamRecognition(.id(teamID)), "Recognition & contests", .recognition),
        ]
        return "<nav class=\"tabs\">\(tabs.map { HTML("<a href=\"\($0.0.path)\"\($0.2 == current ? HTML(" aria-current=\"page\"") : .empty)>\($0.1)</a>") })</nav>"
    }

    /// The front line's own sections.
    enum Section { case overview, tenure, proficiency, ramp, recognition, calibration, settings }

    static func sectionTabs(_ current: Section, principal: Principal) -> HTML {
        var tabs: [(SiteURL, String, Section)] = [
            (.frontline, "Teams", .overview), (.frontlineTenure, "Tenure & attrition", .tenure), (.frontlineProficiency, "Proficiency", .proficiency),
            (.frontlineRamp, "Ramp plans", .ramp), (.frontlineRecognition, "Recognition & contests", .recognition), (.frontlineCalibration, "QA calibration", .calibration),
        ]
        if !principal.isPartnerUser { tabs.append((.frontlineSettings, "Settings", .settings)) }
        return "<nav class=\"tabs\">\(tabs.map { HTML("<a href=\"\($0.0.path)\"\($0.2 == current ? HTML(" aria-current=\"page\"") : .empty)>\($0.1)</a>") })</nav>"
    }

    static func teamBadge(_ kind: TeamKind) -> HTML { kind == .inHouse ? Components.badge("In-house", "in_house") : .empty }

    /// A small line chart (inline SVG) with one line per series; nil values leave a gap.
    struct Series: Sendable {
        let name: String
        let inHouse: Bool
        let values: [Double?]
        let tips: [String]
    }

    static func lineChart(label: String, xLabels: [String], series: [Series], format: (Double) -> String, floorAtZero: Bool = false) -> HTML {
        let values = series.flatMap { $0.values.compactMap { $0 } }
        guard var low = values.min(), let high = values.max(), xLabels.count > 1 else {
            return "<div class=\"empty\">Not enough data for a chart of \(label) yet.</div>"
        }
        if floorAtZero { low = min(0, low) }
        let width = 760.0, height = 240.0, left = 64.0, right = 170.0, top = 12.0, bottom = 28.0
        let span = high - low == 0 ? max(abs(high), 1) * 0.1 : high - low
        let minY = floorAtZero ? low : low - span * 0.08, maxY = high + span * 0.08
        func x(_ i: Int) -> Double { left + (width - left - right) * Double(i) / Double(xLabels.count - 1) }
        func y(_ v: Double) -> Double { top + (height - top - bottom) * (1 - (v - minY) / (maxY - minY)) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var parts: [HTML] = []
        for tick in 0...4 {
            let v = minY + (maxY - minY) * Double(tick) / 4
            parts.append("<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(y(v)))\" y2=\"\(f(y(v)))\" class=\"grid\"></line><text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" class=\"axis\" text-anchor=\"end\">\(format(v))</text>")
        }
        let every = max(1, xLabels.count / 8)
        for (i, text) in xLabels.enumerated() where i % every == 0 || i == xLabels.count - 1 {
            parts.append("<text x=\"\(f(x(i)))\" y=\"\(f(height - 8))\" class=\"axis\" text-anchor=\"middle\">\(text)</text>")
        }
        for (index, line) in series.enumerated() {
            let color = TrendChart.palette[index % TrendChart.palette.count]
            var segments: [[(Double, Double)]] = [[]]
            for (i, value) in line.values.enumerated() {
                guard let value else { if !(segments.last?.isEmpty ?? true) { segments.append([]) }; continue }
                segments[segments.count - 1].append((x(i), y(value)))
                let tip = i < line.tips.count ? line.tips[i] : "\(line.name): \(format(value))"
                parts.append("<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(value)))\" r=\"3\" fill=\"\(color)\"><title>\(tip)</title></circle>")
            }
            for segment in segments where segment.count > 1 {
                let points = segment.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
                parts.append("<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(line.inHouse ? 3 : 2)\"\(line.inHouse ? HTML(" stroke-dasharray=\"6 3\"") : .empty)></polyline>")
            }
            parts.append("<text x=\"\(f(width - right + 10))\" y=\"\(f(top + 16 * Double(index) + 8))\" class=\"legend\" fill=\"\(color)\">\(line.name)</text>")
        }
        return "<svg class=\"chart trend\" role=\"img\" aria-label=\"\(label)\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"100%\">\(parts)</svg>"
    }
}

/// Who may do what on the front line, on top of partner isolation (scope first: 404; then permission: 403).
enum FrontlineAccess {
    /// The team named by `:partnerID`, if the caller may see it (404 otherwise).
    static func team(_ req: Request) async throws -> (Partner, Principal) {
        let principal = try req.requirePrincipal()
        let team = try await PartnerService.require(req.id("partnerID"), scope: principal.scope, on: req.db)
        return (team, principal)
    }

    /// Rosters: a partner's own users and the client's managers (editPartnerDirectory); viewers read only.
    static func requireRosterEditor(_ req: Request) throws -> Principal { try req.require(.editPartnerDirectory) }

    /// Kudos, celebrations, site visits, contests: either side takes part.
    static func requireParticipant(_ req: Request) throws -> Principal { try req.require(.takePartInRelationship) }

    /// Ramp plans, gate overrides, calibration sessions, settings: the client's managers.
    static func requireManager(_ req: Request) throws -> Principal { try req.require(.manageRelationship) }

    /// Teams the caller may see, the in-house team first.
    static func visibleTeams(_ principal: Principal, on db: any Database) async throws -> [Partner] {
        let query = Partner.query(on: db)
        if let own = principal.scope.partnerID { query.filter(\.$id == own) }
        return try await query.all().sorted { ($0.kind == .inHouse ? 0 : 1, $0.name) < ($1.kind == .inHouse ? 0 : 1, $1.name) }
    }
}
