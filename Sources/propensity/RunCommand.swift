import Foundation
import NeuralEngine
import PropensityData
import PropensityEvaluation
import PropensityModels
import PropensitySamples

/// `propensity run CONFIG`: samples, models, balanced-test metrics and the ranked target list.
enum RunCommand: Command {
    static let help = """
        usage: propensity run CONFIG [--data PATH] [--out DIR] [--threads N] [--seed N]
                                     [--epochs N] [--quiet]

        Runs METHOD.md end to end for the config's target: loads the transaction log and the
        catalog, builds the samples (balanced 1:1 per split, shift-augmented training split),
        trains every model of the config, grades each on the balanced test split with the
        threshold that maximises F1 on validation, and ranks every eligible customer who has
        never bought the target as of the end of the data.

        options:
          --data PATH    folder with the data files (replaces `data.directory`), or an
                         event store written by `propensity ingest` (X.store)
          --out DIR      where the outputs go (default: out)
          --threads N    threads for training and scoring (replaces `training.threads`)
          --seed N       one model with this seed (replaces `training.seeds`)
          --epochs N     at most this many epochs (replaces `training.epochs`)
          --quiet        no progress on stderr

        writes, in the output folder:
          metrics.json   one record per model: precision, recall, f1, accuracy, roc_auc,
                         pr_auc (with bootstrap 95% intervals), threshold, train_seconds, ...
          targets.csv    user,score,probability,rank,decile for the customers to target,
                         best first (probability calibrated to the base rate)
          targets.parquet  the same list as Parquet
          report.html    the self-contained report (its numbers in report-data.json)
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
        if let data = arguments.value("data") { config.useData(data) }
        if let threads = try arguments.integer("threads") { config.training.threads = threads }
        if let seed = try arguments.integer("seed") {
            guard seed >= 0 else { throw UsageError("--seed expects a whole number >= 0") }
            config.training.seed = UInt64(seed)
            config.training.seeds = []
        }
        if let epochs = try arguments.integer("epochs") { config.training.epochs = epochs }
        if let problem = config.trainingProblem() { throw UsageError(problem) }
        let out = URL(fileURLWithPath: arguments.value("out") ?? "out")
        // Checked before training so that an unwritable --out does not waste the run.
        do {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        } catch {
            throw UsageError("cannot create the output folder \(out.path): "
                + "\((error as NSError).localizedDescription)")
        }
        let progress = ProgressReporter(quiet: arguments.flag("quiet"))
        try Pipeline(config: config, progress: progress).run(writingTo: out)
    }
}

/// Loads the config's transaction log and catalog, from the event store when one is
/// configured, and turns them into sorted events.
func loadEventLog(_ config: RunConfig, progress: ProgressReporter) throws -> EventLog {
    let start = DispatchTime.now().uptimeNanoseconds
    let transactions: TransactionTable
    let catalog: Catalog
    let source: String
    if let url = config.storeURL {
        let store = try EventStore(contentsOf: url)
        transactions = store.transactionTable()
        catalog = store.catalog()
        source = url.lastPathComponent
    } else {
        transactions = try TransactionLog.load(
            config.transactionsURL, columns: config.data.columns ?? .completeJourney,
            options: try config.loadOptions())
        catalog = try ProductCatalog.load(
            config.productsURL, columns: config.data.catalogColumns ?? .completeJourney)
        source = config.data.transactions
    }
    let log = try EventLog(transactions: transactions, catalog: catalog)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    progress.line(String(
        format: "data: %d rows, %d purchases, %d users, %d catalog products from %@ (%.2f s)",
        log.counts.rowsTotal, log.counts.purchaseRows, log.counts.usersWithPurchases,
        catalog.product.count, source, seconds))
    return log
}
