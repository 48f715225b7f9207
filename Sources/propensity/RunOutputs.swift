import Foundation
import PropensityEvaluation
import PropensityModels
import PropensitySamples

/// One model's grades under one protocol: a record of `metrics.json`.
///
/// With several seeds the model is their ensemble (mean probability); `members` keeps each
/// seed's own test AUC and learning curve, so the ensemble's gain is visible, not hidden.
struct MetricsRecord: Encodable {
    struct Member: Encodable {
        var seed: UInt64
        var rocAuc: Double?
        var epochsRun: Int
        var bestEpoch: Int
        var bestValidationAuc: Double?
        var trainSeconds: Double
        /// Validation AUC per epoch, with seconds: the learning curve.
        var history: [EpochRecord]

        init(seed: UInt64, rocAuc: Double?, training: TrainingResult) {
            self.seed = seed
            self.rocAuc = rocAuc
            epochsRun = training.history.count
            bestEpoch = training.bestEpoch
            bestValidationAuc = finite(training.bestValidationAUC)
            trainSeconds = training.trainSeconds
            history = training.history
        }
    }

    var model: String
    var target: String
    var `protocol`: String
    var seed: UInt64
    var seeds: [UInt64]
    var precision: Double?
    var recall: Double?
    var f1: Double?
    var accuracy: Double?
    var rocAuc: Double?
    var prAuc: Double?
    /// Bootstrap 95% percentile intervals, `[low, high]` per metric.
    var ci95: [String: [Double?]]
    var threshold: Float
    var validationAuc: Double?
    /// Seconds spent training all members.
    var trainSeconds: Double
    var testPositives: Int
    var testNegatives: Int
    var members: [Member]

    init(
        model: String, target: String, protocol: String, seeds: [UInt64],
        intervals: [(String, Bootstrap.Interval)], threshold: Float, validationAUC: Double,
        members: [Member], testPositives: Int, testNegatives: Int
    ) {
        self.model = model
        self.target = target
        self.protocol = `protocol`
        seed = seeds[0]
        self.seeds = seeds
        let byName = Dictionary(uniqueKeysWithValues: intervals)
        func value(_ name: String) -> Double? { byName[name].flatMap { finite($0.value) } }
        precision = value("precision")
        recall = value("recall")
        f1 = value("f1")
        accuracy = value("accuracy")
        rocAuc = value("roc_auc")
        prAuc = value("pr_auc")
        ci95 = byName.mapValues { [finite($0.low), finite($0.high)] }
        self.threshold = threshold
        validationAuc = finite(validationAUC)
        trainSeconds = members.reduce(0) { $0 + $1.trainSeconds }
        self.testPositives = testPositives
        self.testNegatives = testNegatives
        self.members = members
    }
}

/// JSON has no NaN: an undefined metric (one class only) is written as null.
func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

/// Writers of the files a run leaves behind, and the table it prints.
enum RunOutputs {
    static func jsonEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }

    static func writeMetrics(_ records: [MetricsRecord], to url: URL) throws {
        try jsonEncoder().encode(records).write(to: url, options: .atomic)
    }

    /// `user,score,rank,decile`, best first; ties in score are ranked by user id so the file
    /// is the same on every run. Decile 1 holds the top tenth.
    static func writeTargets(users: [Int64], scores: [Float], to url: URL) throws {
        let order = users.indices.sorted {
            scores[$0] != scores[$1] ? scores[$0] > scores[$1] : users[$0] < users[$1]
        }
        var text = "user,score,rank,decile\n"
        text.reserveCapacity(order.count * 32)
        for (position, k) in order.enumerated() {
            let decile = position * 10 / max(order.count, 1) + 1
            text += "\(users[k]),\(String(format: "%.6f", scores[k])),\(position + 1),\(decile)\n"
        }
        try Data(text.utf8).write(to: url, options: .atomic)
    }

    /// The funnel: data counts, every sample-building step per split, the scored population.
    static func writeSampleCounts(
        data: DataCounts, funnel: FunnelCounts, population: PopulationCounts, asOf: LocalDate,
        target: Target, to url: URL
    ) throws {
        func object(_ entries: [(name: String, value: Int)]) -> [String: Int] {
            Dictionary(entries.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        }
        var splits: [String: [String: Int]] = [:]
        for (k, split) in Split.allCases.enumerated() {
            var counts = [
                "positives_before_balancing": funnel.positivesBeforeBalancing[k],
                "negatives_before_balancing": funnel.negativesBeforeBalancing[k],
                "positives": funnel.positives[k], "negatives": funnel.negatives[k],
            ]
            if split == .train {
                counts["augmented"] = funnel.trainAugmented
                counts["augmented_positives"] = funnel.trainAugmentedPositives
                for (n, copies) in funnel.shiftCopies.enumerated() {
                    counts["shift\(n + 1)_copies"] = copies
                }
            }
            splits[split.rawValue] = counts
        }
        let document: [String: Any] = [
            "target": target.name,
            "protocol": "balanced-test",
            "data": object(data.entries()),
            "funnel": object(funnel.entries()),
            "splits": splits,
            "target_list": ["as_of": asOf.description] .merging(
                object(population.entries()).mapValues { $0 as Any }) { a, _ in a },
        ]
        let bytes = try JSONSerialization.data(
            withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
        try bytes.write(to: url, options: .atomic)
    }

    /// The balanced-test table printed at the end of a run.
    static func table(_ records: [MetricsRecord]) -> String {
        func cell(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "  -  " }
        var lines = ["model      precision  recall     f1  roc_auc  pr_auc  train_s"]
        for r in records {
            lines.append(
                r.model.padding(toLength: 10, withPad: " ", startingAt: 0)
                    + "     \(cell(r.precision))   \(cell(r.recall))  \(cell(r.f1))"
                    + "    \(cell(r.rocAuc))   \(cell(r.prAuc))  "
                    + String(format: "%7.1f", r.trainSeconds))
        }
        return lines.joined(separator: "\n")
    }
}
