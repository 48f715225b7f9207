import Foundation

/// Platt scaling on the logit of a score: `p' = sigmoid(a * logit(s) + b)`, fitted by maximum
/// likelihood on natural-rate data (a validation population, never the one it is graded on).
///
/// Working on the logit makes prior correction the special case `a = 1`,
/// `b = log(r1 / r0)`, so the fit can only improve on it. Scores are clamped to
/// `[1e-6, 1 - 1e-6]` before the logit.
public struct PlattScaling: Codable, Sendable, Equatable {
    public var a: Double
    public var b: Double

    public init(a: Double, b: Double) {
        self.a = a
        self.b = b
    }

    /// Fits `a` and `b` by Newton's method on the mean log loss.
    ///
    /// With `smoothedTargets` (Platt's rule) positives count as `(P + 1) / (P + 2)` and
    /// negatives as `1 / (N + 2)`, which keeps the fit finite when the classes separate.
    /// Without it, the fit is plain maximum likelihood.
    ///
    /// - Returns: the identity (`a = 1, b = 0`) when either class is absent.
    public init(labels: [Float], scores: [Float], smoothedTargets: Bool = true) {
        precondition(
            labels.count == scores.count,
            "PlattScaling: \(labels.count) labels, \(scores.count) scores")
        let positives = labels.reduce(0.0) { $0 + ($1 > 0.5 ? 1 : 0) }
        let negatives = Double(labels.count) - positives
        a = 1
        b = 0
        guard positives > 0, negatives > 0 else { return }
        let high = smoothedTargets ? (positives + 1) / (positives + 2) : 1
        let low = smoothedTargets ? 1 / (negatives + 2) : 0
        let x = scores.map { Self.logit(Double($0)) }
        let t = labels.map { $0 > 0.5 ? high : low }
        // Start from prior correction to the observed rate: already close for a sane model.
        b = log(positives / negatives)
        for _ in 0..<100 {
            var gA = 0.0
            var gB = 0.0
            var hAA = 0.0
            var hAB = 0.0
            var hBB = 0.0
            for i in x.indices {
                let p = Self.sigmoid(a * x[i] + b)
                let r = p - t[i]
                let w = max(p * (1 - p), 1e-12)
                gA += r * x[i]
                gB += r
                hAA += w * x[i] * x[i]
                hAB += w * x[i]
                hBB += w
            }
            // A tiny ridge keeps the 2x2 solve defined when all scores are equal.
            hAA += 1e-9
            hBB += 1e-9
            let det = hAA * hBB - hAB * hAB
            guard det != 0, det.isFinite else { break }
            let dA = (hBB * gA - hAB * gB) / det
            let dB = (hAA * gB - hAB * gA) / det
            a -= dA
            b -= dB
            if abs(dA) < 1e-10 && abs(dB) < 1e-10 { break }
        }
    }

    /// The calibrated probability of one score.
    public func callAsFunction(_ score: Double) -> Double {
        Self.sigmoid(a * Self.logit(score) + b)
    }

    /// Calibrated probabilities of many scores.
    public func apply(_ scores: [Float]) -> [Double] { scores.map { self(Double($0)) } }

    static func logit(_ p: Double) -> Double {
        let q = min(max(p, 1e-6), 1 - 1e-6)
        return log(q / (1 - q))
    }

    static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }
}
