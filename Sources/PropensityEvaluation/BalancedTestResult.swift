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
