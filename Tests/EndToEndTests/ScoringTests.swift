import Foundation
import Testing

/// `propensity score` (batch and `--stdin`) and `export-histories` with the cnn-lstm model that
/// the pipeline's short run saved, on the real Complete Journey data.
@Suite(.enabled(if: Binary.url != nil && Binary.data != nil,
                "needs the release binary and ../shared/data/completejourney"))
struct ScoringTests {
    /// The date `run` ranks at: the day after the data's last event.
    static let asOf = "2018-01-02"

    /// What the checks below read: the run's folder and the scoring outputs.
    struct Outputs {
        var run: URL
        var model: URL
        var batch: URL
        var histories: URL
        var stdin: URL
    }

    static let outputs: Result<Outputs, Error> = Result {
        let run = try PipelineTests.shortRun.get()
        let model = run.appendingPathComponent("model-cnn-lstm")
        let folder = try Binary.temporaryDirectory()
        let batch = folder.appendingPathComponent("scores.csv")
        let histories = folder.appendingPathComponent("histories.jsonl")
        let stdin = folder.appendingPathComponent("stdin.jsonl")
        try check(Binary.run([
            "score", "--model", model.path, "--data", Binary.data!.path, "--as-of", asOf,
            "--out", batch.path, "--quiet",
        ]))
        try check(Binary.run([
            "export-histories", "--model", model.path + ".json", "--data", Binary.data!.path,
            "--as-of", asOf, "--out", histories.path, "--quiet",
        ]))
        let piped = try Binary.run(
            ["score", "--model", model.path + ".safetensors", "--stdin"], input: histories)
        try check(piped)
        try Data(piped.stdout.utf8).write(to: stdin)
        return Outputs(run: run, model: model, batch: batch, histories: histories, stdin: stdin)
    }

    struct Failed: Error, CustomStringConvertible { var description: String }

    static func check(_ result: Binary.Result) throws {
        guard result.status == 0 else {
            throw Failed(description: "exit \(result.status): \(result.stderr)")
        }
    }

