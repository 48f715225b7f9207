import Foundation
import Testing

/// `propensity ingest` and `propensity info` on Complete Journey, and the pipeline reading the
/// store instead of the raw files.
@Suite(.enabled(if: Binary.url != nil && Binary.data != nil,
                "needs the release binary and ../shared/data/completejourney"))
struct StoreTests {
    static let config = Binary.packageRoot
        .appendingPathComponent("configs/completejourney-baby.json")

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

    /// The in-memory bench does ingest's work: the same events and users, and a line the
    /// benchmark script reads.
    @Test func benchSequencesBuildsEveryEventInMemory() throws {
        let result = try Binary.run(["bench", "sequences", Binary.data!.path, "--repeats", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let last = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("best_seconds "), "\(result.stdout)")
        #expect(last.contains(" events 1469307 users 2469 "), "\(last)")
        #expect(result.stdout.contains("repeat 1 seconds "))
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

    @Test func scoreAndExportHistoriesReadTheStoreAsTheRawFiles() throws {
        let model = try ScoringTests.outputs.get().model
        let folder = try Binary.temporaryDirectory()
        let scores = folder.appendingPathComponent("scores.csv")
        let histories = folder.appendingPathComponent("histories.jsonl")
        let score = try Binary.run([
            "score", "--model", model.path, "--data", try Self.store.get().path,
            "--as-of", ScoringTests.asOf, "--out", scores.path, "--quiet",
        ])
        #expect(score.status == 0, "\(score.stderr)")
        let export = try Binary.run([
            "export-histories", "--model", model.path + ".json", "--data",
            try Self.store.get().path, "--as-of", ScoringTests.asOf, "--out", histories.path,
            "--quiet",
        ])
        #expect(export.status == 0, "\(export.stderr)")
        // The scoring tests read the raw folder; the store holds the same events.
        let raw = try ScoringTests.outputs.get()
        #expect(try Data(contentsOf: scores) == (try Data(contentsOf: raw.batch)))
        #expect(try Data(contentsOf: histories) == (try Data(contentsOf: raw.histories)))
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

/// `propensity ingest` on a user's own schema and dirt: mapping, time format, bad rows and
/// exit codes. Needs only the binary.
@Suite(.enabled(if: Binary.url != nil, "build the release binary first (make test does)"))
struct IngestCommandTests {
    static let transactions = """
        customer;when;sku;qty;paid
        7;01/07/2017 12:00:00;100;1;2.5
        7;01/07/2017 12:00:00;101;1;1.0
        8;02/07/2017 09:30:00;100;-1;-2.5
        8;yesterday;100;1;2.5
        9;03/07/2017 10:00:00;999;x;1.0

        """.replacingOccurrences(of: ";", with: "\t")
    static let catalog = "sku,dept,aisle\n100,FOOD,CHEESE\n101,FOOD,\n"

    func files() throws -> (URL, URL, URL) {
        let directory = try Binary.temporaryDirectory()
        let t = directory.appendingPathComponent("mine.tsv")
        let p = directory.appendingPathComponent("catalog.csv")
        try Data(Self.transactions.utf8).write(to: t)
        try Data(Self.catalog.utf8).write(to: p)
        return (directory, t, p)
    }

    @Test func mappedColumnsAndPatternTimesIngestWithSkippedRows() throws {
        let (directory, _, _) = try files()
        let config = directory.appendingPathComponent("mine.json")
        try Data("""
            {"target": {"name": "cheese", "level": 2, "values": ["CHEESE"]},
             "data": {"directory": ".", "transactions": "mine.tsv", "products": "catalog.csv",
                      "columns": {"user": "customer", "time": "when", "product": "sku",
                                  "quantity": "qty", "amount": "paid"},
                      "catalogColumns": {"product": "sku", "levels": ["dept", "aisle"]},
                      "timeFormat": "%d/%m/%Y %H:%M:%S"}}
            """.utf8).write(to: config)
        let store = directory.appendingPathComponent("mine.store")
        let result = try Binary.run([
            "ingest", "--config", config.path, "--out", store.path, "--on-bad-row", "skip",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("rejected 2 rows"), "\(result.stderr)")
        #expect(result.stderr.contains("rejected: 1 row for column `when`"))
        #expect(result.stderr.contains("rejected: 1 row for column `qty`"))
        let rejects = try String(
            contentsOf: directory.appendingPathComponent("mine.store.rejects.csv"),
            encoding: .utf8)
        #expect(rejects.split(separator: "\n").count == 3)
        #expect(rejects.contains("mine.tsv,4,when,yesterday,not a time in the pattern"))
        let info = try Binary.run(["info", store.path])
        #expect(info.stdout.contains("users       2"), "\(info.stdout)")
        #expect(info.stdout.contains("events      3"))
        #expect(info.stdout.contains("time span   2017-07-01T12:00:00 .. 2017-07-02T09:30:00"))
        #expect(info.stdout.contains("returns     1 "))
        #expect(info.stdout.contains("level 2     aisle: 1 categories, 1 events with it empty"))
        #expect(info.stdout.contains("rejected    2 input rows"))
    }

    @Test func firstBadRowFailsWithExitCode65NamingThePlace() throws {
        let (_, t, p) = try files()
        let result = try Binary.run([
            "ingest", "--transactions", t.path, "--products", p.path, "--user", "customer",
            "--time", "when", "--product", "sku", "--quantity", "qty", "--amount", "paid",
            "--basket", "", "--store", "", "--discounts", "", "--catalog-product", "sku",
            "--levels", "dept,aisle", "--time-format", "%d/%m/%Y %H:%M:%S",
        ])
        #expect(result.status == 65)
        #expect(result.stderr.contains("mine.tsv, row 4, column `when`, value `yesterday`"),
                "\(result.stderr)")
    }

    @Test func misshapenRowStopsIngestOrIsRejectedUnderSkip() throws {
        let directory = try Binary.temporaryDirectory()
        let t = directory.appendingPathComponent("short.csv")
        let p = directory.appendingPathComponent("catalog.csv")
        try Data("u,t,p,q,a\n1,2017-01-01,100,1,2.5\n2,2017-01-02,100\n3,2017-01-03,100,1,1\n"
            .utf8).write(to: t)
        try Data(Self.catalog.utf8).write(to: p)
        let flags = [
            "ingest", "--transactions", t.path, "--products", p.path, "--user", "u", "--time",
            "t", "--product", "p", "--quantity", "q", "--amount", "a", "--basket", "",
            "--store", "", "--discounts", "", "--catalog-product", "sku", "--levels", "dept",
        ]
        let failed = try Binary.run(flags)
        #expect(failed.status == 65)
        #expect(failed.stderr.contains("short.csv, row 2: the record has 3 fields, the header 5"),
                "\(failed.stderr)")
        let skipped = try Binary.run(flags + ["--on-bad-row", "skip"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stderr.contains("rejected 1 row "), "\(skipped.stderr)")
        #expect(skipped.stderr.contains("rejected: 1 row with the wrong number of fields"),
                "\(skipped.stderr)")
        #expect(!skipped.stderr.contains("(row)"))
        let rejects = try String(
            contentsOf: directory.appendingPathComponent("short.csv.store.rejects.csv"),
            encoding: .utf8)
        #expect(rejects.contains("short.csv,2,,,\"the record has 3 fields, the header 5; "))
        #expect(rejects.hasSuffix(",2|2017-01-02|100\n"), "\(rejects)")
        let store = directory.appendingPathComponent("short.csv.store")
        let info = try Binary.run(["info", store.path])
        #expect(info.stdout.contains("events      2"), "\(info.stdout)")
    }

    @Test func skipWithEveryRowBadFailsWithoutAStore() throws {
        let directory = try Binary.temporaryDirectory()
        let t = directory.appendingPathComponent("allbad.csv")
        let p = directory.appendingPathComponent("catalog.csv")
        try Data("u,t,p,q,a\n1,soon,100,1,2.5\n2,2017-01-02,100\n3,later,100,1,1\n"
            .utf8).write(to: t)
        try Data(Self.catalog.utf8).write(to: p)
        let result = try Binary.run([
            "ingest", "--transactions", t.path, "--products", p.path, "--user", "u", "--time",
            "t", "--product", "p", "--quantity", "q", "--amount", "a", "--basket", "",
            "--store", "", "--discounts", "", "--catalog-product", "sku", "--levels", "dept",
            "--on-bad-row", "skip",
        ])
        let rejects = directory.appendingPathComponent("allbad.csv.store.rejects.csv")
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains(
            "error: allbad.csv: no valid rows were left: all 3 rows were rejected; each row's "
                + "reason is in \(rejects.path)"), "\(result.stderr)")
        let written = try String(contentsOf: rejects, encoding: .utf8)
        #expect(written.split(separator: "\n").count == 4)
        #expect(!FileManager.default.fileExists(
            atPath: directory.appendingPathComponent("allbad.csv.store").path))
    }

