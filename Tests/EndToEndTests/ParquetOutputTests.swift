import Foundation
import PropensityData
import Testing

/// The ranked lists as Parquet: `run` writes targets.parquet beside targets.csv, and `score
/// --out X.parquet` writes Parquet; both read back with the project's own Parquet reader equal
/// the CSV row for row.
@Suite(.enabled(if: Binary.url != nil && Binary.data != nil,
                "needs the release binary and ../shared/data/completejourney"))
struct ParquetOutputTests {
    /// The CSV's rows, header checked.
    func csvRows(_ url: URL) throws -> [[String]] {
        var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.removeFirst() == "user,score,probability,rank,decile")
        return lines.map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    func int64s(_ file: ParquetFile, _ name: String) throws -> [Int64] {
        guard case .int64(let values) = try file.column(named: name).values else {
            Issue.record("column \(name) is not INT64")
            return []
        }
        return values
    }

    func doubles(_ file: ParquetFile, _ name: String) throws -> [Double] {
        guard case .double(let values) = try file.column(named: name).values else {
            Issue.record("column \(name) is not DOUBLE")
            return []
        }
        return values
    }

    /// Compares a Parquet list with its CSV; `text` renders a Parquet score the CSV's way.
    func expectEqual(
        parquet url: URL, csv: URL, text: (Double) -> String
    ) throws {
        let file = try ParquetFile(contentsOf: url)
        let rows = try csvRows(csv)
        #expect(file.columns.map(\.name) == ["user", "score", "probability", "rank", "decile"])
        #expect(file.rowCount == rows.count)
        let users = try int64s(file, "user"), ranks = try int64s(file, "rank")
        let deciles = try int64s(file, "decile")
        let scores = try doubles(file, "score"), probabilities = try doubles(file, "probability")
        for (k, row) in rows.enumerated() where k < file.rowCount {
            #expect(String(users[k]) == row[0], "user, row \(k + 1)")
            #expect(text(scores[k]) == row[1], "score, row \(k + 1)")
            #expect(text(probabilities[k]) == row[2], "probability, row \(k + 1)")
            #expect(String(ranks[k]) == row[3] && String(deciles[k]) == row[4], "row \(k + 1)")
        }
    }

    @Test func runWritesTheTargetListAsParquetToo() throws {
        let out = try PipelineTests.shortRun.get()
        try expectEqual(
            parquet: out.appendingPathComponent("targets.parquet"),
            csv: out.appendingPathComponent("targets.csv"),
            text: { String(format: "%.6f", $0) })
    }

    @Test func scoreWritesParquetWhenTheFileSaysSo() throws {
        let run = try PipelineTests.shortRun.get()
        let folder = try Binary.temporaryDirectory()
        var files: [URL] = []
        for name in ["scores.csv", "scores.parquet"] {
            let url = folder.appendingPathComponent(name)
            let result = try Binary.run([
                "score", "--model", run.appendingPathComponent("model-cnn-lstm").path,
                "--data", Binary.data!.path, "--as-of", "2018-01-02", "--out", url.path,
                "--quiet",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            files.append(url)
        }
        // score writes the shortest text of the Float score and of the Double probability.
        let file = try ParquetFile(contentsOf: files[1])
        let rows = try csvRows(files[0])
        let scores = try doubles(file, "score"), probabilities = try doubles(file, "probability")
        #expect(file.rowCount == rows.count && rows.count > 1000)
        for (k, row) in rows.enumerated() where k < file.rowCount {
            #expect("\(Float(scores[k]))" == row[1] && "\(probabilities[k])" == row[2])
        }
        #expect(try int64s(file, "user").map(String.init) == rows.map { $0[0] })
        #expect(try int64s(file, "rank").map(String.init) == rows.map { $0[3] })
    }
}
