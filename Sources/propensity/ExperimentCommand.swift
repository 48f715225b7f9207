import Foundation
import PropensitySamples

/// `propensity experiment CONFIG...`: every model on every target under every protocol,
/// including the rolling backtest, into one `metrics.json` and a Markdown summary.
enum ExperimentCommand: Command {
    static let help = """
        usage: propensity experiment CONFIG... [--data DIR] [--out DIR] [--cutoffs LIST]
                                     [--seeds LIST] [--epochs N] [--quiet]
               propensity experiment --summarize METRICS.json... [--out DIR]

        Runs `propensity run` for each config (one target each) into OUT/<config name>/, and
        the rolling backtest at every cutoff of --cutoffs (default: the first of each month
        from 2017-07-01 to 2017-12-01). Each seed trains and is graded on its own (one
        record per model, protocol, cutoff and seed; `run` averages the seeds instead).
        Writes OUT/metrics.json with every record (protocol balanced-test, backtest or
        rolling-backtest), OUT/summary.md (mean ± sd over seeds, the spread over cutoffs) and
        OUT/<config name>/report.html.

        options:
          --data DIR       folder with the data files (replaces each config's data.directory)
          --out DIR        default: experiment
          --cutoffs LIST   comma-separated YYYY-MM-DD cutoffs of the rolling backtest, or
                           `none`
          --seeds LIST     comma-separated model seeds (replaces training.seeds)
          --epochs N       at most this many epochs
          --quiet          no progress on stderr
          --summarize      no training: OUT/summary.md from the records of metrics.json
                           files (of a whole experiment, or of its targets' folders)
        """

    static func run(_ argv: [String]) throws {
        let arguments = try Arguments(
            argv, valued: ["data", "out", "cutoffs", "seeds", "epochs"],
            booleans: ["quiet", "summarize"])
        guard !arguments.positionals.isEmpty else {
            throw UsageError("experiment needs at least one CONFIG file")
        }
        if arguments.flag("summarize") {
            try summarize(arguments.positionals, out: arguments.value("out") ?? "experiment")
            return
        }
        let cutoffText = arguments.value("cutoffs")
            ?? "2017-07-01,2017-08-01,2017-09-01,2017-10-01,2017-11-01,2017-12-01"
        let start = DispatchTime.now().uptimeNanoseconds
        let parts = cutoffText == "none" ? [] : cutoffText.split(separator: ",")
        let cutoffs = try parts.map { text -> LocalDate in
            guard let date = LocalDate(String(text)) else {
                throw UsageError("--cutoffs expects YYYY-MM-DD dates or `none`, got '\(text)'")
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
            if let problem = config.trainingProblem() { throw UsageError(problem) }
            progress.line("experiment: \(config.name)")
            records += try Pipeline(config: config, progress: progress, separateSeeds: true).run(
                writingTo: out.appendingPathComponent(config.name), rollingCutoffs: cutoffs)
        }
        try RunOutputs.writeRecords(records, to: out.appendingPathComponent("metrics.json"))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let command = (["propensity"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        let summary = ExperimentSummary.markdown(
            try ExperimentSummary.objects(records),
            preamble: [
                "Command: `\(command)`", "",
                String(format: "Wall time: %.0f s (%.1f min); finished %@; %d records.",
                       seconds, seconds / 60, ISO8601DateFormatter().string(from: Date()),
                       records.count),
            ])
        try Data(summary.utf8).write(to: out.appendingPathComponent("summary.md"))
        progress.line("wrote \(out.path)/metrics.json and summary.md")
    }

    /// Writes OUT/summary.md from the records of finished runs' metrics.json files.
    static func summarize(_ paths: [String], out: String) throws {
        var records: [ExperimentSummary.Record] = []
        for path in paths {
            let url = URL(fileURLWithPath: path)
            guard let data = try? Data(contentsOf: url) else {
                throw UsageError("cannot read \(path); give metrics.json files")
            }
            guard let objects = try? JSONSerialization.jsonObject(with: data)
                as? [ExperimentSummary.Record]
            else {
                throw UsageError("\(path) is not a metrics.json (a JSON list of records)")
            }
            records += objects
        }
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let command = (["propensity"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        let summary = ExperimentSummary.markdown(
            records, preamble: ["Summarised by `\(command)`: \(records.count) records."])
        try Data(summary.utf8).write(to: folder.appendingPathComponent("summary.md"))
    }
}
