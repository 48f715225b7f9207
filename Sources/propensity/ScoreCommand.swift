import Foundation
import PropensityData
import PropensityModels
import PropensitySamples

/// `propensity score`: a saved model ranks a customer base (batch) or answers one history per
/// line (`--stdin`, for Spark's `RDD.pipe` and Hadoop Streaming).
enum ScoreCommand: Command {
    static let help = """
        usage: propensity score --model M --data DIR_OR_FILES --as-of DATE --out FILE
                                [--top K] [--threads N] [--quiet]
               propensity score --model M --stdin [--as-of DATE] [--catalog FILE] [--threads N]

        Scores with a model saved by `propensity run` (M is out/model-cnn-lstm, with or without
        .json or .safetensors).

        Batch: every customer with a purchase before DATE, no target event before it and an
        eligible history (the model's lookback, minEvents, minOccasions) is scored and ranked.
        Writes CSV `user,score,probability,rank,decile`, best first (ties by user); score is the
        model's output, probability the score corrected to the population's base rate (the
        calibration saved with the model); decile 1 is the top tenth.

        --stdin: reads JSON Lines, one customer per line, and writes one JSON line per input
        line, in order, as soon as it is scored:
          in:  {"user":900,"as_of":"2018-01-01","events":[{"time":"2017-03-04T10:15:00",
                "basket":31,"product":1004906,"categories":["PRODUCE","POTATOES","RUSSET"],
                "quantity":1,"amount":2.99,"discount":0.5}, ...]}
          out: {"user":900,"score":0.61,"probability":0.07,"status":"scored"}
        status is scored, no_history, has_target (bought the target before the date) or
        ineligible; score and probability are null unless scored. A line that cannot be read
        gives status "error" with a message, and the exit code is 65 at the end. Blank lines
        are skipped. `propensity export-histories` writes such lines from data files.

        options:
          --model M        the saved model
          --data D         \(DataArgument.help)
          --as-of DATE     score as of this date (YYYY-MM-DD); with --stdin, for lines
                           without "as_of"
          --out FILE       where the ranking goes: CSV, or Parquet when FILE ends in
                           .parquet (the same columns; score and probability as DOUBLE)
          --top K          write only the best K rows (ranks and deciles still count everyone)
          --stdin          JSON Lines in on stdin, results on stdout
          --catalog FILE   products file, for --stdin events that give a product but no
                           categories
          --threads N      scoring threads (default 2)
          --quiet          no progress on stderr
        """

    static func run(_ argv: [String]) throws {
        let arguments = try Arguments(
            argv, valued: ["model", "data", "as-of", "out", "top", "catalog", "threads"],
            booleans: ["stdin", "quiet"])
        guard arguments.positionals.isEmpty else {
            throw UsageError("score takes no positional arguments; name the model with --model")
        }
        guard let modelPath = arguments.value("model") else {
            throw UsageError("--model is needed")
        }
        var isFolder: ObjCBool = false
        if let out = arguments.value("out"),
           FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), isFolder.boolValue {
            throw UsageError("--out \(out) is a folder; give a file name to write")
        }
        let threads = try arguments.integer("threads") ?? 2
        guard (1...64).contains(threads) else { throw UsageError("--threads must be 1...64") }
        let progress = ProgressReporter(quiet: arguments.flag("quiet"))
        let modelFile = try ModelFile.load(URL(fileURLWithPath: modelPath), threadCount: threads)
        let asOf = try DataArgument.date(arguments, "as-of")

        if arguments.flag("stdin") {
            for flag in ["data", "out", "top"] where arguments.value(flag) != nil {
                throw UsageError("--\(flag) does not go with --stdin")
            }
            let catalog = try arguments.value("catalog").map {
                try ProductCatalog.load(URL(fileURLWithPath: $0))
            }
            let failed = try StreamScorer(
                scorer: HistoryScorer(modelFile: modelFile, catalog: catalog), asOf: asOf
            ).run()
            guard failed == 0 else {
                throw ModelError(
                    .badHistory, "\(failed) line(s) could not be read; their results carry the "
                        + "reason in \"error\"")
            }
            return
        }

