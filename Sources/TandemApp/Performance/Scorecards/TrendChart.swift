import Foundation
import TandemPartners
import TandemPerformance

/// A line chart drawn as inline SVG on the server: one line per team, gaps where a period has too
/// little data, a dashed line for the target. Every point explains itself on hover.
enum TrendChart {
    struct Series: Sendable {
        let name: String
        let kind: TeamKind
        let points: [ScorecardCell?]
    }

    static let palette = ["#2456c8", "#1a7f4b", "#a86400", "#b3261e", "#6b3fa0", "#00838f", "#5d4037", "#ad1457"]

    /// The chart with its axes named (the KPI in its unit on the left, weeks along the bottom), one
    /// scale shared by every team, and a legend of teams, line styles and the target under it.
    static func render(kpi: KPIKind, periods: [ReportingPeriod], series: [Series], target: Double?) -> HTML {
        let values = series.flatMap { $0.points.compactMap { $0.flatMap { $0.enoughData ? $0.value : nil } } } + (target.map { [$0] } ?? [])
        guard let low = values.min(), let high = values.max(), periods.count > 1 else {
            return "<div class=\"empty\">No \(KPILabels.name(kpi)) data with enough contacts in these periods yet.</div>"
        }
        let width = 760.0, height = 280.0, left = 78.0, right = 16.0, top = 14.0, bottom = 48.0
        let span = high - low == 0 ? max(abs(high), 1) * 0.1 : (high - low)
        let minY = low - span * 0.08, maxY = high + span * 0.08
        func x(_ i: Int) -> Double { left + (width - left - right) * Double(i) / Double(periods.count - 1) }
        func y(_ v: Double) -> Double { top + (height - top - bottom) * (1 - (v - minY) / (maxY - minY)) }
        let unit: KPIUnit = series.lazy.compactMap { $0.points.lazy.compactMap { $0 }.first }.first?.unit ?? KPILabels.unit(kpi)
        var parts: [HTML] = []
        for tick in 0...4 {
            let v = minY + (maxY - minY) * Double(tick) / 4
            parts.append("<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(y(v)))\" y2=\"\(fmt(y(v)))\" class=\"grid\"></line><text x=\"\(fmt(left - 6))\" y=\"\(fmt(y(v) + 4))\" class=\"axis\" text-anchor=\"end\">\(KPILabels.format(v, kind: kpi, unit: unit))</text>")
        }
        let labelEvery = max(1, periods.count / 6)
        for (i, period) in periods.enumerated() where i % labelEvery == 0 || i == periods.count - 1 {
            let day = period.firstLocalDay
            parts.append("<text x=\"\(fmt(x(i)))\" y=\"\(fmt(height - bottom + 16))\" class=\"axis\" text-anchor=\"middle\">\(ContactCentreFormat.date(day).split(separator: " ").prefix(2).joined(separator: " "))</text>")
        }
        // Axis titles: what is measured, in which unit, and along what.
        parts.append("<text x=\"14\" y=\"\(fmt(top + (height - top - bottom) / 2))\" class=\"axis axis-title\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(fmt(top + (height - top - bottom) / 2)))\">\(KPILabels.name(kpi)) (\(unitName(kpi, unit)))</text>")
        parts.append("<text x=\"\(fmt(left + (width - left - right) / 2))\" y=\"\(fmt(height - 6))\" class=\"axis axis-title\" text-anchor=\"middle\">Week starting (Monday, UTC)</text>")
        if let target {
            parts.append("<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(y(target)))\" y2=\"\(fmt(y(target)))\" class=\"target-line\"><title>Target \(KPILabels.formatTarget(target, kind: kpi))</title></line>")
        }
        var legend: [HTML] = []
        for (index, line) in series.enumerated() {
            let color = palette[index % palette.count]
            var segments: [[(Double, Double)]] = [[]]
            var dots: [HTML] = []
            for (i, cell) in line.points.enumerated() {
                guard let cell, cell.enoughData, let value = cell.value else {
                    if !(segments.last?.isEmpty ?? true) { segments.append([]) }
                    continue
                }
                segments[segments.count - 1].append((x(i), y(value)))
                let tip = "\(line.name), \(periods[i].displayRange): \(KPILabels.format(value, kind: kpi, unit: cell.unit)) = \(cell.formula); n = \(ContactCentreFormat.count(cell.sampleSize))"
                dots.append("<circle cx=\"\(fmt(x(i)))\" cy=\"\(fmt(y(value)))\" r=\"3\" fill=\"\(color)\"><title>\(tip)</title></circle>")
            }
            for segment in segments where segment.count > 1 {
                let path = segment.map { "\(fmt($0.0)),\(fmt($0.1))" }.joined(separator: " ")
                parts.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(line.kind == .inHouse ? 3 : 2)\"\(line.kind == .inHouse ? HTML(" stroke-dasharray=\"6 3\"") : .empty)></polyline>")
            }
            parts += dots
            legend.append(legendItem(color: color, dashed: line.kind == .inHouse, label: line.name + (line.kind == .inHouse ? " (in-house)" : "")))
        }
        if let target { legend.append(legendItem(color: "#8a93a6", dashed: true, label: "Target \(KPILabels.formatTarget(target, kind: kpi))")) }
        return """
        <figure class="chart-figure"><svg class="chart trend" role="img" aria-label="\(KPILabels.name(kpi)) by team over \(periods.count) periods" viewBox="0 0 \(fmt(width)) \(fmt(height))" width="100%">\(parts)</svg>
        <figcaption class="legend">\(legend)</figcaption></figure>
        """
    }

    /// A legend entry: a short line in the series' colour and style, and its name.
    static func legendItem(color: String, dashed: Bool, label: String) -> HTML {
        "<span><svg width=\"22\" height=\"8\" aria-hidden=\"true\"><line x1=\"0\" y1=\"4\" x2=\"22\" y2=\"4\" stroke=\"\(color)\" stroke-width=\"3\"\(dashed ? HTML(" stroke-dasharray=\"6 3\"") : .empty)></line></svg> \(label)</span>"
    }

    static func unitName(_ kind: KPIKind, _ unit: KPIUnit) -> String {
        switch unit {
        case .fraction: "%"
        case .seconds: kind == .averageHandleTime ? "m:ss" : "seconds"
        case .count: "contacts"
        case .score: "mean score"
        case .points: "points"
        }
    }

    private static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }
}
