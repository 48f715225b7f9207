import Foundation

/// Turns a transaction file and a catalog file into an event store: the entry point of
/// `propensity ingest`.
public enum Ingest {
    /// Reads `transactions` and `catalog` with their column mappings and writes the store.
    ///
    /// - Parameters:
    ///   - transactions: a Parquet, CSV or TSV file (optionally `.gz`) of line items.
    ///   - catalog: a file of the same kinds mapping products to category levels.
    ///   - store: the `.store` file to write (replaced when it exists).
    /// - Returns: the metadata written, with the counts of returns, duplicates and unknown
    ///   products.
    /// - Throws: `DataError` naming file, row, column and value for the first bad input.
    @discardableResult
    public static func run(
        transactions: URL, catalog: URL, columns: TransactionColumns = .completeJourney,
        catalogColumns: CatalogColumns = .completeJourney, to store: URL
    ) throws -> EventStoreMetadata {
        let table = try TransactionLog.load(transactions, columns: columns)
        let products = try ProductCatalog.load(catalog, columns: catalogColumns)
        let metadata = EventStoreMetadata(
            sources: [transactions.lastPathComponent, catalog.lastPathComponent],
            levelNames: catalogColumns.levels, derivedBaskets: columns.basket == nil)
        return try EventStoreWriter.write(
            transactions: table, catalog: products, metadata: metadata,
            catalogFile: catalog.lastPathComponent, to: store)
    }
}
