import Foundation

/// Everything the HTML report shows, from one run: what the pipeline writes to
/// `report-data.json` and `Report.html(_:)` draws. Every section is optional: an empty list
/// or a missing object is drawn as "not run".
///
/// JSON keys are snake_case; non-finite numbers are the strings `"nan"`, `"inf"`, `"-inf"`
/// (use `decode(_:)` and `encoded()`, which set this up). The schema, key by key, is in
/// `docs/report-data.md`.
public struct ReportData: Codable, Sendable {
    /// The page heading, e.g. "Propensity: who starts buying baby products".
    public var title: String
    /// The target's name, e.g. "baby".
    public var target: String
    /// When and how the run was made (free text: date, config, commit).
    public var run: String?
    /// Lines shown under the heading (settings, caveats).
    public var notes: [String]
    /// Sample counts at every filtering step, one funnel per protocol.
    public var funnels: [ReportFunnel]
    /// The balanced test: one entry per model and seed.
    public var balancedTest: [BalancedTestResult]
    /// The forward backtest at one cutoff.
    public var backtest: BacktestResult?
    /// Validation AUC by epoch and by second, one curve per model and seed.
    public var learningCurves: [LearningCurve]
    /// Tree feature importance (xgboost).
    public var featureImportance: FeatureImportance?
    /// The rolling backtest: one record per model, cutoff and seed.
    public var rolling: [RollingRecord]

    public init(
        title: String, target: String, run: String? = nil, notes: [String] = [],
        funnels: [ReportFunnel] = [], balancedTest: [BalancedTestResult] = [],
        backtest: BacktestResult? = nil, learningCurves: [LearningCurve] = [],
        featureImportance: FeatureImportance? = nil, rolling: [RollingRecord] = []
    ) {
        self.title = title
        self.target = target
        self.run = run
        self.notes = notes
        self.funnels = funnels
        self.balancedTest = balancedTest
        self.backtest = backtest
        self.learningCurves = learningCurves
        self.featureImportance = featureImportance
        self.rolling = rolling
    }

    enum CodingKeys: String, CodingKey {
        case title, target, run, notes, funnels, balancedTest = "balanced_test", backtest
        case learningCurves = "learning_curves", featureImportance = "feature_importance"
        case rolling
    }

    /// Missing lists decode as empty, so a pipeline writes only what it ran.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decodeIfPresent(String.self, forKey: .title) ?? "Propensity report"
        target = try c.decodeIfPresent(String.self, forKey: .target) ?? ""
        run = try c.decodeIfPresent(String.self, forKey: .run)
        notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
        funnels = try c.decodeIfPresent([ReportFunnel].self, forKey: .funnels) ?? []
        balancedTest = try c.decodeIfPresent([BalancedTestResult].self, forKey: .balancedTest) ?? []
        backtest = try c.decodeIfPresent(BacktestResult.self, forKey: .backtest)
        learningCurves = try c.decodeIfPresent([LearningCurve].self, forKey: .learningCurves) ?? []
        featureImportance = try c.decodeIfPresent(FeatureImportance.self, forKey: .featureImportance)
        rolling = try c.decodeIfPresent([RollingRecord].self, forKey: .rolling) ?? []
    }

    /// Reads `report-data.json`.
    ///
    /// - Throws: `ReportError.unreadable` naming the coding path of the first bad value.
    public static func decode(_ data: Data, file: String = "report-data.json") throws -> ReportData {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(ReportData.self, from: data)
        } catch let error as DecodingError {
            throw ReportError.unreadable(file: file, detail: ReportError.describe(error))
        }
    }

    /// The JSON of `report-data.json`, pretty-printed with sorted keys.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }
}

/// The sample counts of one protocol, step by step.
public struct ReportFunnel: Codable, Sendable {
    /// e.g. "balanced test" or "backtest 2017-10-01".
    public var name: String
    public var steps: [FunnelStep]

    public init(name: String, steps: [FunnelStep]) {
        self.name = name
        self.steps = steps
    }
}

/// One filtering step and how many users or samples remain.
public struct FunnelStep: Codable, Sendable {
    /// The count's name as in `samples.json`, e.g. `eligible_positives`.
    public var name: String
    public var count: Int

    public init(name: String, count: Int) {
        self.name = name
        self.count = count
    }
}

/// A metric's value with its bootstrap 95% interval, by its `metrics.json` name.
public struct NamedInterval: Codable, Sendable {
    public var name: String
    public var value: Double
    public var low: Double
    public var high: Double

    public init(name: String, value: Double, low: Double, high: Double) {
        self.name = name
        self.value = value
        self.low = low
        self.high = high
    }
}

/// One model and seed on the balanced test split.
public struct BalancedTestResult: Codable, Sendable {
    public var model: String
    public var seed: Int
    public var positives: Int
    public var negatives: Int
    /// The validation-chosen threshold the thresholded metrics use.
    public var threshold: Double
    /// precision, recall, f1, accuracy, roc_auc, pr_auc with intervals.
    public var metrics: [NamedInterval]
    /// ROC points (false-positive rate, true-positive rate).
    public var roc: [CurvePoint]
    /// Precision-recall points (recall, precision).
    public var pr: [CurvePoint]

