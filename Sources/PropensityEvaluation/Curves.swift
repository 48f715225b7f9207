/// ROC and precision-recall curves as points for plotting, one point per distinct score (ties
/// move the curve as one block), thinned for large populations.
public enum Curves {
    /// ROC points `(false-positive rate, true-positive rate)` from `(0, 0)` to `(1, 1)`.
    ///
    /// - Parameter maxPoints: a soft bound: see `thin(_:maxPoints:)`.
    /// - Returns: empty when either class is absent.
    public static func roc(labels: [Float], scores: [Float], maxPoints: Int = 200) -> [CurvePoint]
    {
        precondition(
            labels.count == scores.count, "roc: \(labels.count) labels, \(scores.count) scores")
        let positives = labels.reduce(0) { $0 + ($1 > 0.5 ? 1 : 0) }
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return [] }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var points = [CurvePoint(x: 0, y: 0)]
        var truePositives = 0
        var falsePositives = 0
        var k = 0
        while k < order.count {
            let threshold = scores[order[k]]
            while k < order.count && scores[order[k]] == threshold {
                if labels[order[k]] > 0.5 { truePositives += 1 } else { falsePositives += 1 }
                k += 1
            }
            points.append(
                CurvePoint(
                    x: Double(falsePositives) / Double(negatives),
                    y: Double(truePositives) / Double(positives)))
        }
        return thin(points, maxPoints: maxPoints)
    }

    /// Precision-recall points `(recall, precision)` at every distinct score down to full
    /// recall, as `PrecisionRecallCurve` computes them.
    ///
    /// - Returns: empty when there is no positive.
    public static func precisionRecall(
        labels: [Float], scores: [Float], maxPoints: Int = 200
    ) -> [CurvePoint] {
        let curve = PrecisionRecallCurve(labels: labels, scores: scores)
        let points = curve.points.map { CurvePoint(x: $0.recall, y: $0.precision) }
        return thin(points, maxPoints: maxPoints)
    }

    /// Keeps the first and last point and every point that moved at least `1 / maxPoints` in x
    /// or y from the last kept one, so a curve of 100,000 users keeps its shape in a few
    /// hundred points (at most about `2 * maxPoints` on a unit square).
    public static func thin(_ points: [CurvePoint], maxPoints: Int) -> [CurvePoint] {
        guard points.count > maxPoints, maxPoints > 1 else { return points }
        let step = 1 / Double(maxPoints)
        var kept = [points[0]]
        for point in points.dropFirst().dropLast() {
            let last = kept[kept.count - 1]
            if abs(point.x - last.x) >= step || abs(point.y - last.y) >= step {
                kept.append(point)
            }
        }
        kept.append(points[points.count - 1])
        return kept
    }
}
