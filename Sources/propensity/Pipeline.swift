import Foundation
import PropensityEvaluation
import PropensityModels
import PropensitySamples

/// The steps of one run, in order, each reporting what it did: the balanced test as
/// published, the forward backtest strictly from the past, the ranked target list, and the
/// files that hold them.
struct Pipeline {
    var config: RunConfig
    var progress: ProgressReporter
    /// Each seed of `training.seeds` trains and is graded on its own (one record per seed, as
    /// `experiment` wants), instead of the seeds forming one ensemble (as `run` does).
    var separateSeeds = false

    /// Runs every protocol and writes the outputs; returns the records of `metrics.json`.
    @discardableResult
    func run(writingTo out: URL, rollingCutoffs: [LocalDate] = []) throws -> [any Encodable] {
        let log = try loadEventLog(config, progress: progress)
        try config.checkTarget(in: log)
        let builder = try SampleBuilder(log: log, target: config.target, settings: config.samples)
        var records: [any Encodable] = []
        var report = ReportData(
            title: "Who will start buying \(config.target.name)?", target: config.target.name,
            run: config.name)

        let balanced = try builder.balancedSampleSet()
        progress.line(
            "balanced test: train \(balanced.train.count) (\(balanced.balancedTrain.count) "
                + "before shift), validation \(balanced.validation.count), "
                + "test \(balanced.test.count)")
        report.funnels.append(ReportFunnel(name: "balanced test", steps: steps(balanced.counts)))
        try balanced.requireSamples(in: Split.allCases, protocol: "balanced test")
        var fitted: [FittedModel] = []
        do {
            for (name, runConfig) in modelRuns() {
                let model = try FittedModel.fit(
                    name, on: balanced, log: log, config: runConfig, progress: progress,
                    label: "[balanced]")
                let (record, result) = try gradeBalanced(model, on: balanced)
                records.append(record)
                report.balancedTest.append(result)
                report.learningCurves += learningCurves(model)
                if case .baseline(.xgboost) = name, report.featureImportance == nil {
                    report.featureImportance = PropensityEvaluation.FeatureImportance(
                        model: "xgboost", kind: "gain",
                        features: model.importance.prefix(15).map {
                            FeatureWeight(name: $0.feature, value: $0.value)
                        })
                }
                fitted.append(model)
            }
        }

        var backtestCounts: [(name: String, value: Int)] = []
        var backtestRecords: [BacktestRecord] = []
        if config.protocols.contains("backtest") {
            let (bRecords, result, counts) = try runBacktest(
                builder, log: log, cutoff: config.samples.backtestCutoff)
            records += bRecords
            backtestRecords = bRecords
            report.backtest = result
            backtestCounts = counts
            report.funnels.append(ReportFunnel(
                name: "forward backtest", steps: counts.map {
                    FunnelStep(name: $0.name, count: $0.value)
                }))
        }

        // The rolling backtest: the same protocol at every cutoff, since one is one noisy draw.
        // At the forward backtest's own cutoff the models already trained are reused.
        for cutoff in rollingCutoffs {
            let rolling: [BacktestRecord]
            let result: BacktestResult
            if let backtest = report.backtest, backtest.cutoff == cutoff.description {
                rolling = backtestRecords.map {
                    var record = $0
                    record.protocol = "rolling-backtest"
                    return record
                }
                result = backtest
            } else {
                (rolling, result, _) = try runBacktest(
                    builder, log: log, cutoff: cutoff, protocolName: "rolling-backtest")
            }
            records += rolling
            report.rolling += result.models.map {
                RollingRecord(
                    model: $0.model, cutoff: cutoff.description, seed: $0.seed, metrics: $0.metrics)
            }
        }

        // The target list comes from the method's model where it was trained.
        let chosen = fitted.first { $0.name == .sequence(.cnnLSTM) } ?? fitted[0]
        let asOf = config.scoring.asOf ?? LocalDate(microseconds: log.time.max()!).addingDays(1)
        let population = builder.population(asOf: asOf)
        let scores = try chosen.score(population.samples)
        let baseRate = estimatedBaseRate(builder, before: asOf)
        let probabilities = Calibration.priorCorrected(
            scores, trainRate: 0.5, baseRate: baseRate ?? 0.5)
        progress.line(
            "target list: \(population.samples.count) eligible customers without "
                + "\(config.target.name) as of \(asOf), scored by \(chosen.name); base rate "
                + (baseRate.map { String(format: "%.4f", $0) } ?? "unknown")
                + " over the last \(config.samples.horizonDays) days")

        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try RunOutputs.writeRecords(records, to: out.appendingPathComponent("metrics.json"))
        try RunOutputs.writeTargets(
            users: population.samples.map(\.user), scores: scores,
            probabilities: baseRate == nil ? nil : probabilities,
            to: out.appendingPathComponent("targets.csv"),
            parquet: out.appendingPathComponent("targets.parquet"))
        try RunOutputs.writeSampleCounts(
            data: log.counts, funnel: balanced.counts, population: population.counts,
            asOf: asOf, baseRate: baseRate,
            backtest: Dictionary(backtestCounts.map { ($0.name, $0.value) }) { a, _ in a },
            target: config.target,
            to: out.appendingPathComponent("samples.json"))
        if !chosen.sequenceModels.isEmpty {
            // The whole ensemble with its own threshold, chosen on validation as in grading.
            let threshold = BinaryMetrics.bestF1Threshold(
                labels: balanced.validation.map { Float($0.label ? 1 : 0) },
                scores: try chosen.score(balanced.validation))
            let url = try saveModel(
                chosen.sequenceModels, threshold: threshold, trainings: chosen.trainings,
                encoder: chosen.encoder, counts: balanced.counts, baseRate: baseRate,
                asOf: asOf, fingerprint: DataFingerprint(of: log), to: out)
            let seeds = chosen.seeds.map(String.init).joined(separator: ", ")
            progress.line("saved \(url.lastPathComponent).safetensors and .json "
                + (chosen.seeds.count == 1
                    ? "(seed \(seeds))" : "(seeds \(seeds): the score is their mean)"))
        }
        report.notes = notes(asOf: asOf, baseRate: baseRate)
        try report.encoded().write(to: out.appendingPathComponent("report-data.json"))
        try Data(Report.html(report).utf8).write(to: out.appendingPathComponent("report.html"))
        print(RunOutputs.table(records))
        progress.line(
            "wrote metrics.json, targets.csv (and .parquet), samples.json, report.html to "
                + out.path)
        return records
    }

