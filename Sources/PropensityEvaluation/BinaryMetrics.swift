/// PropensityEvaluation owns grading: metrics on plain arrays of labels and scores, so every
/// model, neural or not, is graded by the same code. It knows nothing of models or data.

/// Threshold-free and thresholded metrics of binary scores.
///
/// Labels are 0 or 1; a score at or above the threshold predicts positive. Ties in scores are
/// handled as one block everywhere: a curve only moves at distinct scores.
public enum BinaryMetrics {
    /// The area under the ROC curve: the chance that a random positive outscores a random
    /// negative, ties counting half (Mann-Whitney U over average ranks).
    ///
    /// - Returns: NaN when either class is absent.
    public static func rocAUC(labels: [Float], scores: [Float]) -> Double {
        precondition(
            labels.count == scores.count,
            "rocAUC: \(labels.count) labels, \(scores.count) scores")
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSumPositives = 0.0
        var positives = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] {
                end += 1
            }
            // Ranks start+1 ... end+1 share their average.
            let averageRank = Double(start + end + 2) / 2
            for k in start...end where labels[order[k]] > 0.5 {
                rankSumPositives += averageRank
                positives += 1
            }
            start = end + 1
        }
        let negatives = Double(labels.count) - positives
        guard positives > 0, negatives > 0 else { return .nan }
        return (rankSumPositives - positives * (positives + 1) / 2) / (positives * negatives)
    }

    /// Average precision, the area under the precision-recall step curve:
    /// `sum over distinct thresholds of (R_k - R_{k-1}) * P_k`.
    ///
    /// - Returns: NaN when there is no positive.
    public static func averagePrecision(labels: [Float], scores: [Float]) -> Double {
        let curve = PrecisionRecallCurve(labels: labels, scores: scores)
        guard curve.positives > 0 else { return .nan }
        var area = 0.0
        var previousRecall = 0.0
        for point in curve.points {
            area += (point.recall - previousRecall) * point.precision
            previousRecall = point.recall
        }
        return area
    }

    /// The lowest score threshold that reaches the best F1 on these labels.
    ///
    /// Used on validation, then frozen for test.
    public static func bestF1Threshold(labels: [Float], scores: [Float]) -> Float {
        let curve = PrecisionRecallCurve(labels: labels, scores: scores)
        var best = -1.0
        var threshold = scores.max() ?? 0.5
        // Points run from the highest threshold down, so `>=` keeps the lowest among ties.
        for point in curve.points {
            let f1 = f1Score(precision: point.precision, recall: point.recall)
            if f1 >= best {
                best = f1
                threshold = point.threshold
            }
        }
        return threshold
    }

    /// Precision, recall, F1 and accuracy of `score >= threshold`, with both AUCs.
    public static func evaluate(
        labels: [Float], scores: [Float], threshold: Float
    ) -> PointMetrics {
        var truePositives = 0.0, predictedPositives = 0.0, positives = 0.0, correct = 0.0
        for (label, score) in zip(labels, scores) {
            let predicted = score >= threshold
            let actual = label > 0.5
            if predicted { predictedPositives += 1 }
            if actual { positives += 1 }
            if predicted && actual { truePositives += 1 }
            if predicted == actual { correct += 1 }
        }
        let precision = truePositives / max(predictedPositives, 1)
        let recall = truePositives / max(positives, 1)
        return PointMetrics(
            precision: precision, recall: recall,
            f1: f1Score(precision: precision, recall: recall),
            accuracy: correct / max(Double(labels.count), 1),
            rocAUC: rocAUC(labels: labels, scores: scores),
            prAUC: averagePrecision(labels: labels, scores: scores))
    }

    static func f1Score(precision: Double, recall: Double) -> Double {
        precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }
}

/// Metrics of one set of scores at one threshold.
public struct PointMetrics: Codable, Sendable, Equatable {
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var accuracy: Double
    public var rocAUC: Double
    public var prAUC: Double

    /// The metrics by their names in `metrics.json`.
    public var named: [(String, Double)] {
        [("precision", precision), ("recall", recall), ("f1", f1), ("accuracy", accuracy),
         ("roc_auc", rocAUC), ("pr_auc", prAUC)]
    }
}
