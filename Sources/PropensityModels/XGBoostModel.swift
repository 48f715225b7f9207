import CXGBoost
import Foundation
import PropensitySamples

/// METHOD.md's xgboost settings: up to 400 trees of depth 4, eta 0.05, row and column
/// sampling 0.8, early stopping after 30 rounds without a better validation AUC.
public struct XGBoostSettings: Codable, Sendable, Equatable {
    public var maxRounds = 400
    public var maxDepth = 4
    public var eta = 0.05
    /// Share of rows each tree samples (`subsample`).
    public var subsample = 0.8
    /// Share of columns each tree samples (`colsample_bytree`).
    public var columnSample = 0.8
    public var minChildWeight = 1.0
    /// Rounds without a better validation AUC before stopping.
    public var earlyStoppingRounds = 30
    public var treeMethod = "hist"

    public init() {}
}

/// Gradient-boosted trees through libxgboost's C API, with early stopping on validation AUC.
///
/// The booster keeps every round it trained; scoring uses the rounds `0...bestIteration`
/// (`iteration_range`), as xgboost's Python classifier does after early stopping.
/// `base_score` is the training rows' positive rate, which libxgboost 2.0 and later estimate
/// by themselves and Debian's 1.7 does not (it would use 0.5). Not safe for concurrent use:
/// libxgboost hands out one prediction buffer per booster.
public final class XGBoostModel: TabularModel {
    public var kind: BaselineKind { .xgboost }
    public let settings: XGBoostSettings
    public let seed: UInt64
    public let threads: Int
    /// The round (0-based) whose prefix of trees scores; nil before fitting.
    public private(set) var bestIteration: Int?
    var booster: BoosterHandle?
    var names: [String]?

    public init(settings: XGBoostSettings = XGBoostSettings(), seed: UInt64 = 0,
                threads: Int = 2) {
        self.settings = settings
        self.seed = seed
        self.threads = threads
    }

    deinit {
        if let booster { XGBoosterFree(booster) }
    }

    /// The library's version, e.g. "1.7.4".
    public static var libraryVersion: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        XGBoostVersion(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }

    // MARK: - Fitting

