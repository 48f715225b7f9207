import Foundation
import Testing

/// examples/spark_score.py in Spark's local mode with several partitions: every customer's
/// score equals the single-process batch score. Needs pyspark in `PROPENSITY_PYTHON` or
/// `.build/pyenv` (`scripts/python-env.sh`, run by `make test`) and Java 17.
@Suite(.enabled(if: Binary.url != nil && Binary.data != nil && Spark.python != nil,
                "needs pyspark: run scripts/python-env.sh (make test does), and Java 17"))
struct SparkTests {
    @Test func sparkPipeScoresEqualSingleProcessScores() throws {
        let out = try ScoringTests.outputs.get()
        let csv = try Binary.temporaryDirectory().appendingPathComponent("spark.csv")
        let script = Binary.packageRoot.appendingPathComponent("examples/spark_score.py")
        let result = try Binary.execute(Spark.python!, [
            script.path, "--binary", Binary.url!.path, "--model", out.model.path,
            "--data", Binary.data!.path, "--as-of", ScoringTests.asOf, "--out", csv.path,
            "--partitions", "3", "--master", "local[2]",
        ])
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")

        func table(_ url: URL) throws -> [[String]] {
            try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
                .map { line in
                    line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                }
        }
        let spark = try table(csv)
        let batch = try table(out.batch)
        let histories = try String(contentsOf: out.histories, encoding: .utf8)
            .split(separator: "\n").count
        #expect(spark.count == histories, "one result per prospect")
        let scored = spark.filter { $0[3] == "scored" }
        #expect(scored.count == batch.count)
        // Both lists are sorted by score, then user: the scored rows line up one to one.
        for (s, b) in zip(scored, batch) {
            #expect(s[0] == b[0] && Float(s[1]) == Float(b[1]) && Double(s[2]) == Double(b[2]),
                    "spark \(s) vs batch \(b)")
        }
    }
}

enum Spark {
    /// A python that imports pyspark, if there is one.
    static let python: URL? = {
        let candidates = [
            ProcessInfo.processInfo.environment["PROPENSITY_PYTHON"],
            Binary.packageRoot.appendingPathComponent(".build/pyenv/bin/python").path,
        ].compactMap { $0 }
        for path in candidates where FileManager.default.isExecutableFile(atPath: path) {
            let url = URL(fileURLWithPath: path)
            if let result = try? Binary.execute(url, ["-c", "import pyspark"]),
               result.status == 0
            {
                return url
            }
        }
        return nil
    }()
}