    public init(
        model: String, seed: Int, positives: Int, negatives: Int, threshold: Double,
        metrics: [NamedInterval], roc: [CurvePoint], pr: [CurvePoint]
    ) {
        self.model = model
        self.seed = seed
        self.positives = positives
        self.negatives = negatives
        self.threshold = threshold
        self.metrics = metrics
        self.roc = roc
        self.pr = pr
    }
}

/// The forward backtest at one cutoff: every model scored on the natural-rate population.
public struct BacktestResult: Codable, Sendable {
    /// The cutoff T, `YYYY-MM-DD`.
    public var cutoff: String
    /// The horizon H in days.
    public var horizonDays: Int
    /// Positive rate of the training samples the scores come from (0.5 after balancing).
    public var trainRate: Double
    /// How scores became probabilities: `prior` or `platt`.
    public var calibration: String
    public var models: [BacktestModelResult]

    public init(
        cutoff: String, horizonDays: Int, trainRate: Double, calibration: String,
        models: [BacktestModelResult]
    ) {
        self.cutoff = cutoff
        self.horizonDays = horizonDays
        self.trainRate = trainRate
        self.calibration = calibration
        self.models = models
    }

    enum CodingKeys: String, CodingKey {
        case cutoff, horizonDays = "horizon_days", trainRate = "train_rate", calibration, models
    }
}

/// One model and seed in the forward backtest.
public struct BacktestModelResult: Codable, Sendable {
    public var model: String
    public var seed: Int
    public var metrics: RankingMetrics
    public var roc: [CurvePoint]
    public var pr: [CurvePoint]
    public var deciles: [DecileRow]
    /// Brier score of the raw scores read as probabilities, and of the calibrated ones.
    public var brierBefore: Double
    public var brierAfter: Double
    public var reliabilityBefore: [ReliabilityBin]
    public var reliabilityAfter: [ReliabilityBin]

    public init(
        model: String, seed: Int, metrics: RankingMetrics, roc: [CurvePoint], pr: [CurvePoint],
        deciles: [DecileRow], brierBefore: Double, brierAfter: Double,
        reliabilityBefore: [ReliabilityBin], reliabilityAfter: [ReliabilityBin]
    ) {
        self.model = model
        self.seed = seed
        self.metrics = metrics
        self.roc = roc
        self.pr = pr
        self.deciles = deciles
        self.brierBefore = brierBefore
        self.brierAfter = brierAfter
        self.reliabilityBefore = reliabilityBefore
        self.reliabilityAfter = reliabilityAfter
    }

    enum CodingKeys: String, CodingKey {
        case model, seed, metrics, roc, pr, deciles
        case brierBefore = "brier_before", brierAfter = "brier_after"
        case reliabilityBefore = "reliability_before", reliabilityAfter = "reliability_after"
    }
}

/// Validation AUC over training, for one model and seed.
public struct LearningCurve: Codable, Sendable {
    public var model: String
    public var seed: Int
    public var points: [LearningPoint]

    public init(model: String, seed: Int, points: [LearningPoint]) {
        self.model = model
        self.seed = seed
        self.points = points
    }
}

/// One epoch of a learning curve.
public struct LearningPoint: Codable, Sendable {
    /// 1-based.
    public var epoch: Int
    /// Training seconds up to the end of this epoch.
    public var seconds: Double
    public var validationAUC: Double
    public var trainLoss: Double?

    public init(epoch: Int, seconds: Double, validationAUC: Double, trainLoss: Double? = nil) {
        self.epoch = epoch
        self.seconds = seconds
        self.validationAUC = validationAUC
        self.trainLoss = trainLoss
    }

    enum CodingKeys: String, CodingKey {
        case epoch, seconds, validationAUC = "validation_auc", trainLoss = "train_loss"
    }
}

/// Feature importance of a tree model, largest first or in any order (the report sorts).
public struct FeatureImportance: Codable, Sendable {
    /// e.g. "xgboost".
    public var model: String
    /// The importance measure, e.g. "gain" or "weight".
    public var kind: String
    public var features: [FeatureWeight]

    public init(model: String, kind: String, features: [FeatureWeight]) {
        self.model = model
        self.kind = kind
        self.features = features
    }
}

/// One feature's importance.
public struct FeatureWeight: Codable, Sendable {
    public var name: String
    public var value: Double

    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}

/// One model, cutoff and seed of the rolling backtest.
public struct RollingRecord: Codable, Sendable {
    public var model: String
    /// `YYYY-MM-DD`.
    public var cutoff: String
    public var seed: Int
    public var metrics: RankingMetrics

    public init(model: String, cutoff: String, seed: Int, metrics: RankingMetrics) {
        self.model = model
        self.cutoff = cutoff
        self.seed = seed
        self.metrics = metrics
    }
}

/// What can go wrong reading report data.
public enum ReportError: Error, CustomStringConvertible {
    /// The file is not JSON of the `ReportData` schema.
    case unreadable(file: String, detail: String)
    /// There is no such file.
    case missing(file: String)

    public var description: String {
        switch self {
        case let .missing(file):
            return "no report data at \(file); run the pipeline first (it writes report-data.json"
                + " into its output folder) or pass --data FILE"
        case let .unreadable(file, detail):
            return "\(file) is not valid report data: \(detail); see docs/report-data.md"
                + " for the schema"
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case let .keyNotFound(key, context):
            return "missing key `\(key.stringValue)` at \(path(context.codingPath))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context),
            let .dataCorrupted(context):
            return "\(context.debugDescription) at \(path(context.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }
}
