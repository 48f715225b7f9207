import Foundation
import PropensityModels
import PropensitySamples

extension Pipeline {
    /// Saves a trained model (every seed's network: the score is their mean) as
    /// `out/model-<kind>.safetensors` + `.json`, with its encoder, threshold, calibration,
    /// settings and the training data's fingerprint.
    ///
    /// Calibration is a prior correction from the share of positives the model trained on
    /// (balanced training split) to the share among all eligible samples of the observation
    /// window before balancing (see `PriorCorrection`).
    @discardableResult
    func saveModel(
        _ ensemble: SeedEnsemble, record: MetricsRecord, encoder: SequenceEncoder,
        counts: FunnelCounts, fingerprint: DataFingerprint, to out: URL
    ) throws -> URL {
        let model = ensemble.models[0]
        let trainCount = counts.positives[0] + counts.negatives[0]
        let eligible = counts.eligiblePositives + counts.eligibleNegatives
        let calibration = PriorCorrection(
            trainingPositiveRate: Double(counts.positives[0]) / Double(max(trainCount, 1)),
            baseRate: Double(counts.eligiblePositives) / Double(max(eligible, 1)),
            baseRateSource: "eligible samples of the observation window "
                + "[\(config.samples.windowStart), \(config.samples.windowEnd)) before balancing: "
                + "\(counts.eligiblePositives) first buyers of \(eligible)")
        let manifest = ModelManifest(
            model: model, members: ensemble.models.count, encoder: encoder,
            threshold: record.threshold, calibration: calibration, target: config.target,
            samples: config.samples, training: config.training, trainingData: fingerprint,
            toolVersion: Tool.version, bestEpoch: record.members.count == 1
                ? record.members[0].bestEpoch : nil,
            validationAUC: record.validationAuc)
        let url = out.appendingPathComponent("model-\(model.kind.rawValue)")
        try ModelFile(members: ensemble.models, manifest: manifest).save(to: url)
        return url
    }
}