    @Test func emptyParquetIsBadDataNamingTheFile() throws {
        let (directory, _, p) = try files()
        let empty = directory.appendingPathComponent("empty.parquet")
        try Data().write(to: empty)
        let result = try Binary.run([
            "ingest", "--transactions", empty.path, "--products", p.path,
            "--catalog-product", "sku", "--levels", "dept,aisle",
        ])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains(
            "error: empty.parquet: not a Parquet file: the file is empty (0 bytes)"),
            "\(result.stderr)")
    }

    @Test func usageAndMissingInputHaveTheirOwnExitCodes() throws {
        let (_, t, p) = try files()
        let usage = try Binary.run(["ingest", "--transactions", t.path])
        #expect(usage.status == 64)
        let policy = try Binary.run([
            "ingest", "--transactions", t.path, "--products", p.path, "--on-bad-row", "ignore",
        ])
        #expect(policy.status == 64)
        #expect(policy.stderr.contains("--on-bad-row takes fail or skip"))
        let zone = try Binary.run([
            "ingest", "--transactions", t.path, "--products", p.path, "--time-zone", "Mars/X",
        ])
        #expect(zone.status == 64)
        let missing = try Binary.run([
            "ingest", "--transactions", "/nonexistent/t.csv", "--products", p.path,
            "--catalog-product", "sku", "--levels", "dept,aisle",
        ])
        #expect(missing.status == 66, "\(missing.stderr)")
    }
}
