/// Binary cross-entropy on logits, PyTorch's `BCEWithLogitsLoss` with mean reduction.
///
/// For logit `z` and label `y`, in the form that never overflows:
///
/// ```
/// loss(z, y) = max(z, 0) - z y + log(1 + e^-|z|)
/// d loss / d z = sigmoid(z) - y
/// ```
public enum BinaryCrossEntropy {
    /// Mean loss over the `N` logits (summed in Double).
    public static func loss(logits: [Float], labels: [Float]) -> Float {
        precondition(
            logits.count == labels.count, "\(logits.count) logits, \(labels.count) labels")
        guard !logits.isEmpty else { return 0 }
        var total = 0.0
        for (z, y) in zip(logits, labels) { total += loss(logit: z, label: y) }
        return Float(total / Double(logits.count))
    }

    /// The loss of one logit, in Double.
    public static func loss(logit: Float, label: Float) -> Double {
        let z = Double(logit), y = Double(label)
        return max(z, 0) - z * y + log1p(exp(-abs(z)))
    }

    /// Gradient of the mean loss with respect to each logit: `(sigmoid(z) - y) / N`.
    public static func gradient(logits: [Float], labels: [Float]) -> [Float] {
        precondition(
            logits.count == labels.count, "\(logits.count) logits, \(labels.count) labels")
        let scale = 1 / Float(logits.count)
        return zip(logits, labels).map { z, y in (sigmoid(z) - y) * scale }
    }

    /// The logistic function, computed without overflow for any `z`.
    public static func sigmoid(_ z: Float) -> Float {
        if z >= 0 { return 1 / (1 + expf(-z)) }
        let e = expf(z)
        return e / (1 + e)
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
