import Foundation

// MARK: - Funnel and metrics

extension Report {
    static func funnelSection(_ data: ReportData) -> String {
        let charts = data.funnels.enumerated().map { k, funnel in
            BarChart(
                title: funnel.name,
                bars: funnel.steps.map {
                    BarChart.Bar(
                        label: $0.name, value: Double($0.count), valueText: SVG.count($0.count))
                },
                rowHeight: funnel.steps.count > 24 ? 17 : 20
            ).svg(id: "funnel-\(k)")
        }
        var body = ""
        for start in stride(from: 0, to: charts.count, by: 2) {
            body +=
                charts.count > start + 1
                ? pair(charts[start], charts[start + 1])
                : "<div class=\"pair\"><figure>\(charts[start])</figure></div>"
        }
        return section(
            "funnel",
            intro: "Users and samples left after every filtering step, per protocol (counts as in "
                + "<code>samples.json</code>).",
            body: body)
    }

    static func metricsSection(_ data: ReportData) -> String {
        var body = ""
        if !data.balancedTest.isEmpty {
            let names = ["roc_auc", "pr_auc", "precision", "recall", "f1", "accuracy"]
            let rows = data.balancedTest.sorted(by: modelThenSeed).map { r in
                let cells = names.map { name -> String in
                    guard let m = r.metrics.first(where: { $0.name == name }) else {
                        return "<td>–</td>"
                    }
                    let low = SVG.number(m.low, digits: 2), high = SVG.number(m.high, digits: 2)
                    let value = SVG.number(m.value)
                    return "<td>\(value) <span class=\"ci\">[\(low), \(high)]</span></td>"
                }.joined()
                return
                    "<tr><td>\(swatch(r.model, data))\(SVG.escape(r.model))</td><td>\(r.seed)</td>"
                    + "<td>\(r.positives) / \(r.negatives)</td>\(cells)</tr>"
            }.joined(separator: "\n")
            body +=
                "<h3>Balanced test (1:1), with bootstrap 95% intervals</h3>"
                + "<div class=\"scroll\"><table><tr><th>model</th><th>seed</th><th>pos / neg</th>"
                + "<th>ROC AUC</th><th>PR AUC</th><th>precision</th><th>recall</th><th>F1</th>"
                + "<th>accuracy</th></tr>\n\(rows)</table></div>"
        } else {
            body += missing("Balanced test")
        }
        if let backtest = data.backtest, !backtest.models.isEmpty {
            let rows = backtest.models.sorted(by: modelThenSeed).map { r in
                let m = r.metrics
                let cells = [
                    m.prAUC, m.rocAUC, m.precisionTop1, m.recallTop1, m.precisionTop5,
                    m.recallTop5, m.precisionTop10, m.recallTop10,
                ]
                .map { "<td>\(SVG.number($0))</td>" }.joined()
                return
                    "<tr><td>\(swatch(r.model, data))\(SVG.escape(r.model))</td><td>\(r.seed)</td>"
                    + "<td>\(m.positives) / \(SVG.count(m.users))</td>\(cells)"
                    + "<td>\(SVG.number(m.liftTopDecile, digits: 2))</td>"
                    + "<td>\(SVG.number(r.brierBefore, digits: 4))</td>"
                    + "<td>\(SVG.number(r.brierAfter, digits: 4))</td></tr>"
            }.joined(separator: "\n")
            let rate =
                backtest.models.first.map { SVG.number($0.metrics.baseRate * 100, digits: 1) }
                ?? "–"
            body +=
                "<h3>Forward backtest at \(SVG.escape(backtest.cutoff)), horizon "
                + "\(backtest.horizonDays) days, natural base rate \(rate)%</h3>"
                + "<div class=\"scroll\"><table><tr><th>model</th><th>seed</th>"
                + "<th>buyers / users</th>"
                + "<th>PR AUC</th><th>ROC AUC</th><th>P@1%</th><th>R@1%</th><th>P@5%</th>"
                + "<th>R@5%</th><th>P@10%</th><th>R@10%</th><th>lift top 10%</th>"
                + "<th>Brier raw</th><th>Brier calibrated</th></tr>\n\(rows)</table></div>"
        } else {
            body += missing("Forward backtest")
        }
        return section(
            "metrics",
            intro:
                "The balanced test is the published protocol; the forward backtest scores every "
                + "eligible non-buyer at the cutoff, as a campaign would, so its precision sits "
                + "near the base rate. P@k% and R@k%: precision and recall of the k% highest "
                + "scores.",
            body: data.balancedTest.isEmpty && data.backtest == nil ? nil : body)
    }

    static func modelThenSeed<T: ModelRecord>(_ a: T, _ b: T) -> Bool {
        let order = SVG.modelOrder
        let ka = order.firstIndex(of: a.model) ?? order.count
        let kb = order.firstIndex(of: b.model) ?? order.count
        if ka != kb { return ka < kb }
        if a.model != b.model { return a.model < b.model }
        return a.seed < b.seed
    }

