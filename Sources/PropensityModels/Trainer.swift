/// PropensityModels owns the models that score histories: cnn-lstm and lstm on encoded
/// sequences, their training loop with early stopping, and the baselines.

import Foundation
import NeuralEngine
import PropensityEvaluation
import PropensitySamples

/// METHOD.md's training settings: binary cross-entropy, Adam, early stopping on validation AUC.
public struct TrainingSettings: Codable, Sendable, Equatable {
    public var epochs = 20
    /// Epochs without a better validation AUC before stopping.
    public var patience = 5
    public var batchSize = 64
    public var learningRate: Float = 1e-3
    /// Model seed: initial weights and the order of batches.
    public var seed: UInt64 = 0
    /// Seeds of an ensemble: the pipeline trains one model per seed and averages their
    /// probabilities, since one seed's test AUC on ~120 samples swings by several points.
    /// Empty means one model with `seed`.
    public var seeds: [UInt64] = []
    public var threads = 2

    public init() {}
}

/// One line of the learning curve.
public struct EpochRecord: Codable, Sendable {
    public var epoch: Int
    public var trainLoss: Double
    public var validationAUC: Double
    public var epochSeconds: Double
    public var cumulativeSeconds: Double
    public var samplesPerSecond: Double
}

/// What the training loop reports while it runs.
public enum TrainingProgress: Sendable {
    case batch(epoch: Int, done: Int, total: Int)
    case epoch(EpochRecord, best: Bool)
}

/// The learning curve and the epoch whose weights the model now holds.
public struct TrainingResult: Codable, Sendable {
    public var history: [EpochRecord]
    public var bestEpoch: Int
    public var bestValidationAUC: Double
    /// Seconds spent in training epochs (validation scoring excluded).
    public var trainSeconds: Double
}

/// The training loop: shuffled mini-batches each epoch, validation AUC after each, and the
/// best epoch's weights restored at the end.
public enum Trainer {
    public static func train(
        _ model: SequenceModel, train: EncodedSequences, validation: EncodedSequences,
        settings: TrainingSettings, progress: (TrainingProgress) -> Void = { _ in }
    ) -> TrainingResult {
        precondition(train.count > 0, "no training samples")
        var generator = SplitMix64(seed: settings.seed &+ 0x5eed)
        var optimizer = Adam(learningRate: settings.learningRate)
        var order = Array(0..<train.count)
        var history: [EpochRecord] = []
        var best = -Double.infinity
        var bestEpoch = 0
        var snapshot = model.parameterSnapshot()
        var sinceBest = 0
        var cumulative = 0.0
        let batches = (train.count + settings.batchSize - 1) / settings.batchSize

        for epoch in 1...max(settings.epochs, 1) {
            order.shuffle(using: &generator)
            let start = DispatchTime.now().uptimeNanoseconds
            var lossSum = 0.0
            for b in 0..<batches {
                let lo = b * settings.batchSize
                let indices = Array(order[lo..<min(lo + settings.batchSize, train.count)])
                let loss = model.trainStep(train, indices: indices, optimizer: &optimizer)
                lossSum += Double(loss) * Double(indices.count)
                progress(.batch(epoch: epoch, done: b + 1, total: batches))
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            cumulative += seconds
            let scores = model.probabilities(validation, batchSize: 256)
            let auc = BinaryMetrics.rocAUC(labels: validation.labels, scores: scores)
            let record = EpochRecord(
                epoch: epoch, trainLoss: lossSum / Double(train.count), validationAUC: auc,
                epochSeconds: seconds, cumulativeSeconds: cumulative,
                samplesPerSecond: Double(train.count) / max(seconds, 1e-9))
            history.append(record)
            let improved = auc > best
            progress(.epoch(record, best: improved))
            if improved {
                best = auc
                bestEpoch = epoch
                snapshot = model.parameterSnapshot()
                sinceBest = 0
            } else {
                sinceBest += 1
                if sinceBest >= settings.patience { break }
            }
        }
        model.restore(snapshot)
        return TrainingResult(
            history: history, bestEpoch: bestEpoch, bestValidationAUC: best,
            trainSeconds: cumulative)
    }
}
