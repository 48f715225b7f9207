import Foundation
import PropensityEvaluation
import Testing

@Suite struct CalibrationTests {
    @Test func priorCorrectionScalesTheOdds() {
        // From 1:1 to a 10% base rate the odds shrink by 9: 0.5 -> 0.1, 0.8 (odds 4) -> 4/13.
        #expect(abs(Calibration.priorCorrected(0.5, trainRate: 0.5, baseRate: 0.1) - 0.1) < 1e-12)
        let p = Calibration.priorCorrected(0.8, trainRate: 0.5, baseRate: 0.1)
        #expect(abs(p - 4.0 / 13) < 1e-12)
        #expect(Calibration.priorCorrected(0, trainRate: 0.5, baseRate: 0.1) == 0)
        #expect(Calibration.priorCorrected(1, trainRate: 0.5, baseRate: 0.1) == 1)
        // Equal rates change nothing.
        #expect(
            abs(Calibration.priorCorrected(0.37, trainRate: 0.2, baseRate: 0.2) - 0.37) < 1e-12)
        let many = Calibration.priorCorrected([0.5, 0.8], baseRate: 0.1)
        #expect(abs(many[0] - 0.1) < 1e-7 && abs(many[1] - 4.0 / 13) < 1e-7)
    }

    @Test func priorCorrectionIsMethodsOddsFormulaAtAnyTrainingRate() {
        // METHOD.md: odds(p) = odds(s) * [pi / (1 - pi)] / [rho / (1 - rho)]. With rho = 0.6,
        // pi = 0.02, s = 0.9: odds 9 * (1/49) / (3/2) = 6/49, so p = 6/55.
        let p = Calibration.priorCorrected(0.9, trainRate: 0.6, baseRate: 0.02)
        #expect(abs(p - 6.0 / 55) < 1e-15, "\(p)")
        // A score at the training rate maps to the base rate, whatever the rates.
        #expect(abs(Calibration.priorCorrected(0.6, trainRate: 0.6, baseRate: 0.02) - 0.02)
            < 1e-15)
        // From 1:1 to 2.3%, a score of 0.99 (odds 99) becomes 99 * 23/977 = 2277/977 in odds,
        // p = 2277/3254 = 0.70: an overconfident model stays overconfident after correction.
        let high = Calibration.priorCorrected(0.99, trainRate: 0.5, baseRate: 0.023)
        #expect(abs(high - 2277.0 / 3254) < 1e-12, "\(high)")
    }

    @Test func priorCorrectionIsPlattWithUnitSlope() {
        let r1 = 0.03 / 0.5
        let r0 = 0.97 / 0.5
        let platt = PlattScaling(a: 1, b: log(r1 / r0))
        for p in [0.01, 0.2, 0.5, 0.77, 0.99] {
            let prior = Calibration.priorCorrected(p, trainRate: 0.5, baseRate: 0.03)
            #expect(abs(platt(p) - prior) < 1e-9, "at \(p)")
        }
    }

    @Test func plattFitsTheObservedRatesExactlyWithoutSmoothing() {
        // logit(s) = -1 with 1 buyer in 4, +1 with 3 in 4: sigmoid(b - a) = 1/4,
        // sigmoid(a + b) = 3/4, so b = 0 and a = log 3.
        let low = Float(1 / (1 + exp(1.0)))
        let high = Float(1 / (1 + exp(-1.0)))
        let scores = Array(repeating: low, count: 4) + Array(repeating: high, count: 4)
        let labels: [Float] = [1, 0, 0, 0, 1, 1, 1, 0]
        let exact = PlattScaling(labels: labels, scores: scores, smoothedTargets: false)
        #expect(abs(exact.a - log(3)) < 1e-5 && abs(exact.b) < 1e-6, "\(exact)")
        // Smoothed targets 5/6 and 1/6 make the group rates 1/3 and 2/3: a = log 2.
        let smoothed = PlattScaling(labels: labels, scores: scores)
        #expect(abs(smoothed.a - log(2)) < 1e-5 && abs(smoothed.b) < 1e-6, "\(smoothed)")
        #expect(abs(smoothed(Double(high)) - 2.0 / 3) < 1e-6)
    }

    @Test func plattOfOneClassIsTheIdentity() {
        let fit = PlattScaling(labels: [0, 0], scores: [0.2, 0.4])
        #expect(fit == PlattScaling(a: 1, b: 0))
    }

    @Test func brierScoreIsTheMeanSquaredError() {
        let brier = Calibration.brierScore(
            labels: [1, 0, 1, 0], probabilities: [0.9, 0.2, 0.6, 0.5])
        #expect(abs(brier - 0.115) < 1e-12)
        #expect(Calibration.brierScore(labels: [], probabilities: []).isNaN)
    }

    let probabilities = [0.05, 0.07, 0.15, 0.95, 1.0, 0.55]
    let labels: [Float] = [0, 1, 0, 1, 1, 0]

    @Test func reliabilityWithEqualWidthBinsSkipsEmptyOnes() {
        let bins = Calibration.reliability(labels: labels, probabilities: probabilities)
        #expect(bins.map(\.count) == [2, 1, 1, 2])
        #expect(bins.map(\.lower) == [0, 0.1, 0.5, 0.9])
        let predicted = [0.06, 0.15, 0.55, 0.975]
        let observed = [0.5, 0, 0, 1]
        for (bin, (p, o)) in zip(bins, zip(predicted, observed)) {
            #expect(abs(bin.meanPredicted - p) < 1e-12 && bin.observedRate == o, "\(bin)")
        }
    }

    @Test func reliabilityWithEqualCountBinsSortsFirst() {
        let bins = Calibration.reliability(
            labels: labels, probabilities: probabilities, bins: 3, binning: .equalCount)
        #expect(bins.map(\.count) == [2, 2, 2])
        let predicted = [0.06, 0.35, 0.975]
        let observed = [0.5, 0, 1]
        for (bin, (p, o)) in zip(bins, zip(predicted, observed)) {
            #expect(abs(bin.meanPredicted - p) < 1e-12 && bin.observedRate == o, "\(bin)")
        }
        #expect(bins[1].lower == 0.15 && bins[1].upper == 0.55)
    }

    @Test func spreadUsesTheSampleDeviationAndSkipsNaN() {
        let s = Spread([1, 2, .nan, 3, 4])
        #expect(s.count == 4 && s.mean == 2.5 && s.min == 1 && s.max == 4)
        #expect(abs(s.sd - (5.0 / 3).squareRoot()) < 1e-12)
        #expect(Spread([0.7]).sd == 0)
        #expect(Spread([.nan]).mean.isNaN)
    }
}