    static func swatch(_ model: String, _ data: ReportData) -> String {
        let color = SVG.color(model: model, among: allModels(data))
        return "<span class=\"swatch\" style=\"background:\(color)\"></span>"
    }

    static func allModels(_ data: ReportData) -> [String] {
        SVG.ordered(
            data.balancedTest.map(\.model) + (data.backtest?.models.map(\.model) ?? [])
                + data.learningCurves.map(\.model) + data.rolling.map(\.model))
    }
}

/// What the tables sort by.
protocol ModelRecord {
    var model: String { get }
    var seed: Int { get }
}

extension BalancedTestResult: ModelRecord {}
extension BacktestModelResult: ModelRecord {}
extension LearningCurve: ModelRecord {}
extension RollingRecord: ModelRecord {}

// MARK: - Curves, deciles, calibration

extension Report {
    static func curvesSection(_ data: ReportData) -> String {
        let models = allModels(data)
        func lines<T: ModelRecord>(
            _ items: [T], _ points: (T) -> [CurvePoint]
        ) -> [LineChart.Series] {
            seedSeries(items, models: models, points: points, mean: { verticalMean($0) })
        }
        var body = ""
        if !data.balancedTest.isEmpty {
            var roc = LineChart(
                title: "ROC, balanced test", xLabel: "false-positive rate",
                yLabel: "true-positive rate", xDomain: 0...1, yDomain: 0...1)
            roc.series = lines(data.balancedTest, \.roc)
            roc.diagonal = true
            var pr = LineChart(
                title: "Precision-recall, balanced test", xLabel: "recall",
                yLabel: "precision", xDomain: 0...1, yDomain: 0...1)
            pr.series = lines(data.balancedTest, \.pr)
            pr.referenceY = (0.5, "chance 0.5")
            body += pair(roc.svg(id: "roc-balanced"), pr.svg(id: "pr-balanced"))
        } else {
            body += missing("Balanced-test curves")
        }
        if let backtest = data.backtest, !backtest.models.isEmpty {
            var roc = LineChart(
                title: "ROC, forward backtest \(backtest.cutoff)",
                xLabel: "false-positive rate", yLabel: "true-positive rate",
                xDomain: 0...1, yDomain: 0...1)
            roc.series = lines(backtest.models, \.roc)
            roc.diagonal = true
            let rate = backtest.models[0].metrics.baseRate
            let maxPrecision =
                backtest.models.flatMap { $0.pr.map(\.y) }.filter(\.isFinite).max() ?? 1
            var pr = LineChart(
                title: "Precision-recall, forward backtest \(backtest.cutoff)",
                xLabel: "recall", yLabel: "precision", xDomain: 0...1)
            // The first few users give precision 1 or 0 by chance; a zoomed axis keeps the
            // body of the curve readable.
            pr.yDomain = 0...min(1, max(0.1, (maxPrecision * 10).rounded(.up) / 10))
            pr.series = lines(backtest.models, \.pr)
            pr.referenceY = (rate, "base rate \(SVG.number(rate * 100, digits: 1))%")
            body += pair(roc.svg(id: "roc-backtest"), pr.svg(id: "pr-backtest"))
        } else {
            body += missing("Backtest curves")
        }
        return section(
            "curves",
            intro: "All models overlaid. Dashed: chance. On the backtest the precision-recall "
                + "curve is what a campaign sees at the natural base rate."
                + seedNote(
                    max(seedCount(data.balancedTest), seedCount(data.backtest?.models ?? [])),
                    mean: "the vertical average (mean y at each x)"),
            body: data.balancedTest.isEmpty && data.backtest == nil ? nil : body)
    }

    static func decilesSection(_ data: ReportData) -> String {
        guard let backtest = data.backtest, !backtest.models.isEmpty else {
            return section("deciles", intro: "", body: nil)
        }
        let models = allModels(data)
        let shown = firstSeedPerModel(backtest.models, model: \.model, seed: \.seed)
        let seeds = seedCount(backtest.models)
        var gain = LineChart(
            title: "Cumulative gain", xLabel: "share of users contacted (top deciles)",
            yLabel: "share of buyers reached", xDomain: 0...1, yDomain: 0...1)
        gain.diagonal = true
        gain.series = seedSeries(
            backtest.models, models: models, markers: true,
            points: { r in
                [CurvePoint(x: 0, y: 0)]
                    + r.deciles.map {
                        CurvePoint(x: Double($0.decile) / 10, y: $0.cumulativeGain)
                    }
            }, mean: meanByIndex)
        var lift = LineChart(
            title: "Lift by decile", xLabel: "decile (1 = highest scores)",
            yLabel: "buyer rate / base rate", xDomain: 0.5...10.5)
        lift.referenceY = (1, "lift 1 = random")
        lift.xCategories = (1...10).map { (Double($0), "\($0)") }
        lift.series = seedSeries(
            backtest.models, models: models, markers: true,
            points: { r in r.deciles.map { CurvePoint(x: Double($0.decile), y: $0.lift) } },
            mean: meanByIndex)
        return section(
            "deciles",
            intro:
                "Forward backtest at \(SVG.escape(backtest.cutoff)): users ranked by score and "
                + "cut into tenths. Gain: the share of all buyers within the top deciles. Lift: "
                + "each decile's buyer rate over the base rate."
                + seedNote(seeds, mean: "the mean per decile")
                + " Table: buyers found against the buyers the calibrated probabilities expect"
                + (seeds > 1 ? " (the first seed of each model)." : "."),
            body: pair(gain.svg(id: "gain"), lift.svg(id: "lift")) + decileTable(shown, data))
    }