        guard let data = arguments.value("data") else {
            throw UsageError("give --data DIR_OR_FILES (or --stdin)")
        }
        guard let asOf else { throw UsageError("--as-of YYYY-MM-DD is needed") }
        guard let out = arguments.value("out") else { throw UsageError("--out FILE is needed") }
        let top = try arguments.integer("top")
        if let top, top < 1 { throw UsageError("--top must be at least 1") }
        try scoreBatch(
            modelFile, data: data, asOf: asOf, out: URL(fileURLWithPath: out), top: top,
            progress: progress)
    }

    /// Loads the data, scores the population as of `asOf` chunk by chunk and writes the CSV.
    static func scoreBatch(
        _ modelFile: ModelFile, data: String, asOf: LocalDate, out: URL, top: Int?,
        progress: ProgressReporter
    ) throws {
        let manifest = modelFile.manifest
        let log = try DataArgument.loadEventLog(data, progress: progress)
        let builder = try SampleBuilder(
            log: log, target: manifest.target.target, settings: manifest.samples)
        let population = builder.population(asOf: asOf)
        let samples = population.samples
        progress.line(
            "population as of \(asOf): \(population.counts.usersNoTargetBeforeCutoff) customers "
                + "without \(manifest.target.name), \(samples.count) eligible")

        // Encoding is bounded by the chunk: the whole population is never encoded at once.
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = cpuSeconds()
        let chunk = 4096
        var scores: [Float] = []
        scores.reserveCapacity(samples.count)
        var next = 0
        while next < samples.count {
            let end = min(next + chunk, samples.count)
            scores += modelFile.scores(Array(samples[next..<end]), in: log)
            progress.bar("scoring", done: end, total: samples.count)
            next = end
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = cpuSeconds() - cpuStart
        progress.line(String(
            format: "scored %d customers in %.2f s (%.0f customers/s; %.2f CPU s, %.0f per CPU "
                + "second; %@, %d threads)",
            samples.count, seconds, Double(samples.count) / max(seconds, 1e-9), cpu,
            Double(samples.count) / max(cpu, 1e-9), manifest.architecture.kind.rawValue,
            modelFile.model.threadCount))

        try writeRanking(
            users: samples.map(\.user), scores: scores, modelFile: modelFile, top: top, to: out)
        progress.line("wrote \(min(top ?? samples.count, samples.count)) rows to \(out.path)")
    }

    /// `user,score,probability,rank,decile`, best first, ties by user. Scores and
    /// probabilities are written in their shortest round-trip form; a `.parquet` file gets
    /// the same rows as Parquet.
    static func writeRanking(
        users: [Int64], scores: [Float], modelFile: ModelFile, top: Int?, to url: URL
    ) throws {
        let order = users.indices.sorted {
            scores[$0] != scores[$1] ? scores[$0] > scores[$1] : users[$0] < users[$1]
        }
        let rows = min(top ?? order.count, order.count)
        if url.pathExtension.lowercased() == "parquet" {
            try RankedParquet.write(
                users: users, scores: scores, order: order, rows: rows,
                probability: { modelFile.probability(scores[$0]) }, to: url)
            return
        }
        let writer = try LineWriter(url.path)
        writer.write("user,score,probability,rank,decile\n")
        for position in 0..<rows {
            let k = order[position]
            let decile = position * 10 / order.count + 1
            writer.write(
                "\(users[k]),\(scores[k]),\(modelFile.probability(scores[k])),"
                    + "\(position + 1),\(decile)\n")
        }
        try writer.close()
    }

    /// User and system CPU seconds of this process so far: throughput per CPU second does not
    /// depend on what else the machine runs, wall-clock throughput does.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
