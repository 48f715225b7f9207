import Foundation
import PropensityEvaluation
import PropensityModels
import PropensitySamples

/// A model of a run by its name in configs and `metrics.json`: one of the sequence models
/// (trained as an ensemble of seeds) or one of the baselines on aggregate features.
enum ModelName: Hashable, CustomStringConvertible {
    case sequence(ModelKind)
    case baseline(BaselineKind)

    init?(_ text: String) {
        if let kind = ModelKind(rawValue: text) {
            self = .sequence(kind)
        } else if let kind = BaselineKind(rawValue: text) {
            self = .baseline(kind)
        } else {
            return nil
        }
    }

    static let all: [ModelName] = ModelKind.allCases.map { .sequence($0) }
        + BaselineKind.allCases.map { .baseline($0) }

    var description: String {
        switch self {
        case .sequence(let kind): return kind.rawValue
        case .baseline(let kind): return kind.rawValue
        }
    }
}

/// A model fitted on one sample set, ready to score any samples of the same event log.
struct FittedModel {
    var name: ModelName
    var seeds: [UInt64]
    /// Training of each seed (sequence models only).
    var trainings: [TrainingResult] = []
    var importance: [PropensityModels.FeatureImportance] = []
    var trainSeconds: Double
    /// The score of each sample; for an ensemble, the mean of its members' probabilities.
    let score: ([Sample]) throws -> [Float]
    /// Each member's scores (one entry for a baseline).
    let memberScores: ([Sample]) throws -> [[Float]]
    /// The sequence models themselves, for saving.
    var sequenceModels: [SequenceModel] = []
    var encoder: SequenceEncoder

    /// Fits `name` on `set`: training samples (shift-augmented) to learn, validation to stop.
    static func fit(
        _ name: ModelName, on set: SampleSet, log: EventLog, config: RunConfig,
        progress: ProgressReporter, label: String
    ) throws -> FittedModel {
        let encoder = SequenceEncoder(
            fittingOn: set.balancedTrain, in: log, maxLength: config.samples.maxLength)
        switch name {
        case .sequence(let kind):
            return fitSequence(kind, set: set, log: log, encoder: encoder, config: config,
                               progress: progress, label: label)
        case .baseline(let kind):
            var settings = BaselineSettings()
            settings.seed = config.training.seeds.first ?? config.training.seed
            settings.threads = config.training.threads
            settings.xgboost = config.xgboost
            let model = kind.makeModel(settings: settings)
            let features = AggregateFeatures(encoder: encoder)
            let start = DispatchTime.now().uptimeNanoseconds
            let fit = try model.fit(
                train: features.matrix(set.train, in: log),
                validation: features.matrix(set.validation, in: log))
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let chosen = fit.bestIteration.map { ", best iteration \($0)" }
                ?? fit.inverseRegularization.map {
                    String(format: ", L2 C = %.3g chosen on validation", $0)
                } ?? ""
            progress.line(String(format: "%@ %@: fitted in %.2f s%@", label, kind.rawValue,
                                 seconds, chosen))
            let score: ([Sample]) throws -> [Float] = {
                try model.predict(features.matrix($0, in: log))
            }
            return FittedModel(
                name: name, seeds: [settings.seed], importance: (try? model.importance()) ?? [],
                trainSeconds: fit.fitSeconds, score: score, memberScores: { [try score($0)] },
                encoder: encoder)
        }
    }

    private static func fitSequence(
        _ kind: ModelKind, set: SampleSet, log: EventLog, encoder: SequenceEncoder,
        config: RunConfig, progress: ProgressReporter, label: String
    ) -> FittedModel {
        let train = encoder.encode(set.train, in: log)
        let validation = encoder.encode(set.validation, in: log)
        let seeds = config.training.seeds.isEmpty ? [config.training.seed] : config.training.seeds
        var models: [SequenceModel] = []
        var trainings: [TrainingResult] = []
        for seed in seeds {
            var settings = config.training
            settings.seed = seed
            let model = SequenceModel(
                kind: kind, vocabularySizes: encoder.vocabularySizes, seed: seed,
                threadCount: settings.threads)
            progress.line("\(label) \(kind.rawValue): training on \(train.count) histories, "
                + "\(settings.threads) threads, seed \(seed)")
            let result = Trainer.train(
                model, train: train, validation: validation, settings: settings
            ) { event in
                switch event {
                case .batch(let epoch, let done, let total):
                    progress.bar("\(kind.rawValue) epoch \(epoch)", done: done, total: total)
                case .epoch(let record, let best):
                    progress.line(String(
                        format: "%@ %@ seed %llu epoch %d/%d loss %.4f val_auc %.4f "
                            + "%.0f samples/s%@",
                        label, kind.rawValue, seed, record.epoch, settings.epochs,
                        record.trainLoss, record.validationAUC, record.samplesPerSecond,
                        best ? " *" : ""))
                }
            }
            models.append(model)
            trainings.append(result)
        }
        let members: ([Sample]) -> [[Float]] = { samples in
            let data = encoder.encode(samples, in: log)
            return models.map { $0.probabilities(data) }
        }
        return FittedModel(
            name: .sequence(kind), seeds: seeds, trainings: trainings,
            trainSeconds: trainings.reduce(0) { $0 + $1.trainSeconds },
            score: { meanOf(members($0)) }, memberScores: members, sequenceModels: models,
            encoder: encoder)
    }
}

/// The element-wise mean of equally long score lists.
func meanOf(_ lists: [[Float]]) -> [Float] {
    guard let first = lists.first else { return [] }
    var sum = [Double](repeating: 0, count: first.count)
    for list in lists {
        for (k, x) in list.enumerated() { sum[k] += Double(x) }
    }
    return sum.map { Float($0 / Double(lists.count)) }
}
