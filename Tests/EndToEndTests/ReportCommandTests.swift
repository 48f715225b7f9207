import Foundation
import Testing

/// `propensity report` on the committed report-data fixture.
@Suite(.enabled(if: Binary.url != nil, "build the release binary first (make test does)"))
struct ReportCommandTests {
    static let fixture = Binary.packageRoot
        .appendingPathComponent("Tests/PropensityEvaluationTests/Fixtures/report-data.json")

    @Test func reportWritesOneSelfContainedPageWithEveryChart() throws {
        let run = try Binary.temporaryDirectory()
        try FileManager.default.copyItem(
            at: Self.fixture, to: run.appendingPathComponent("report-data.json"))
        let result = try Binary.run(["report", "--run", run.path])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(
            contentsOf: run.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        for chart in [
            "funnel-0", "roc-balanced", "pr-backtest", "gain", "lift",
            "reliability-before", "reliability-after", "learning-epoch",
            "learning-seconds", "importance", "rolling-pr-auc", "rolling-lift",
        ] {
            #expect(html.contains("data-chart=\"\(chart)\" data-marks=\""), "chart \(chart)")
        }
        #expect(!html.contains("data-status=\"not-run\""))
    }

    @Test func missingReportDataNamesTheFile() throws {
        let run = try Binary.temporaryDirectory()
        let result = try Binary.run(["report", "--run", run.path])
        #expect(result.status == 66)
        #expect(result.stderr.contains("\(run.path)/report-data.json"), "\(result.stderr)")
    }

    @Test func malformedReportDataIsBadData() throws {
        let run = try Binary.temporaryDirectory()
        try Data(#"{"title": "t", "funnels": [{"name": 3}]}"#.utf8)
            .write(to: run.appendingPathComponent("report-data.json"))
        let result = try Binary.run(["report", "--run", run.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains(".funnels[0].name"), "\(result.stderr)")
    }
}