    /// Per decile and model: buyers observed / expected from calibrated probabilities.
    static func decileTable(_ shown: [BacktestModelResult], _ data: ReportData) -> String {
        guard shown.contains(where: { $0.deciles.contains { $0.expectedPositives != nil } }) else {
            return ""
        }
        let header = shown.map { "<th>\(swatch($0.model, data))\(SVG.escape($0.model))</th>" }
            .joined()
        let rows = (1...10).map { decile -> String in
            let users = shown.first?.deciles.first { $0.decile == decile }?.users
            let cells = shown.map { r -> String in
                guard let row = r.deciles.first(where: { $0.decile == decile }) else {
                    return "<td>–</td>"
                }
                let expected = row.expectedPositives.map { SVG.number($0, digits: 1) } ?? "–"
                return "<td>\(row.positives) <span class=\"ci\">/ \(expected)</span></td>"
            }.joined()
            return "<tr><td>\(decile)</td><td>\(users.map(SVG.count) ?? "–")</td>\(cells)</tr>"
        }.joined(separator: "\n")
        return "<h3>Buyers per decile: observed / expected after calibration</h3>"
            + "<div class=\"scroll\"><table><tr><th>decile</th><th>users</th>\(header)</tr>\n"
            + "\(rows)</table></div>"
    }

    static func calibrationSection(_ data: ReportData) -> String {
        guard let backtest = data.backtest, !backtest.models.isEmpty else {
            return section("calibration", intro: "", body: nil)
        }
        let models = allModels(data)
        let probabilistic = backtest.models.filter {
            !$0.reliabilityBefore.isEmpty || !$0.reliabilityAfter.isEmpty
        }
        let shown = probabilistic.isEmpty ? backtest.models : probabilistic
        let seeds = seedCount(shown)
        func chart(_ title: String, _ bins: (BacktestModelResult) -> [ReliabilityBin]) -> LineChart
        {
            var c = LineChart(
                title: title, xLabel: "mean predicted probability",
                yLabel: "observed buyer rate")
            c.diagonal = true
            c.series = seedSeries(
                shown, models: models, markers: true,
                points: { r in
                    bins(r).map { CurvePoint(x: $0.meanPredicted, y: $0.observedRate) }
                }, mean: meanByIndex)
            let values = shown.flatMap {
                bins($0).flatMap { [$0.meanPredicted, $0.observedRate] }
            }
            let high = LineChart.fit(values, includeZero: true).upperBound
            c.xDomain = 0...min(max(high, 0.01), 1)
            c.yDomain = c.xDomain
            return c
        }
        let method =
            backtest.calibration == "platt"
            ? "Platt scaling fitted on natural-rate data"
            : "prior correction from the training rate "
                + "\(SVG.number(backtest.trainRate, digits: 2)) to the base rate"
        let brier = SVG.ordered(shown.map(\.model)).map { model in
            let runs = shown.filter { $0.model == model }
            let before = Spread(runs.map(\.brierBefore)).mean
            let after = Spread(runs.map(\.brierAfter)).mean
            return "\(SVG.escape(model)) \(SVG.number(before, digits: 4)) → "
                + SVG.number(after, digits: 4)
        }.joined(separator: "; ")
        return section(
            "calibration",
            intro:
                "Reliability on the forward backtest, 10 equal-count bins: a model trained on 1:1 "
                + "samples overstates every probability (left); after \(method) (right) points "
                + "should lie on the diagonal."
                + seedNote(seeds, mean: "the mean per bin")
                + " Brier score raw → calibrated\(seeds > 1 ? " (mean over seeds)" : ""): "
                + "\(brier).",
            body: pair(
                chart("Before calibration (raw scores)", \.reliabilityBefore).svg(
                    id: "reliability-before"),
                chart("After calibration", \.reliabilityAfter).svg(id: "reliability-after")))
    }
}
