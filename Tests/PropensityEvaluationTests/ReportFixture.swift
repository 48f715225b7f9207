import Foundation
import PropensityEvaluation

/// Plausible report data for looking at the page before the pipeline fills it: synthetic
/// scores of five models of different skill on populations the size of the reference's baby
/// target (balanced test 60 + 60; backtest 1,433 users with 33 buyers), graded by the same
/// code the pipeline uses. The funnel counts are the reference's baby counts. Deterministic.
enum ReportFixture {
    static let models = ["cnn-lstm", "lstm", "xgboost", "logistic", "recency"]
    /// Separation of buyers' and non-buyers' logits, in noise standard deviations.
    static let skill: [String: Double] = [
        "cnn-lstm": 0.75, "lstm": 0.45, "xgboost": 0.7, "logistic": 0.25, "recency": 0.5,
    ]

    static func seeds(_ model: String) -> [Int] { model.contains("lstm") ? [0, 1, 2] : [0] }

    static func make() -> ReportData {
        var data = ReportData(
            title: "Propensity: who starts buying baby products",
            target: "baby",
            run: "Synthetic fixture (Tests/PropensityEvaluationTests/ReportFixture.swift): "
                + "plausible numbers, not a real run",
            notes: [
                "Burn-in January to March 2017, window 2017-04-01 to 2018-01-01, lookback 365 "
                    + "days.",
                "Backtest cutoff T = 2017-10-01, horizon H = 30 days; rolling cutoffs monthly.",
            ])
        data.funnels = funnels()
        var generator = SplitMix64(seed: 2026)
        for model in models {
            for seed in seeds(model) {
                let (labels, scores) = draw(
                    positives: 60, negatives: 60, skill: skill[model]!, generator: &generator)
                let (validationLabels, validationScores) = draw(
                    positives: 74, negatives: 74, skill: skill[model]!, generator: &generator)
                let threshold = BinaryMetrics.bestF1Threshold(
                    labels: validationLabels, scores: validationScores)
                data.balancedTest.append(
                    BalancedTestResult(
                        model: model, seed: seed, labels: labels, scores: scores,
                        threshold: threshold, resamples: 200, bootstrapSeed: UInt64(seed)))
            }
        }
        var results: [BacktestModelResult] = []
        let users = (0..<1433).map { Int64(($0 * 7919) % 2500 + 1) }
        for model in models {
            for seed in seeds(model) {
                let (labels, scores) = draw(
                    positives: 33, negatives: 1400, skill: skill[model]! * 1.3,
                    generator: &generator)
                results.append(
                    BacktestModelResult(
                        model: model, seed: seed, labels: labels, scores: scores, users: users,
                        baseRate: 0.025))
            }
        }
        data.backtest = BacktestResult(
            cutoff: "2017-10-01", horizonDays: 30, trainRate: 0.5, calibration: "prior",
            models: results)
        data.learningCurves = learningCurves(generator: &generator)
        data.featureImportance = importance(generator: &generator)
        for (k, cutoff) in ["2017-06-01", "2017-07-01", "2017-08-01", "2017-09-01", "2017-10-01"]
            .enumerated()
        {
            let positives = [31, 38, 29, 35, 33][k]
            for model in models {
                for seed in seeds(model) {
                    let (labels, scores) = draw(
                        positives: positives, negatives: 1380 + 10 * k,
                        skill: skill[model]! * 1.3, generator: &generator)
                    data.rolling.append(
                        RollingRecord(
                            model: model, cutoff: cutoff, seed: seed,
                            metrics: RankingMetrics(labels: labels, scores: scores)))
                }
            }
        }
        return data
    }

    /// Scores `sigmoid(skill * (label - 0.5) + noise)` with standard normal noise: what a model
    /// trained on 1:1 samples gives, centred on 0.5.
    static func draw(
        positives: Int, negatives: Int, skill: Double, generator: inout SplitMix64
    ) -> ([Float], [Float]) {
        var labels: [Float] = []
        var scores: [Float] = []
        for k in 0..<(positives + negatives) {
            let label: Float = k < positives ? 1 : 0
            let z = skill * (Double(label) - 0.5) + normal(&generator)
            labels.append(label)
            // Three decimals, like a heuristic's coarse scores: ties occur.
            scores.append(Float((1 / (1 + exp(-z)) * 1000).rounded() / 1000))
        }
        return (labels, scores)
    }

