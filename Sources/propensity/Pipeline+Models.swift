import Foundation
import PropensityModels
import PropensitySamples

extension Pipeline {
    /// Saves a trained model, every seed's network (the score is their mean, as `run` grades
    /// it), as `out/model-<kind>.safetensors` + `.json`, with its encoder, threshold,
    /// calibration, settings and the training data's fingerprint.
    ///
    /// Calibration is a prior correction from the share of positives the model trained on
    /// (balanced training split) to the share among all eligible samples of the observation
    /// window before balancing (see `PriorCorrection`).
    @discardableResult
    func saveModel(
        _ members: [SequenceModel], threshold: Float, trainings: [TrainingResult],
        encoder: SequenceEncoder, counts: FunnelCounts, fingerprint: DataFingerprint,
        to out: URL
    ) throws -> URL {
        let model = members[0]
        let trainCount = counts.positives[0] + counts.negatives[0]
        let eligible = counts.eligiblePositives + counts.eligibleNegatives
        let calibration = PriorCorrection(
            trainingPositiveRate: Double(counts.positives[0]) / Double(max(trainCount, 1)),
            baseRate: Double(counts.eligiblePositives) / Double(max(eligible, 1)),
            baseRateSource: "eligible samples of the observation window "
                + "[\(config.samples.windowStart), \(config.samples.windowEnd)) before balancing: "
                + "\(counts.eligiblePositives) first buyers of \(eligible)")
        // Best epoch and its AUC describe one network; an ensemble has one per member.
        let single = trainings.count == 1 ? trainings.first : nil
        let manifest = ModelManifest(
            model: model, members: members.count, encoder: encoder, threshold: threshold,
            calibration: calibration, target: config.target, samples: config.samples,
            training: config.training, trainingData: fingerprint, toolVersion: Tool.version,
            bestEpoch: single?.bestEpoch,
            validationAUC: single.flatMap { finite($0.bestValidationAUC) })
        let url = out.appendingPathComponent("model-\(model.kind.rawValue)")
        try ModelFile(members: members, manifest: manifest).save(to: url)
        return url
    }
}
