import Foundation
import PropensityEvaluation
import PropensityModels
import PropensitySamples
import Testing

/// Both models must find a planted pattern: validation AUC above 0.95 after training on a
/// generated log where only future buyers buy one category a few weeks before their anchor.
@Suite struct LearnabilityTests {
    @Test(arguments: ModelKind.allCases)
    func modelLearnsAPlantedPattern(kind: ModelKind) throws {
        let data = PlantedPatternLog(users: 700, seed: 7)
        let log = try EventLog(transactions: data.transactions, catalog: data.catalog)
        var settings = SampleSettings()
        settings.maxLength = 64
        let samples = try SampleBuilder(
            log: log, target: PlantedPatternLog.target, settings: settings
        ).balancedSampleSet()
        #expect(samples.validation.count >= 80, "too few validation samples to grade")
        let encoder = SequenceEncoder(
            fittingOn: samples.balancedTrain, in: log, maxLength: settings.maxLength)
        let train = encoder.encode(samples.train, in: log)
        let validation = encoder.encode(samples.validation, in: log)

        var training = TrainingSettings()
        training.epochs = 12
        training.patience = 12
        training.batchSize = 32
        training.learningRate = 3e-3
        training.threads = 2
        let model = SequenceModel(
            kind: kind, vocabularySizes: encoder.vocabularySizes, seed: 1, threadCount: 2)
        let result = Trainer.train(model, train: train, validation: validation, settings: training)
        let auc = BinaryMetrics.rocAUC(
            labels: validation.labels, scores: model.probabilities(validation))
        let curve = result.history.map(\.validationAUC)
        #expect(auc > 0.95, "\(kind.rawValue) validation AUC \(auc); curve \(curve)")
        // The restored weights are the best epoch's, so they score exactly its AUC.
        #expect(abs(auc - result.bestValidationAUC) < 1e-12)
    }
}
