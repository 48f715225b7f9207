import Foundation

/// Turning scores of a model trained on balanced samples into probabilities at the population's
/// base rate, and grading probabilities: Brier score and reliability curve.
public enum Calibration {
    /// Prior correction of one probability from the training positive rate to a base rate:
    /// the odds are scaled by how much rarer positives are in the population.
    ///
    /// ```
    /// r1 = base / train, r0 = (1 - base) / (1 - train)
    /// p' = p * r1 / (p * r1 + (1 - p) * r0)
    /// ```
    ///
    /// - Parameters:
    ///   - trainRate: positive rate of the training samples (0.5 after 1:1 balancing), in (0, 1).
    ///   - baseRate: positive rate of the population, in (0, 1).
    public static func priorCorrected(_ p: Double, trainRate: Double, baseRate: Double) -> Double {
        precondition(
            trainRate > 0 && trainRate < 1 && baseRate > 0 && baseRate < 1,
            "priorCorrected: rates must lie in (0, 1), got train \(trainRate) base \(baseRate)")
        let r1 = baseRate / trainRate
        let r0 = (1 - baseRate) / (1 - trainRate)
        let numerator = p * r1
        let denominator = numerator + (1 - p) * r0
        return denominator > 0 ? numerator / denominator : 0
    }

    /// `priorCorrected` applied to every score.
    public static func priorCorrected(
        _ scores: [Float], trainRate: Double = 0.5, baseRate: Double
    ) -> [Double] {
        scores.map { priorCorrected(Double($0), trainRate: trainRate, baseRate: baseRate) }
    }

    /// The Brier score: mean squared difference between probability and label.
    ///
    /// - Returns: NaN for an empty input.
    public static func brierScore(labels: [Float], probabilities: [Double]) -> Double {
        precondition(
            labels.count == probabilities.count,
            "brierScore: \(labels.count) labels, \(probabilities.count) probabilities")
        guard !labels.isEmpty else { return .nan }
        var sum = 0.0
        for (label, p) in zip(labels, probabilities) {
            let d = p - Double(label)
            sum += d * d
        }
        return sum / Double(labels.count)
    }

    /// How probabilities are grouped for the reliability curve.
    public enum Binning: String, Codable, Sendable {
        /// Bins `[k/B, (k+1)/B)` over [0, 1] (the last one closed); empty bins are left out.
        case equalWidth = "equal-width"
        /// `B` bins of consecutive probabilities in ascending order, bin `k` holding positions
        /// `[k*n/B, (k+1)*n/B)` (integer division), so sizes differ by at most one.
        case equalCount = "equal-count"
    }

    /// The reliability curve: per bin of predicted probability, the mean prediction against the
    /// observed positive rate.
    ///
    /// - Parameters:
    ///   - bins: number of bins `B`, 10 by default.
    /// - Returns: the non-empty bins in ascending order of probability.
    public static func reliability(
        labels: [Float], probabilities: [Double], bins: Int = 10, binning: Binning = .equalWidth
    ) -> [ReliabilityBin] {
        precondition(
            labels.count == probabilities.count,
            "reliability: \(labels.count) labels, \(probabilities.count) probabilities")
        precondition(bins > 0, "reliability: bins must be positive, got \(bins)")
        let n = labels.count
        var members = [[Int]](repeating: [], count: bins)
        switch binning {
        case .equalWidth:
            for (i, p) in probabilities.enumerated() {
                let k = min(max(Int((p * Double(bins)).rounded(.down)), 0), bins - 1)
                members[k].append(i)
            }
        case .equalCount:
            let order = probabilities.indices.sorted { probabilities[$0] < probabilities[$1] }
            for k in 0..<bins {
                members[k] = Array(order[(k * n / bins)..<((k + 1) * n / bins)])
            }
        }
        return members.enumerated().compactMap { k, indices in
            guard !indices.isEmpty else { return nil }
            let predicted = indices.reduce(0.0) { $0 + probabilities[$1] }
            let observed = indices.reduce(0.0) { $0 + Double(labels[$1]) }
            let count = Double(indices.count)
            let lower: Double
            let upper: Double
            if binning == .equalWidth {
                lower = Double(k) / Double(bins)
                upper = Double(k + 1) / Double(bins)
            } else {
                lower = indices.map { probabilities[$0] }.min()!
                upper = indices.map { probabilities[$0] }.max()!
            }
            return ReliabilityBin(
                lower: lower, upper: upper, meanPredicted: predicted / count,
                observedRate: observed / count, count: indices.count)
        }
    }
}

/// One bin of a reliability curve.
public struct ReliabilityBin: Codable, Sendable, Equatable {
    /// The bin's bounds: fixed edges for equal-width bins, the smallest and largest
    /// probability inside for equal-count bins.
    public var lower: Double
    public var upper: Double
    /// Mean predicted probability of the bin's users.
    public var meanPredicted: Double
    /// Share of them that are positive.
    public var observedRate: Double
    /// Users in the bin.
    public var count: Int

    enum CodingKeys: String, CodingKey {
        case lower, upper
        case meanPredicted = "mean_predicted"
        case observedRate = "observed_rate"
        case count
    }
}
