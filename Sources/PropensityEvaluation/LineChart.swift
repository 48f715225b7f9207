import Foundation

/// A small SVG chart of lines and points on linear axes: ROC, PR, gain, lift, reliability,
/// learning curves and the rolling-backtest strip plot are all drawn with it.
///
/// The SVG has a fixed `viewBox` and scales to its container's width. Series are drawn in
/// order; the legend sits in the top margin so it never hides data.
struct LineChart {
    struct Series {
        var name: String
        var color: String
        var points: [CurvePoint]
        var lines = true
        var markers = false
        var dashed = false
        var width = 2.0
        /// Markers as rings of this radius instead of dots of radius 3.5.
        var ringRadius: Double?
        /// Series with the same name share one legend entry; false hides it from the legend.
        var inLegend = true
        /// Below 1 the series is drawn faint (one seed behind the seeds' mean).
        var opacity = 1.0
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series] = []
    /// Axis ranges; nil fits the data (and includes 0 on y).
    var xDomain: ClosedRange<Double>?
    var yDomain: ClosedRange<Double>?
    /// The line y = x (ROC chance, perfect calibration).
    var diagonal = false
    /// A horizontal reference line, e.g. lift 1 or the base rate.
    var referenceY: (value: Double, label: String)?
    /// Category labels at given x positions instead of numeric ticks.
    var xCategories: [(x: Double, label: String)]?
    var width = 560.0
    var height = 380.0

    /// The `<svg>` element; `id` names the chart for the report's check.
    func svg(id: String) -> String {
        let margin = (left: 58.0, right: 16.0, top: legendHeight + 34, bottom: 46.0)
        let plotWidth = width - margin.left - margin.right
        let plotHeight = height - margin.top - margin.bottom
        let all = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        let xd = xDomain ?? Self.fit(all.map(\.x), includeZero: false)
        let yd = yDomain ?? Self.fit(all.map(\.y) + [referenceY?.value ?? 0], includeZero: true)
        func px(_ x: Double) -> Double {
            margin.left + (x - xd.lowerBound) / (xd.upperBound - xd.lowerBound) * plotWidth
        }
        func py(_ y: Double) -> Double {
            margin.top + plotHeight - (y - yd.lowerBound) / (yd.upperBound - yd.lowerBound)
                * plotHeight
        }
        let c = SVG.coordinate
        var marks = 0
        var out = """
            <svg class="chart" data-chart="\(id)" viewBox="0 0 \(Int(width)) \(Int(height))" \
            role="img" aria-label="\(SVG.escape(title))" xmlns="http://www.w3.org/2000/svg">
            <text class="title" x="\(c(margin.left))" y="18">\(SVG.escape(title))</text>

            """
        out += legend(x: margin.left, y: 30, maxWidth: plotWidth)

        // Grid and ticks.
        let yTicks = SVG.ticks(yd.lowerBound, yd.upperBound)
        let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
        let right = c(margin.left + plotWidth)
        for t in yTicks {
            out +=
                "<line class=\"grid\" x1=\"\(c(margin.left))\" x2=\"\(right)\""
                + " y1=\"\(c(py(t)))\" y2=\"\(c(py(t)))\"/>"
            out +=
                "<text class=\"tick\" x=\"\(c(margin.left - 6))\" y=\"\(c(py(t) + 4))\""
                + " text-anchor=\"end\">\(SVG.tickLabel(t, step: yStep))</text>\n"
        }
        let xTicks: [(Double, String)]
        if let categories = xCategories {
            xTicks = categories.map { ($0.x, $0.label) }
        } else {
            let values = SVG.ticks(xd.lowerBound, xd.upperBound, target: 6)
            let step = values.count > 1 ? values[1] - values[0] : 1
            xTicks = values.map { ($0, SVG.tickLabel($0, step: step)) }
        }
        for (t, label) in xTicks {
            if xCategories == nil {
                out +=
                    "<line class=\"grid\" x1=\"\(c(px(t)))\" x2=\"\(c(px(t)))\""
                    + " y1=\"\(c(margin.top))\" y2=\"\(c(margin.top + plotHeight))\"/>"
            }
            out +=
                "<text class=\"tick\" x=\"\(c(px(t)))\" y=\"\(c(margin.top + plotHeight + 16))\""
                + " text-anchor=\"middle\">\(SVG.escape(label))</text>\n"
        }
        out +=
            "<rect class=\"frame\" x=\"\(c(margin.left))\" y=\"\(c(margin.top))\""
            + " width=\"\(c(plotWidth))\" height=\"\(c(plotHeight))\"/>\n"
        out +=
            "<text class=\"axis\" x=\"\(c(margin.left + plotWidth / 2))\" y=\"\(c(height - 8))\""
            + " text-anchor=\"middle\">\(SVG.escape(xLabel))</text>\n"
        out +=
            "<text class=\"axis\" transform=\"translate(14 \(c(margin.top + plotHeight / 2)))"
            + " rotate(-90)\" text-anchor=\"middle\">\(SVG.escape(yLabel))</text>\n"

        // Reference lines, clipped to the plot.
        if diagonal {
            let low = max(xd.lowerBound, yd.lowerBound)
            let high = min(xd.upperBound, yd.upperBound)
            if high > low {
                out +=
                    "<line class=\"reference\" x1=\"\(c(px(low)))\" y1=\"\(c(py(low)))\""
                    + " x2=\"\(c(px(high)))\" y2=\"\(c(py(high)))\"/>\n"
            }
        }
        if let reference = referenceY, yd.contains(reference.value) {
            let y = py(reference.value)
            out +=
                "<line class=\"reference\" x1=\"\(c(margin.left))\" x2=\"\(right)\""
                + " y1=\"\(c(y))\" y2=\"\(c(y))\"/>"
        }

        // Data.
        for s in series {
            let points = s.points.filter { $0.x.isFinite && $0.y.isFinite }
            guard !points.isEmpty else { continue }
            let faint = s.opacity < 1 ? " opacity=\"\(SVG.coordinate(s.opacity))\"" : ""
            if s.lines && points.count > 1 {
                let d = points.enumerated().map { k, p in
                    (k == 0 ? "M" : "L") + c(px(p.x)) + " " + c(py(p.y))
                }.joined(separator: " ")
                let dash = s.dashed ? " stroke-dasharray=\"6 4\"" : ""
                out +=
                    "<path class=\"series\" d=\"\(d)\" stroke=\"\(s.color)\""
                    + " stroke-width=\"\(s.width)\"\(dash)\(faint)>"
                    + "<title>\(SVG.escape(s.name))</title></path>\n"
                marks += 1
            }
            if s.markers {
                let shape = s.ringRadius.map {
                    "r=\"\($0)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\""
                } ?? "r=\"\(s.width < 2 ? 2.5 : 3.5)\" fill=\"\(s.color)\""
                for p in points {
                    out +=
                        "<circle cx=\"\(c(px(p.x)))\" cy=\"\(c(py(p.y)))\" \(shape)\(faint)>"
                        + "<title>\(SVG.escape(s.name)): "
                        + "\(SVG.number(p.x)), \(SVG.number(p.y))</title></circle>"
                    marks += 1
                }
                out += "\n"
            }
        }
        // The reference label last, so no curve hides it.
        if let reference = referenceY, yd.contains(reference.value) {
            let y = py(reference.value)
            out +=
                "<text class=\"reflabel\" x=\"\(c(margin.left + plotWidth - 4))\""
                + " y=\"\(c(y - 4))\""
                + " text-anchor=\"end\">\(SVG.escape(reference.label))</text>\n"
        }
        out += "</svg>"
        return out.replacingOccurrences(
            of: "data-chart=\"\(id)\"", with: "data-chart=\"\(id)\" data-marks=\"\(marks)\"")
    }

