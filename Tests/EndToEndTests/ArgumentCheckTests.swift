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

    @Test func runFlagsAreCheckedLikeTheConfig() throws {
        let file = try config("").path
        for flags in [["--seed", "-1"], ["--threads", "0"], ["--threads", "1000"],
                      ["--epochs", "0"], ["--epochs", "-3"]] {
            let result = try Binary.run(["run", file] + flags)
            #expect(result.status == 64, "\(flags): \(result.stderr)")
        }
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
