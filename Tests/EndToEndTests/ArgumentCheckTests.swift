import Foundation
import Testing

/// Settings that would crash or quietly misbehave are refused before any work, with exit 64.
@Suite(.enabled(if: Binary.url != nil, "build the release binary first (make test does)"))
struct ArgumentCheckTests {
    private func config(_ extra: String) throws -> URL {
        let file = try Binary.temporaryDirectory().appendingPathComponent("c.json")
        try Data("""
            {"target": {"name": "t", "level": 2, "values": ["X"]}\(extra)}
            """.utf8).write(to: file)
        return file
    }

    @Test func emptyModelListIsAConfigError() throws {
        let result = try Binary.run(["run", try config(#", "models": []"#).path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("`models` is empty"), "\(result.stderr)")
    }

    @Test func zeroLearningRateIsAConfigError() throws {
        let result = try Binary.run([
            "run", try config(#", "training": {"learningRate": 0}"#).path,
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("learningRate 0.0"), "\(result.stderr)")
    }

    @Test func wrongJSONTypesNameTheKeyTheTypeAndTheValue() throws {
        for (extra, expected) in [
            (#", "training": {"epochs": "20"}"#,
             #"c.json: `training.epochs` must be a whole number, found "20" (text)"#),
            (#", "training": {"epochs": 2.5}"#,
             "c.json: `training.epochs` must be a whole number, found 2.5"),
            (#", "samples": {"splitBounds": [0.7, "a"]}"#,
             #"c.json: `samples.splitBounds[1]` must be a number, found "a" (text)"#),
            (#", "models": "lstm""#, #"c.json: `models` must be a list, found "lstm" (text)"#),
            (#", "data": {"columns": {"user": "u"}}"#, "c.json: `data.columns.time` is missing"),
        ] {
            let result = try Binary.run(["run", try config(extra).path])
            #expect(result.status == 64, "\(extra): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: \(expected)\n"), "\(result.stderr)")
            for leak in ["Expected to decode", "not valid JSON", "CodingKeys", "Index 1"] {
                #expect(!result.stderr.contains(leak), "\(result.stderr)")
            }
        }
    }

    @Test func impossibleSettingsNameNoSwiftCase() throws {
        let result = try Binary.run([
            "run", try config(#", "samples": {"lookbackDays": 0}"#).path,
        ])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("error: c.json: lookbackDays must be positive"),
                "\(result.stderr)")
    }

    @Test func runFlagsAreCheckedLikeTheConfig() throws {
        let file = try config("").path
        for flags in [["--seed", "-1"], ["--threads", "0"], ["--threads", "1000"],
                      ["--epochs", "0"], ["--epochs", "-3"]] {
            let result = try Binary.run(["run", file] + flags)
            #expect(result.status == 64, "\(flags): \(result.stderr)")
        }
    }

    @Test func outputUnderAFileIsAUsageErrorWithoutFoundationDump() throws {
        let folder = try Binary.temporaryDirectory()
        let file = folder.appendingPathComponent("plain.txt")
        try Data("x".utf8).write(to: file)
        let result = try Binary.run([
            "ingest", "--transactions", "t.csv", "--products", "p.csv",
            "--out", file.appendingPathComponent("x.store").path,
        ])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("error: cannot use that path: "), "\(result.stderr)")
        #expect(result.stderr.contains("(\(file.path))"), "\(result.stderr)")
        #expect(!result.stderr.contains("Domain="), "\(result.stderr)")
    }

    @Test func scoreRefusesToReplaceAFolder() throws {
        let folder = try Binary.temporaryDirectory()
        let kept = folder.appendingPathComponent("keep.txt")
        try Data("precious".utf8).write(to: kept)
        let result = try Binary.run([
            "score", "--model", folder.appendingPathComponent("m").path, "--data", folder.path,
            "--as-of", "2018-01-02", "--out", folder.path,
        ])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("is a folder"))
        #expect(try String(contentsOf: kept, encoding: .utf8) == "precious")
    }
}
