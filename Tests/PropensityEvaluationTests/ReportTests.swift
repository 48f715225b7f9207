import Foundation
import Testing

@testable import PropensityEvaluation

@Suite struct ReportTests {
    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/report-data.json")

    /// The committed fixture is what the generator makes; PROPENSITY_WRITE_REPORT_FIXTURE=1
    /// rewrites it after a deliberate change.
    @Test func committedFixtureMatchesTheGenerator() throws {
        let generated = try ReportFixture.make().encoded()
        if ProcessInfo.processInfo.environment["PROPENSITY_WRITE_REPORT_FIXTURE"] == "1" {
            try FileManager.default.createDirectory(
                at: Self.fixtureURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try generated.write(to: Self.fixtureURL)
        }
        let committed = try Data(contentsOf: Self.fixtureURL)
        #expect(committed == generated, "run with PROPENSITY_WRITE_REPORT_FIXTURE=1 to refresh")
    }

    @Test func everySectionAndChartOfAFullReportHasData() throws {
        let data = try ReportData.decode(Data(contentsOf: Self.fixtureURL))
        let html = Report.html(data)
        for id in Report.sectionIDs {
            #expect(html.contains("<section id=\"\(id)\" data-status=\"ok\">"), "section \(id)")
        }
        for id in Report.chartIDs {
            let marks = try #require(Self.marks(html, chart: id), "chart \(id) missing")
            #expect(marks > 0, "chart \(id) has no data")
        }
        // Every model in the overlaid ROC curves: one path each, and for cnn-lstm and lstm
        // (seeds 0, 1, 2) three faint seed paths besides the mean: 5 + 2 * 3.
        #expect(Self.marks(html, chart: "roc-backtest") == 11)
        // Top 15 features only.
        #expect(Self.marks(html, chart: "importance") == 15)
        #expect(html.contains("share_l1_GROCERY") || html.contains("recency_days"))
    }

    @Test func theReportFetchesNothing() throws {
        let html = Report.html(try ReportData.decode(Data(contentsOf: Self.fixtureURL)))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
        // The only absolute URL is the SVG namespace, which is a name, not a fetch.
        let urls = html.components(separatedBy: "http").count - 1
        let namespaces =
            html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1
        #expect(urls == namespaces)
    }

    @Test func emptyDataSaysNotRunEverywhere() {
        let html = Report.html(ReportData(title: "Empty <run>", target: "baby"))
        for id in Report.sectionIDs {
            #expect(
                html.contains("<section id=\"\(id)\" data-status=\"not-run\">"), "section \(id)")
        }
        #expect(!html.contains("data-chart="))
        #expect(html.contains("Empty &lt;run&gt;"))
    }

    @Test func aMissingBacktestLeavesTheBalancedChartsStanding() throws {
        var data = try ReportData.decode(Data(contentsOf: Self.fixtureURL))
        data.backtest = nil
        let html = Report.html(data)
        #expect(Self.marks(html, chart: "roc-balanced") == 11)
        #expect(Self.marks(html, chart: "roc-backtest") == nil)
        #expect(html.contains("Backtest curves: not run."))
        #expect(html.contains("<section id=\"calibration\" data-status=\"not-run\">"))
    }

    @Test func decodingFillsAbsentSectionsAndNamesTheBadKey() throws {
        let minimal = try ReportData.decode(Data(#"{"title": "t", "target": "pet"}"#.utf8))
        #expect(minimal.target == "pet" && minimal.funnels.isEmpty && minimal.backtest == nil)
        let text = #"{"title": "t", "target": "pet", "funnels": "#
            + #"[{"name": "x", "steps": [{"name": "a"}]}]}"#
        let bad = Data(text.utf8)
        #expect {
            try ReportData.decode(bad, file: "run/report-data.json")
        } throws: { error in
            let text = "\(error)"
            return text.contains("run/report-data.json") && text.contains("count")
                && text.contains(".funnels[0].steps[0]")
        }
    }

    @Test func nonFiniteMetricsRoundTrip() throws {
        var data = ReportData(title: "t", target: "baby")
        data.rolling = [
            RollingRecord(
                model: "recency", cutoff: "2017-06-01", seed: 0,
                metrics: RankingMetrics(labels: [0, 0], scores: [0.1, 0.2]))
        ]
        let json = String(decoding: try data.encoded(), as: UTF8.self)
        #expect(json.contains("\"roc_auc\" : \"nan\""))
        let back = try ReportData.decode(Data(json.utf8))
        #expect(back.rolling[0].metrics.rocAUC.isNaN)
    }

    @Test func ticksAreRoundNumbers() {
        #expect(
            SVG.ticks(0, 1) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]
                || SVG.ticks(0, 1).count == 6)
        #expect(SVG.ticks(0, 30, target: 6) == [0, 5, 10, 15, 20, 25, 30])
        #expect(SVG.count(1_460_438) == "1,460,438")
        #expect(SVG.escape("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;")
    }

    /// The `data-marks` count of one chart, nil when the chart is absent.
    static func marks(_ html: String, chart id: String) -> Int? {
        guard let range = html.range(of: "data-chart=\"\(id)\" data-marks=\"") else { return nil }
        let rest = html[range.upperBound...]
        return Int(rest.prefix { $0.isNumber })
    }
}
