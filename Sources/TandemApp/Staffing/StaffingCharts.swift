import Foundation
import TandemPartners
import TandemStaffing

/// Server-rendered SVG for staffing pages: no scripts, a `<title>` tooltip on every mark.
enum StaffingCharts {
    /// Over/under staffing for one team: days down, time slots across. Red is under
    /// (scheduled < required), blue over; grey slots have neither requirement nor schedule.
    /// One scale for every team's heatmap on a page (`scale`: the largest gap, in agents, of any
    /// team that week), so the same colour means the same gap in each; a legend says how to read it.
    static func heatmap(team: String, week: LocalDate, slotMinutes: Int, gaps: [Date: Coverage.Cell], scale: Double? = nil) -> HTML {
        let slots = 1_440 / slotMinutes
        let cell = max(6, 672 / slots), rowHeight = 18, left = 44, top = 18
        let maxGap = max(1, scale ?? gaps.values.map { abs($0.gap) }.max() ?? 1)
        var marks: [HTML] = []
        for day in 0..<7 {
            let date = week.adding(days: day)
            let y = top + day * rowHeight
            marks.append("<text x=\"0\" y=\"\(y + 13)\" class=\"chart-label\">\(PlanTime.weekdayName(date))</text>")
            for slot in 0..<slots {
                let minute = PlanTime.minute(date) + slot * slotMinutes
                let x = left + slot * cell
                let label = "\(PlanTime.weekdayName(date)) \(date.display) \(PlanTime.clock(minuteOfDay: slot * slotMinutes))–\(PlanTime.clock(minuteOfDay: (slot + 1) * slotMinutes))"
                guard let c = gaps[PlanTime.date(minute: minute)], c.required > 0.005 || c.scheduled > 0.005 else {
                    marks.append("<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 1)\" height=\"\(rowHeight - 2)\" fill=\"#f3f4f6\" class=\"hm-none\"><title>\(label): nothing required or scheduled</title></rect>")
                    continue
                }
                let gap = c.gap
                let intensity = min(1, abs(gap) / maxGap)
                let fill: String
                if abs(gap) < 0.05 { fill = "#e8eef7" }
                else if gap < 0 { fill = color(from: (252, 228, 226), to: (179, 38, 30), intensity) }
                else { fill = color(from: (227, 236, 251), to: (36, 86, 200), intensity) }
                let tip = "\(label): required \(StaffingFormat.number(c.required)), scheduled \(StaffingFormat.number(c.scheduled)), gap \(gap >= 0 ? "+" : "")\(StaffingFormat.number(gap)) agents"
                marks.append("<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 1)\" height=\"\(rowHeight - 2)\" fill=\"\(fill)\" class=\"hm-cell\" data-gap=\"\(StaffingFormat.number(gap))\"><title>\(tip)</title></rect>")
            }
        }
        for hour in stride(from: 0, through: 24, by: 3) {
            marks.append("<text x=\"\(left + hour * 60 / slotMinutes * cell)\" y=\"12\" class=\"chart-label\">\(String(format: "%02d", hour))</text>")
        }
        let width = left + slots * cell + 20, height = top + 7 * rowHeight + 4
        return """
        <svg class="chart heatmap" role="img" aria-label="Over and under staffing of \(team), week of \(week.display)" viewBox="0 0 \(width) \(height)" width="100%" height="\(height)">\(marks)</svg>
        """
    }

    /// The heatmaps' legend: the colour ramp from the largest shortage to the largest surplus on
    /// the shared scale, with its figures in agents.
    static func heatmapLegend(scale: Double) -> HTML {
        let s = max(1, scale)
        let steps: [(Double, String)] = [(-s, "\(StaffingFormat.number(-s)) agents (most under)"), (-s / 2, StaffingFormat.number(-s / 2)), (0, "0 (on plan)"),
                                         (s / 2, "+\(StaffingFormat.number(s / 2))"), (s, "+\(StaffingFormat.number(s)) agents (most over)")]
        let swatches: [HTML] = steps.map { gap, label in
            let fill = abs(gap) < 0.05 ? "#e8eef7" : gap < 0 ? color(from: (252, 228, 226), to: (179, 38, 30), min(1, abs(gap) / s))
                : color(from: (227, 236, 251), to: (36, 86, 200), min(1, abs(gap) / s))
            return "<span>\(swatch(fill))\(label)</span>"
        }
        return """
        <div class="legend" id="heatmap-legend"><strong>Gap = scheduled − required agents:</strong> \(swatches)<span>\(swatch("#f3f4f6"))nothing required or scheduled</span></div>
        """
    }

