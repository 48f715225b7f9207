import Foundation
import PropensityEvaluation

/// `propensity report --run DIR`: the HTML report of one run, from the run's report data.
enum ReportCommand: Command {
    static let help = """
        usage: propensity report --run DIR [--data FILE] [--out FILE]

        Reads DIR/report-data.json (written by `propensity run` and `propensity experiment`;
        schema in docs/report-data.md) and writes DIR/report.html: one self-contained page
        with the sample funnel, ROC and precision-recall curves, gain and lift by decile,
        reliability before and after calibration, learning curves, feature importance, the
        rolling-backtest spread and the metrics with their intervals. Sections whose data
        the run did not produce say "not run".

        options:
          --run DIR      the run's output folder
          --data FILE    report data elsewhere (replaces DIR/report-data.json)
          --out FILE     the page elsewhere (replaces DIR/report.html)
        """

    static func run(_ argv: [String]) throws {
        let arguments = try Arguments(argv, valued: ["run", "data", "out"])
        guard arguments.positionals.isEmpty else {
            throw UsageError("report takes no positional arguments; use --run DIR")
        }
        let run = arguments.value("run").map { URL(fileURLWithPath: $0) }
        guard
            let input = arguments.value("data").map({ URL(fileURLWithPath: $0) })
                ?? run?.appendingPathComponent("report-data.json")
        else { throw UsageError("report needs --run DIR (or --data FILE and --out FILE)") }
        guard
            let output = arguments.value("out").map({ URL(fileURLWithPath: $0) })
                ?? run?.appendingPathComponent("report.html")
        else { throw UsageError("report needs --out FILE when --run is not given") }
        guard FileManager.default.fileExists(atPath: input.path) else {
            throw ReportError.missing(file: input.path)
        }
        let data = try ReportData.decode(Data(contentsOf: input), file: input.path)
        try Data(Report.html(data).utf8).write(to: output, options: .atomic)
        FileHandle.standardError.write(Data("wrote \(output.path)\n".utf8))
    }
}
