import Foundation
import PropensityModels
import PropensitySamples

extension Pipeline {
    /// Saves a trained model, every seed's network (the score is their mean, as `run` grades
    /// it), as `out/model-<kind>.safetensors` + `.json`, with its encoder, threshold,
    /// calibration, settings and the training data's fingerprint.
    ///
    /// Calibration is a prior correction from the share of positives the model trained on
    /// (balanced training split) to `baseRate`, the rate the target list is calibrated to: the
    /// share of eligible customers without the target `horizonDays` before the scoring date
    /// who first bought it within those days (see `PriorCorrection`); nil leaves scores as
    /// they are, as the target list does.
    @discardableResult
    func saveModel(
        _ members: [SequenceModel], threshold: Float, trainings: [TrainingResult],
        encoder: SequenceEncoder, counts: FunnelCounts, baseRate: Double?, asOf: LocalDate,
        fingerprint: DataFingerprint, to out: URL
    ) throws -> URL {
        let model = members[0]
        let trainCount = counts.positives[0] + counts.negatives[0]
        let trainingRate = Double(counts.positives[0]) / Double(max(trainCount, 1))
        let horizon = config.samples.horizonDays
        let calibration = baseRate.map {
            PriorCorrection(
                trainingPositiveRate: trainingRate, baseRate: $0,
                baseRateSource: "eligible customers without the target on "
                    + "\(asOf.addingDays(-horizon)) who first bought it within the next \(horizon) "
                    + "days: the probability of a first purchase within \(horizon) days")
        } ?? PriorCorrection(
            trainingPositiveRate: 0.5, baseRate: 0.5,
            baseRateSource: "none: no first buyers in the \(horizon) days before \(asOf)")
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
