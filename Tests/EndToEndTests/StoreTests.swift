import Foundation
import Testing

/// `propensity ingest` and `propensity info` on Complete Journey, and the pipeline reading the
/// store instead of the raw files.
@Suite(.enabled(if: Binary.url != nil && Binary.data != nil,
                "needs the release binary and ../shared/data/completejourney"))
struct StoreTests {
    static let config = Binary.packageRoot.appendingPathComponent("configs/completejourney-baby.json")

    /// One store, ingested once for the checks below.
    static let store: Result<URL, Error> = Result {
        let out = try Binary.temporaryDirectory().appendingPathComponent("cj.store")
        let result = try Binary.run([
            "ingest", "--config", config.path, "--data", Binary.data!.path, "--out", out.path,
        ])
        guard result.status == 0 else {
            throw PipelineTests.RunFailed(description: "exit \(result.status): \(result.stderr)")
        }
        return out
    }

    @Test func infoReportsUsersEventsAndCounts() throws {
        let result = try Binary.run(["info", try Self.store.get().path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("users       2,469"), "\(result.stdout)")
        #expect(result.stdout.contains("events      1,469,307"))
        #expect(result.stdout.contains("returns     8,869"))
        #expect(result.stdout.contains("time span   2017-01-01T11:53:26 .. 2018-01-01T04:01:20"))
        #expect(result.stdout.contains("department: 32 categories"))
    }

    @Test func ingestingTwiceGivesIdenticalBytes() throws {
        let first = try Self.store.get()
        let second = first.deletingLastPathComponent().appendingPathComponent("again.store")
        let result = try Binary.run([
            "ingest", "--config", Self.config.path, "--data", Binary.data!.path,
            "--out", second.path, "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Data(contentsOf: first) == (try Data(contentsOf: second)))
    }

    @Test func csvAndParquetInputGiveTheSameEvents() throws {
        let first = try Self.store.get()
        let csv = first.deletingLastPathComponent().appendingPathComponent("csv.store")
        let result = try Binary.run([
            "ingest", "--transactions",
            Binary.data!.appendingPathComponent("transactions.csv.gz").path,
            "--products", Binary.data!.appendingPathComponent("products.parquet").path,
            "--out", csv.path, "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        // Everything but the first line (file and source names) agrees.
        let a = try Binary.run(["info", first.path]).stdout.split(separator: "\n").dropFirst()
        let b = try Binary.run(["info", csv.path]).stdout.split(separator: "\n").dropFirst()
        #expect(a.count > 10)
        #expect(Array(a) == Array(b))
    }

    @Test func samplesFromTheStoreEqualSamplesFromTheRawFiles() throws {
        let directory = try Binary.temporaryDirectory()
        let raw = directory.appendingPathComponent("raw.csv")
        let stored = directory.appendingPathComponent("store.csv")
        let a = try Binary.run([
            "samples", Self.config.path, "--data", Binary.data!.path, "--out", raw.path,
        ])
        let b = try Binary.run([
            "samples", Self.config.path, "--data", try Self.store.get().path, "--out", stored.path,
        ])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        #expect(a.stdout == b.stdout)
        let rawText = try String(contentsOf: raw, encoding: .utf8)
        #expect(rawText.split(separator: "\n").count > 1000)
        #expect(rawText == (try String(contentsOf: stored, encoding: .utf8)))
    }

    @Test func damagedStoreIsBadData() throws {
        let url = try Self.store.get()
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count / 2] ^= 0x40
        let damaged = url.deletingLastPathComponent().appendingPathComponent("damaged.store")
        try bytes.write(to: damaged)
        let result = try Binary.run(["info", damaged.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("checksum mismatch"), "\(result.stderr)")
    }
}
