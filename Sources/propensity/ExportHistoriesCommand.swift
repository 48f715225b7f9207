import Foundation
import PropensityModels
import PropensitySamples

/// `propensity export-histories`: the JSON Lines that `score --stdin` reads, from data files.
enum ExportHistoriesCommand: Command {
    static let help = """
        usage: propensity export-histories (--model M | --config C) --as-of DATE --out FILE
                                           [--data DIR_OR_FILES] [--quiet]

        Writes one JSON line per prospect as of DATE: every customer with a purchase before
        DATE and no target event before it, ascending by user id, with the purchases of the
        lookback window [DATE - lookbackDays, DATE) and "as_of" set to DATE. Events carry
        time, basket, product, the three category levels, quantity, amount and discount, so
        `propensity score --model M --stdin` needs no catalog and gives exactly the scores of
        `propensity score --model M --data ... --as-of DATE`. Ineligible prospects are written
        too; the scorer says so.

        options:
          --model M        take the target and lookback from a saved model
          --config C       ... or from a run config (which also names the data)
          --data D         \(DataArgument.help)
                           (with --config: replaces `data.directory`)
          --as-of DATE     the scoring date (YYYY-MM-DD)
          --out FILE       where the lines go; - for stdout
          --quiet          no progress on stderr
        """

    static func run(_ argv: [String]) throws {
        let arguments = try Arguments(
            argv, valued: ["model", "config", "data", "as-of", "out"], booleans: ["quiet"])
        guard arguments.positionals.isEmpty else {
            throw UsageError("export-histories takes no positional arguments")
        }
        guard let asOf = try DataArgument.date(arguments, "as-of") else {
            throw UsageError("--as-of YYYY-MM-DD is needed")
        }
        guard let out = arguments.value("out") else { throw UsageError("--out FILE is needed") }
        let progress = ProgressReporter(quiet: arguments.flag("quiet"))

        let target: Target
        let settings: SampleSettings
        let log: EventLog
        switch (arguments.value("model"), arguments.value("config")) {
        case (let model?, nil):
            let manifest = try ModelFile.load(URL(fileURLWithPath: model)).manifest
            target = manifest.target.target
            settings = manifest.samples
            guard let data = arguments.value("data") else {
                throw UsageError("with --model, give --data DIR_OR_FILES")
            }
            log = try DataArgument.loadEventLog(data, progress: progress)
        case (nil, let path?):
            let config = try RunConfig.load(URL(fileURLWithPath: path))
            target = config.target
            settings = config.samples
            if let data = arguments.value("data") {
                log = try DataArgument.loadEventLog(data, progress: progress)
            } else {
                log = try loadEventLog(config, progress: progress)
            }
        default:
            throw UsageError("give exactly one of --model and --config")
        }
        let count = try export(
            log, target: target, settings: settings, asOf: asOf, to: out)
        progress.line("wrote \(count) histories as of \(asOf) to \(out)")
    }

    /// Writes the prospects' lines; returns how many.
    static func export(
        _ log: EventLog, target: Target, settings: SampleSettings, asOf: LocalDate, to path: String
    ) throws -> Int {
        let writer = try LineWriter(path)
        var written = 0
        HistoryRecord.forEachProspect(
            in: log, target: target, lookbackDays: settings.lookbackDays, asOf: asOf
        ) { record in
            writer.write(record.jsonLine() + "\n")
            written += 1
        }
        try writer.close()
        return written
    }
}