    static func normal(_ generator: inout SplitMix64) -> Double {
        let u1 = (Double(generator.next() >> 11) + 0.5) / 9_007_199_254_740_992
        let u2 = Double(generator.next() >> 11) / 9_007_199_254_740_992
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    static func funnels() -> [ReportFunnel] {
        let balanced: [(String, Int)] = [
            ("users_total", 2469), ("target_buyers", 1036), ("existing_buyers_in_burn_in", 532),
            ("positives_found", 504), ("negatives_found", 1433), ("eligible_positives", 471),
            ("eligible_negatives", 1248), ("train_pos", 337), ("train_neg", 337),
            ("train_augmented", 2576), ("validation_pos", 74), ("validation_neg", 74),
            ("test_pos", 60), ("test_neg", 60),
        ]
        let backtest: [(String, Int)] = [
            ("users_total", 2446), ("target_buyers", 911), ("existing_buyers_in_burn_in", 532),
            ("positives_found", 379), ("negatives_found", 1535), ("eligible_positives", 347),
            ("eligible_negatives", 1334), ("train_pos", 256), ("train_neg", 256),
            ("train_augmented", 1954), ("validation_pos", 50), ("validation_neg", 50),
            ("test_pos", 41), ("test_neg", 41), ("population_eligible", 1433),
            ("population_positives", 33),
        ]
        return [
            ReportFunnel(
                name: "baby, balanced test",
                steps: balanced.map { FunnelStep(name: $0.0, count: $0.1) }),
            ReportFunnel(
                name: "baby, backtest 2017-10-01",
                steps: backtest.map { FunnelStep(name: $0.0, count: $0.1) }),
        ]
    }

    /// cnn-lstm: about 2.3 s per epoch, peaks early; lstm: about 3 s per epoch, peaks later.
    static func learningCurves(generator: inout SplitMix64) -> [LearningCurve] {
        var curves: [LearningCurve] = []
        for (model, perEpoch, peakEpoch, peak) in [
            ("cnn-lstm", 2.3, 3.0, 0.66), ("lstm", 3.0, 7.0, 0.61),
        ] {
            for seed in 0..<3 {
                var seconds = 0.0
                var points: [LearningPoint] = []
                let epochs = Int(peakEpoch) + 5 + seed
                for epoch in 1...epochs {
                    seconds += perEpoch * (1 + 0.08 * normal(&generator))
                    let e = Double(epoch)
                    let rise = peak - (peak - 0.5) * exp(-1.6 * e / peakEpoch)
                    let fall = e > peakEpoch ? 0.008 * (e - peakEpoch) : 0
                    let auc = rise - fall + 0.012 * normal(&generator)
                    points.append(
                        LearningPoint(
                            epoch: epoch, seconds: (seconds * 100).rounded() / 100,
                            validationAUC: (auc * 10000).rounded() / 10000,
                            trainLoss: 0.69 * exp(-0.07 * e)))
                }
                curves.append(LearningCurve(model: model, seed: seed, points: points))
            }
        }
        return curves
    }

    static func importance(generator: inout SplitMix64) -> FeatureImportance {
        var names = [
            "recency_days", "frequency_30d", "frequency_90d", "frequency_all", "monetary_30d",
            "monetary_90d", "monetary_all", "occasions_per_week", "discount_share",
        ]
        for department in [
            "GROCERY", "DRUG GM", "PRODUCE", "MEAT", "DELI", "KIOSK-GAS",
            "PASTRY", "NUTRITION", "MEAT-PCKGD", "SEAFOOD-PCKGD",
        ] {
            names.append("share_l1_\(department)")
        }
        for category in [
            "BABY FOOD", "BAKED BREAD/BUNS/ROLLS", "BEERS/ALES", "CHEESE",
            "COLD CEREAL", "FLUID MILK PRODUCTS", "SOFT DRINKS", "YOGURT",
            "FROZEN PIZZA", "PAPER HOUSEWARES",
        ] {
            names.append("share_l2_\(category)")
        }
        let features = names.enumerated().map { k, name in
            FeatureWeight(
                name: name,
                value: ((12 / (1 + 0.35 * Double(k)) + abs(normal(&generator))) * 100).rounded()
                    / 100)
        }
        return FeatureImportance(model: "xgboost", kind: "gain", features: features)
    }
}
