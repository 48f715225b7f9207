import Foundation

/// The HTML report: one self-contained file, charts as inline SVG, no scripts and nothing
/// fetched, readable at a laptop's width (about 1,280 px) and on paper.
///
/// Each section is a `<section id=... data-status="ok|not-run">`; each chart an
/// `<svg data-chart=... data-marks=N>` with N the lines, points or bars drawn, so a check
/// can assert every chart is present with data. A section without data says "not run".
public enum Report {
    /// The chart ids of a report whose every section has data, in page order.
    public static let chartIDs = [
        "funnel-0", "roc-balanced", "pr-balanced", "roc-backtest", "pr-backtest",
        "gain", "lift", "reliability-before", "reliability-after",
        "learning-epoch", "learning-seconds", "importance",
        "rolling-pr-auc", "rolling-lift",
    ]

    /// The section ids, in page order.
    public static let sectionIDs = [
        "funnel", "metrics", "curves", "deciles", "calibration", "learning", "importance",
        "rolling",
    ]

    /// The whole page.
    public static func html(_ data: ReportData) -> String {
        let sections = [
            funnelSection(data), metricsSection(data), curvesSection(data),
            decilesSection(data), calibrationSection(data), learningSection(data),
            importanceSection(data), rollingSection(data),
        ]
        var notes = data.notes.map { "<li>\(SVG.escape($0))</li>" }.joined()
        if !notes.isEmpty { notes = "<ul class=\"notes\">\(notes)</ul>" }
        let run = data.run.map { "<p class=\"run\">\(SVG.escape($0))</p>" } ?? ""
        let contents = zip(sectionIDs, sectionTitles).map {
            "<a href=\"#\($0)\">\(SVG.escape($1))</a>"
        }.joined(separator: " · ")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(SVG.escape(data.title))</title>
            <style>\(style)</style>
            </head>
            <body>
            <main>
            <header>
            <h1>\(SVG.escape(data.title))</h1>
            \(run)\(notes)
            <nav>\(contents)</nav>
            </header>
            \(sections.joined(separator: "\n"))
            </main>
            </body>
            </html>

            """
    }

    static let sectionTitles = [
        "Sample funnel", "Metrics", "ROC and precision-recall", "Gain and lift by decile",
        "Calibration", "Learning curves", "Feature importance", "Rolling backtest",
    ]

    /// A section with a heading, an explanatory line and its body, or "not run".
    static func section(_ id: String, intro: String, body: String?) -> String {
        let title = sectionTitles[sectionIDs.firstIndex(of: id)!]
        guard let body, !body.isEmpty else {
            return """
                <section id="\(id)" data-status="not-run"><h2>\(SVG.escape(title))</h2>
                <p class="not-run">Not run: this run's report data has nothing for this \
                section.</p>
                </section>
                """
        }
        return """
            <section id="\(id)" data-status="ok"><h2>\(SVG.escape(title))</h2>
            <p class="intro">\(intro)</p>
            \(body)
            </section>
            """
    }

    /// Two charts side by side (one column on narrow screens).
    static func pair(_ left: String, _ right: String) -> String {
        "<div class=\"pair\"><figure>\(left)</figure><figure>\(right)</figure></div>"
    }

    /// A placeholder for one chart whose data is absent while the rest of its section is not.
    static func missing(_ what: String) -> String {
        "<p class=\"not-run\">\(SVG.escape(what)): not run.</p>"
    }

    /// One entry per model, the smallest seed, models in report order: what the charts draw.
    static func firstSeedPerModel<T>(
        _ items: [T], model: (T) -> String, seed: (T) -> Int
    ) -> [T] {
        let models = SVG.ordered(items.map(model))
        return models.compactMap { name in
            items.filter { model($0) == name }.min { seed($0) < seed($1) }
        }
    }

    static let style = """
        body { margin: 0; background: #fff; color: #1a1a1a;
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        main { max-width: 1200px; margin: 0 auto; padding: 20px 28px 40px; }
        h1 { font-size: 24px; margin: 8px 0 4px; }
        h2 { font-size: 19px; margin: 0 0 4px; padding-top: 8px; border-top: 1px solid #ddd; }
        h3 { font-size: 15px; margin: 14px 0 6px; }
        section { margin: 26px 0 0; }
        p { margin: 4px 0 8px; }
        .run { color: #555; }
        .notes { color: #333; margin: 6px 0; padding-left: 20px; }
        nav { margin: 10px 0 0; font-size: 13px; }
        nav a { color: #0b5394; text-decoration: none; }
        .intro { color: #444; max-width: 920px; }
        .not-run { color: #8a5a00; background: #fff7e6; border: 1px solid #f0d9a8;
          padding: 6px 10px; border-radius: 4px; display: inline-block; }
        .pair { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 28px;
          align-items: start; }
        @media (max-width: 820px) { .pair { grid-template-columns: 1fr; } }
        figure { margin: 8px 0; }
        svg.chart { width: 100%; height: auto; display: block;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        svg .title { font-size: 14px; font-weight: 600; fill: #1a1a1a; }
        svg .tick { font-size: 11px; fill: #444; }
        svg .reflabel { font-size: 11px; fill: #555; paint-order: stroke; stroke: #fff;
          stroke-width: 4px; stroke-linejoin: round; }
        svg .legend { font-size: 12px; fill: #1a1a1a; }
        svg .axis { font-size: 12px; fill: #333; }
        svg .grid { stroke: #ececec; stroke-width: 1; }
        svg .frame { fill: none; stroke: #b5b5b5; }
        svg .reference { stroke: #8c8c8c; stroke-width: 1.2; stroke-dasharray: 4 4; }
        svg path.series { fill: none; stroke-linejoin: round; stroke-linecap: round; }
        table { border-collapse: collapse; font-size: 13px; margin: 6px 0 12px;
          font-variant-numeric: tabular-nums; }
        th, td { padding: 4px 10px; border-bottom: 1px solid #e4e4e4; text-align: right;
          white-space: nowrap; }
        th { background: #f5f5f5; font-weight: 600; }
        th:first-child, td:first-child { text-align: left; }
        td .ci { color: #777; font-size: 12px; }
        .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px;
          margin-right: 6px; }
        .scroll { overflow-x: auto; }
        """
}
