import Foundation

// MARK: - Learning curves, feature importance, rolling backtest

extension Report {
    static func learningSection(_ data: ReportData) -> String {
        guard !data.learningCurves.isEmpty else {
            return section("learning", intro: "", body: nil)
        }
        let models = allModels(data)
        let curves = data.learningCurves.sorted(by: modelThenSeed)
        func chart(_ title: String, _ xLabel: String, _ x: (LearningPoint) -> Double) -> LineChart
        {
            var c = LineChart(title: title, xLabel: xLabel, yLabel: "validation ROC AUC")
            // Each seed faint, and bold the mean over seeds of every epoch all of them ran.
            c.series = seedSeries(
                curves, models: models, markers: true,
                points: { curve in
                    curve.points.map { CurvePoint(x: x($0), y: $0.validationAUC) }
                },
                mean: { runs in
                    let shortest = runs.map(\.count).min() ?? 0
                    return meanByIndex(runs.map { Array($0.prefix(shortest)) })
                })
            // A ring on each curve's best epoch: where early stopping keeps the weights.
            let several = seedCount(curves) > 1
            for curve in curves {
                guard let best = bestPoint(curve) else { continue }
                c.series.append(LineChart.Series(
                    name: "\(curve.model) seed \(curve.seed) best epoch",
                    color: SVG.color(model: curve.model, among: models),
                    points: [CurvePoint(x: x(best), y: best.validationAUC)], lines: false,
                    markers: true, ringRadius: 7, inLegend: false,
                    opacity: several ? 0.6 : 1))
            }
            let aucs = curves.flatMap { $0.points.map(\.validationAUC) }.filter(\.isFinite)
            let low = ((aucs.min() ?? 0.5) * 20).rounded(.down) / 20
            let high = ((aucs.max() ?? 1) * 20).rounded(.up) / 20
            c.yDomain = min(low, 0.5)...max(high, low + 0.05)
            c.xDomain = LineChart.fit(curves.flatMap { $0.points.map(x) } + [0], includeZero: true)
            return c
        }
        // Time to the best validation epoch, per model, averaged over seeds.
        let summary = SVG.ordered(curves.map(\.model)).map { model -> String in
            let best = curves.filter { $0.model == model }.compactMap(bestPoint)
            let seconds = Spread(best.map(\.seconds))
            let epochs = Spread(best.map { Double($0.epoch) })
            let auc = Spread(best.map(\.validationAUC))
            return "\(SVG.escape(model)): best validation AUC \(SVG.number(auc.mean)) at epoch "
                + "\(SVG.number(epochs.mean, digits: 1)) after "
                + "\(SVG.number(seconds.mean, digits: 1)) s"
        }.joined(separator: "; ")
        let seeds = Set(curves.map(\.seed)).count
        return section(
            "learning",
            intro: "Validation ROC AUC after every epoch, one line per seed (\(seeds) seed"
                + "\(seeds == 1 ? "" : "s")), against epochs and against training seconds: the "
                + "claim that cnn-lstm learns faster than lstm, shown."
                + seedNote(
                    seedCount(curves),
                    mean: "the mean (epoch, seconds and AUC) of every epoch all seeds ran")
                + " Rings: the best epoch of each run. Mean over seeds: \(summary).",
            body: pair(
                chart("By epoch", "epoch", { Double($0.epoch) }).svg(id: "learning-epoch"),
                chart("By training time", "seconds of training", \.seconds).svg(
                    id: "learning-seconds")))
    }

    /// The epoch with the highest validation AUC, the first among equals.
    static func bestPoint(_ curve: LearningCurve) -> LearningPoint? {
        var best: LearningPoint?
        for point in curve.points where point.validationAUC.isFinite {
            if best == nil || point.validationAUC > best!.validationAUC { best = point }
        }
        return best
    }

