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

    static func render(kpi: KPIKind, periods: [ReportingPeriod], series: [Series], target: Double?) -> HTML {
        let values = series.flatMap { $0.points.compactMap { $0.flatMap { $0.enoughData ? $0.value : nil } } } + (target.map { [$0] } ?? [])
        guard let low = values.min(), let high = values.max(), periods.count > 1 else {
            return "<div class=\"empty\">No \(KPILabels.name(kpi)) data with enough contacts in these periods yet.</div>"
        }
        let width = 760.0, height = 260.0, left = 60.0, right = 150.0, top = 14.0, bottom = 30.0
        let span = high - low == 0 ? max(abs(high), 1) * 0.1 : (high - low)
        let minY = low - span * 0.08, maxY = high + span * 0.08
        func x(_ i: Int) -> Double { left + (width - left - right) * Double(i) / Double(periods.count - 1) }
        func y(_ v: Double) -> Double { top + (height - top - bottom) * (1 - (v - minY) / (maxY - minY)) }
        let unit: KPIUnit = series.lazy.compactMap { $0.points.lazy.compactMap { $0 }.first }.first?.unit ?? .fraction
        var parts: [HTML] = []
        for tick in 0...4 {
            let v = minY + (maxY - minY) * Double(tick) / 4
            parts.append("<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(y(v)))\" y2=\"\(fmt(y(v)))\" class=\"grid\"></line><text x=\"\(fmt(left - 6))\" y=\"\(fmt(y(v) + 4))\" class=\"axis\" text-anchor=\"end\">\(KPILabels.format(v, unit: unit))</text>")
        }
        let labelEvery = max(1, periods.count / 6)
        for (i, period) in periods.enumerated() where i % labelEvery == 0 || i == periods.count - 1 {
            parts.append("<text x=\"\(fmt(x(i)))\" y=\"\(fmt(height - 8))\" class=\"axis\" text-anchor=\"middle\">\(period.firstDay.description.dropFirst(5))</text>")
        }
        if let target {
            parts.append("<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(y(target)))\" y2=\"\(fmt(y(target)))\" class=\"target-line\"><title>Target \(KPILabels.formatTarget(target, kind: kpi))</title></line>")
        }
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
                let tip = "\(line.name), \(periods[i].rangeText): \(KPILabels.format(value, unit: cell.unit)) = \(cell.formula); n = \(cell.sampleSize)"
                dots.append("<circle cx=\"\(fmt(x(i)))\" cy=\"\(fmt(y(value)))\" r=\"3\" fill=\"\(color)\"><title>\(tip)</title></circle>")
            }
            for segment in segments where segment.count > 1 {
                let path = segment.map { "\(fmt($0.0)),\(fmt($0.1))" }.joined(separator: " ")
                parts.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(line.kind == .inHouse ? 3 : 2)\"\(line.kind == .inHouse ? HTML(" stroke-dasharray=\"6 3\"") : .empty)></polyline>")
            }
            parts += dots
            parts.append("<text x=\"\(fmt(width - right + 10))\" y=\"\(fmt(top + 16 * Double(index) + 8))\" class=\"legend\" fill=\"\(color)\">\(line.name)</text>")
        }
        return """
        <svg class="chart trend" role="img" aria-label="\(KPILabels.name(kpi)) by team over \(periods.count) periods" viewBox="0 0 \(fmt(width)) \(fmt(height))" width="100%">\(parts)</svg>
        """
    }

    private static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }
}