    /// A colour sample as SVG (the Content-Security-Policy allows no inline styles).
    static func swatch(_ fill: String) -> HTML {
        "<svg class=\"swatch\" width=\"14\" height=\"10\" aria-hidden=\"true\"><rect width=\"14\" height=\"10\" fill=\"\(fill)\" stroke=\"#dde2ea\"></rect></svg>"
    }

    private static func color(from a: (Int, Int, Int), to b: (Int, Int, Int), _ t: Double) -> String {
        func mix(_ x: Int, _ y: Int) -> Int { Int((Double(x) + (Double(y) - Double(x)) * (0.25 + 0.75 * t)).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// Service level against the number of agents, with the target as a dashed line.
    static func serviceLevelChart(_ rows: [CalculatorRowDTO], target: Double?, answer: Int) -> HTML {
        guard rows.count > 1, let first = rows.first?.agents, let last = rows.last?.agents else { return .empty }
        let width = 560.0, height = 220.0, left = 44.0, bottom = 28.0, top = 10.0
        let plotW = width - left - 16, plotH = height - top - bottom
        func x(_ n: Int) -> Double { left + plotW * Double(n - first) / Double(max(1, last - first)) }
        func y(_ sl: Double) -> Double { top + plotH * (1 - sl) }
        let points = rows.map { "\(StaffingFormat.number(x($0.agents), digits: 1)),\(StaffingFormat.number(y($0.serviceLevel), digits: 1))" }.joined(separator: " ")
        var marks: [HTML] = []
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            marks.append("<line x1=\"\(left)\" x2=\"\(left + plotW)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" stroke=\"#dde2ea\"></line><text x=\"0\" y=\"\(y(tick) + 4)\" class=\"chart-label\">\(Int(tick * 100))%</text>")
        }
        if let target {
            marks.append("<line x1=\"\(left)\" x2=\"\(left + plotW)\" y1=\"\(y(target))\" y2=\"\(y(target))\" stroke=\"#b3261e\" stroke-dasharray=\"5 4\" class=\"target\"><title>Target \(StaffingFormat.percent(target, digits: 0))</title></line>")
        }
        marks.append("<polyline points=\"\(points)\" fill=\"none\" stroke=\"#2456c8\" stroke-width=\"2\"></polyline>")
        for row in rows {
            let tip = "\(row.agents) agents: SL \(StaffingFormat.percent(row.serviceLevel)), ASA \(row.asaSeconds.map(StaffingFormat.seconds) ?? "∞"), occupancy \(StaffingFormat.percent(row.occupancy))"
            marks.append("<circle cx=\"\(StaffingFormat.number(x(row.agents), digits: 1))\" cy=\"\(StaffingFormat.number(y(row.serviceLevel), digits: 1))\" r=\"\(row.agents == answer ? 6 : 4)\" fill=\"\(row.agents == answer ? "#1a7f4b" : "#2456c8")\" class=\"\(row.agents == answer ? "sl-answer" : "sl-point")\"><title>\(tip)</title></circle>")
            marks.append("<text x=\"\(StaffingFormat.number(x(row.agents) - 6, digits: 1))\" y=\"\(height - 8)\" class=\"chart-label\">\(row.agents)</text>")
        }
        return """
        <svg class="chart" role="img" aria-label="Service level by number of agents" viewBox="0 0 \(Int(width)) \(Int(height))" width="100%" height="\(Int(height))">\(marks)</svg>
        """
    }
}
