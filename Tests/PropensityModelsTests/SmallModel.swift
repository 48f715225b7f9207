import Foundation
import PropensityData
import PropensityModels
import PropensitySamples

/// A saved-model fixture: an untrained (seeded) network on the planted-pattern log, with an
/// encoder fitted on that log's balanced training samples. Weights need not be trained for
/// save/load and scoring-path checks: those compare scores of one network with itself.
struct SmallModel {
    static let asOf = LocalDate(year: 2017, month: 10, day: 1)

    let log: EventLog
    let catalog: Catalog
    let file: ModelFile

    init(kind: ModelKind = .cnnLSTM, users: Int = 120, threads: Int = 1) throws {
        let data = PlantedPatternLog(users: users, seed: 11)
        catalog = data.catalog
        log = try EventLog(transactions: data.transactions, catalog: data.catalog)
        var settings = SampleSettings()
        settings.maxLength = 48
        let samples = try SampleBuilder(
            log: log, target: PlantedPatternLog.target, settings: settings
        ).balancedSampleSet()
        let encoder = SequenceEncoder(
            fittingOn: samples.balancedTrain, in: log, maxLength: settings.maxLength)
        let model = SequenceModel(
            kind: kind, vocabularySizes: encoder.vocabularySizes, seed: 3, threadCount: threads)
        let manifest = ModelManifest(
            model: model, encoder: encoder, threshold: 0.5,
            calibration: PriorCorrection(
                trainingPositiveRate: 0.5, baseRate: 0.1, baseRateSource: "test"),
            target: PlantedPatternLog.target, samples: settings, training: TrainingSettings(),
            trainingData: DataFingerprint(of: log), toolVersion: "test")
        file = ModelFile(model: model, manifest: manifest)
    }

    /// The batch population as of `asOf`.
    var population: [Sample] {
        get throws {
            try SampleBuilder(
                log: log, target: file.manifest.target.target, settings: file.manifest.samples
            ).population(asOf: Self.asOf).samples
        }
    }
}

/// A fresh temporary folder.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("propensity-models-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
