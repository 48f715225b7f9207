import Foundation

// MARK: - Several seeds in one chart

extension Report {
    /// The lines of one chart, per model in report order: a model with one seed is drawn as
    /// it is; with several, each seed is a faint thin line and `mean` of the seeds' curves a
    /// bold one, so a reader sees both the typical curve and how much a seed moves it.
    static func seedSeries<T: ModelRecord>(
        _ items: [T], models: [String], markers: Bool = false,
        points: (T) -> [CurvePoint], mean: ([[CurvePoint]]) -> [CurvePoint]
    ) -> [LineChart.Series] {
        SVG.ordered(items.map(\.model)).flatMap { model -> [LineChart.Series] in
            let runs = items.filter { $0.model == model }.sorted { $0.seed < $1.seed }
            let color = SVG.color(model: model, among: models)
            guard runs.count > 1 else {
                return runs.map {
                    LineChart.Series(name: model, color: color, points: points($0),
                                     markers: markers)
                }
            }
            let faint = runs.map {
                LineChart.Series(
                    name: "\(model) seed \($0.seed)", color: color, points: points($0),
                    markers: markers, width: 1.2, inLegend: false, opacity: 0.35)
            }
            let bold = LineChart.Series(
                name: model, color: color, points: mean(runs.map(points)), markers: markers,
                width: 2.6)
            return faint + [bold]
        }
    }

    /// The most seeds any model has, for the charts' explanations.
    static func seedCount<T: ModelRecord>(_ items: [T]) -> Int {
        Dictionary(grouping: items, by: \.model).values.map(\.count).max() ?? 0
    }

    /// A sentence saying how several seeds are drawn; empty with one seed per model.
    static func seedNote(_ seeds: Int, mean: String) -> String {
        seeds > 1
            ? " Bold: \(mean) over the \(seeds) seeds; faint: each seed." : ""
    }

    /// The curves averaged vertically: y at each x of `grid` (by `interpolate`), averaged.
    static func verticalMean(
        _ curves: [[CurvePoint]], grid: [Double] = (0...100).map { Double($0) / 100 }
    ) -> [CurvePoint] {
        let usable = curves.filter { !$0.isEmpty }
        guard !usable.isEmpty else { return [] }
        return grid.compactMap { x in
            let ys = usable.map { interpolate($0, at: x) }.filter(\.isFinite)
            guard !ys.isEmpty else { return nil }
            return CurvePoint(x: x, y: ys.reduce(0, +) / Double(ys.count))
        }
    }

    /// y at `x` on a polyline whose x never decreases: linear between neighbours; on a
    /// vertical step (several points at one x) the highest, last point; beyond the ends, the
    /// end's y.
    static func interpolate(_ curve: [CurvePoint], at x: Double) -> Double {
        let points = curve.filter { $0.x.isFinite && $0.y.isFinite }
        guard let first = points.first, let last = points.last else { return .nan }
        if x <= first.x {
            return points.last { $0.x == first.x }!.y
        }
        if x >= last.x { return last.y }
        var value = Double.nan
        for (a, b) in zip(points, points.dropFirst()) where a.x <= x && x <= b.x {
            value = b.x == a.x ? b.y : a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x)
        }
        return value
    }

    /// The point-by-point mean of curves drawn at the same positions (deciles, reliability
    /// bins): the k-th point's x and y averaged over the curves that have a k-th point.
    static func meanByIndex(_ curves: [[CurvePoint]]) -> [CurvePoint] {
        let length = curves.map(\.count).max() ?? 0
        return (0..<length).compactMap { k in
            let points = curves.compactMap { k < $0.count ? $0[k] : nil }
                .filter { $0.x.isFinite && $0.y.isFinite }
            guard !points.isEmpty else { return nil }
            let n = Double(points.count)
            return CurvePoint(
                x: points.reduce(0) { $0 + $1.x } / n, y: points.reduce(0) { $0 + $1.y } / n)
        }
    }
}