    @discardableResult
    public func fit(train: FeatureMatrix, validation: FeatureMatrix) throws -> TabularFitResult {
        try checkFitInput(train, validation, model: "xgboost")
        guard validation.rowCount > 0 else {
            throw ModelError(.invalidInput, "xgboost: no validation rows for early stopping")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let trainMatrix = try DMatrix(train)
        let validationMatrix = try DMatrix(validation)
        if let booster { XGBoosterFree(booster) }
        booster = nil
        bestIteration = nil
        var caches: [DMatrixHandle?] = [trainMatrix.handle, validationMatrix.handle]
        var handle: BoosterHandle?
        try checkXGBoost(XGBoosterCreate(&caches, 2, &handle), "XGBoosterCreate")
        booster = handle

        let positives = train.labels.reduce(0, +)
        let baseScore = Double(positives) / Double(train.rowCount)
        let s = settings
        try setParameters([
            ("objective", "binary:logistic"), ("eval_metric", "auc"),
            ("max_depth", "\(s.maxDepth)"), ("eta", "\(s.eta)"),
            ("subsample", "\(s.subsample)"), ("colsample_bytree", "\(s.columnSample)"),
            ("min_child_weight", "\(s.minChildWeight)"), ("tree_method", s.treeMethod),
            ("base_score", "\(min(max(baseScore, 1e-6), 1 - 1e-6))"),
            ("seed", "\(seed)"), ("nthread", "\(threads)"), ("verbosity", "0"),
        ])

        // Boost one round at a time; stop after `earlyStoppingRounds` without a better AUC.
        var aucs: [Double] = []
        var best = -Double.infinity
        var bestRound = 0
        for round in 0..<max(1, s.maxRounds) {
            try checkXGBoost(
                XGBoosterUpdateOneIter(handle, Int32(round), trainMatrix.handle),
                "XGBoosterUpdateOneIter")
            let auc = try validationAUC(round: round, validation: validationMatrix)
            aucs.append(auc)
            if auc > best {
                best = auc
                bestRound = round
            } else if round - bestRound >= s.earlyStoppingRounds {
                break
            }
        }
        bestIteration = bestRound
        names = train.names
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return TabularFitResult(fitSeconds: seconds, bestIteration: bestRound,
                                validationAUCs: aucs)
    }

    /// Reads the AUC from libxgboost's evaluation line, `[3]\tvalidation-auc:0.61234`.
    func validationAUC(round: Int, validation: DMatrix) throws -> Double {
        var matrices: [DMatrixHandle?] = [validation.handle]
        var line: UnsafePointer<CChar>?
        let name = strdup("validation")
        defer { free(name) }
        var labels: [UnsafePointer<CChar>?] = [UnsafePointer(name)]
        try checkXGBoost(
            XGBoosterEvalOneIter(booster, Int32(round), &matrices, &labels, 1, &line),
            "XGBoosterEvalOneIter")
        let text = line.map { String(cString: $0) } ?? ""
        guard let colon = text.lastIndex(of: ":"),
              let auc = Double(text[text.index(after: colon)...]
                  .trimmingCharacters(in: .whitespaces)),
              auc.isFinite
        else {
            throw ModelError(.notConverged, """
                xgboost: no validation AUC in `\(text)` after round \(round); the validation \
                rows need both labels
                """)
        }
        return auc
    }

    func setParameters(_ parameters: [(String, String)]) throws {
        for (name, value) in parameters {
            try checkXGBoost(
                XGBoosterSetParam(booster, name, value), "XGBoosterSetParam(\(name))")
        }
    }

    // MARK: - Scoring

    public func predict(_ features: FeatureMatrix) throws -> [Float] {
        try checkColumns(features, fitted: names, model: "xgboost")
        guard let bestIteration else {
            throw ModelError(.notFitted, "xgboost must be fitted before it scores")
        }
        guard features.rowCount > 0 else { return [] }
        let matrix = try DMatrix(features)
        let config = """
            {"type": 0, "training": false, "iteration_begin": 0, \
            "iteration_end": \(bestIteration + 1), "strict_shape": false}
            """
        var shape: UnsafePointer<bst_ulong>?
        var dimension: bst_ulong = 0
        var result: UnsafePointer<Float>?
        try checkXGBoost(
            XGBoosterPredictFromDMatrix(
                booster, matrix.handle, config, &shape, &dimension, &result),
            "XGBoosterPredictFromDMatrix")
        guard let result, let shape, dimension >= 1, Int(shape[0]) == features.rowCount else {
            throw ModelError(.xgboost, "XGBoosterPredictFromDMatrix returned an unexpected "
                             + "shape for \(features.rowCount) rows")
        }
        return Array(UnsafeBufferPointer(start: result, count: features.rowCount))
    }

    /// Average gain of the splits on each feature over the scoring trees (`0...bestIteration`),
    /// best first; features never split on are left out.
    public func importance() throws -> [FeatureImportance] {
        guard let names, let bestIteration else {
            throw ModelError(.notFitted, "xgboost must be fitted before its importance is read")
        }
        var sliced: BoosterHandle?
        try checkXGBoost(
            XGBoosterSlice(booster, 0, Int32(bestIteration + 1), 1, &sliced), "XGBoosterSlice")
        defer { XGBoosterFree(sliced) }
        var count: bst_ulong = 0
        var features: UnsafeMutablePointer<UnsafePointer<CChar>?>?
        var dimension: bst_ulong = 0
        var shape: UnsafePointer<bst_ulong>?
        var scores: UnsafePointer<Float>?
        let config = #"{"importance_type": "gain", "feature_map": ""}"#
        try checkXGBoost(
            XGBoosterFeatureScore(
                sliced, config, &count, &features, &dimension, &shape, &scores),
            "XGBoosterFeatureScore")
        var result: [FeatureImportance] = []
        for k in 0..<Int(count) {
            // Unnamed features come back as "f<column>".
            guard let raw = features?[k], let scores else { continue }
            let label = String(cString: raw)
            guard label.hasPrefix("f"), let column = Int(label.dropFirst()),
                  names.indices.contains(column)
            else {
                throw ModelError(.xgboost, "XGBoosterFeatureScore named an unknown feature "
                                 + "`\(label)`")
            }
            result.append(FeatureImportance(feature: names[column], value: Double(scores[k])))
        }
        return result.sorted {
            $0.value != $1.value ? $0.value > $1.value : $0.feature < $1.feature
        }
    }

    // MARK: - Saving

    struct Saved: Codable {
        var kind: BaselineKind
        var names: [String]
        var bestIteration: Int
        /// libxgboost's own model format (UBJSON).
        var booster: Data
    }

    public func saved() throws -> Data {
        guard let names, let bestIteration else {
            throw ModelError(.notFitted, "xgboost must be fitted before it is saved")
        }
        var length: bst_ulong = 0
        var bytes: UnsafePointer<CChar>?
        try checkXGBoost(
            XGBoosterSaveModelToBuffer(booster, #"{"format": "ubj"}"#, &length, &bytes),
            "XGBoosterSaveModelToBuffer")
        guard let bytes else { throw ModelError(.xgboost, "libxgboost saved no bytes") }
        let model = Data(bytes: bytes, count: Int(length))
        return try JSONEncoder().encode(
            Saved(kind: .xgboost, names: names, bestIteration: bestIteration, booster: model))
    }

    /// A fitted model from the bytes of `saved()`.
    convenience init(saved data: Data, threads: Int) throws {
        guard let saved = try? JSONDecoder().decode(Saved.self, from: data),
              saved.kind == .xgboost
        else {
            throw ModelError(.invalidSavedModel, "these bytes are not a saved xgboost model")
        }
        self.init(threads: threads)
        var handle: BoosterHandle?
        try checkXGBoost(XGBoosterCreate(nil, 0, &handle), "XGBoosterCreate")
        booster = handle
        try saved.booster.withUnsafeBytes { buffer in
            try checkXGBoost(
                XGBoosterLoadModelFromBuffer(handle, buffer.baseAddress, bst_ulong(buffer.count)),
                "XGBoosterLoadModelFromBuffer")
        }
        try setParameters([("nthread", "\(threads)"), ("verbosity", "0")])
        names = saved.names
        bestIteration = saved.bestIteration
    }
}

/// A libxgboost data matrix of Float features and labels, freed with its owner.
final class DMatrix {
    let handle: DMatrixHandle?

    /// Copies the features (as Float, which is what libxgboost computes in) and labels.
    init(_ features: FeatureMatrix) throws {
        let values = features.values.map { Float($0) }
        var handle: DMatrixHandle?
        try checkXGBoost(
            XGDMatrixCreateFromMat(
                values, bst_ulong(features.rowCount), bst_ulong(features.columnCount),
                Float.nan, &handle),
            "XGDMatrixCreateFromMat")
        self.handle = handle
        try checkXGBoost(
            XGDMatrixSetFloatInfo(handle, "label", features.labels, bst_ulong(features.rowCount)),
            "XGDMatrixSetFloatInfo(label)")
    }

    deinit {
        XGDMatrixFree(handle)
    }
}

/// Turns a libxgboost status code into a thrown `ModelError` with the library's message.
func checkXGBoost(_ status: Int32, _ call: String) throws {
    guard status != 0 else { return }
    let message = XGBGetLastError().map { String(cString: $0) } ?? "no message"
    throw ModelError(.xgboost, "\(call) failed: \(message)")
}
