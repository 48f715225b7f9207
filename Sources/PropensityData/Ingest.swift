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
    ///   - options: time format and zone, and whether bad rows stop the ingest or are skipped.
    ///   - rejectsFile: under `.skip`, where the rejected rows are written as CSV
    ///     (`file,row,column,value,reason,fields`); nil writes none.
    @discardableResult
    public static func run(
        transactions: URL, catalog: URL, columns: TransactionColumns = .completeJourney,
        catalogColumns: CatalogColumns = .completeJourney, options: LoadOptions = LoadOptions(),
        rejectsFile: URL? = nil, to store: URL
    ) throws -> (metadata: EventStoreMetadata, rejects: [RejectedRow]) {
        var rejects: [RejectedRow] = []
        let table = try TransactionLog.load(
            transactions, columns: columns, options: options, rejects: &rejects)
        let products = try ProductCatalog.load(catalog, columns: catalogColumns)
        var metadata = EventStoreMetadata(
            sources: [transactions.lastPathComponent, catalog.lastPathComponent],
            levelNames: catalogColumns.levels, derivedBaskets: columns.basket == nil)
        metadata.rejectedRows = rejects.count
        if let rejectsFile, options.onBadRow == .skip {
            try RejectsFile.write(rejects, to: rejectsFile)
        }
        let written = try EventStoreWriter.write(
            transactions: table, catalog: products, metadata: metadata,
            catalogFile: catalog.lastPathComponent, to: store)
        return (written, rejects)
    }
}
