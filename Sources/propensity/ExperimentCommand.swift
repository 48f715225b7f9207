import Foundation
import PropensitySamples

/// `propensity experiment CONFIG...`: every model on every target under every protocol,
/// including the rolling backtest, into one `metrics.json` and a Markdown summary.
enum ExperimentCommand: Command {
    static let help = """
        usage: propensity experiment CONFIG... [--data DIR] [--out DIR] [--cutoffs LIST]
                                     [--seeds LIST] [--epochs N] [--quiet]

        Runs `propensity run` for each config (one target each) into OUT/<config name>/, and
        the rolling backtest at every cutoff of --cutoffs (default: the first of each month
        from 2017-07-01 to 2017-12-01). Writes OUT/metrics.json with every record (protocol
        balanced-test, backtest or rolling-backtest) and OUT/summary.md.

        options:
          --data DIR       folder with the data files (replaces each config's data.directory)
          --out DIR        default: experiment
          --cutoffs LIST   comma-separated YYYY-MM-DD cutoffs of the rolling backtest
          --seeds LIST     comma-separated model seeds (replaces training.seeds)
          --epochs N       at most this many epochs
          --quiet          no progress on stderr
        """

    static func run(_ argv: [String]) throws {
        let arguments = try Arguments(
            argv, valued: ["data", "out", "cutoffs", "seeds", "epochs"], booleans: ["quiet"])
        guard !arguments.positionals.isEmpty else {
            throw UsageError("experiment needs at least one CONFIG file")
        }
        let cutoffText = arguments.value("cutoffs")
            ?? "2017-07-01,2017-08-01,2017-09-01,2017-10-01,2017-11-01,2017-12-01"
        let cutoffs = try cutoffText.split(separator: ",").map { text -> LocalDate in
            guard let date = LocalDate(String(text)) else {
                throw UsageError("--cutoffs expects YYYY-MM-DD dates, got '\(text)'")
            }
            return date
        }
        let seeds = try arguments.value("seeds").map { text in
            try text.split(separator: ",").map { part -> UInt64 in
                guard let seed = UInt64(part) else {
                    throw UsageError("--seeds expects whole numbers, got '\(part)'")
                }
                return seed
            }
        }
        let out = URL(fileURLWithPath: arguments.value("out") ?? "experiment")
        let progress = ProgressReporter(quiet: arguments.flag("quiet"))
        var records: [any Encodable] = []
        for path in arguments.positionals {
            var config = try RunConfig.load(URL(fileURLWithPath: path))
            if let data = arguments.value("data") {
                config.data.directory = data
                config.baseDirectory = URL(
                    fileURLWithPath: FileManager.default.currentDirectoryPath)
            }
            if let seeds { config.training.seeds = seeds }
            if let epochs = try arguments.integer("epochs") { config.training.epochs = epochs }
            progress.line("experiment: \(config.name)")
            records += try Pipeline(config: config, progress: progress).run(
                writingTo: out.appendingPathComponent(config.name), rollingCutoffs: cutoffs)
        }
        try RunOutputs.writeRecords(records, to: out.appendingPathComponent("metrics.json"))
        let summary = "# Experiment\n\n```\n" + RunOutputs.table(records) + "\n```\n"
        try Data(summary.utf8).write(to: out.appendingPathComponent("summary.md"))
        progress.line("wrote \(out.path)/metrics.json and summary.md")
    }
}
