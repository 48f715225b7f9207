import Foundation
import PropensityModels
import PropensitySamples

extension Pipeline {
    /// Saves a trained model as `out/model-<kind>.safetensors` + `.json`, with its encoder,
    /// threshold, calibration, settings and the training data's fingerprint.
    ///
    /// An ensemble is saved as its first member only (one model per file): scores of the
    /// saved model are that member's, not the ensemble mean of `targets.csv`.
    ///
    /// Calibration is a prior correction from the share of positives the model trained on
    /// (balanced training split) to the share among all eligible samples of the observation
    /// window before balancing (see `PriorCorrection`).
    @discardableResult
    func saveModel(
        _ model: SequenceModel, threshold: Float, training: TrainingResult?,
        encoder: SequenceEncoder, counts: FunnelCounts, fingerprint: DataFingerprint,
        to out: URL
    ) throws -> URL {
        let trainCount = counts.positives[0] + counts.negatives[0]
        let eligible = counts.eligiblePositives + counts.eligibleNegatives
        let calibration = PriorCorrection(
            trainingPositiveRate: Double(counts.positives[0]) / Double(max(trainCount, 1)),
            baseRate: Double(counts.eligiblePositives) / Double(max(eligible, 1)),
            baseRateSource: "eligible samples of the observation window "
                + "[\(config.samples.windowStart), \(config.samples.windowEnd)) before balancing: "
                + "\(counts.eligiblePositives) first buyers of \(eligible)")
        let manifest = ModelManifest(
            model: model, encoder: encoder, threshold: threshold, calibration: calibration,
            target: config.target, samples: config.samples, training: config.training,
            trainingData: fingerprint, toolVersion: Tool.version, bestEpoch: training?.bestEpoch,
            validationAUC: training.flatMap { finite($0.bestValidationAUC) })
        let url = out.appendingPathComponent("model-\(model.kind.rawValue)")
        try ModelFile(model: model, manifest: manifest).save(to: url)
        return url
    }
}
