import Foundation
import PropensityData

/// `propensity synth`: a synthetic log and catalog shaped like Complete Journey.
enum SynthCommand: Command {
    static let help = """
        usage: propensity synth --users N [--seed S] --out DIR [--format F] [--adopters SHARE]
                                [--quiet]

        Writes DIR/transactions and DIR/products with Complete Journey's column names
        (so configs/completejourney-*.json read them): per-user basket rates, basket sizes,
        department preferences and weekly and daily rhythm fitted from Complete Journey,
        and planted adopters of INFANT FORMULA (level 2) whose baskets drift toward
        DIAPERS & DISPOSABLES and BABY HBC before their first purchase. About 670 lines per
        user: 1,500 users give about a million events. The same N and S give the same files.

        options:
          --users N         number of users (households)
          --seed S          random seed (default 1)
          --out DIR         output folder
          --format F        csv (default), parquet (Snappy, dictionary strings) or both
          --adopters SHARE  share of users planted as adopters (default 0.08)
          --quiet           no progress on stderr
        """

    static func run(_ argv: [String]) throws {
        let arguments = try Arguments(
            argv, valued: ["users", "seed", "out", "adopters", "format"], booleans: ["quiet"])
        guard arguments.positionals.isEmpty else {
            throw UsageError("synth takes no positional arguments")
        }
        guard let users = try arguments.integer("users"), users > 0 else {
            throw UsageError("synth needs --users N with N > 0")
        }
        guard let out = arguments.value("out") else { throw UsageError("synth needs --out DIR") }
        var log = SyntheticLog(users: users, seed: UInt64(try arguments.integer("seed") ?? 1))
        if let text = arguments.value("adopters") {
            guard let share = Double(text), (0...1).contains(share) else {
                throw UsageError("--adopters expects a share between 0 and 1, got '\(text)'")
            }
            log.adopterShare = share
        }
        let formats: Set<SyntheticLog.Format>
        switch arguments.value("format") ?? "csv" {
        case "csv": formats = [.csv]
        case "parquet": formats = [.parquet]
        case "both": formats = [.csv, .parquet]
        case let other: throw UsageError("--format takes csv, parquet or both, got '\(other)'")
        }
        let progress = ProgressReporter(quiet: arguments.flag("quiet"))
        let start = DispatchTime.now().uptimeNanoseconds
        let summary = try log.write(to: URL(fileURLWithPath: out), formats: formats) { rows in
            progress.bar("synth", done: rows, total: max(rows, users * 670))
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        progress.line(String(
            format: "synth: %d rows, %d users, %d adopters -> %@ (%.1f s)", summary.rows,
            summary.users, summary.adopters, out, seconds))
    }
}
