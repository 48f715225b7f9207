import Testing
import PropensityEvaluation

@Suite struct BinaryMetricsTests {
    // Scores 0.9 0.8 0.8 0.6 0.4 0.4 0.2 with labels 1 1 0 1 0 1 0.
    let labels: [Float] = [1, 1, 0, 1, 0, 1, 0]
    let scores: [Float] = [0.9, 0.8, 0.8, 0.6, 0.4, 0.4, 0.2]

    @Test func rocAUCCountsTiesAsHalf() {
        // Pairs (pos, neg) = 4 x 3 = 12. Positive 0.9 beats all 3; 0.8 beats 2 and ties 1 (2.5);
        // 0.6 beats 2; 0.4 beats 1 and ties 1 (1.5). Sum 9 / 12.
        #expect(abs(BinaryMetrics.rocAUC(labels: labels, scores: scores) - 9.0 / 12) < 1e-12)
    }

    @Test func rocAUCIsNaNWithOneClass() {
        #expect(BinaryMetrics.rocAUC(labels: [1, 1], scores: [0.2, 0.3]).isNaN)
    }

    @Test func averagePrecisionStepsAtDistinctScores() {
        // Thresholds 0.9: P 1, R 1/4. 0.8: P 2/3, R 2/4. 0.6: P 3/4, R 3/4. 0.4: P 4/6, R 1.
        let expected = 0.25 * 1 + 0.25 * (2.0 / 3) + 0.25 * 0.75 + 0.25 * (4.0 / 6)
        let ap = BinaryMetrics.averagePrecision(labels: labels, scores: scores)
        #expect(abs(ap - expected) < 1e-12)
    }

    @Test func bestF1ThresholdIsTheLowestReachingTheBest() {
        // F1 at 0.9: 0.4, 0.8: 4/7, 0.6: 0.75, 0.4: 0.8, 0.2 not reached (full recall at 0.4).
        #expect(BinaryMetrics.bestF1Threshold(labels: labels, scores: scores) == 0.4)
        // Equal F1 at two thresholds: labels 1 0 0 1 at 0.9 0.8 0.7 0.6. At 0.9: P 1, R .5,
        // F1 2/3; 0.8: F1 .5; 0.7: F1 .4; 0.6: P .5, R 1, F1 2/3. The lower one wins.
        let tie = BinaryMetrics.bestF1Threshold(labels: [1, 0, 0, 1], scores: [0.9, 0.8, 0.7, 0.6])
        #expect(tie == 0.6)
    }

    @Test func bestF1OnWeakBalancedScoresLabelsNearlyEveryonePositive() {
        // Balanced and weakly ranked: labels 1 0 1 0 1 0 at scores 0.6 ... 0.1. F1 at 0.6:
        // 1/2, 0.5: 2/5, 0.4: 2/3, 0.3: 4/7, 0.2: P 3/5 R 1 -> 3/4, 0.1: 2/3. The best F1
        // sits at 0.2, which calls 5 of 6 positive with recall 1: what the stated criterion
        // (max F1 on validation) gives whenever the ranking is weak.
        let labels: [Float] = [1, 0, 1, 0, 1, 0]
        let scores: [Float] = [0.6, 0.5, 0.4, 0.3, 0.2, 0.1]
        let threshold = BinaryMetrics.bestF1Threshold(labels: labels, scores: scores)
        #expect(threshold == 0.2)
        let m = BinaryMetrics.evaluate(labels: labels, scores: scores, threshold: threshold)
        #expect(m.recall == 1 && m.precision == 0.6 && abs(m.f1 - 0.75) < 1e-12)
    }

    @Test func pointMetricsAtAThreshold() {
        let m = BinaryMetrics.evaluate(labels: labels, scores: scores, threshold: 0.6)
        // Predicted positive: 0.9 0.8 0.8 0.6 -> TP 3, FP 1; FN 1, TN 2.
        #expect(m.precision == 0.75)
        #expect(m.recall == 0.75)
        #expect(m.f1 == 0.75)
        #expect(abs(m.accuracy - 5.0 / 7) < 1e-12)
    }

    @Test func bootstrapIntervalHoldsTheValueAndIsSeeded() {
        let a = Bootstrap.intervals(labels: labels, scores: scores, threshold: 0.6, resamples: 200)
        let b = Bootstrap.intervals(labels: labels, scores: scores, threshold: 0.6, resamples: 200)
        for ((name, x), (_, y)) in zip(a, b) {
            #expect(x == y, "\(name) differs between two runs with one seed")
            #expect(x.low <= x.high, "\(name) interval is inverted")
        }
        let auc = a.first { $0.0 == "roc_auc" }!.1
        #expect(auc.value == 0.75)
        #expect(auc.low < 0.75 && auc.high > 0.75)
    }

    @Test func percentileInterpolatesLinearly() {
        #expect(Bootstrap.percentile([1, 2, 3, 4, 5], 50) == 3)
        #expect(Bootstrap.percentile([0, 10], 2.5) == 0.25)
    }
}
