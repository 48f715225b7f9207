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
        let model = LogisticModel()
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
        let model = LogisticModel()
        try model.fit(train: data, validation: data)
        let (weights, intercept) = try #require(model.coefficients)
        let (mean, deviation) = LogisticModel.standardScaler(data)
        let z = LogisticModel.standardise(data, mean: mean, deviation: deviation)
        let beta = weights + [intercept]
        let h = 1e-5
        for c in beta.indices {
            var up = beta, down = beta
            up[c] += h
            down[c] -= h
            let slope = (model.objective(z, labels: labels, beta: up)
                - model.objective(z, labels: labels, beta: down)) / (2 * h)
            #expect(abs(slope) < 1e-6, "d objective / d beta[\(c)] = \(slope)")
        }
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
