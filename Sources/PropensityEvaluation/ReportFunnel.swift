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