    // MARK: - Legend

    private var legendEntries: [(name: String, color: String, dashed: Bool)] {
        var seen = Set<String>()
        return series.filter { $0.inLegend && seen.insert($0.name).inserted }
            .map { ($0.name, $0.color, $0.dashed) }
    }

    /// Entries flow left to right and wrap; about 7 px per character at 12 px.
    private var legendLayout: [(name: String, color: String, dashed: Bool, x: Double, row: Int)] {
        let maxWidth = width - 58 - 16
        var x = 0.0
        var row = 0
        var out: [(String, String, Bool, Double, Int)] = []
        for entry in legendEntries {
            let entryWidth = 28 + 6.2 * Double(entry.name.count) + 18
            if x > 0 && x + entryWidth > maxWidth {
                x = 0
                row += 1
            }
            out.append((entry.name, entry.color, entry.dashed, x, row))
            x += entryWidth
        }
        return out
    }

    private var legendHeight: Double {
        let rows = (legendLayout.map(\.row).max() ?? -1) + 1
        return Double(rows) * 16
    }

    private func legend(x: Double, y: Double, maxWidth: Double) -> String {
        let c = SVG.coordinate
        var out = ""
        for entry in legendLayout {
            let ex = x + entry.x
            let ey = y + Double(entry.row) * 16
            let dash = entry.dashed ? " stroke-dasharray=\"6 4\"" : ""
            out +=
                "<line x1=\"\(c(ex))\" x2=\"\(c(ex + 22))\" y1=\"\(c(ey))\" y2=\"\(c(ey))\""
                + " stroke=\"\(entry.color)\" stroke-width=\"3\"\(dash)/>"
            out +=
                "<text class=\"legend\" x=\"\(c(ex + 28))\" y=\"\(c(ey + 4))\">"
                + "\(SVG.escape(entry.name))</text>\n"
        }
        return out
    }

    /// A padded range around values, rounded out to tick steps.
    static func fit(_ values: [Double], includeZero: Bool) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard var low = finite.min(), var high = finite.max() else { return 0...1 }
        if includeZero { low = min(low, 0) }
        if high <= low { high = low + 1 }
        let ticks = SVG.ticks(low, high)
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : (high - low)
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
        return low...(high > low ? high : low + step)
    }
}
