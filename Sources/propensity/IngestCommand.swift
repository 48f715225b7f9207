import Foundation
import PropensityData

/// `propensity ingest`: raw transaction and catalog files -> one event store (`.store`).
enum IngestCommand: Command {
    static let help = """
        usage: propensity ingest --config CONFIG [--data DIR] [--out FILE.store] [--quiet]
               propensity ingest --transactions FILE --products FILE [--out FILE.store]
                                 [column flags] [--quiet]

        Reads a transaction log and its product catalog (Parquet, CSV or TSV, optionally
        gzipped), sorts the events by user, time, basket, product and input row, encodes
        products, stores and categories as dictionaries and writes one event store that
        `run`, `samples` and `info` open by memory mapping. The same input always gives a
        byte-identical store. Returns, duplicate lines and products missing from the catalog
        are kept and counted.

        options:
          --config CONFIG     take files and column names from the config's `data` section
          --data DIR          folder with the data files (replaces `data.directory`)
          --transactions F    the transaction file (instead of --config)
          --products F        the catalog file (instead of --config)
          --out FILE.store    the store to write (default: out/<config name>.store, or
                              <transactions file name>.store beside it)
          --quiet             no progress on stderr

        column flags (default: Complete Journey's names):
          --user C --time C --product C --quantity C --amount C   required fields
          --basket C --store C      optional; without --basket, one basket per user and time
          --discounts C,C           discount columns, summed as absolute values
          --catalog-product C       the catalog's product id column
          --levels C,C,C            the catalog's category columns, broad to narrow
        """

    static let columnFlags = [
        "user", "time", "product", "quantity", "amount", "basket", "store", "discounts",
        "catalog-product", "levels",
    ]

    static func run(_ argv: [String]) throws {
        let arguments = try Arguments(
            argv,
            valued: Set(["config", "data", "transactions", "products", "out"] + columnFlags),
            booleans: ["quiet"])
        guard arguments.positionals.isEmpty else {
            throw UsageError("ingest takes no positional arguments, got '\(arguments.positionals[0])'")
        }
        let progress = ProgressReporter(quiet: arguments.flag("quiet"))
        var columns = TransactionColumns.completeJourney
        var catalogColumns = CatalogColumns.completeJourney
        let transactions: URL, products: URL, out: URL
        if let path = arguments.value("config") {
            guard arguments.value("transactions") == nil, arguments.value("products") == nil
            else { throw UsageError("give either --config or --transactions/--products") }
            var config = try RunConfig.load(URL(fileURLWithPath: path))
            if let data = arguments.value("data") { config.useData(data) }
            transactions = config.transactionsURL
            products = config.productsURL
            columns = config.data.columns ?? columns
            catalogColumns = config.data.catalogColumns ?? catalogColumns
            out = URL(fileURLWithPath: arguments.value("out") ?? "out/\(config.name).store")
        } else {
            guard let t = arguments.value("transactions"), let p = arguments.value("products")
            else { throw UsageError("give --config, or both --transactions and --products") }
            transactions = URL(fileURLWithPath: t)
            products = URL(fileURLWithPath: p)
            out = URL(fileURLWithPath: arguments.value("out") ?? "\(t).store")
        }
        try apply(arguments, to: &columns, &catalogColumns)
        guard out.lastPathComponent.hasSuffix(".store") else {
            throw UsageError("--out must name a .store file, got '\(out.path)'")
        }
        try FileManager.default.createDirectory(
            at: out.deletingLastPathComponent(), withIntermediateDirectories: true)

        let start = DispatchTime.now().uptimeNanoseconds
        let metadata = try Ingest.run(
            transactions: transactions, catalog: products, columns: columns,
            catalogColumns: catalogColumns, to: out)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let store = try EventStore(contentsOf: out, verify: false)
        progress.line(String(
            format: "ingest: %d events, %d users, %d returns, %d duplicate lines, "
                + "%d rows of %d unknown products -> %@ (%.2f s)",
            store.eventCount, store.userCount, metadata.returns, metadata.duplicateRows,
            metadata.unknownProductRows, metadata.distinctUnknownProducts, out.path, seconds))
    }

    /// Column flags override the mapping from the config (or the defaults).
    private static func apply(
        _ arguments: Arguments, to columns: inout TransactionColumns,
        _ catalogColumns: inout CatalogColumns
    ) throws {
        func list(_ text: String) -> [String] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if let v = arguments.value("user") { columns.user = v }
        if let v = arguments.value("time") { columns.time = v }
        if let v = arguments.value("product") { columns.product = v }
        if let v = arguments.value("quantity") { columns.quantity = v }
        if let v = arguments.value("amount") { columns.amount = v }
        if let v = arguments.value("basket") { columns.basket = v.isEmpty ? nil : v }
        if let v = arguments.value("store") { columns.store = v.isEmpty ? nil : v }
        if let v = arguments.value("discounts") { columns.discounts = list(v) }
        if let v = arguments.value("catalog-product") { catalogColumns.product = v }
        if let v = arguments.value("levels") {
            let levels = list(v)
            guard !levels.isEmpty else { throw UsageError("--levels needs at least one column") }
            catalogColumns.levels = levels
        }
    }
}
