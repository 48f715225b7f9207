/// Building the report's records straight from labels and scores, so the pipeline hands over
/// arrays and every number in the report comes from the same grading code.
extension BalancedTestResult {
    /// Grades one model's scores on the balanced test split: every metric of `PointMetrics`
    /// with its bootstrap interval at the frozen threshold, and the ROC and PR points.
    ///
    /// - Parameters:
    ///   - threshold: chosen on validation (`BinaryMetrics.bestF1Threshold`).
    ///   - resamples: bootstrap resamples (1,000 in the protocol).
    public init(
        model: String, seed: Int, labels: [Float], scores: [Float], threshold: Float,
        resamples: Int = 1000, bootstrapSeed: UInt64 = 0
    ) {
        let intervals = Bootstrap.intervals(
            labels: labels, scores: scores, threshold: threshold, resamples: resamples,
            seed: bootstrapSeed)
        let positives = labels.reduce(0) { $0 + ($1 > 0.5 ? 1 : 0) }
        self.init(
            model: model, seed: seed, positives: positives, negatives: labels.count - positives,
            threshold: Double(threshold),
            metrics: intervals.map {
                NamedInterval(name: $0.0, value: $0.1.value, low: $0.1.low, high: $0.1.high)
            },
            roc: Curves.roc(labels: labels, scores: scores),
            pr: Curves.precisionRecall(labels: labels, scores: scores))
    }
}

extension BacktestModelResult {
    /// Grades one model's scores on a backtest population: ranking metrics, curves, deciles,
    /// and the Brier score and reliability curve of the raw scores and of calibrated ones.
    ///
    /// - Parameters:
    ///   - users: ids, for breaking ties in score.
    ///   - probabilities: calibrated probabilities from the caller (e.g. `PlattScaling` fitted
    ///     on natural-rate data); nil applies prior correction from `trainRate` to
    ///     `baseRate`.
    ///   - trainRate: positive rate of the training samples (0.5 after balancing).
    ///   - baseRate: the base rate prior correction aims at; nil takes the population's own,
    ///     which a campaign only knows afterwards: pass a rate estimated before the cutoff for
    ///     an honest calibration.
    ///   - bins: reliability bins (equal-count, since calibrated probabilities crowd near the
    ///     base rate and equal-width bins would put nearly everyone in the first).
    public init(
        model: String, seed: Int, labels: [Float], scores: [Float], users: [Int64],
        probabilities: [Double]? = nil, trainRate: Double = 0.5, baseRate: Double? = nil,
        bins: Int = 10
    ) {
        let metrics = RankingMetrics(labels: labels, scores: scores, users: users)
        let raw = scores.map { Double($0) }
        var calibrated = probabilities ?? raw
        if probabilities == nil {
            let target = baseRate ?? metrics.baseRate
            if target > 0 && target < 1 {
                calibrated = Calibration.priorCorrected(
                    scores, trainRate: trainRate, baseRate: target)
            }
        }
        self.init(
            model: model, seed: seed, metrics: metrics,
            roc: Curves.roc(labels: labels, scores: scores),
            pr: Curves.precisionRecall(labels: labels, scores: scores),
            deciles: DecileTable.rows(
                labels: labels, scores: scores, users: users, probabilities: calibrated),
            brierBefore: Calibration.brierScore(labels: labels, probabilities: raw),
            brierAfter: Calibration.brierScore(labels: labels, probabilities: calibrated),
            reliabilityBefore: Calibration.reliability(
                labels: labels, probabilities: raw, bins: bins, binning: .equalCount),
            reliabilityAfter: Calibration.reliability(
                labels: labels, probabilities: calibrated, bins: bins, binning: .equalCount))
    }
}

extension LearningCurve {
    /// A learning curve from `(epoch, cumulative seconds, validation AUC, train loss)` rows,
    /// as the training loop's epoch records hold them.
    public init(
        model: String, seed: Int,
        epochs: [(epoch: Int, seconds: Double, validationAUC: Double, trainLoss: Double)]
    ) {
        self.init(
            model: model, seed: seed,
            points: epochs.map {
                LearningPoint(
                    epoch: $0.epoch, seconds: $0.seconds, validationAUC: $0.validationAUC,
                    trainLoss: $0.trainLoss)
            })
    }
}
