import Foundation
import PropensitySamples

/// The recency heuristic: score = minus the days from the latest purchase to the anchor day,
/// so the most recent buyers rank first. Nothing to fit.
///
/// Scores are Floats: histories whose recency differs by less than about 3e-5 days (under
/// 3 seconds) near a year tie.
public final class RecencyModel: TabularModel {
    public var kind: BaselineKind { .recency }
    /// The feature the score reads.
    public static let column = "recency_days"
    var names: [String]?

    public init() {}

    init(saved data: Data) throws {
        guard let object = try? JSONDecoder().decode(Saved.self, from: data),
              object.kind == .recency
        else {
            throw ModelError(.invalidSavedModel, "these bytes are not a saved recency model")
        }
        names = object.names
    }

    @discardableResult
    public func fit(train: FeatureMatrix, validation: FeatureMatrix) throws -> TabularFitResult {
        try checkFitInput(train, validation, model: "recency")
        guard train.names.contains(Self.column) else {
            throw ModelError(.invalidInput, "recency needs a `\(Self.column)` feature")
        }
        names = train.names
        return TabularFitResult(fitSeconds: 0)
    }

    public func predict(_ features: FeatureMatrix) throws -> [Float] {
        try checkColumns(features, fitted: names, model: "recency")
        let column = features.names.firstIndex(of: Self.column)!
        return (0..<features.rowCount).map { Float(-features[$0, column]) }
    }

    public func importance() throws -> [FeatureImportance] {
        [FeatureImportance(feature: Self.column, value: 1)]
    }

    public func saved() throws -> Data {
        guard let names else {
            throw ModelError(.notFitted, "recency must be fitted before it is saved")
        }
        return try JSONEncoder().encode(Saved(kind: .recency, names: names))
    }

    struct Saved: Codable {
        var kind: BaselineKind
        var names: [String]
    }
}
