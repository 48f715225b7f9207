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

        init(seed: UInt64, rocAuc: Double?, training: TrainingResult?) {
            self.seed = seed
            self.rocAuc = rocAuc
            epochsRun = training?.history.count ?? 0
            bestEpoch = training?.bestEpoch ?? 0
            bestValidationAuc = training.flatMap { finite($0.bestValidationAUC) }
            trainSeconds = training?.trainSeconds ?? 0
            history = training?.history ?? []
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
        members: [Member], trainSeconds: Double, testPositives: Int, testNegatives: Int
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
        self.trainSeconds = trainSeconds
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

    /// `metrics.json`: one flat object per record; a record's nested `metrics` (the
    /// backtest's ranking metrics) are lifted to the top level beside `model` and `protocol`.
    static func writeRecords(_ records: [any Encodable], to url: URL) throws {
        try Data(json(records).utf8).write(to: url, options: .atomic)
    }

    static func json(_ records: [any Encodable]) throws -> String {
        let encoder = jsonEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let objects: [[String: Any]] = try records.map { record in
            let bytes = try encoder.encode(record)
            var object = try JSONSerialization.jsonObject(with: bytes) as? [String: Any] ?? [:]
            if let metrics = object.removeValue(forKey: "metrics") as? [String: Any] {
                object.merge(metrics) { a, _ in a }
            }
            // JSON has no NaN: an undefined metric (one class only) is written as null.
            for (key, value) in object where value as? String == "nan" { object[key] = NSNull() }
            return object
        }
        let bytes = try JSONSerialization.data(
            withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `user,score,probability,rank,decile`, best first; ties in score are ranked by user id
    /// so the file is the same on every run. Decile 1 holds the top tenth. `probability` is
    /// the calibrated one (empty when no base rate could be measured). The same rows go to
    /// `parquet` when given (see `RankedParquet`).
    static func writeTargets(
        users: [Int64], scores: [Float], probabilities: [Double]?, to url: URL,
        parquet: URL? = nil
    ) throws {
        let order = users.indices.sorted {
            scores[$0] != scores[$1] ? scores[$0] > scores[$1] : users[$0] < users[$1]
        }
        var text = "user,score,probability,rank,decile\n"
        text.reserveCapacity(order.count * 32)
        for (position, k) in order.enumerated() {
            let decile = position * 10 / max(order.count, 1) + 1
            let probability = probabilities.map { String(format: "%.6f", $0[k]) } ?? ""
            text += "\(users[k]),\(String(format: "%.6f", scores[k])),\(probability),"
                + "\(position + 1),\(decile)\n"
        }
        try Data(text.utf8).write(to: url, options: .atomic)
        if let parquet {
            try RankedParquet.write(
                users: users, scores: scores, order: order, rows: order.count,
                probability: probabilities.map { p in { p[$0] } }, to: parquet)
        }
    }

    /// The funnel: data counts, every sample-building step per split, the scored population.
    static func writeSampleCounts(
        data: DataCounts, funnel: FunnelCounts, population: PopulationCounts, asOf: LocalDate,
        baseRate: Double?, backtest: [String: Int], target: Target, to url: URL
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
        var list = object(population.entries()).mapValues { $0 as Any }
        list["as_of"] = asOf.description
        list["base_rate_estimate"] = baseRate ?? NSNull()
        let document: [String: Any] = [
            "target": target.name,
            "protocol": "balanced-test",
            "data": object(data.entries()),
            "funnel": object(funnel.entries()),
            "splits": splits,
            "target_list": list,
            "backtest": backtest,
        ]
        let bytes = try JSONSerialization.data(
            withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
        try bytes.write(to: url, options: .atomic)
    }

    /// The table printed at the end of a run: one line per model and protocol.
    static func table(_ records: [any Encodable]) -> String {
        guard let text = try? json(records),
              let objects = try? JSONSerialization.jsonObject(with: Data(text.utf8))
                as? [[String: Any]]
        else { return "" }
        func cell(_ key: String, _ object: [String: Any]) -> String {
            (object[key] as? Double).map { String(format: "%7.3f", $0) } ?? "      -"
        }
        var lines = [
            "target  protocol          model       precision  recall     f1  roc_auc  "
                + "pr_auc  lift@10%  train_s"]
        for object in objects {
            let name = (object["model"] as? String ?? "").padding(
                toLength: 10, withPad: " ", startingAt: 0)
            let kind = (object["protocol"] as? String ?? "").padding(
                toLength: 17, withPad: " ", startingAt: 0)
            let target = (object["target"] as? String ?? "").padding(
                toLength: 7, withPad: " ", startingAt: 0)
            lines.append(
                "\(target) \(kind) \(name)  \(cell("precision", object))  \(cell("recall", object))"
                    + " \(cell("f1", object)) \(cell("roc_auc", object)) \(cell("pr_auc", object))"
                    + "   \(cell("lift_top_decile", object))  "
                    + String(format: "%7.1f", object["train_seconds"] as? Double ?? 0))
        }
        return lines.joined(separator: "\n")
    }
}
