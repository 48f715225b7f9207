import Foundation
import Testing

/// `propensity run` and `propensity samples` on the real Complete Journey data, against the
/// reference's exported samples and counts.
@Suite(.enabled(if: Binary.url != nil && Binary.data != nil,
                "needs the release binary and ../shared/data/completejourney"))
struct PipelineTests {
    static let config = Binary.packageRoot
        .appendingPathComponent("configs/completejourney-baby.json")

    /// One short run (two epochs) shared by the checks below.
    static let shortRun: Result<URL, Error> = Result {
        let out = try Binary.temporaryDirectory()
        let result = try Binary.run([
            "run", config.path, "--data", Binary.data!.path, "--out", out.path, "--epochs", "2",
            "--seed", "0", "--quiet",
        ])
        guard result.status == 0 else {
            throw RunFailed(description: "exit \(result.status): \(result.stderr)")
        }
        return out
    }

    struct RunFailed: Error, CustomStringConvertible { var description: String }

    func json(_ url: URL) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    }

    @Test func metricsHoldEveryModelWithEveryKey() throws {
        let out = try Self.shortRun.get()
        let records = try #require(
            try json(out.appendingPathComponent("metrics.json")) as? [[String: Any]])
        let balanced = records.filter { $0["protocol"] as? String == "balanced-test" }
        let models = ["cnn-lstm", "lstm", "xgboost", "logistic", "recency"]
        #expect(balanced.compactMap { $0["model"] as? String } == models)
        for record in balanced {
            for key in ["model", "target", "protocol", "precision", "recall", "f1", "accuracy",
                        "roc_auc", "pr_auc", "threshold", "train_seconds", "seed", "ci95"] {
                #expect(record[key] != nil, "metrics.json record lacks `\(key)`")
            }
            #expect(record["target"] as? String == "baby")
            // The balanced test split of baby holds 60 positives and 60 negatives.
            #expect(record["test_positives"] as? Int == 60)
            #expect(record["test_negatives"] as? Int == 60)
            let auc = try #require(record["roc_auc"] as? Double)
            #expect(auc > 0 && auc < 1)
        }
        for record in balanced.prefix(2) {
            let members = try #require(record["members"] as? [[String: Any]])
            #expect(members.count == 1)
            #expect((members.first?["history"] as? [Any])?.count == 2)
        }
        // The forward backtest scores the reference's population: 1,433 users, 33 buyers.
        let backtest = records.filter { $0["protocol"] as? String == "backtest" }
        #expect(backtest.compactMap { $0["model"] as? String } == models)
        for record in backtest {
            #expect(record["users"] as? Int == 1433)
            #expect(record["positives"] as? Int == 33)
            for key in ["pr_auc", "roc_auc", "precision_top1", "precision_top5",
                        "precision_top10", "recall_top10", "lift_top_decile", "cutoff"] {
                #expect(record[key] != nil, "backtest record lacks `\(key)`")
            }
        }
    }

    @Test func reportIsWrittenWithEveryChart() throws {
        let out = try Self.shortRun.get()
        let html = try String(
            contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        for chart in ["roc-balanced", "pr-balanced", "gain", "lift", "importance"] {
            #expect(html.contains("data-chart=\"\(chart)"), "report lacks chart \(chart)")
        }
        #expect(!html.contains("<script"))
    }

    @Test func funnelEqualsTheReferenceCounts() throws {
        let out = try Self.shortRun.get()
        let ours = try #require(
            try json(out.appendingPathComponent("samples.json")) as? [String: Any])
        let expected = try #require(
            try json(Binary.expected.appendingPathComponent("counts.json")) as? [String: Any])
        let reference = try #require(
            (expected["baby"] as? [String: Any])?["balanced"] as? [String: Int])
        let funnel = try #require(ours["funnel"] as? [String: Int])
        #expect(funnel == reference)
        let data = try #require(ours["data"] as? [String: Int])
        #expect(data["rows_total"] == 1_469_307)
        #expect(data["purchase_rows"] == 1_460_438)
    }

    @Test func targetListRanksEveryEligibleNonBuyer() throws {
        let out = try Self.shortRun.get()
        let text = try String(
            contentsOf: out.appendingPathComponent("targets.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        #expect(lines.removeFirst() == "user,score,probability,rank,decile")
        let summary = try #require(
            try json(out.appendingPathComponent("samples.json")) as? [String: Any])
        let list = try #require(summary["target_list"] as? [String: Any])
        #expect(lines.count == list["population_eligible"] as? Int)
        var previous = Double.infinity
        var users = Set<String>()
        for (k, line) in lines.enumerated() {
            let fields = line.split(separator: ",").map(String.init)
            let score = try #require(Double(fields[1]))
            #expect(score <= previous, "scores must not rise down the list (line \(k + 2))")
            previous = score
            let probability = try #require(Double(fields[2]))
            #expect(probability >= 0 && probability <= score, "calibration lowers 1:1 scores")
            #expect(fields[3] == "\(k + 1)")
            #expect(Int(fields[4]) == k * 10 / lines.count + 1)
            users.insert(fields[0])
        }
        #expect(users.count == lines.count, "a user appears twice")
    }

    @Test func sameSeedGivesTheSameTargetList() throws {
        let out = try Self.shortRun.get()
        let again = try Binary.temporaryDirectory()
        let result = try Binary.run([
            "run", Self.config.path, "--data", Binary.data!.path, "--out", again.path,
            "--epochs", "2", "--seed", "0", "--quiet",
        ])
        #expect(result.status == 0)
        let first = try Data(contentsOf: out.appendingPathComponent("targets.csv"))
        let second = try Data(contentsOf: again.appendingPathComponent("targets.csv"))
        #expect(first == second)
    }

    @Test func samplesCommandWritesTheReferenceSamples() throws {
        let out = try Binary.temporaryDirectory().appendingPathComponent("samples.csv")
        let result = try Binary.run([
            "samples", Self.config.path, "--data", Binary.data!.path, "--out", out.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let ours = try String(contentsOf: out, encoding: .utf8)
        let reference = try Binary.gunzip(
            Binary.expected.appendingPathComponent("samples-baby.csv.gz"))
        #expect(ours == reference)
    }
}
