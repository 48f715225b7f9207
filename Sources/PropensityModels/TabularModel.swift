import Foundation
import PropensitySamples

/// A model that scores rows of aggregate features: the baselines xgboost, logistic and
/// recency, all fitted and graded alike.
///
/// A model is fitted once on the (shift-augmented) training rows, with the validation rows for
/// early stopping where it has any, then scores any rows with the same columns. Higher scores
/// mean more likely to start buying; xgboost and logistic give probabilities under the 1:1
/// training rate, recency a plain ranking score.
public protocol TabularModel: AnyObject {
    /// Which baseline this is.
    var kind: BaselineKind { get }

    /// Fits the model on `train`; `validation` drives early stopping where there is any.
    ///
    /// - Throws: `ModelError` when the matrices are empty or disagree on their columns, or
    ///   when the fit fails.
    @discardableResult
    func fit(train: FeatureMatrix, validation: FeatureMatrix) throws -> TabularFitResult

    /// Scores every row: `[N]` for `N = features.rowCount`.
    ///
    /// - Throws: `ModelError.notFitted` before `fit`, `.invalidInput` when the columns differ
    ///   from the training columns.
    func predict(_ features: FeatureMatrix) throws -> [Float]

    /// The features the model relies on most, best first (empty where it has no such notion).
    func importance() throws -> [FeatureImportance]

    /// The fitted model as bytes that `BaselineKind.loadModel` turns back into a model that
    /// scores identically.
    func saved() throws -> Data
}

/// What a baseline's fit reports.
public struct TabularFitResult: Codable, Sendable, Equatable {
    /// Wall-clock seconds of the fit.
    public var fitSeconds: Double
    /// xgboost: the boosting round (0-based) with the best validation AUC, whose prefix of
    /// trees scores; nil for models without rounds.
    public var bestIteration: Int?
    /// xgboost: validation AUC after every round (as libxgboost prints it, 6 digits).
    public var validationAUCs: [Double]
    /// logistic: the inverse L2 strength `C` chosen on validation; nil for other models.
    public var inverseRegularization: Double?

    public init(
        fitSeconds: Double, bestIteration: Int? = nil, validationAUCs: [Double] = [],
        inverseRegularization: Double? = nil
    ) {
        self.fitSeconds = fitSeconds
        self.bestIteration = bestIteration
        self.validationAUCs = validationAUCs
        self.inverseRegularization = inverseRegularization
    }
}

/// One feature's importance to a fitted model.
public struct FeatureImportance: Codable, Sendable, Equatable {
    public var feature: String
    /// xgboost: average gain of the splits on the feature; logistic: |coefficient| on the
    /// standardised feature.
    public var value: Double

    public init(feature: String, value: Double) {
        self.feature = feature
        self.value = value
    }
}

/// Checks that `features` has the columns a model was fitted on.
func checkColumns(_ features: FeatureMatrix, fitted names: [String]?, model: String) throws {
    guard let names else {
        throw ModelError(.notFitted, "\(model) must be fitted (or loaded) before it scores")
    }
    guard features.names == names else {
        let common = min(features.names.count, names.count)
        let first = (0..<common).first { features.names[$0] != names[$0] } ?? common
        throw ModelError(.invalidInput, """
            \(model) was fitted on \(names.count) features but got \(features.names.count), \
            first difference at column \(first); build the features with the fitted model's \
            AggregateFeatures (the training vocabularies)
            """)
    }
}

/// Checks the training and validation matrices before a fit.
func checkFitInput(_ train: FeatureMatrix, _ validation: FeatureMatrix, model: String) throws {
    guard train.rowCount > 0 else {
        throw ModelError(.invalidInput, "\(model): no training rows to fit on")
    }
    guard validation.names == train.names else {
        throw ModelError(.invalidInput, """
            \(model): validation has \(validation.names.count) features, training \
            \(train.names.count); build both with the same AggregateFeatures
            """)
    }
}
