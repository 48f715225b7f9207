import Foundation
import Testing

/// The release binary as a user runs it: help, usage errors and their exit codes.
@Suite(.enabled(if: Binary.url != nil, "build the release binary first (make test does)"))
struct CommandLineTests {
    @Test func everyCommandHasHelp() throws {
        for command in [
            "run", "experiment", "samples", "report", "bench", "score", "export-histories",
            "ingest", "info", "synth",
        ] {
            let result = try Binary.run([command, "--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("usage: propensity \(command)"))
        }
        let overview = try Binary.run(["--help"])
        #expect(overview.status == 0)
        #expect(overview.stdout.contains("commands:"))
    }

    @Test func unknownCommandIsAUsageError() throws {
        let result = try Binary.run(["frobnicate"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("error: unknown command 'frobnicate'"))
    }

    @Test func unknownConfigKeyIsNamed() throws {
        let directory = try Binary.temporaryDirectory()
        let config = directory.appendingPathComponent("bad.json")
        try Data("""
            {"target": {"name": "t", "level": 2, "values": ["X"]},
             "training": {"epochz": 3}}
            """.utf8).write(to: config)
        let result = try Binary.run(["run", config.path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown key `training.epochz`"), "\(result.stderr)")
    }

    @Test func missingDataNamesTheFile() throws {
        let directory = try Binary.temporaryDirectory()
        let config = directory.appendingPathComponent("c.json")
        try Data("""
            {"target": {"name": "t", "level": 2, "values": ["X"]}, "data": {"directory": "nowhere"}}
            """.utf8).write(to: config)
        let result = try Binary.run(["run", config.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("transactions.parquet"), "\(result.stderr)")
    }

    /// A folder with a two-row log of product 5 (category `B` at level 2) and `c.json`
    /// whose target is `values` at level 2.
    private func smallData(target values: String) throws -> URL {
        let directory = try Binary.temporaryDirectory()
        try Data("""
            household_id,store_id,basket_id,product_id,quantity,sales_value,retail_disc,\
            coupon_disc,coupon_match_disc,week,transaction_timestamp
            1,1,10,5,1,1.0,0,0,0,1,2017-01-01T10:00:00
            1,1,11,6,1,1.0,0,0,0,1,2017-01-02T10:00:00

            """.utf8).write(to: directory.appendingPathComponent("t.csv"))
        try Data("""
            product_id,department,product_category,product_type
            5,A,BABY FOODS,C
            6,A,BABY HBC,C

            """.utf8).write(to: directory.appendingPathComponent("p.csv"))
        try Data("""
            {"target": {"name": "t", "level": 2, "values": [\(values)]},
             "data": {"directory": ".", "transactions": "t.csv", "products": "p.csv"}}
            """.utf8).write(to: directory.appendingPathComponent("c.json"))
        return directory.appendingPathComponent("c.json")
    }

    @Test func unknownTargetValueIsAConfigErrorWithCloseValues() throws {
        let config = try smallData(target: #""BABY FOODS", "Baby Food""#)
        for command in ["run", "samples"] {
            let result = try Binary.run([command, config.path, "--out", config.path + ".out"])
            #expect(result.status == 64, "\(result.stderr)")
            #expect(result.stderr.contains(
                "error: target `t`: `Baby Food` is not a category at level 2 "
                    + "(`product_category`) of the catalog; close to `Baby Food`: `BABY FOODS`"),
                "\(result.stderr)")
        }
    }

    @Test func noFirstBuyersIsBadDataInPlainWords() throws {
        // Both purchases fall before the observation window: no one becomes a buyer in it.
        let result = try Binary.run(["samples", try smallData(target: #""BABY HBC""#).path])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("error: no user first buys target `t` in "),
                "\(result.stderr)")
        #expect(!result.stderr.contains("noPositives"))
    }

    @Test func badCSVRowIsReportedWithRowAndColumn() throws {
        let directory = try Binary.temporaryDirectory()
        try Data("""
            household_id,store_id,basket_id,product_id,quantity,sales_value,retail_disc,\
            coupon_disc,coupon_match_disc,week,transaction_timestamp
            1,1,10,5,1,1.0,0,0,0,1,2017-01-01T10:00:00
            1,1,11,5,two,1.0,0,0,0,1,2017-01-02T10:00:00

            """.utf8).write(to: directory.appendingPathComponent("t.csv"))
        try Data("product_id,department,product_category,product_type\n5,A,B,C\n".utf8)
            .write(to: directory.appendingPathComponent("p.csv"))
        let config = directory.appendingPathComponent("c.json")
        try Data("""
            {"target": {"name": "t", "level": 2, "values": ["B"]},
             "data": {"directory": ".", "transactions": "t.csv", "products": "p.csv"}}
            """.utf8).write(to: config)
        let result = try Binary.run(["run", config.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("row 2"), "\(result.stderr)")
        #expect(result.stderr.contains("quantity"), "\(result.stderr)")
    }
}
