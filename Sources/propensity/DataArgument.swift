import Foundation
import PropensityData
import PropensitySamples

/// The `--data DIR_OR_FILES` argument of `score` and `export-histories`: a folder holding
/// `transactions` and `products` (`.parquet`, else `.csv`, else `.csv.gz`), the two files
/// themselves as `TRANSACTIONS,PRODUCTS`, or an event store written by `propensity ingest`
/// (`X.store`). Raw files' columns follow the Complete Journey names.
enum DataArgument {
    static let help =
        "folder with transactions.* and products.*, TRANSACTIONS,PRODUCTS, or X.store"

    /// Loads and sorts the events named by `spec`.
    static func loadEventLog(_ spec: String, progress: ProgressReporter) throws -> EventLog {
        let start = DispatchTime.now().uptimeNanoseconds
        let parts = spec.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let transactions: TransactionTable
        let catalog: Catalog
        switch parts.count {
        case 1 where spec.hasSuffix(".store"):
            let store = try EventStore(contentsOf: URL(fileURLWithPath: spec))
            transactions = store.transactionTable()
            catalog = store.catalog()
        case 1:
            (transactions, catalog) = try TransactionLog.completeJourney(
                directory: URL(fileURLWithPath: spec))
        case 2:
            transactions = try TransactionLog.load(URL(fileURLWithPath: parts[0]))
            catalog = try ProductCatalog.load(URL(fileURLWithPath: parts[1]))
        default:
            throw UsageError(
                "--data takes a folder, TRANSACTIONS,PRODUCTS or X.store, got '\(spec)'")
        }
        let log = try EventLog(transactions: transactions, catalog: catalog)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        progress.line(String(
            format: "data: %d rows, %d purchases, %d users (%.2f s)", log.counts.rowsTotal,
            log.counts.purchaseRows, log.counts.usersWithPurchases, seconds))
        return log
    }

    /// Parses `--NAME YYYY-MM-DD`.
    static func date(_ arguments: Arguments, _ name: String) throws -> LocalDate? {
        guard let text = arguments.value(name) else { return nil }
        guard let date = LocalDate(text) else {
            throw UsageError("--\(name) expects a date YYYY-MM-DD, got '\(text)'")
        }
        return date
    }
}
