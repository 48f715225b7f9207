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
