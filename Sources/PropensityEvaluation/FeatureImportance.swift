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