    /// Threshold on validation, metrics with bootstrap intervals on test.
    private func gradeBalanced(_ model: FittedModel, on set: SampleSet) throws
        -> (MetricsRecord, BalancedTestResult)
    {
        let validationLabels = set.validation.map { Float($0.label ? 1 : 0) }
        let testLabels = set.test.map { Float($0.label ? 1 : 0) }
        let threshold = BinaryMetrics.bestF1Threshold(
            labels: validationLabels, scores: try model.score(set.validation))
        let members = try model.memberScores(set.test)
        let testScores = meanOf(members)
        let result = BalancedTestResult(
            model: model.name.description, seed: Int(model.seeds[0]), labels: testLabels,
            scores: testScores, threshold: threshold, resamples: config.bootstrapResamples,
            bootstrapSeed: model.seeds[0])
        let positives = Int(testLabels.reduce(0, +))
        let record = MetricsRecord(
            model: model.name.description, target: config.target.name, protocol: "balanced-test",
            seeds: model.seeds,
            intervals: result.metrics.map {
                ($0.name, Bootstrap.Interval(value: $0.value, low: $0.low, high: $0.high))
            },
            threshold: threshold,
            validationAUC: BinaryMetrics.rocAUC(
                labels: validationLabels, scores: try model.score(set.validation)),
            members: zip(model.seeds, members).enumerated().map { k, pair in
                MetricsRecord.Member(
                    seed: pair.0,
                    rocAuc: finite(BinaryMetrics.rocAUC(labels: testLabels, scores: pair.1)),
                    training: k < model.trainings.count ? model.trainings[k] : nil)
            },
            trainSeconds: model.trainSeconds, testPositives: positives,
            testNegatives: testLabels.count - positives)
        return (record, result)
    }

    /// METHOD.md's forward backtest: training samples from events before the cutoff only,
    /// every eligible non-buyer at the cutoff scored, labelled by a purchase in the horizon.
    private func runBacktest(
        _ builder: SampleBuilder, log: EventLog, cutoff: LocalDate,
        protocolName: String = "backtest"
    ) throws
        -> ([BacktestRecord], BacktestResult, [(name: String, value: Int)])
    {
        let horizon = config.samples.horizonDays
        let set = try builder.backtestSampleSet(cutoff: cutoff)
        try set.requireSamples(in: [.train, .validation], protocol: "\(protocolName) at \(cutoff)")
        let population = builder.backtestPopulation(cutoff: cutoff, horizonDays: horizon)
        let labels = population.samples.map { Float($0.label ? 1 : 0) }
        let users = population.samples.map(\.user)
        // Calibrate to a base rate the marketer could have known at the cutoff.
        let baseRate = estimatedBaseRate(builder, before: cutoff)
        progress.line(
            "backtest at \(cutoff): train \(set.train.count), population \(labels.count) with "
                + "\(Int(labels.reduce(0, +))) buyers in \(horizon) days")
        var records: [BacktestRecord] = []
        var results: [BacktestModelResult] = []
        for (name, runConfig) in modelRuns() {
            let model = try FittedModel.fit(
                name, on: set, log: log, config: runConfig, progress: progress,
                label: "[backtest \(cutoff)]")
            let scores = try model.score(population.samples)
            var result = BacktestModelResult(
                model: name.description, seed: Int(model.seeds[0]), labels: labels,
                scores: scores, users: users, baseRate: baseRate)
            if name == .baseline(.recency) {
                // Recency scores are minus days, not probabilities: nothing to calibrate.
                result.brierBefore = .nan
                result.brierAfter = .nan
                result.reliabilityBefore = []
                result.reliabilityAfter = []
                for k in result.deciles.indices { result.deciles[k].expectedPositives = nil }
            }
            results.append(result)
            records.append(BacktestRecord(
                protocol: protocolName, model: name.description, target: config.target.name,
                seeds: model.seeds,
                cutoff: cutoff.description, horizonDays: horizon, metrics: result.metrics,
                brierBefore: result.brierBefore, brierAfter: result.brierAfter,
                calibrationBaseRate: baseRate, trainSeconds: model.trainSeconds))
        }
        let counts = set.counts.entries() + population.counts.entries()
        let result = BacktestResult(
            cutoff: cutoff.description, horizonDays: horizon, trainRate: 0.5,
            calibration: "prior", models: results)
        return (records, result, counts)
    }

