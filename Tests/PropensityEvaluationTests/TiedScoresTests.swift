import PropensityEvaluation
import Testing

/// Every metric on one small population worked out by hand, with ties in the scores: forty
/// users, five buyers; users 2 to 5 share 0.7, users 7 to 9 share 0.3, users 11 to 40 (all
/// non-buyers) share 0.05. The arrays are in reverse user order, so array position would
/// break the ties the other way round.
///
/// ```
/// user   1   2   3   4   5   6   7   8   9   10   11...40
/// score .9  .7  .7  .7  .7  .5  .3  .3  .3  .1   .05
/// label  1   0   1   1   0   1   0   0   1   0    0
/// ```
@Suite struct TiedScoresTests {
    let users: [Int64] = Array((1...40).reversed())
    var scores: [Float] {
        let given: [Int64: Float] = [
            1: 0.9, 2: 0.7, 3: 0.7, 4: 0.7, 5: 0.7, 6: 0.5, 7: 0.3, 8: 0.3, 9: 0.3, 10: 0.1,
        ]
        return users.map { given[$0] ?? 0.05 }
    }
    var labels: [Float] { users.map { [1, 3, 4, 6, 9].contains($0) ? 1 : 0 } }

    @Test func rocAUCCountsEachTiedPairAsHalf() {
        // Negatives below / tied, per buyer: user 1: 35 / 0; users 3 and 4: 33 / 2 (users 2
        // and 5); user 6: 33 / 0; user 9: 31 / 2 (users 7 and 8). (35 + 34 + 34 + 33 + 32)
        // / (5 * 35) = 168 / 175.
        let auc = BinaryMetrics.rocAUC(labels: labels, scores: scores)
        #expect(abs(auc - 168.0 / 175) < 1e-12)
    }

    @Test func prAUCStepsOncePerTiedBlock() {
        // Thresholds .9: P 1, R 1/5; .7: P 3/5, R 3/5; .5: P 4/6, R 4/5; .3: P 5/9, R 1.
        // 1/5 * 1 + 2/5 * 3/5 + 1/5 * 4/6 + 1/5 * 5/9 = 154 / 225.
        let ap = BinaryMetrics.averagePrecision(labels: labels, scores: scores)
        #expect(abs(ap - 154.0 / 225) < 1e-12)
        let m = RankingMetrics(labels: labels, scores: scores, users: users)
        #expect(abs(m.prAUC - 154.0 / 225) < 1e-12)
    }

    @Test func topSharesCutTheTiedBlockByUserId() {
        let m = RankingMetrics(labels: labels, scores: scores, users: users)
        #expect(m.users == 40 && m.positives == 5)
        #expect(m.baseRate == 0.125)
        // Top 1% = ceil(0.4) = 1 user: user 1, a buyer.
        #expect(m.precisionTop1 == 1 && m.recallTop1 == 0.2)
        // Top 5% = 2 users: 1 and 2 (the smallest id of the 0.7 block).
        #expect(m.precisionTop5 == 0.5 && m.recallTop5 == 0.2)
        // Top 10% = 4 users: 1, 2, 3, 4; user 5 of the same block falls outside.
        #expect(m.precisionTop10 == 0.75 && m.recallTop10 == 0.6)
        // Lift of the top decile: 0.75 / 0.125.
        #expect(m.liftTopDecile == 6)
    }

    @Test func aThresholdAtATiedScoreTakesTheWholeBlock() {
        // Score >= 0.7 picks users 1 to 5: 3 buyers of 5 picked, 3 of 5 buyers found.
        let m = BinaryMetrics.evaluate(labels: labels, scores: scores, threshold: 0.7)
        #expect(abs(m.precision - 0.6) < 1e-12 && abs(m.recall - 0.6) < 1e-12)
        #expect(abs(m.f1 - 0.6) < 1e-12)
        // Wrong: users 2 and 5 (picked), 6 and 9 (missed); 36 of 40 right.
        #expect(abs(m.accuracy - 0.9) < 1e-12)
    }

    @Test func brierScoreOfTiedProbabilities() {
        // Buyers: .1² + 2 × .3² + .5² + .7² = .93. Non-buyers: 2 × .7² + 2 × .3² + .1²
        // + 30 × .05² = 1.245. (0.93 + 1.245) / 40 = 0.054375.
        let probabilities = scores.map(Double.init)
        let brier = Calibration.brierScore(labels: labels, probabilities: probabilities)
        #expect(abs(brier - 0.054375) < 1e-6)
    }
}
