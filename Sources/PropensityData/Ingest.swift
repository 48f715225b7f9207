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
    ///   - options: time format and zone, and whether bad rows stop the ingest or are skipped.
    ///   - chunkRows: rows sorted in memory at a time (delimited input); bounds memory.
    ///   - progress: called with the rows read so far after every chunk.
    ///   - rejectsFile: under `.skip`, where the rejected rows are written as CSV
    ///     (`file,row,column,value,reason,fields`); nil writes none.
    /// - Returns: the metadata written, with the counts of returns, duplicates and unknown
    ///   products.
    /// - Throws: `DataError` naming file, row, column and value for the first bad input;
    ///   under `.skip`, `.badValue` when every row was rejected (the rejects file is written
    ///   first, the store is not).
    @discardableResult
    public static func run(
        transactions: URL, catalog: URL, columns: TransactionColumns = .completeJourney,
        catalogColumns: CatalogColumns = .completeJourney, options: LoadOptions = LoadOptions(),
        rejectsFile: URL? = nil, chunkRows: Int = 1 << 22, to store: URL,
        progress: (Int) -> Void = { _ in }
    ) throws -> (metadata: EventStoreMetadata, rejects: [RejectedRow]) {
        let (builder, rejects) = try build(
            transactions: transactions, catalog: catalog, columns: columns,
            catalogColumns: catalogColumns, options: options, rejectsFile: rejectsFile,
            chunkRows: chunkRows, progress: progress)
        return (try builder.finish(to: store), rejects)
    }

    /// What `run` does, with the store built in memory instead of written to a file: the
    /// same sections and bytes (bar the checksums), for callers that want sequences now and
    /// no file. Input bigger than one chunk still spills sorted runs to a temporary folder.
    public static func inMemory(
        transactions: URL, catalog: URL, columns: TransactionColumns = .completeJourney,
        catalogColumns: CatalogColumns = .completeJourney, options: LoadOptions = LoadOptions(),
        rejectsFile: URL? = nil, chunkRows: Int = 1 << 22, progress: (Int) -> Void = { _ in }
    ) throws -> (store: EventStore, rejects: [RejectedRow]) {
        let (builder, rejects) = try build(
            transactions: transactions, catalog: catalog, columns: columns,
            catalogColumns: catalogColumns, options: options, rejectsFile: rejectsFile,
            chunkRows: chunkRows, progress: progress)
        let store = try builder.finishInMemory(
            name: transactions.lastPathComponent, source: transactions)
        return (store, rejects)
    }

    /// Reads every chunk into a store builder, ready to finish.
    private static func build(
        transactions: URL, catalog: URL, columns: TransactionColumns,
        catalogColumns: CatalogColumns, options: LoadOptions, rejectsFile: URL?,
        chunkRows: Int, progress: (Int) -> Void
    ) throws -> (StoreBuilder, [RejectedRow]) {
        // The catalog loads on its own thread while the first transactions are decoded.
        let products = BackgroundValue {
            let (product, levels) = try ProductCatalog.loadWithLevels(
                catalog, columns: catalogColumns)
            return try CatalogIndex(
                product: product, levels: levels, file: catalog.lastPathComponent)
        }
        var metadata = EventStoreMetadata(
            sources: [transactions.lastPathComponent, catalog.lastPathComponent],
            levelNames: catalogColumns.levels, derivedBaskets: columns.basket == nil)
        var built: StoreBuilder?
        func builder() throws -> StoreBuilder {
            if let built { return built }
            let made = StoreBuilder(
                index: try products.value(), metadata: metadata, chunkRows: chunkRows)
            built = made
            return made
        }
        var rejects: [RejectedRow] = []
        var rows = 0
        do {
            try TransactionLog.forEachChunk(
                transactions, columns: columns, options: options, chunkRows: chunkRows,
                rejects: &rejects
            ) { chunk in
                try builder().add(chunk)
                rows += chunk.count
                progress(rows)
            }
        } catch {
            // A bad catalog is reported first, as when it was read before the transactions.
            _ = try products.value()
            throw error
        }
        let builder = try builder()
        metadata.rejectedRows = rejects.count
        builder.rejectedRows = rejects.count
        if let rejectsFile, options.onBadRow == .skip {
            try RejectsFile.write(rejects, to: rejectsFile)
        }
        // A store of nothing would only fail later, far from the cause: every row was bad.
        if rows == 0 && !rejects.isEmpty {
            let whereRejects = rejectsFile.map { "each row's reason is in \($0.path)" }
                ?? "no rejects file was written"
            throw DataError(
                .badValue,
                "no valid rows were left: all \(rejects.count) rows were rejected; "
                    + "\(whereRejects). Check the column mapping and the time format",
                file: transactions.lastPathComponent)
        }
        return (builder, rejects)
    }
}
