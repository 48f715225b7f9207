import Foundation

/// Exit codes: 0 success, 64 bad usage, 65 bad data, 66 missing input, 70 internal failure.
enum ExitCode: Int32 {
    case success = 0, usage = 64, badData = 65, missingInput = 66, internalFailure = 70
}

let overview = """
    propensity: who will start buying a product category?

    Reads a transaction log and a product catalog, builds METHOD.md's samples, trains a CNN+LSTM
    and an LSTM on past first-time buyers and ranks the customers who have not bought yet.

    usage: propensity <command> [options]

    commands:
      run CONFIG       the whole pipeline from a JSON config: samples, models, metrics, targets
      experiment CONFIG...  every model, target and protocol (rolling backtest too)
      samples CONFIG   build the samples only and write them as CSV with the funnel counts
      ingest           raw transaction and catalog files -> one event store (X.store)
      info STORE       what an event store holds: users, events, time span, categories
      synth            a synthetic log and catalog shaped like Complete Journey
      score            rank customers with a saved model (files in, CSV out), or score
                       JSON Lines histories from stdin (--stdin)
      export-histories write customers' histories as JSON Lines for `score --stdin`
      report --run DIR the HTML report of a run, from DIR/report-data.json
      bench MODE ...   training and scoring speed on real samples (see bench/)
      help [COMMAND]   this text, or a command's own help

    Run `propensity <command> --help` for a command's options.
    """

func fail(_ message: String, _ code: ExitCode) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(code.rawValue)
}

let commands: [String: Command.Type] = [
    "run": RunCommand.self,
    "experiment": ExperimentCommand.self,
    "samples": SamplesCommand.self,
    "report": ReportCommand.self,
    "bench": BenchCommand.self,
    "score": ScoreCommand.self,
    "export-histories": ExportHistoriesCommand.self,
    "ingest": IngestCommand.self,
    "info": InfoCommand.self,
    "synth": SynthCommand.self,
]

var argv = Array(CommandLine.arguments.dropFirst())
guard let name = argv.first, name != "--help", name != "-h" else {
    print(overview)
    exit(argv.isEmpty ? ExitCode.usage.rawValue : 0)
}
argv.removeFirst()
if name == "help" {
    if let sub = argv.first, let command = commands[sub] {
        print(command.help)
    } else {
        print(overview)
    }
    exit(0)
}
if name == "--version" {
    print("propensity \(Tool.version)")
    exit(0)
}
guard let command = commands[name] else {
    fail("unknown command '\(name)'; run `propensity --help` for the list", .usage)
}
if argv.contains("--help") || argv.contains("-h") {
    print(command.help)
    exit(0)
}
do {
    try command.run(argv)
} catch let error as UsageError {
    fail("\(error)\nrun `propensity \(name) --help` for usage", .usage)
} catch {
    let (message, code) = Tool.describe(error)
    fail(message, code)
}
