import Foundation

/// The baselines of METHOD.md "Models" on aggregate features, and a factory for each.
public enum BaselineKind: String, Codable, CaseIterable, Sendable {
    /// Gradient-boosted trees through libxgboost.
    case xgboost
    /// L2-regularised logistic regression on standardised features.
    case logistic
    /// Score = minus the days since the last purchase.
    case recency

    /// A fresh, unfitted model of this kind.
    public func makeModel(settings: BaselineSettings = BaselineSettings()) -> any TabularModel {
        switch self {
        case .xgboost: XGBoostModel(settings: settings.xgboost, seed: settings.seed,
                                    threads: settings.threads)
        case .logistic: LogisticModel(settings: settings.logistic)
        case .recency: RecencyModel()
        }
    }

    /// A model from the bytes of `TabularModel.saved()`.
    ///
    /// - Throws: `ModelError.invalidSavedModel` when the bytes are not a saved model of this
    ///   kind.
    public func loadModel(from data: Data, threads: Int = 1) throws -> any TabularModel {
        switch self {
        case .xgboost: try XGBoostModel(saved: data, threads: threads)
        case .logistic: try LogisticModel(saved: data)
        case .recency: try RecencyModel(saved: data)
        }
    }
}

/// Settings of the baselines: METHOD.md's values by default.
public struct BaselineSettings: Codable, Sendable, Equatable {
    /// Seed of xgboost's row and column sampling (logistic and recency are deterministic).
    public var seed: UInt64 = 0
    /// Threads for libxgboost.
    public var threads = 2
    public var xgboost = XGBoostSettings()
    public var logistic = LogisticSettings()

    public init() {}
}
