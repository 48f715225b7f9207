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
        case epoch, seconds
        case validationAUC = "validation_auc"
        case trainLoss = "train_loss"
    }
}
