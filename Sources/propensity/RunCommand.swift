import Foundation
import NeuralEngine
import PropensityData
import PropensityEvaluation
import PropensityModels
import PropensitySamples

/// `propensity run CONFIG`: samples, models, balanced-test metrics and the ranked target list.
enum RunCommand: Command {
    static let help = """
        usage: propensity run CONFIG [--data DIR] [--out DIR] [--threads N] [--seed N]
                                     [--epochs N] [--quiet]

        Runs METHOD.md end to end for the config's target: loads the transaction log and the
        catalog, builds the samples (balanced 1:1 per split, shift-augmented training split),
        trains every model of the config, grades each on the balanced test split with the
        threshold that maximises F1 on validation, and ranks every eligible customer who has
        never bought the target as of the end of the data.

        options:
          --data DIR     folder with the data files (replaces `data.directory`)
          --out DIR      where the outputs go (default: out)
          --threads N    threads for training and scoring (replaces `training.threads`)
          --seed N       one model with this seed (replaces `training.seeds`)
          --epochs N     at most this many epochs (replaces `training.epochs`)
          --quiet        no progress on stderr

        writes, in the output folder:
          metrics.json   one record per model: precision, recall, f1, accuracy, roc_auc,
                         pr_auc (with bootstrap 95% intervals), threshold, train_seconds, ...
          targets.csv    user,score,rank,decile for the customers to target, best first
          samples.json   the count at every filtering step, per split
          model-KIND.safetensors, model-KIND.json
                         each trained model (weights; architecture, encoder, threshold,
                         calibration, settings, data fingerprint) for `propensity score`
        """

    static func run(_ argv: [String]) throws {
        let arguments = try Arguments(
            argv, valued: ["data", "out", "threads", "seed", "epochs"], booleans: ["quiet"])
        guard arguments.positionals.count == 1 else {
            throw UsageError("run needs exactly one CONFIG file")
        }
        var config = try RunConfig.load(URL(fileURLWithPath: arguments.positionals[0]))
        if let data = arguments.value("data") {
            config.data.directory = data
            config.baseDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        }
        if let threads = try arguments.integer("threads") { config.training.threads = threads }
        if let seed = try arguments.integer("seed") {
            config.training.seed = UInt64(seed)
            config.training.seeds = []
        }
        if let epochs = try arguments.integer("epochs") { config.training.epochs = epochs }
        let out = URL(fileURLWithPath: arguments.value("out") ?? "out")
        let progress = ProgressReporter(quiet: arguments.flag("quiet"))
        try Pipeline(config: config, progress: progress).run(writingTo: out)
    }
}

/// The steps of one run, in order, each reporting what it did.
struct Pipeline {
    var config: RunConfig
    var progress: ProgressReporter

    func run(writingTo out: URL) throws {
        let log = try loadEventLog(config, progress: progress)
        let builder = try SampleBuilder(log: log, target: config.target, settings: config.samples)
        let samples = try builder.balancedSampleSet()
        let counts = samples.counts
        progress.line(
            "samples: train \(samples.train.count) (\(samples.balancedTrain.count) before shift), "
                + "validation \(samples.validation.count), test \(samples.test.count)")

        let encoder = SequenceEncoder(
            fittingOn: samples.balancedTrain, in: log, maxLength: config.samples.maxLength)
        let train = encoder.encode(samples.train, in: log)
        let validation = encoder.encode(samples.validation, in: log)
        let test = encoder.encode(samples.test, in: log)
        progress.line("vocabulary sizes \(encoder.vocabularySizes), \(SequenceEncoder.numberNames.count) numbers")

        var records: [MetricsRecord] = []
        var models: [(ModelKind, SeedEnsemble)] = []
        for kind in config.models {
            let (model, record) = trainAndGrade(
                kind, encoder: encoder, train: train, validation: validation, test: test)
            records.append(record)
            models.append((kind, model))
        }

        // The target list comes from the method's model where it was trained.
        let chosen = models.first { $0.0 == .cnnLSTM } ?? models[0]
        let asOf = config.scoring.asOf ?? LocalDate(microseconds: log.time.max()! )
            .addingDays(1)
        let population = builder.population(asOf: asOf)
        let scores = chosen.1.probabilities(encoder.encode(population.samples, in: log))
        progress.line(
            "target list: \(population.samples.count) eligible customers without \(config.target.name) "
                + "as of \(asOf), scored by \(chosen.0.rawValue)")

        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try RunOutputs.writeMetrics(records, to: out.appendingPathComponent("metrics.json"))
        try RunOutputs.writeTargets(
            users: population.samples.map(\.user), scores: scores,
            to: out.appendingPathComponent("targets.csv"))
        try RunOutputs.writeSampleCounts(
            data: log.counts, funnel: counts, population: population.counts, asOf: asOf,
            target: config.target, to: out.appendingPathComponent("samples.json"))
        let fingerprint = DataFingerprint(of: log)
        for ((_, model), record) in zip(models, records) {
            try saveModel(
                model, record: record, encoder: encoder, counts: counts,
                fingerprint: fingerprint, to: out)
        }
        print(RunOutputs.table(records))
        progress.line(
            "wrote metrics.json, targets.csv, samples.json, model-*.safetensors + .json to "
                + out.path)
    }

