import Foundation
import Testing
@testable import PropensityData

@Suite struct TransactionLogTests {
    static let header =
        "household_id,store_id,basket_id,product_id,quantity,sales_value,retail_disc,"
        + "coupon_disc,coupon_match_disc,week,transaction_timestamp\n"

    @Test func csvRowsLoadWithSummedAbsoluteDiscounts() throws {
        let url = try TestFiles.scratch("tx.csv", Self.header
            + "900,330,31198570044,1095275,1,0.5,0.0,0.0,0.0,1,2017-01-01T11:53:26\n"
            + "900,,31198570047,9878513,2,0.99,-0.1,0.25,,1,2017-01-01 12:10:28.5\n"
            + "7,1,5,6,-1,-3.5,0.2,0,0,2,2017-02-03\n")
        let table = try TransactionLog.load(url)
        #expect(table.count == 3)
        #expect(table.user == [900, 900, 7])
        #expect(table.store == [330, -1, 1])
        #expect(table.basket == [31_198_570_044, 31_198_570_047, 5])
        #expect(table.product == [1_095_275, 9_878_513, 6])
        #expect(table.quantity == [1, 2, -1])
        #expect(table.amount == [0.5, 0.99, -3.5])
        #expect(table.discount == [0, 0.1 + 0.25, 0.2])
        let day: Int64 = 17167 * 86_400_000_000
        #expect(table.time == [
            day + 42806 * 1_000_000, day + 43828 * 1_000_000 + 500_000,
            day + 33 * 86_400_000_000,
        ])
    }

    @Test func badNumberNamesFileRowColumnAndValue() throws {
        let url = try TestFiles.scratch("bad.csv", Self.header
            + "900,330,1,2,1,0.5,0,0,0,1,2017-01-01T11:53:26\n"
            + "900,330,1,2,1,0.5,0,0,0,1,2017-01-01T11:53:26\n"
            + "900,330,1,2,one,0.5,0,0,0,1,2017-01-01T11:53:26\n")
        let error = #expect(throws: DataError.self) { try TransactionLog.load(url) }
        #expect(error?.code == .badValue)
        #expect(error?.file == "bad.csv")
        #expect(error?.row == 3)
        #expect(error?.column == "quantity")
        #expect(error?.value == "one")
        #expect(error?.description.hasPrefix("bad.csv, row 3, column `quantity`, value `one`")
            == true)
    }

    @Test func badTimeAndEmptyRequiredFieldAreReported() throws {
        let url = try TestFiles.scratch("time.csv", Self.header
            + "900,330,1,2,1,0.5,0,0,0,1,01/02/2017\n")
        let error = #expect(throws: DataError.self) { try TransactionLog.load(url) }
        #expect(error?.row == 1)
        #expect(error?.column == "transaction_timestamp")
        #expect(error?.value == "01/02/2017")

        let empty = try TestFiles.scratch("empty.csv", Self.header
            + "900,330,1,2,1,0.5,0,0,0,1,2017-01-01\n,330,1,2,1,0.5,0,0,0,1,2017-01-01\n")
        let missing = #expect(throws: DataError.self) { try TransactionLog.load(empty) }
        #expect(missing?.row == 2)
        #expect(missing?.column == "household_id")
        #expect(missing?.code == .badValue)
    }

    @Test func missingColumnSaysWhichSettingToChange() throws {
        let url = try TestFiles.scratch("cols.csv", "user,when\n1,2017-01-01\n")
        let error = #expect(throws: DataError.self) { try TransactionLog.load(url) }
        #expect(error?.code == .missingColumn)
        #expect(error?.column == "household_id")
        #expect(error?.message.contains("data.columns.user") == true)
    }

    @Test func customMappingWithoutBasketNumbersOccasionsByUserAndTime() throws {
        let url = try TestFiles.scratch("orders.tsv",
            "customer\tts\tsku\tqty\tprice\n"
            + "1\t2017-01-01T10:00:00\t5\t1\t2.0\n"
            + "1\t2017-01-01T10:00:00\t6\t1\t3.0\n"
            + "2\t2017-01-01T10:00:00\t5\t1\t2.0\n"
            + "1\t2017-01-02T09:00:00\t5\t1\t2.0\n")
        let columns = TransactionColumns(
            user: "customer", time: "ts", basket: nil, product: "sku", store: nil,
            quantity: "qty", amount: "price")
        let table = try TransactionLog.load(url, columns: columns)
        #expect(table.basket == [0, 0, 1, 2])
        #expect(table.store == [-1, -1, -1, -1])
        #expect(table.discount == [0, 0, 0, 0])
        #expect(table.amount == [2, 3, 2, 2])
    }

    @Test func parquetNullInARequiredFieldNamesTheRow() throws {
        // Time is read right after user; in the fixture `stamp` is null in row 3.
        let columns = TransactionColumns(
            user: "id", time: "stamp", basket: "count", product: "small", store: nil,
            quantity: "ratio", amount: "single")
        let url = TestFiles.fixture("dictionary-uncompressed.parquet")
        let error = #expect(throws: DataError.self) {
            try TransactionLog.load(url, columns: columns)
        }
        #expect(error?.code == .badValue)
        #expect(error?.column == "stamp")
        #expect(error?.row == 3)
    }

    @Test func unknownExtensionIsUnsupported() throws {
        let url = try TestFiles.scratch("tx.xlsx", "x")
        let error = #expect(throws: DataError.self) { try TransactionLog.load(url) }
        #expect(error?.code == .unsupported)
    }
}

@Suite struct ProductCatalogTests {
    @Test func emptyLevelsAreNilInCSV() throws {
        let url = try TestFiles.scratch("products.csv",
            "product_id,manufacturer_id,department,brand,product_category,product_type,"
            + "package_size\n"
            + "25671,2,GROCERY,National,FRZN ICE,ICE - CRUSHED/CUBED,22 LB\n"
            + "26081,2,MISCELLANEOUS,National,,,\n")
        let catalog = try ProductCatalog.load(url)
        #expect(catalog.product == [25671, 26081])
        #expect(catalog.levels[0] == ["GROCERY", "MISCELLANEOUS"])
        #expect(catalog.levels[1] == ["FRZN ICE", nil])
        #expect(catalog.levels[2] == ["ICE - CRUSHED/CUBED", nil])
    }

    @Test func parquetTextLevelsWithNullsAndEmptyStrings() throws {
        let columns = CatalogColumns(product: "count", levels: ["name", "small"])
        let url = TestFiles.fixture("plain-snappy-pages.parquet")
        let catalog = try ProductCatalog.load(url, columns: columns)
        #expect(catalog.product == [3, 1, 4, 1, 5, 9, 2])
        #expect(catalog.levels[0] == ["ab", nil, nil, "ab", "é,\"x\"", "zzz", nil])
        #expect(catalog.levels[1] == ["10", nil, "-3", "2147483647", nil, "0", "-2147483648"])
    }

    @Test func missingLevelColumnSaysWhichSettingToChange() throws {
        let url = try TestFiles.scratch("p.csv", "product_id,department\n1,A\n")
        let error = #expect(throws: DataError.self) { try ProductCatalog.load(url) }
        #expect(error?.code == .missingColumn)
        #expect(error?.column == "product_category")
        #expect(error?.message.contains("data.catalogColumns.levels") == true)
    }
}
