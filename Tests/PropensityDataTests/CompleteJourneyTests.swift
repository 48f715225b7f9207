import Foundation
import Testing
@testable import PropensityData

/// The real Complete Journey files: Parquet decoded natively must equal the CSV copies.
///
/// Skipped when the data is absent (see `TestFiles.completeJourney`), and in debug builds,
/// where they take about 90 s against about 2 s in release (`swift test -c release`).
@Suite(
    .enabled(
        if: TestFiles.completeJourney != nil,
        "no Complete Journey data in ../shared/data/completejourney or $PROPENSITY_DATA"),
    .enabled(if: !TestFiles.isDebugBuild, "reads 1.47 M rows; run with swift test -c release"))
struct CompleteJourneyTests {
    let directory = TestFiles.completeJourney!

    func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// The first index where two arrays differ, for a readable failure.
    func firstDifference<T: Equatable>(_ a: [T], _ b: [T]) -> String? {
        guard a.count == b.count else { return "counts \(a.count) and \(b.count)" }
        guard let i = a.indices.first(where: { a[$0] != b[$0] }) else { return nil }
        return "row \(i + 1): \(a[i]) vs \(b[i])"
    }

    @Test func parquetTransactionsEqualTheCSVCopyInEveryValue() throws {
        let parquet = try TransactionLog.load(file("transactions.parquet"))
        let csv = try TransactionLog.load(file("transactions.csv.gz"))
        #expect(parquet.count == 1_469_307)
        #expect(firstDifference(parquet.user, csv.user) == nil)
        #expect(firstDifference(parquet.time, csv.time) == nil)
        #expect(firstDifference(parquet.basket, csv.basket) == nil)
        #expect(firstDifference(parquet.product, csv.product) == nil)
        #expect(firstDifference(parquet.store, csv.store) == nil)
        // Doubles compared by bit pattern: parsing the CSV's decimal text must give exactly
        // the stored double.
        #expect(firstDifference(
            parquet.quantity.map(\.bitPattern), csv.quantity.map(\.bitPattern)) == nil)
        #expect(firstDifference(
            parquet.amount.map(\.bitPattern), csv.amount.map(\.bitPattern)) == nil)
        #expect(firstDifference(
            parquet.discount.map(\.bitPattern), csv.discount.map(\.bitPattern)) == nil)
    }

    @Test func firstTransactionHasKnownValues() throws {
        let table = try TransactionLog.load(file("transactions.parquet"))
        #expect(table.user[0] == 900)
        #expect(table.store[0] == 330)
        #expect(table.basket[0] == 31_198_570_044)
        #expect(table.product[0] == 1_095_275)
        #expect(table.quantity[0] == 1)
        #expect(table.amount[0] == 0.5)
        #expect(table.discount[0] == 0)
        // 2017-01-01T11:53:26: day 17167, 42806 s into the day.
        #expect(table.time[0] == Int64(17167 * 86400 + 42806) * 1_000_000)
        // Second row: retail_disc 0.1.
        #expect(table.discount[1] == 0.1)
        #expect(table.time.min()! >= Int64(17167) * 86_400_000_000)
    }

    @Test func parquetProductsEqualTheCSVCopy() throws {
        let parquet = try ProductCatalog.load(file("products.parquet"))
        let csv = try ProductCatalog.load(file("products.csv.gz"))
        #expect(parquet.product.count == 92_331)
        #expect(firstDifference(parquet.product, csv.product) == nil)
        for level in 0..<3 {
            #expect(firstDifference(parquet.levels[level], csv.levels[level]) == nil)
        }
        // pyarrow counts 540 null product_category and 528 null product_type values.
        #expect(parquet.levels[0].count { $0 == nil } == 0)
        #expect(parquet.levels[1].count { $0 == nil } == 540)
        #expect(parquet.levels[2].count { $0 == nil } == 528)
        #expect(parquet.product[1] == 26081)
        #expect(parquet.levels.map { $0[0] } == ["GROCERY", "FRZN ICE", "ICE - CRUSHED/CUBED"])
    }

    @Test func completeJourneyPrefersParquetAndLoadsBothTables() throws {
        let (transactions, catalog) = try TransactionLog.completeJourney(directory: directory)
        #expect(transactions.count == 1_469_307)
        #expect(catalog.product.count == 92_331)
    }
}
