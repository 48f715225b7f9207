import Foundation
import Testing
@testable import PropensityData

/// Wall-clock times of loading the real data, printed; opt-in with `PROPENSITY_BENCH=1`
/// (in release: `PROPENSITY_BENCH=1 swift test -c release --filter LoadingBenchmarks`).
@Suite(.enabled(
    if: ProcessInfo.processInfo.environment["PROPENSITY_BENCH"] != nil
        && TestFiles.completeJourney != nil,
    "set PROPENSITY_BENCH=1 (and have the Complete Journey data) to time loading"))
struct LoadingBenchmarks {
    /// Best of `repeats` runs, in seconds.
    func best(_ repeats: Int = 5, _ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return times.min()!
    }

    @Test func timeLoadingCompleteJourney() throws {
        let directory = TestFiles.completeJourney!
        let transactionsParquet = directory.appendingPathComponent("transactions.parquet")
        var rows = 0
        let parquetTable = try best {
            rows = try TransactionLog.load(transactionsParquet).count
        }
        let rawColumns = try best {
            let file = try ParquetFile(contentsOf: transactionsParquet)
            for column in TransactionColumns.completeJourney.allNames {
                _ = try file.column(named: column)
            }
        }
        let csvTable = try best(2) {
            _ = try TransactionLog.load(directory.appendingPathComponent("transactions.csv.gz"))
        }
        let catalogParquet = try best {
            _ = try ProductCatalog.load(directory.appendingPathComponent("products.parquet"))
        }
        let catalogCSV = try best(2) {
            _ = try ProductCatalog.load(directory.appendingPathComponent("products.csv.gz"))
        }
        print("""
            bench rows \(rows)
            bench transactions.parquet 10 columns decoded \(rawColumns) s
            bench transactions.parquet -> TransactionTable \(parquetTable) s
            bench transactions.csv.gz -> TransactionTable \(csvTable) s
            bench products.parquet -> Catalog \(catalogParquet) s
            bench products.csv.gz -> Catalog \(catalogCSV) s
            """)
        #expect(rows == 1_469_307)
    }
}

extension TransactionColumns {
    var allNames: [String] {
        [user, time, product, quantity, amount] + [basket, store].compactMap { $0 } + discounts
    }
}
