import Foundation
import Testing
@testable import PropensityData

/// `--on-bad-row skip`: bad rows are left out whole and reported with their reason.
@Suite struct BadRowTests {
    static let csv = TransactionLogTests.header
        + "1,330,10,100,1,0.5,0,0,0,1,2017-01-01T11:53:26\n"
        + "2,330,11,101,lots,0.5,0,0,0,1,2017-01-01T11:53:26\n"
        + "3,330,12,102,1,0.5,0,0,0,1,yesterday\n"
        + "4,330,13,,1,0.5,0,0,0,1,2017-01-02T00:00:00\n"
        + "5,,14,104,2,1.5,0,0,0,1,2017-01-03T00:00:00\n"

    @Test func skippedCSVRowsAreRejectedWithRowColumnValueAndReason() throws {
        let url = try TestFiles.scratch("dirty.csv", Self.csv)
        var rejects: [RejectedRow] = []
        let table = try TransactionLog.load(
            url, columns: .completeJourney, options: LoadOptions(onBadRow: .skip),
            rejects: &rejects)
        #expect(table.user == [1, 5])
        #expect(table.product == [100, 104])
        #expect(table.store == [330, -1])
        #expect(rejects.map(\.error.row) == [2, 3, 4])
        #expect(rejects.map(\.error.column) == ["quantity", "transaction_timestamp", "product_id"])
        #expect(rejects.map(\.error.value) == ["lots", "yesterday", nil])
        #expect(rejects[0].fields?.first == "2")
        #expect(rejects[2].error.message.contains("empty"))
    }

    static let misshapen = TransactionLogTests.header
        + "1,330,10,100,1,0.5,0,0,0,1,2017-01-01T11:53:26\n"
        + "2,330,11,101,1,0.5,0,0,0,1\n"
        + "3,330,12,102,1,0.5,0,0,0,1,2017-01-01T11:53:26,extra\n"
        + "4,330,13,103,1,0.5,0,0,0,1,2017-01-02T00:00:00\n"

    @Test func rowsWithTheWrongFieldCountAreRejectedUnderSkip() throws {
        let url = try TestFiles.scratch("misshapen.csv", Self.misshapen)
        var rejects: [RejectedRow] = []
        let table = try TransactionLog.load(
            url, columns: .completeJourney, options: LoadOptions(onBadRow: .skip),
            rejects: &rejects)
        #expect(table.user == [1, 4])
        #expect(rejects.map(\.error.row) == [2, 3])
        #expect(rejects.map(\.error.code) == [.malformed, .malformed])
        #expect(rejects[0].error.message.hasPrefix("the record has 10 fields, the header 11"))
        #expect(rejects[1].error.message.hasPrefix("the record has 12 fields, the header 11"))
        #expect(rejects[0].fields?.count == 10)
        #expect(rejects[1].fields?.last == "extra")
    }

    @Test func wrongFieldCountStopsTheDefaultPolicyNamingFileAndRow() throws {
        let url = try TestFiles.scratch("misshapen.csv", Self.misshapen)
        let error = try #require(throws: DataError.self) { try TransactionLog.load(url) }
        #expect(error.file == "misshapen.csv")
        #expect(error.row == 2)
        #expect(error.code == .malformed)
    }

    @Test func failPolicyStopsAtTheFirstBadRow() throws {
        let url = try TestFiles.scratch("dirty.csv", Self.csv)
        let error = try #require(throws: DataError.self) { try TransactionLog.load(url) }
        #expect(error.row == 2)
        #expect(error.column == "quantity")
    }

    @Test func rejectsFileHoldsOneQuotedLinePerRow() throws {
        let url = try TestFiles.scratch("dirty.csv", Self.csv)
        let store = url.deletingLastPathComponent().appendingPathComponent("dirty.store")
        let rejectsURL = url.deletingLastPathComponent().appendingPathComponent("rejects.csv")
        let catalog = try TestFiles.scratch(
            "p.csv", "product_id,department,product_category,product_type\n100,A,B,C\n")
        let (metadata, rejects) = try Ingest.run(
            transactions: url, catalog: catalog, options: LoadOptions(onBadRow: .skip),
            rejectsFile: rejectsURL, to: store)
        #expect(rejects.count == 3)
        #expect(metadata.rejectedRows == 3)
        #expect(metadata.unknownProductRows == 1)  // product 104
        let lines = try String(contentsOf: rejectsURL, encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == "file,row,column,value,reason,fields")
        #expect(lines[1].hasPrefix("dirty.csv,2,quantity,lots,not a number; "))
        #expect(lines[1].hasSuffix(",2|330|11|101|lots|0.5|0|0|0|1|2017-01-01T11:53:26"))
        #expect(try EventStore(contentsOf: store).eventCount == 2)
    }

    @Test func skippedParquetNullsDropTheirRows() throws {
        // The `small` column is null in rows 2 and 5 (1-based; see make_fixtures.py).
        let name = "dictionary-uncompressed.parquet"
        let column = try ParquetFile(contentsOf: TestFiles.fixture(name)).column(named: "small")
        let bad = BadRows()
        let values = try column.int64Values(file: name, bad: bad)
        #expect(bad.errors.keys.sorted() == [1, 4])
        #expect(bad.errors[4]?.row == 5)
        #expect(bad.errors[4]?.column == "small")
        #expect(values[6] == -2_147_483_648)
        #expect(throws: DataError.self) { try column.int64Values(file: name) }
    }

    @Test func columnMappingDecodesFromConfigJSON() throws {
        let json = """
            {"user": "customer", "time": "ts", "product": "sku", "quantity": "qty",
             "amount": "price"}
            """
        let columns = try JSONDecoder().decode(TransactionColumns.self, from: Data(json.utf8))
        #expect(columns == TransactionColumns(
            user: "customer", time: "ts", basket: nil, product: "sku", store: nil,
            quantity: "qty", amount: "price"))
        let catalog = try JSONDecoder().decode(
            CatalogColumns.self, from: Data(#"{"product": "sku", "levels": ["a", "b"]}"#.utf8))
        #expect(catalog.levels == ["a", "b"])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(
                CatalogColumns.self, from: Data(#"{"product": "s", "levels": []}"#.utf8))
        }
    }

    @Test func mappedEpochColumnsLoadWithDerivedBaskets() throws {
        let url = try TestFiles.scratch("mine.tsv", "customer\tts\tsku\tqty\tprice\n"
            + "9\t1498910400\t5\t1\t2.5\n9\t1498910400\t6\t1\t1.0\n9\t1498914000\t5\t2\t5.0\n")
        let columns = TransactionColumns(
            user: "customer", time: "ts", basket: nil, product: "sku", store: nil,
            quantity: "qty", amount: "price")
        let table = try TransactionLog.load(
            url, columns: columns, options: LoadOptions(time: TimeSettings(format: .epochSeconds)))
        // 1498910400 s is 2017-07-01T12:00:00Z.
        let noon = TimeParserTests.julyNoon
        #expect(table.time == [noon, noon, noon + TimeParserTests.hour])
        #expect(table.basket == [0, 0, 1])
    }
}
