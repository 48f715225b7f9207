import Foundation
import PropensityEvaluation

/// Turns a score of a model trained on balanced samples into a probability at the population's
/// base rate (prior correction).
///
/// A model fitted where positives make up `ρ` of the samples (0.5 after 1:1 balancing) gives
/// odds inflated by `ρ / (1 - ρ)` over a population where they make up `π`. Bayes' rule with
/// the class-conditional likelihoods unchanged by the sampling gives
/// ```
/// odds(p) = odds(s) · [π / (1 - π)] / [ρ / (1 - ρ)],   p = odds(p) / (1 + odds(p))
/// ```
/// It fixes the level, not the shape: a model that is over- or under-confident stays so.
///
/// `π` is what `baseRateSource` says. `propensity run` uses the rate its target list is
/// calibrated to: the share of eligible customers without the target `horizonDays` before the
/// scoring date who first bought it within those days. The probability then reads "first buys
/// the target within `horizonDays`".
public struct PriorCorrection: Codable, Sendable, Equatable {
    /// The only method this version knows; kept in the file so later calibrators can differ.
    public static let methodName = "prior-correction"

    /// Always `prior-correction`.
    public var method: String
    /// `ρ`: share of positives among the samples the model was trained on.
    public var trainingPositiveRate: Double
    /// `π`: share of positives in the population that is scored.
    public var baseRate: Double
    /// How and where `baseRate` was measured.
    public var baseRateSource: String

    /// - Parameters:
    ///   - trainingPositiveRate: `ρ`, in (0, 1).
    ///   - baseRate: `π`, in [0, 1].
    ///   - baseRateSource: a sentence on how `π` was measured.
    public init(trainingPositiveRate: Double, baseRate: Double, baseRateSource: String) {
        method = Self.methodName
        self.trainingPositiveRate = trainingPositiveRate
        self.baseRate = baseRate
        self.baseRateSource = baseRateSource
    }

    /// No correction: probabilities equal scores.
    public static let identity = PriorCorrection(
        trainingPositiveRate: 0.5, baseRate: 0.5, baseRateSource: "none (no correction)")

    /// The corrected probability of a model score `s` (computed in Double).
    public func probability(_ score: Float) -> Double {
        let s = Double(score)
        guard s > 0, s < 1 else { return s }
        guard baseRate > 0 else { return 0 }
        guard baseRate < 1 else { return 1 }
        // The same arithmetic as the run's target list, so both give the same bits.
        return Calibration.priorCorrected(
            s, trainRate: trainingPositiveRate, baseRate: baseRate)
    }

    /// Throws unless the method is known and the rates are in range.
    func validate(file: String) throws {
        guard method == Self.methodName else {
            throw ModelError(
                .malformedModel,
                "\(file): calibration method `\(method)` is not known to this version; "
                    + "it knows `\(Self.methodName)`")
        }
        guard trainingPositiveRate > 0, trainingPositiveRate < 1, baseRate >= 0, baseRate <= 1
        else {
            throw ModelError(
                .malformedModel,
                "\(file): calibration needs 0 < trainingPositiveRate < 1 and 0 <= baseRate <= 1,"
                    + " got \(trainingPositiveRate) and \(baseRate)")
        }
    }
}
