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
        case title, target, run, notes, funnels
        case balancedTest = "balanced_test"
        case backtest
        case learningCurves = "learning_curves"
        case featureImportance = "feature_importance"
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
        balancedTest =
            try c.decodeIfPresent([BalancedTestResult].self, forKey: .balancedTest) ?? []
        backtest = try c.decodeIfPresent(BacktestResult.self, forKey: .backtest)
        learningCurves = try c.decodeIfPresent([LearningCurve].self, forKey: .learningCurves) ?? []
        featureImportance = try c.decodeIfPresent(
            FeatureImportance.self, forKey: .featureImportance)
        rolling = try c.decodeIfPresent([RollingRecord].self, forKey: .rolling) ?? []
    }

    /// Reads `report-data.json`.
    ///
    /// - Throws: `ReportError.unreadable` naming the coding path of the first bad value.
    public static func decode(_ data: Data, file: String = "report-data.json") throws -> ReportData
    {
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
