import PropensityEvaluation
import Testing

@Suite struct CurvesTests {
    // Scores 0.9 0.8 0.8 0.6 0.4 0.4 0.2 with labels 1 1 0 1 0 1 0: 4 positives, 3 negatives.
    let labels: [Float] = [1, 1, 0, 1, 0, 1, 0]
    let scores: [Float] = [0.9, 0.8, 0.8, 0.6, 0.4, 0.4, 0.2]

    @Test func rocPointsMoveOncePerDistinctScore() {
        let points = Curves.roc(labels: labels, scores: scores)
        let expected: [(Double, Double)] = [
            (0, 0), (0, 0.25), (1.0 / 3, 0.5), (1.0 / 3, 0.75), (2.0 / 3, 1), (1, 1),
        ]
        #expect(points.count == expected.count)
        for (point, (x, y)) in zip(points, expected) {
            #expect(abs(point.x - x) < 1e-12 && abs(point.y - y) < 1e-12, "\(point) vs \(x), \(y)")
        }
    }

    @Test func trapezoidsUnderTheROCPointsAreTheAUC() {
        let points = Curves.roc(labels: labels, scores: scores)
        var area = 0.0
        for (a, b) in zip(points, points.dropFirst()) { area += (b.x - a.x) * (a.y + b.y) / 2 }
        #expect(abs(area - BinaryMetrics.rocAUC(labels: labels, scores: scores)) < 1e-12)
    }

    @Test func precisionRecallPointsStopAtFullRecall() {
        let points = Curves.precisionRecall(labels: labels, scores: scores)
        let expected: [(Double, Double)] = [(0.25, 1), (0.5, 2.0 / 3), (0.75, 0.75), (1, 4.0 / 6)]
        #expect(points.count == expected.count)
        for (point, (x, y)) in zip(points, expected) {
            #expect(abs(point.x - x) < 1e-12 && abs(point.y - y) < 1e-12, "\(point) vs \(x), \(y)")
        }
    }

    @Test func curvesOfOneClassAreEmpty() {
        #expect(Curves.roc(labels: [1, 1], scores: [0.1, 0.2]).isEmpty)
        #expect(Curves.precisionRecall(labels: [0, 0], scores: [0.1, 0.2]).isEmpty)
    }

    @Test func thinningKeepsEndsAndBoundsTheGaps() {
        // A staircase of 10,001 points, like a ROC curve of a large population.
        var points: [CurvePoint] = []
        for k in 0...10_000 {
            let x = Double(k / 2) / 5000
            let y = Double((k + 1) / 2) / 5000
            points.append(CurvePoint(x: x, y: y))
        }
        let thin = Curves.thin(points, maxPoints: 100)
        #expect(thin.first == points.first && thin.last == points.last)
        let kept = thin.count
        #expect(kept <= 201 && kept >= 100, "kept \(kept)")
        for (a, b) in zip(thin, thin.dropFirst()) {
            #expect(abs(b.x - a.x) <= 0.0102 && abs(b.y - a.y) <= 0.0102, "gap \(a) to \(b)")
        }
        #expect(Curves.thin(Array(points.prefix(50)), maxPoints: 100) == Array(points.prefix(50)))
    }
}