    /// Trains one model per seed, averages their probabilities, picks the threshold on
    /// validation and grades the average on test.
    private func trainAndGrade(
        _ kind: ModelKind, encoder: SequenceEncoder, train: EncodedSequences,
        validation: EncodedSequences, test: EncodedSequences
    ) -> (SeedEnsemble, MetricsRecord) {
        var ensemble = SeedEnsemble()
        var members: [MetricsRecord.Member] = []
        let seeds = config.training.seeds.isEmpty ? [config.training.seed] : config.training.seeds
        var validationSum = [Double](repeating: 0, count: validation.count)
        var testSum = [Double](repeating: 0, count: test.count)
        for seed in seeds {
            var settings = config.training
            settings.seed = seed
            let model = SequenceModel(
                kind: kind, vocabularySizes: encoder.vocabularySizes, seed: seed,
                threadCount: settings.threads)
            progress.line("\(kind.rawValue): training on \(train.count) histories, "
                + "\(settings.threads) threads, seed \(seed)")
            let result = Trainer.train(
                model, train: train, validation: validation, settings: settings
            ) { event in
                switch event {
                case .batch(let epoch, let done, let total):
                    progress.bar("\(kind.rawValue) epoch \(epoch)", done: done, total: total)
                case .epoch(let record, let best):
                    progress.line(String(
                        format: "%@ seed %llu epoch %d/%d loss %.4f val_auc %.4f %.0f samples/s%@",
                        kind.rawValue, seed, record.epoch, settings.epochs, record.trainLoss,
                        record.validationAUC, record.samplesPerSecond, best ? " *" : ""))
                }
            }
            let testScores = model.probabilities(test)
            for (k, p) in model.probabilities(validation).enumerated() { validationSum[k] += Double(p) }
            for (k, p) in testScores.enumerated() { testSum[k] += Double(p) }
            members.append(MetricsRecord.Member(
                seed: seed,
                rocAuc: finite(BinaryMetrics.rocAUC(labels: test.labels, scores: testScores)),
                training: result))
            ensemble.models.append(model)
        }
        let n = Double(seeds.count)
        let validationScores = validationSum.map { Float($0 / n) }
        let testScores = testSum.map { Float($0 / n) }
        let threshold = BinaryMetrics.bestF1Threshold(
            labels: validation.labels, scores: validationScores)
        let intervals = Bootstrap.intervals(
            labels: test.labels, scores: testScores, threshold: threshold,
            resamples: config.bootstrapResamples, seed: seeds[0])
        let positives = Int(test.labels.reduce(0, +))
        let record = MetricsRecord(
            model: kind.rawValue, target: config.target.name, protocol: "balanced-test",
            seeds: seeds, intervals: intervals, threshold: threshold,
            validationAUC: BinaryMetrics.rocAUC(labels: validation.labels, scores: validationScores),
            members: members, testPositives: positives, testNegatives: test.count - positives)
        return (ensemble, record)
    }
}

/// Models of one kind trained with different seeds; their mean probability is the score.
struct SeedEnsemble {
    var models: [SequenceModel] = []

    func probabilities(_ data: EncodedSequences) -> [Float] {
        var sum = [Double](repeating: 0, count: data.count)
        for model in models {
            for (k, p) in model.probabilities(data).enumerated() { sum[k] += Double(p) }
        }
        return sum.map { Float($0 / Double(models.count)) }
    }
}

/// Loads the config's transaction log and catalog and turns them into sorted events.
func loadEventLog(_ config: RunConfig, progress: ProgressReporter) throws -> EventLog {
    let directory = config.dataDirectory
    let start = DispatchTime.now().uptimeNanoseconds
    let transactions = try TransactionLog.load(
        directory.appendingPathComponent(config.data.transactions))
    let catalog = try ProductCatalog.load(directory.appendingPathComponent(config.data.products))
    let log = try EventLog(transactions: transactions, catalog: catalog)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    progress.line(String(
        format: "data: %d rows, %d purchases, %d users, %d catalog products (%.2f s)",
        log.counts.rowsTotal, log.counts.purchaseRows, log.counts.usersWithPurchases,
        catalog.product.count, seconds))
    return log
}
