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