    func json(_ url: URL) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// Data rows of a CSV as field arrays, header checked.
    func rows(_ url: URL, header: String) throws -> [[String]] {
        var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.removeFirst() == Substring(header))
        return lines.map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test func runSavesTheModelWithItsThresholdAndCalibration() throws {
        let out = try Self.outputs.get()
        let manifest = try json(out.model.appendingPathExtension("json"))
        #expect(manifest["format"] as? String == "propensity-model")
        #expect(manifest["weightsFile"] as? String == "model-cnn-lstm.safetensors")
        let metrics = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: out.run.appendingPathComponent("metrics.json")))
                as? [[String: Any]])
        let record = try #require(metrics.first { $0["model"] as? String == "cnn-lstm" })
        #expect((manifest["threshold"] as? Double).map { Float($0) }
                == (record["threshold"] as? Double).map { Float($0) })

        // Calibration: from the balanced share (0.5) to the target list's base rate, the
        // share of prospects 30 days before the date who bought within those 30 days.
        let calibration = try #require(manifest["calibration"] as? [String: Any])
        #expect(calibration["trainingPositiveRate"] as? Double == 0.5)
        let baseRate = try #require(calibration["baseRate"] as? Double)
        #expect(baseRate > 0 && baseRate < 0.2)
        #expect((calibration["baseRateSource"] as? String)?.contains("within the next 30 days")
                == true)
        // Every seed of the ensemble is saved.
        let architecture = try #require(manifest["architecture"] as? [String: Any])
        let seeds = try #require(record["seeds"] as? [Int])
        #expect(architecture["members"] as? Int == seeds.count)
        let data = try #require(manifest["trainingData"] as? [String: Any])
        #expect(data["events"] as? Int == 1_460_438)
        #expect((data["value"] as? String)?.count == 16)
    }

    @Test func batchScoresRankTheRunsTargetList() throws {
        let out = try Self.outputs.get()
        let scores = try rows(out.batch, header: "user,score,probability,rank,decile")
        let targets = try rows(
            out.run.appendingPathComponent("targets.csv"),
            header: "user,score,probability,rank,decile")
        #expect(scores.count == targets.count)
        let listed = Dictionary(uniqueKeysWithValues: targets.map { ($0[0], Double($0[1])!) })
        let listedProbability = Dictionary(
            uniqueKeysWithValues: targets.map { ($0[0], Double($0[2])!) })
        let calibration = try #require(
            try json(out.model.appendingPathExtension("json"))["calibration"] as? [String: Any])
        let baseRate = try #require(calibration["baseRate"] as? Double)
        let prior = baseRate / (1 - baseRate)
        var previous = Float.infinity
        for (k, row) in scores.enumerated() {
            let score = try #require(Float(row[1]))
            let probability = try #require(Double(row[2]))
            // targets.csv holds the same model's scores with six decimals, scored in batches
            // of 256 where `score` runs each history alone: a few float ulps apart.
            let other = try #require(listed[row[0]], "user \(row[0]) not in targets.csv")
            #expect(abs(Double(score) - other) <= 1e-6, "user \(row[0])")
            let s = Double(score)
            let odds = s / (1 - s) * prior
            #expect(abs(probability - odds / (1 + odds)) < 1e-12)
            // The run's target list is calibrated to the same base rate.
            #expect(abs(probability - listedProbability[row[0]]!) <= 1e-6, "user \(row[0])")
            #expect(score <= previous)
            previous = score
            #expect(row[3] == "\(k + 1)")
            #expect(row[4] == "\(k * 10 / scores.count + 1)")
        }
    }

    @Test func stdinScoresEqualBatchScoresForEveryCustomer() throws {
        let out = try Self.outputs.get()
        let batch = try rows(out.batch, header: "user,score,probability,rank,decile")
        let inputs = try String(contentsOf: out.histories, encoding: .utf8)
            .split(separator: "\n")
        let lines = try String(contentsOf: out.stdin, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == inputs.count, "one result line per history line")
        var scored: [String: (score: String, probability: String)] = [:]
        for line in lines {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let status = try #require(object["status"] as? String)
            #expect(["scored", "ineligible"].contains(status), "\(line)")
            guard status == "scored" else { continue }
            // Compare the text: both sides print the shortest round-trip form of the values.
            let text = String(line)
            func field(_ key: String) -> String {
                let after = text.components(separatedBy: "\"\(key)\":")[1]
                return String(after.prefix { $0 != "," && $0 != "}" })
            }
            scored[field("user")] = (field("score"), field("probability"))
        }
        #expect(scored.count == batch.count)
        for row in batch {
            let other = try #require(scored[row[0]], "user \(row[0]) not scored from stdin")
            #expect(other.score == row[1] && other.probability == row[2], "user \(row[0])")
        }
    }

    @Test func topKWritesTheBestRowsOnly() throws {
        let out = try Self.outputs.get()
        let top = try Binary.temporaryDirectory().appendingPathComponent("top.csv")
        try Self.check(Binary.run([
            "score", "--model", out.model.path, "--data", Binary.data!.path, "--as-of", Self.asOf,
            "--top", "25", "--out", top.path, "--quiet",
        ]))
        let all = try rows(out.batch, header: "user,score,probability,rank,decile")
        let best = try rows(top, header: "user,score,probability,rank,decile")
        #expect(best == Array(all.prefix(25)))
    }

    @Test func badInputLinesAreAnsweredAndCounted() throws {
        let out = try Self.outputs.get()
        let first = try #require(
            try String(contentsOf: out.histories, encoding: .utf8).split(separator: "\n").first)
        let input = try Binary.temporaryDirectory().appendingPathComponent("in.jsonl")
        try Data((String(first) + "\n{\"user\":7,\"events\":5}\n\n" + String(first)).utf8)
            .write(to: input)
        let result = try Binary.run(["score", "--model", out.model.path, "--stdin"], input: input)
        #expect(result.status == 65)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3, "\(result.stdout)")
        #expect(lines[1].contains("\"status\":\"error\""))
        #expect(lines[1].contains("line 2: `events` must be an array"))
        #expect(lines[0] == lines[2])
        #expect(result.stderr.contains("1 line(s) could not be read"))
    }

    @Test func aMissingOrForeignModelIsRefusedClearly() throws {
        let folder = try Binary.temporaryDirectory()
        let missing = try Binary.run([
            "score", "--model", folder.appendingPathComponent("nothing").path, "--stdin",
        ])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("nothing.json"), "\(missing.stderr)")

        // Weights that are not the ones the description was saved with: one byte changed.
        let out = try Self.outputs.get()
        try FileManager.default.copyItem(
            at: out.model.appendingPathExtension("json"),
            to: folder.appendingPathComponent("m.json"))
        var weights = try Data(contentsOf: out.model.appendingPathExtension("safetensors"))
        weights[weights.count - 1] ^= 1
        try weights.write(to: folder.appendingPathComponent("model-cnn-lstm.safetensors"))
        let foreign = try Binary.run([
            "score", "--model", folder.appendingPathComponent("m").path, "--stdin",
        ])
        #expect(foreign.status == 65)
        #expect(foreign.stderr.contains("checksum"), "\(foreign.stderr)")
    }

    @Test func scoreAndExportHaveHelp() throws {
        for command in ["score", "export-histories"] {
            let result = try Binary.run([command, "--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("usage: propensity \(command)"))
        }
    }
}

extension Binary {
    /// Runs the binary with `input` as its stdin.
    static func run(_ arguments: [String], input: URL) throws -> Result {
        guard let url else { throw MissingBinary() }
        return try execute(url, arguments, input: input)
    }
}
