import Foundation

/// Percentile bootstrap confidence intervals for the metrics of one scored test split.
public enum Bootstrap {
    /// A metric's value on the whole split and its 95% percentile interval.
    public struct Interval: Codable, Sendable, Equatable {
        public var value: Double
        public var low: Double
        public var high: Double

        public init(value: Double, low: Double, high: Double) {
            self.value = value
            self.low = low
            self.high = high
        }
    }

    /// Resamples the split with replacement `resamples` times (seeded) and recomputes every
    /// metric at the frozen threshold; resamples holding one class only are skipped, since
    /// their AUCs do not exist.
    ///
    /// - Returns: one interval per metric, in the order of `PointMetrics.named`.
    public static func intervals(
        labels: [Float], scores: [Float], threshold: Float, resamples: Int = 1000, seed: UInt64 = 0
    ) -> [(String, Interval)] {
        let whole = BinaryMetrics.evaluate(labels: labels, scores: scores, threshold: threshold)
        var generator = SplitMix64(seed: seed)
        var draws = [[Double]](repeating: [], count: whole.named.count)
        let n = labels.count
        var sampleLabels = [Float](repeating: 0, count: n)
        var sampleScores = [Float](repeating: 0, count: n)
        for _ in 0..<resamples where n > 0 {
            for i in 0..<n {
                let j = Int(generator.next() % UInt64(n))
                sampleLabels[i] = labels[j]
                sampleScores[i] = scores[j]
            }
            let positives = sampleLabels.reduce(0, +)
            if positives == 0 || positives == Float(n) { continue }
            let metrics = BinaryMetrics.evaluate(
                labels: sampleLabels, scores: sampleScores, threshold: threshold)
            for (k, (_, value)) in metrics.named.enumerated() { draws[k].append(value) }
        }
        return whole.named.enumerated().map { k, pair in
            let sorted = draws[k].sorted()
            return (pair.0, Interval(
                value: pair.1, low: percentile(sorted, 2.5), high: percentile(sorted, 97.5)))
        }
    }

    /// The q-th percentile of sorted values, interpolating linearly between neighbours.
    package static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q / 100 * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}

/// SplitMix64, a small seeded generator: the same seed gives the same draws everywhere.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
