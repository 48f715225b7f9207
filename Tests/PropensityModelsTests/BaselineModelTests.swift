import Foundation
import NeuralEngine
import PropensitySamples
import Testing

@testable import PropensityModels

/// The baselines on small hand-made feature tables with known answers.
@Suite struct BaselineModelTests {
    /// 8 positives with `signal` 1 and 8 negatives with 0; `noise` cycles 0, 1, 2.
    static func separable() -> FeatureMatrix {
        var values: [Double] = []
        for n in 0..<16 { values += [n < 8 ? 1 : 0, Double(n % 3)] }
        return FeatureMatrix(names: ["signal", "noise"], values: values,
                             labels: (0..<16).map { $0 < 8 ? 1 : 0 })
    }

    /// One tree of one split, no sampling: what a single Newton step of boosting gives.
    static func stumpSettings() -> XGBoostSettings {
        var s = XGBoostSettings()
        s.maxRounds = 1
        s.maxDepth = 1
        s.eta = 1
        s.subsample = 1
        s.columnSample = 1
        return s
    }

    @Test func oneStumpGivesTheNewtonLeafWeights() throws {
        let model = XGBoostModel(settings: Self.stumpSettings(), threads: 1)
        let data = Self.separable()
        let fit = try model.fit(train: data, validation: data)
        #expect(fit.bestIteration == 0 && fit.validationAUCs == [1])
        // From margin 0 (base rate 0.5): g = p - y = -0.5, h = p (1 - p) = 0.25 per positive,
        // so the leaf weight is -G / (H + lambda) = 4 / (2 + 1) with lambda 1.
        let scores = try model.predict(data)
        let positive = 1 / (1 + exp(-4.0 / 3)), negative = 1 - positive
        for (n, score) in scores.enumerated() {
            let expected = n < 8 ? positive : negative
            #expect(abs(Double(score) - expected) < 1e-6, "row \(n): \(score) vs \(expected)")
        }
        // Gain of the split: G_L^2 / (H_L + 1) + G_R^2 / (H_R + 1) - 0 = 2 * 16 / 3.
        let importance = try model.importance()
        #expect(importance.count == 1 && importance[0].feature == "signal")
        #expect(abs(importance[0].value - 32.0 / 3) < 1e-4)
    }

    @Test func earlyStoppingKeepsTheBestRoundAndStopsThirtyRoundsLater() throws {
        // Labels unrelated to the features: validation AUC wanders and stops improving.
        var generator = SeededGenerator(seed: 3)
        func table(_ rows: Int) -> FeatureMatrix {
            let values = (0..<(rows * 4)).map { _ in Double(generator.next() % 1000) / 1000 }
            let labels = (0..<rows).map { _ in Float(generator.next() % 2) }
            return FeatureMatrix(names: ["a", "b", "c", "d"], values: values, labels: labels)
        }
        let train = table(200), validation = table(100)
        let model = XGBoostModel(seed: 1, threads: 1)
        let fit = try model.fit(train: train, validation: validation)
        let aucs = fit.validationAUCs
        let best = try #require(fit.bestIteration)
        #expect(aucs.count < 400)
        #expect(aucs.count == best + 31)
        // The first round reaching the highest AUC is kept.
        #expect(aucs[best] == aucs.max() && !aucs[..<best].contains(aucs[best]))
        // Scores use the trees up to the best round only: a saved and reloaded model agrees.
        let reloaded = try BaselineKind.xgboost.loadModel(from: try model.saved(), threads: 1)
        #expect(try reloaded.predict(validation) == (try model.predict(validation)))
    }

    @Test func xgboostIsDeterministicForOneSeed() throws {
        let data = Self.separable()
        let a = XGBoostModel(seed: 5, threads: 1), b = XGBoostModel(seed: 5, threads: 1)
        _ = try a.fit(train: data, validation: data)
        _ = try b.fit(train: data, validation: data)
        #expect(try a.predict(data) == (try b.predict(data)))
    }

    @Test func libxgboostErrorsBecomeThrownModelErrors() throws {
        var settings = XGBoostSettings()
        settings.treeMethod = "no-such-method"
        let model = XGBoostModel(settings: settings, threads: 1)
        let data = Self.separable()
        #expect(throws: ModelError.self) { try model.fit(train: data, validation: data) }
    }

