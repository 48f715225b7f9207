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
        case cutoff
        case horizonDays = "horizon_days"
        case trainRate = "train_rate"
        case calibration, models
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
        case brierBefore = "brier_before"
        case brierAfter = "brier_after"
        case reliabilityBefore = "reliability_before"
        case reliabilityAfter = "reliability_after"
    }
}
