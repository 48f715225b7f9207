import Foundation

/// A horizontal SVG bar chart with a label left of each bar and its value at the bar's end:
/// the sample funnel and feature importance.
struct BarChart {
    struct Bar {
        var label: String
        var value: Double
        /// The text printed after the bar; the value itself when nil.
        var valueText: String?
        var color = "#0072B2"
    }

    var title: String
    var bars: [Bar]
    var width = 560.0
    var rowHeight = 20.0

    func svg(id: String) -> String {
        let c = SVG.coordinate
        let longest = bars.map(\.label.count).max() ?? 0
        // About 6.6 px per character at 12 px, with bounds so bars keep room.
        let labelWidth = min(max(Double(longest) * 6.6 + 12, 80), width * 0.5)
        let valueWidth = 78.0
        let top = 30.0
        let barArea = width - labelWidth - valueWidth - 8
        let height = top + Double(bars.count) * rowHeight + 8
        let maxValue = bars.map(\.value).filter(\.isFinite).max() ?? 0
        var out = """
            <svg class="chart" data-chart="\(id)" data-marks="\(bars.count)" \
            viewBox="0 0 \(Int(width)) \(Int(height))" role="img" \
            aria-label="\(SVG.escape(title))" xmlns="http://www.w3.org/2000/svg">
            <text class="title" x="0" y="18">\(SVG.escape(title))</text>

            """
        for (k, bar) in bars.enumerated() {
            let y = top + Double(k) * rowHeight
            let length = maxValue > 0 && bar.value.isFinite ? bar.value / maxValue * barArea : 0
            out +=
                "<text class=\"tick\" x=\"\(c(labelWidth - 8))\" y=\"\(c(y + rowHeight * 0.68))\""
                + " text-anchor=\"end\">\(SVG.escape(bar.label))</text>"
            out +=
                "<rect x=\"\(c(labelWidth))\" y=\"\(c(y + 3))\" width=\"\(c(max(length, 1)))\""
                + " height=\"\(c(rowHeight - 6))\" fill=\"\(bar.color)\">"
                + "<title>\(SVG.escape(bar.label))</title></rect>"
            out +=
                "<text class=\"tick\" x=\"\(c(labelWidth + length + 6))\""
                + " y=\"\(c(y + rowHeight * 0.68))\">"
                + "\(SVG.escape(bar.valueText ?? SVG.number(bar.value)))</text>\n"
        }
        out += "</svg>"
        return out
    }
}
