import Foundation
import PropensitySamples

/// `propensity samples CONFIG`: the samples of the config's target, without any model.
enum SamplesCommand: Command {
    static let help = """
        usage: propensity samples CONFIG [--data PATH] [--out FILE] [--cutoff YYYY-MM-DD]

        Builds METHOD.md's samples for the config's target and prints the funnel counts as
        JSON. With --out, writes one CSV row per sample (shifted copies included) in the
        reference's column order: user, anchor, anchor_day, label, split, shift, n_events,
        n_occasions, first_event_time, last_event_time.

        options:
          --data PATH      folder with the data files (replaces `data.directory`), or an
                           event store written by `propensity ingest` (X.store)
          --out FILE       the samples as CSV
          --cutoff DATE    the forward backtest's training samples, from events before DATE
        """

    static func run(_ argv: [String]) throws {
        let arguments = try Arguments(argv, valued: ["data", "out", "cutoff"])
        guard arguments.positionals.count == 1 else {
            throw UsageError("samples needs exactly one CONFIG file")
        }
        var config = try RunConfig.load(URL(fileURLWithPath: arguments.positionals[0]))
        if let data = arguments.value("data") { config.useData(data) }
        var cutoff: LocalDate?
        if let text = arguments.value("cutoff") {
            guard let date = LocalDate(text) else {
                throw UsageError("--cutoff expects YYYY-MM-DD, got '\(text)'")
            }
            cutoff = date
        }
        let progress = ProgressReporter()
        let log = try loadEventLog(config, progress: progress)
        try config.checkTarget(in: log)
        let builder = try SampleBuilder(log: log, target: config.target, settings: config.samples)
        let set = try cutoff.map { try builder.backtestSampleSet(cutoff: $0) }
            ?? builder.balancedSampleSet()
        let counts = Dictionary(set.counts.entries().map { ($0.name, $0.value) }) { a, _ in a }
        let json = try JSONSerialization.data(
            withJSONObject: counts, options: [.prettyPrinted, .sortedKeys])
        print(String(decoding: json, as: UTF8.self))
        // Empty splits are a valid answer here, but `run` would refuse them: say so now.
        do {
            try set.requireSamples(in: Split.allCases, protocol: "samples")
        } catch {
            progress.line("warning: \(error)")
        }
        guard let out = arguments.value("out") else { return }
        var text = "user,anchor,anchor_day,label,split,shift,n_events,n_occasions,"
            + "first_event_time,last_event_time\n"
        for split in Split.allCases {
            for s in set.samples(split) {
                let first = LocalDate.timestampString(microseconds: log.time[s.history.lowerBound])
                let last = LocalDate.timestampString(
                    microseconds: log.time[s.history.upperBound - 1])
                text += "\(s.user),\(LocalDate.timestampString(microseconds: s.anchor)),"
                    + "\(LocalDate(microseconds: s.anchorDay)),\(s.label ? 1 : 0),"
                    + "\(split.rawValue),\(s.shift),\(s.history.count),"
                    + "\(log.occasionCount(s.history)),\(first),\(last)\n"
            }
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        progress.line("wrote \(out)")
    }
}