    @Test func logisticWeightSolvesTheRegularisedScoreEquation() throws {
        // x = +1: three positives, one negative; x = -1: one positive, three negatives.
        // Already standardised (mean 0, deviation 1), symmetric, so the intercept is 0 and
        // the weight solves 2 (4 sigmoid(w) - 3) + w = 0 (with C = 1).
        let x: [Double] = [1, 1, 1, 1, -1, -1, -1, -1]
        let y: [Float] = [1, 1, 1, 0, 1, 0, 0, 0]
        let data = FeatureMatrix(names: ["x"], values: x, labels: y)
        let model = LogisticModel(settings: LogisticSettings(inverseRegularization: 1))
        try model.fit(train: data, validation: data)
        var lo = 0.0, hi = 2.0
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if 2 * (4 / (1 + exp(-mid)) - 3) + mid > 0 { hi = mid } else { lo = mid }
        }
        let (weights, intercept) = try #require(model.coefficients)
        #expect(abs(weights[0] - lo) < 1e-9, "weight \(weights[0]), expected \(lo)")
        #expect(abs(intercept) < 1e-9)
        let scores = try model.predict(data)
        #expect(abs(Double(scores[0]) - 1 / (1 + exp(-lo))) < 1e-6)
    }

    @Test func logisticOptimumHasZeroFiniteDifferenceSlope() throws {
        var generator = SeededGenerator(seed: 11)
        let rows = 40
        let values = (0..<(rows * 3)).map { _ in Double(generator.next() % 997) / 97 }
        let labels = (0..<rows).map { n in
            Float(values[n * 3] + Double(generator.next() % 5) > 7 ? 1 : 0)
        }
        let data = FeatureMatrix(names: ["a", "b", "c"], values: values, labels: labels)
        let model = LogisticModel(settings: LogisticSettings(inverseRegularization: 1))
        try model.fit(train: data, validation: data)
        let (weights, intercept) = try #require(model.coefficients)
        let z = LogisticModel.Scaler(fitting: data).standardise(data)
        let beta = weights + [intercept]
        let h = 1e-5
        func objective(_ beta: [Double]) -> Double {
            LogisticModel.objective(z, labels: labels, beta: beta, inverseRegularization: 1)
        }
        for c in beta.indices {
            var up = beta, down = beta
            up[c] += h
            down[c] -= h
            let slope = (objective(up) - objective(down)) / (2 * h)
            #expect(abs(slope) < 1e-6, "d objective / d beta[\(c)] = \(slope)")
        }
    }

    @Test func logisticStandardisesWithTrainingStatisticsAndClipsToTheirRange() throws {
        // Column a: 1 2 3 6, mean 3, population deviation sqrt((4 + 1 + 0 + 9) / 4) =
        // sqrt(3.5). Column b is constant 5: deviation 1, so it standardises to 0.
        let train = FeatureMatrix(
            names: ["a", "b"], values: [1, 5, 2, 5, 3, 5, 6, 5], labels: [0, 1, 0, 1])
        let scaler = LogisticModel.Scaler(fitting: train)
        let sd = 3.5.squareRoot()
        #expect(scaler.mean == [3, 5])
        #expect(abs(scaler.deviation[0] - sd) < 1e-15 && scaler.deviation[1] == 1)
        #expect(scaler.lower == [1, 5] && scaler.upper == [6, 5])
        let z = scaler.standardise(train)
        let expected = [-2 / sd, 0, 1, -1 / sd, 0, 1, 0, 0, 1, 3 / sd, 0, 1]
        for (k, (got, want)) in zip(z, expected).enumerated() {
            #expect(abs(got - want) < 1e-15, "z[\(k)] = \(got), expected \(want)")
        }
        // Scored rows use the training statistics; values outside the training range are
        // clipped to it first: a = 100 scores as a = 6, a = -4 as a = 1, b = 9 as b = 5.
        let scored = FeatureMatrix(names: ["a", "b"], values: [4, 5, 100, 9, -4, 0],
                                   labels: [0, 0, 0])
        let zScored = scaler.standardise(scored)
        let wanted = [1 / sd, 0, 1, 3 / sd, 0, 1, -2 / sd, 0, 1]
        for (k, (got, want)) in zip(zScored, wanted).enumerated() {
            #expect(abs(got - want) < 1e-15, "scored z[\(k)] = \(got), expected \(want)")
        }
    }

    @Test func logisticChoosesThePenaltyOnValidationAndKeepsSeparableScoresInside() throws {
        // Training is separable: x = +1 four positives, x = -1 four negatives (already
        // standardised, symmetric, so the intercept is 0). Unpenalised, w runs to infinity;
        // with C the optimum solves w = C * sum_n z_n (y_n - p_n) = 8 C (1 - sigmoid(w)), so
        // 0 < w < 8C and every probability lies in (sigmoid(-8C), sigmoid(8C)).
        let train = FeatureMatrix(
            names: ["x"], values: [1, 1, 1, 1, -1, -1, -1, -1], labels: [1, 1, 1, 1, 0, 0, 0, 0])
        // Validation is noisy: 3 of 4 positive at x = +1, 1 of 4 at x = -1. Its log loss
        // -(3/4) log sigmoid(w) - (1/4) log sigmoid(-w) is least at w = log 3 and is 0.575
        // at C = 1 (w = 1.48), 1.27 at C = 100 (w = 5.06), 0.68 at C = 0.01 (w = 0.04).
        let validation = FeatureMatrix(
            names: ["x"], values: [1, 1, 1, 1, -1, -1, -1, -1], labels: [1, 1, 1, 0, 1, 0, 0, 0])
        var settings = LogisticSettings()
        settings.inverseRegularizations = [100, 0.01, 1]
        let model = LogisticModel(settings: settings)
        let fit = try model.fit(train: train, validation: validation)
        #expect(model.inverseRegularization == 1 && fit.inverseRegularization == 1)

        func solution(_ c: Double) -> Double {
            var lo = 0.0, hi = 8 * c
            for _ in 0..<200 {
                let mid = (lo + hi) / 2
                if mid - 8 * c * (1 - 1 / (1 + exp(-mid))) > 0 { hi = mid } else { lo = mid }
            }
            return lo
        }
        let w = solution(1)
        #expect(abs(w - 1.4815) < 1e-4)
        let (weights, intercept) = try #require(model.coefficients)
        #expect(abs(weights[0] - w) < 1e-9, "weight \(weights[0]), expected \(w)")
        #expect(abs(intercept) < 1e-9)
        let bound = 1 / (1 + exp(-8.0))
        for (x, p) in zip(train.values, try model.predict(train)) {
            let expected = 1 / (1 + exp(-w * x))
            #expect(abs(Double(p) - expected) < 1e-6, "x \(x): p \(p), expected \(expected)")
            #expect(Double(p) > 1 - bound && Double(p) < bound, "x \(x): p \(p)")
        }
        // The weakest candidate alone is held to its bound too: 8C = 800, w = 5.06.
        let weak = LogisticModel(settings: LogisticSettings(inverseRegularization: 100))
        try weak.fit(train: train, validation: validation)
        let weakWeight = try #require(weak.coefficients).weights[0]
        #expect(abs(weakWeight - solution(100)) < 1e-8 && weakWeight < 800)
        #expect(try weak.predict(train).allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test func logisticRefusesToChooseAPenaltyWithoutValidationRows() throws {
        let data = Self.separable()
        let none = FeatureMatrix(names: data.names, values: [], labels: [])
        #expect(throws: ModelError.self) { try LogisticModel().fit(train: data, validation: none) }
        let single = LogisticModel(settings: LogisticSettings(inverseRegularization: 1))
        try single.fit(train: data, validation: none)
        #expect(single.inverseRegularization == 1)
    }

    @Test func logisticSaysWhichFeatureMattersAndReloadsIdentically() throws {
        let data = Self.separable()
        let model = BaselineKind.logistic.makeModel()
        try model.fit(train: data, validation: data)
        #expect(try model.importance().first?.feature == "signal")
        let reloaded = try BaselineKind.logistic.loadModel(from: try model.saved())
        #expect(try reloaded.predict(data) == (try model.predict(data)))
    }

    @Test func recencyScoresMinusTheDaysSinceTheLastPurchase() throws {
        let data = FeatureMatrix(names: ["events_30", "recency_days"],
                                 values: [3, 1.5, 0, 40, 7, 0.25], labels: [1, 0, 1])
        let model = BaselineKind.recency.makeModel()
        try model.fit(train: data, validation: data)
        #expect(try model.predict(data) == [-1.5, -40, -0.25])
        let reloaded = try BaselineKind.recency.loadModel(from: try model.saved())
        #expect(try reloaded.predict(data) == [-1.5, -40, -0.25])
    }

    @Test func modelsRefuseOtherColumnsAndScoringBeforeFitting() throws {
        let data = Self.separable()
        let other = FeatureMatrix(names: ["signal", "other"], values: data.values,
                                  labels: data.labels)
        for kind in BaselineKind.allCases {
            let model = kind.makeModel(settings: {
                var s = BaselineSettings()
                s.threads = 1
                return s
            }())
            #expect(model.kind == kind)
            #expect(throws: ModelError.self) { try model.predict(data) }
            let train = kind == .recency
                ? FeatureMatrix(names: ["recency_days", "noise"], values: data.values,
                                labels: data.labels)
                : data
            try model.fit(train: train, validation: train)
            #expect(throws: ModelError.self) { try model.predict(other) }
        }
    }
}
