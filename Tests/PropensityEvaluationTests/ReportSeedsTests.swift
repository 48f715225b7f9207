import Foundation
import Testing

@testable import PropensityEvaluation

/// How the report draws a model trained with several seeds: each seed faint, their mean bold.
@Suite struct ReportSeedsTests {
    @Test func interpolationIsLinearAndTakesTheTopOfAVerticalStep() {
        let curve = [
            CurvePoint(x: 0, y: 0), CurvePoint(x: 0, y: 0.4), CurvePoint(x: 0.5, y: 0.6),
            CurvePoint(x: 0.5, y: 0.8), CurvePoint(x: 1, y: 1),
        ]
        #expect(Report.interpolate(curve, at: 0) == 0.4)
        #expect(abs(Report.interpolate(curve, at: 0.25) - 0.5) < 1e-12)
        #expect(Report.interpolate(curve, at: 0.5) == 0.8)
        #expect(abs(Report.interpolate(curve, at: 0.75) - 0.9) < 1e-12)
        #expect(Report.interpolate(curve, at: 2) == 1)
        #expect(Report.interpolate([], at: 0.5).isNaN)
    }

    @Test func verticalMeanAveragesTheCurvesAtEachX() {
        // y = x and y = 1 (after a step at 0): means 0.5, 0.75, 1 at x = 0, 0.5, 1.
        let diagonal = [CurvePoint(x: 0, y: 0), CurvePoint(x: 1, y: 1)]
        let perfect = [CurvePoint(x: 0, y: 0), CurvePoint(x: 0, y: 1), CurvePoint(x: 1, y: 1)]
        let mean = Report.verticalMean([diagonal, perfect], grid: [0, 0.5, 1])
        #expect(mean == [
            CurvePoint(x: 0, y: 0.5), CurvePoint(x: 0.5, y: 0.75), CurvePoint(x: 1, y: 1),
        ])
    }

    @Test func meanByIndexAveragesThePointsAtEachPosition() {
        let a = [CurvePoint(x: 0.1, y: 0.2), CurvePoint(x: 0.3, y: 0.4)]
        let b = [CurvePoint(x: 0.3, y: 0.0)]
        let mean = Report.meanByIndex([a, b])
        #expect(mean.count == 2)
        #expect(abs(mean[0].x - 0.2) < 1e-12 && abs(mean[0].y - 0.1) < 1e-12)
        #expect(mean[1] == CurvePoint(x: 0.3, y: 0.4))
    }

    @Test func severalSeedsGiveFaintLinesAndOneBoldMean() throws {
        let data = try ReportData.decode(Data(contentsOf: ReportTests.fixtureURL))
        let series = Report.seedSeries(
            data.balancedTest, models: Report.allModels(data), points: \.roc,
            mean: { Report.verticalMean($0) })
        // cnn-lstm and lstm have seeds 0, 1, 2: three faint lines and a mean each; the three
        // other models one line each.
        #expect(series.count == 11)
        let cnn = series.filter { $0.name.hasPrefix("cnn-lstm") }
        #expect(cnn.filter { $0.opacity < 1 && !$0.inLegend }.count == 3)
        let bold = try #require(cnn.first { $0.opacity == 1 })
        #expect(bold.name == "cnn-lstm" && bold.inLegend && bold.width > 2)
        // The bold line is the seeds' vertical mean.
        let seeds = data.balancedTest.filter { $0.model == "cnn-lstm" }.map(\.roc)
        #expect(bold.points == Report.verticalMean(seeds))
        let xgboost = series.filter { $0.name.hasPrefix("xgboost") }
        #expect(xgboost.count == 1 && xgboost[0].opacity == 1)
    }

    @Test func theRollingChartHasOneLinePerModelAcrossTheCutoffs() throws {
        let data = try ReportData.decode(Data(contentsOf: ReportTests.fixtureURL))
        let html = Report.html(data)
        // Five model lines of five cutoffs (5 paths + 25 dots), plus the faint dots of the
        // three seeds of cnn-lstm and lstm at each cutoff (2 x 5 x 3).
        #expect(ReportTests.marks(html, chart: "rolling-pr-auc") == 5 + 25 + 30)
        #expect(html.contains(">2017-06<") && html.contains(">2017-10<"))
    }
}