    /// Each model with the config it trains under: once with all seeds (an ensemble), or,
    /// with `separateSeeds`, once per seed.
    private func modelRuns() -> [(ModelName, RunConfig)] {
        let seeds = config.training.seeds.isEmpty ? [config.training.seed] : config.training.seeds
        guard separateSeeds else { return config.models.map { ($0, config) } }
        return config.models.flatMap { name in
            seeds.map { seed in
                var single = config
                single.training.seeds = [seed]
                single.training.seed = seed
                return (name, single)
            }
        }
    }

    /// The share of eligible non-buyers who started buying within the horizon, measured on
    /// the horizon that ends at `date`: known at `date`, so calibration uses no future data.
    private func estimatedBaseRate(_ builder: SampleBuilder, before date: LocalDate) -> Double? {
        let horizon = config.samples.horizonDays
        let past = builder.population(asOf: date.addingDays(-horizon), horizonDays: horizon)
        guard past.counts.eligible > 0, past.counts.positives > 0 else { return nil }
        return Double(past.counts.positives) / Double(past.counts.eligible)
    }

    private func steps(_ counts: FunnelCounts) -> [FunnelStep] {
        counts.entries().map { FunnelStep(name: $0.name, count: $0.value) }
    }

    private func learningCurves(_ model: FittedModel) -> [LearningCurve] {
        zip(model.seeds, model.trainings).map { seed, training in
            LearningCurve(
                model: model.name.description, seed: Int(seed),
                epochs: training.history.map {
                    ($0.epoch, $0.cumulativeSeconds, $0.validationAUC, $0.trainLoss)
                })
        }
    }

    private func notes(asOf: LocalDate, baseRate: Double?) -> [String] {
        let seeds = config.training.seeds.map(String.init).joined(separator: ", ")
        let seedNote: String
        if config.training.seeds.count > 1 {
            seedNote = separateSeeds
                ? "Every model trained and graded once per seed (\(seeds)): one row per seed; "
                    + "charts draw each seed faint and their mean bold."
                : "Sequence models are ensembles of seeds \(seeds): the mean of their "
                    + "probabilities."
        } else {
            seedNote = "One seed (\(config.training.seeds.first ?? config.training.seed))."
        }
        return [
            seedNote,
            "Balanced test: 1:1 classes, threshold maximising F1 on validation; predicting "
                + "'positive' for everyone already gives F1 0.667, so compare ROC and PR AUC.",
            "Target list as of \(asOf); probabilities are prior-corrected from the 1:1 training "
                + "rate to a base rate of "
                + (baseRate.map { String(format: "%.4f", $0) } ?? "unknown")
                + " measured over the \(config.samples.horizonDays) days before it.",
        ]
    }
}

/// A model's grades under the forward backtest: a record of `metrics.json`.
struct BacktestRecord: Encodable {
    var model: String
    var target: String
    var `protocol`: String
    var seed: UInt64
    var seeds: [UInt64]
    var cutoff: String
    var horizonDays: Int
    var metrics: RankingMetrics
    var brierBefore: Double
    var brierAfter: Double
    var calibrationBaseRate: Double?
    var trainSeconds: Double

    init(
        protocol: String, model: String, target: String, seeds: [UInt64], cutoff: String,
        horizonDays: Int,
        metrics: RankingMetrics, brierBefore: Double, brierAfter: Double,
        calibrationBaseRate: Double?, trainSeconds: Double
    ) {
        self.protocol = `protocol`
        self.model = model
        self.target = target
        seed = seeds[0]
        self.seeds = seeds
        self.cutoff = cutoff
        self.horizonDays = horizonDays
        self.metrics = metrics
        self.brierBefore = brierBefore
        self.brierAfter = brierAfter
        self.calibrationBaseRate = calibrationBaseRate
        self.trainSeconds = trainSeconds
    }
}