    static func importanceSection(_ data: ReportData) -> String {
        guard let importance = data.featureImportance, !importance.features.isEmpty else {
            return section("importance", intro: "", body: nil)
        }
        let top = importance.features.filter { $0.value.isFinite }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.name < $1.name }
            .prefix(15)
        let color = SVG.color(model: importance.model, among: allModels(data))
        let chart = BarChart(
            title: "\(importance.model): top \(top.count) features by \(importance.kind)",
            bars: top.map { BarChart.Bar(label: $0.name, value: $0.value, color: color) })
        return section(
            "importance",
            intro: "The aggregate features the \(SVG.escape(importance.model)) trees lean on "
                + "most (\(SVG.escape(importance.kind)); \(importance.features.count) features "
                + "in all).",
            body: "<div class=\"pair\"><figure>\(chart.svg(id: "importance"))</figure>"
                + "<div></div></div>")
    }

    static func rollingSection(_ data: ReportData) -> String {
        guard !data.rolling.isEmpty else { return section("rolling", intro: "", body: nil) }
        let allNames = allModels(data)
        let models = SVG.ordered(data.rolling.map(\.model))
        let cutoffs = Array(Set(data.rolling.map(\.cutoff))).sorted()
        // x: the cutoffs in time order; per model a line through the seeds' mean at each
        // cutoff, with each seed a faint dot when there are several.
        let seeds = seedCount(data.rolling.filter { $0.cutoff == cutoffs.first })
        func chart(
            _ title: String, _ yLabel: String, _ metric: (RankingMetrics) -> Double,
            reference: (Double, String)?
        ) -> LineChart {
            var c = LineChart(title: title, xLabel: "cutoff (30-day horizon after it)",
                              yLabel: yLabel)
            c.xDomain = 0.6...(Double(cutoffs.count) + 0.4)
            c.xCategories = cutoffs.enumerated().map { (Double($0 + 1), String($1.prefix(7))) }
            c.referenceY = reference.map { (value: $0.0, label: $0.1) }
            for model in models {
                let color = SVG.color(model: model, among: allNames)
                let records = data.rolling.filter { $0.model == model }
                var means: [CurvePoint] = []
                for (j, cutoff) in cutoffs.enumerated() {
                    let values = records.filter { $0.cutoff == cutoff }.map { metric($0.metrics) }
                    let x = Double(j + 1)
                    if values.count > 1 {
                        c.series.append(LineChart.Series(
                            name: "\(model) \(cutoff) seeds", color: color,
                            points: values.map { CurvePoint(x: x, y: $0) }, lines: false,
                            markers: true, width: 1.2, inLegend: false, opacity: 0.35))
                    }
                    let mean = Spread(values).mean
                    if mean.isFinite { means.append(CurvePoint(x: x, y: mean)) }
                }
                c.series.append(LineChart.Series(
                    name: model, color: color, points: means, markers: true,
                    width: seeds > 1 ? 2.4 : 2))
            }
            return c
        }
        let rate = Spread(data.rolling.map(\.metrics.baseRate)).mean
        let pr = chart(
            "PR AUC per cutoff", "PR AUC", \.prAUC,
            reference: rate.isFinite ? (rate, "mean base rate") : nil)
        let lift = chart(
            "Lift of the top decile per cutoff", "lift", \.liftTopDecile,
            reference: (1, "lift 1 = random"))
        let names: [(String, (RankingMetrics) -> Double)] = [
            ("PR AUC", \.prAUC), ("ROC AUC", \.rocAUC), ("P@10%", \.precisionTop10),
            ("lift top 10%", \.liftTopDecile), ("base rate", \.baseRate),
        ]
        let rows = models.map { model -> String in
            let records = data.rolling.filter { $0.model == model }
            let cells = names.map { _, metric -> String in
                let s = Spread(records.map { metric($0.metrics) })
                return "<td>\(SVG.number(s.mean)) ± \(SVG.number(s.sd)) <span class=\"ci\">"
                    + "[\(SVG.number(s.min)), \(SVG.number(s.max))]</span></td>"
            }.joined()
            return
                "<tr><td>\(swatch(model, data))\(SVG.escape(model))</td><td>\(records.count)</td>"
                + "\(cells)</tr>"
        }.joined(separator: "\n")
        let header = names.map { "<th>\($0.0)</th>" }.joined()
        let table =
            "<div class=\"scroll\"><table><tr><th>model</th><th>runs</th>\(header)</tr>\n"
            + "\(rows)</table></div>"
        return section(
            "rolling",
            intro: "The forward backtest repeated at \(cutoffs.count) monthly cutoffs ("
                + "\(SVG.escape(cutoffs.first ?? "")) to \(SVG.escape(cutoffs.last ?? ""))): one "
                + "cutoff is one noisy draw, the spread shows how much."
                + (seeds > 1
                    ? " Lines: each model's mean over the \(seeds) seeds at each cutoff; faint "
                        + "dots: each seed." : "")
                + " Table: mean ± sd [min, max] over cutoffs and seeds.",
            body: pair(pr.svg(id: "rolling-pr-auc"), lift.svg(id: "rolling-lift")) + table)
    }
}
