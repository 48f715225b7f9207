import Foundation
import Testing
import PropensityEvaluation

/// Our metrics against scikit-learn's on seeded random populations with many ties in score
/// (`Fixtures/ranking_reference.py` wrote `Fixtures/ranking-reference.json`).
@Suite struct RankingReferenceTests {
    struct Case: Decodable {
        var labels: [Float]
        var scores: [Float]
        var users: [Int64]
        var pr_auc, roc_auc, base_rate, lift_top_decile: Double
        var precision_top1, recall_top1, precision_top5, recall_top5: Double
        var precision_top10, recall_top10: Double
        var brier_raw, brier_prior: Double
        var reliability_observed, reliability_predicted: [Double]
    }

    static func cases() throws -> [Case] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ranking-reference.json")
        return try JSONDecoder().decode([Case].self, from: Data(contentsOf: url))
    }

    @Test func rankingMetricsMatchScikitLearn() throws {
        for (k, c) in try Self.cases().enumerated() {
            let m = RankingMetrics(labels: c.labels, scores: c.scores, users: c.users)
            let pairs: [(String, Double, Double)] = [
                ("pr_auc", m.prAUC, c.pr_auc), ("roc_auc", m.rocAUC, c.roc_auc),
                ("base_rate", m.baseRate, c.base_rate),
                ("precision_top1", m.precisionTop1, c.precision_top1),
                ("recall_top1", m.recallTop1, c.recall_top1),
                ("precision_top5", m.precisionTop5, c.precision_top5),
                ("recall_top5", m.recallTop5, c.recall_top5),
                ("precision_top10", m.precisionTop10, c.precision_top10),
                ("recall_top10", m.recallTop10, c.recall_top10),
                ("lift_top_decile", m.liftTopDecile, c.lift_top_decile),
            ]
            for (name, ours, theirs) in pairs {
                #expect(abs(ours - theirs) < 1e-9, "case \(k) \(name): \(ours) vs \(theirs)")
            }
        }
    }

    @Test func brierAndReliabilityMatchScikitLearn() throws {
        for (k, c) in try Self.cases().enumerated() {
            let raw = c.scores.map { Double($0) }
            let brier = Calibration.brierScore(labels: c.labels, probabilities: raw)
            #expect(abs(brier - c.brier_raw) < 1e-6, "case \(k): \(brier) vs \(c.brier_raw)")
            let rate = Double(c.labels.reduce(0, +)) / Double(c.labels.count)
            let prior = Calibration.priorCorrected(c.scores, baseRate: rate)
            let corrected = Calibration.brierScore(labels: c.labels, probabilities: prior)
            #expect(abs(corrected - c.brier_prior) < 1e-6, "case \(k): \(corrected)")
            let shifted = raw.map { $0 + 0.004 }
            let bins = Calibration.reliability(labels: c.labels, probabilities: shifted)
            #expect(bins.count == c.reliability_observed.count, "case \(k)")
            for (bin, (observed, predicted)) in zip(
                bins, zip(c.reliability_observed, c.reliability_predicted)) {
                #expect(abs(bin.observedRate - observed) < 1e-9, "case \(k) \(bin)")
                #expect(abs(bin.meanPredicted - predicted) < 1e-6, "case \(k) \(bin)")
            }
        }
    }
}
