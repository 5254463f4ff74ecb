import Foundation
import TandemPartners

/// Small server-drawn SVG charts for money over months: one line per team (gaps where a month
/// has no figure), every point explaining itself on hover.
enum MoneyChart {
    struct Series: Sendable {
        let name: String
        let kind: TeamKind
        /// One per month; nil where there is no figure.
        let points: [(value: Double, tip: String)?]
    }

    static func lines(_ label: String, months: [String], series: [Series], format: (Double) -> String) -> HTML {
        let values = series.flatMap { $0.points.compactMap { $0?.value } }
        guard let low = values.min(), let high = values.max(), months.count > 1 else {
            return "<div class=\"empty\">Not enough months with figures to draw \(label.lowercased()) yet.</div>"
        }
        let width = 760.0, height = 240.0, left = 70.0, right = 170.0, top = 14.0, bottom = 30.0
        let minY = min(0, low), maxY = high == minY ? minY + 1 : high * 1.08
        func x(_ i: Int) -> Double { left + (width - left - right) * Double(i) / Double(months.count - 1) }
        func y(_ v: Double) -> Double { top + (height - top - bottom) * (1 - (v - minY) / (maxY - minY)) }
        var parts: [HTML] = []
        for tick in 0...4 {
            let v = minY + (maxY - minY) * Double(tick) / 4
            parts.append("<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(y(v)))\" y2=\"\(f(y(v)))\" class=\"grid\"></line><text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" class=\"axis\" text-anchor=\"end\">\(format(v))</text>")
        }
        for (i, month) in months.enumerated() {
            parts.append("<text x=\"\(f(x(i)))\" y=\"\(f(height - 8))\" class=\"axis\" text-anchor=\"middle\">\(month)</text>")
        }
        for (index, line) in series.enumerated() {
            let color = TrendChart.palette[index % TrendChart.palette.count]
            var segments: [[(Double, Double)]] = [[]]
            var dots: [HTML] = []
            for (i, point) in line.points.enumerated() {
                guard let point else {
                    if !(segments.last?.isEmpty ?? true) { segments.append([]) }
                    continue
                }
                segments[segments.count - 1].append((x(i), y(point.value)))
                dots.append("<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(point.value)))\" r=\"3\" fill=\"\(color)\"><title>\(line.name), \(months[i]): \(point.tip)</title></circle>")
            }
            for segment in segments where segment.count > 1 {
                let path = segment.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
                parts.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(line.kind == .inHouse ? HTML(" stroke-dasharray=\"6 3\"") : .empty)></polyline>")
            }
            parts += dots
            parts.append("<text x=\"\(f(width - right + 10))\" y=\"\(f(top + 16 * Double(index) + 8))\" class=\"legend\" fill=\"\(color)\">\(line.name)</text>")
        }
        return "<svg class=\"chart trend\" role=\"img\" aria-label=\"\(label)\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"100%\">\(parts)</svg>"
    }

    /// Bars per month (credits, bonuses): positive up.
    static func bars(_ label: String, months: [String], values: [(value: Double, tip: String)], format: (Double) -> String) -> HTML {
        guard let high = values.map(\.value).max(), high > 0 else {
            return "<div class=\"empty\">No \(label.lowercased()) in these months.</div>"
        }
        let width = 760.0, height = 200.0, left = 70.0, top = 14.0, bottom = 30.0
        let slot = (width - left - 20) / Double(max(1, months.count))
        var parts: [HTML] = []
        for (i, month) in months.enumerated() {
            let v = i < values.count ? values[i].value : 0
            let h = (height - top - bottom) * v / (high * 1.08)
            let x = left + slot * Double(i) + slot * 0.2
            parts.append("<rect x=\"\(f(x))\" y=\"\(f(height - bottom - h))\" width=\"\(f(slot * 0.6))\" height=\"\(f(max(0, h)))\" class=\"bar bar-partner\"><title>\(month): \(i < values.count ? values[i].tip : "")</title></rect>")
            parts.append("<text x=\"\(f(x + slot * 0.3))\" y=\"\(f(height - 8))\" class=\"axis\" text-anchor=\"middle\">\(month)</text>")
            if v > 0 { parts.append("<text x=\"\(f(x + slot * 0.3))\" y=\"\(f(height - bottom - h - 4))\" class=\"axis\" text-anchor=\"middle\">\(format(v))</text>") }
        }
        return "<svg class=\"chart trend\" role=\"img\" aria-label=\"\(label)\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"100%\">\(parts)</svg>"
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
