/// Precision and recall at every distinct score, from the highest threshold down.
///
/// The curve stops at the first threshold that reaches full recall: lower thresholds only add
/// negatives, so they can never improve precision, F1 or average precision.
public struct PrecisionRecallCurve: Sendable {
    public struct Point: Sendable, Equatable {
        public var threshold: Float
        public var precision: Double
        public var recall: Double
    }

    public private(set) var points: [Point] = []
    public private(set) var positives: Int = 0

    public init(labels: [Float], scores: [Float]) {
        precondition(
            labels.count == scores.count,
            "curve: \(labels.count) labels, \(scores.count) scores")
        positives = labels.reduce(0) { $0 + ($1 > 0.5 ? 1 : 0) }
        guard positives > 0 else { return }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var truePositives = 0, predicted = 0
        var k = 0
        while k < order.count {
            let threshold = scores[order[k]]
            while k < order.count && scores[order[k]] == threshold {
                if labels[order[k]] > 0.5 { truePositives += 1 }
                predicted += 1
                k += 1
            }
            points.append(Point(
                threshold: threshold,
                precision: Double(truePositives) / Double(predicted),
                recall: Double(truePositives) / Double(positives)))
            if truePositives == positives { break }
        }
    }
}
