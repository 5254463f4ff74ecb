import Foundation
import TandemPartners

/// Horizontal bars on one labelled axis that starts at zero and ends at a round number, with a
/// legend: a single bar keeps its true length against the scale instead of filling the width.
/// Inline SVG (no scripts); `<title>` tooltips.
enum BarChart {
    struct Bar: Sendable {
        let label: String
        let value: Double
        /// The CSS class of the bar (its colour), e.g. `bar-partner`.
        let kind: String
        let tip: String
    }

    /// The smallest "nice" number (1, 2, 2.5, 5 × 10ⁿ) at or above `value`.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for step in [1.0, 2.0, 2.5, 5.0, 10.0] where step * magnitude >= value - 1e-9 { return step * magnitude }
        return 10 * magnitude
    }

    static func render(_ bars: [Bar], axisLabel: String, legend: [(kind: String, label: String)], ariaLabel: String) -> HTML {
        guard let largest = bars.map(\.value).max() else { return .empty }
        let top = niceCeiling(max(largest, 1))
        let rowHeight = 26, labelWidth = 200, barWidth = 440, axisHeight = 40
        let rows: [HTML] = bars.enumerated().map { index, bar in
            let y = index * rowHeight
            let width = bar.value <= 0 ? 0 : max(2, Int(Double(barWidth) * bar.value / top))
            return """
            <g transform="translate(0,\(y))"><title>\(bar.tip)</title>
            <text x="0" y="17" class="chart-label">\(bar.label.count > 28 ? String(bar.label.prefix(27)) + "…" : bar.label)</text>
            <rect x="\(labelWidth)" y="4" width="\(width)" height="18" class="bar \(bar.kind)"></rect>
            <text x="\(labelWidth + width + 6)" y="17" class="chart-value">\(ContactCentreFormat.number(bar.value, digits: bar.value == bar.value.rounded() ? 0 : 1))</text></g>
            """
        }
        let axisY = bars.count * rowHeight + 4
        var axis: [HTML] = ["<line x1=\"\(labelWidth)\" x2=\"\(labelWidth + barWidth)\" y1=\"\(axisY)\" y2=\"\(axisY)\" class=\"axis-line\" stroke=\"#8a93a6\"></line>"]
        for tick in 0...4 {
            let x = labelWidth + barWidth * tick / 4
            let value = top * Double(tick) / 4
            axis.append("<line x1=\"\(x)\" x2=\"\(x)\" y1=\"\(axisY)\" y2=\"\(axisY + 4)\" stroke=\"#8a93a6\"></line><text x=\"\(x)\" y=\"\(axisY + 16)\" class=\"axis\" text-anchor=\"middle\">\(ContactCentreFormat.number(value, digits: value == value.rounded() ? 0 : 1))</text>")
        }
        axis.append("<text x=\"\(labelWidth + barWidth / 2)\" y=\"\(axisY + 34)\" class=\"axis axis-title\" text-anchor=\"middle\">\(axisLabel)</text>")
        let height = axisY + axisHeight
        let key: [HTML] = legend.map { item in
            HTML("<span><svg class=\"swatch\" width=\"14\" height=\"10\" aria-hidden=\"true\"><rect width=\"14\" height=\"10\" class=\"\(item.kind)\"></rect></svg>\(item.label)</span>")
        }
        return """
        <figure class="chart-figure"><svg class="chart bars" role="img" aria-label="\(ariaLabel)" viewBox="0 0 \(labelWidth + barWidth + 70) \(height)" width="100%">\(rows)\(axis)</svg>
        <figcaption class="legend">\(key)</figcaption></figure>
        """
    }
}
