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
          --on-bad-row P      fail (default): the first bad row stops the ingest, naming
                              file, row, column and value; skip: bad rows (values that do
                              not parse, missing values, a CSV row with the wrong number
                              of fields) are left out, written to the rejects file with
                              their reason, and counted
          --rejects FILE      where skipped rows go (default: FILE.store.rejects.csv)
          --time-format F     iso8601 (default; with or without offset), epoch-seconds,
                              epoch-milliseconds, or a pattern like '%d/%m/%Y %H:%M:%S'
                              (%Y %m %d %H %M %S %f %z); replaces `data.timeFormat`
          --time-zone Z       UTC, +02:00 or a name like Europe/Berlin: naive times are taken
                              to be in it, offsets and epoch times converted to it; without
                              it times are taken as written (replaces `data.timeZone`)
          --quiet             no progress on stderr

        exit codes: 0 done, 64 bad usage, 65 bad data, 66 missing input, 70 internal failure

        column flags (default: Complete Journey's names):
          --user C --time C --product C --quantity C --amount C   required fields
          --basket C --store C      optional; without --basket, one basket per user and time
                                    (once --user, --time or --product is given, basket, store
                                    and discounts are read only when named)
          --discounts C,C           discount columns, summed as absolute values
          --catalog-product C       the catalog's product id column
          --levels C,C,C            the catalog's category columns, broad to narrow
        """

    static let columnFlags = [
        "user", "time", "product", "quantity", "amount", "basket", "store", "discounts",
        "catalog-product", "levels",
    ]

    static func run(_ argv: [String]) throws {
        keepFreedMemory()
        let arguments = try Arguments(
            argv,
            valued: Set(
                ["config", "data", "transactions", "products", "out", "on-bad-row", "rejects",
                 "time-format", "time-zone"] + columnFlags),
            booleans: ["quiet"])
        guard arguments.positionals.isEmpty else {
            throw UsageError(
                "ingest takes no positional arguments, got '\(arguments.positionals[0])'")
        }
        let progress = ProgressReporter(quiet: arguments.flag("quiet"))
        var columns = TransactionColumns.completeJourney
        var catalogColumns = CatalogColumns.completeJourney
        let transactions: URL, products: URL, out: URL
        var timeFormat: String?, timeZone: String?
        if let path = arguments.value("config") {
            guard arguments.value("transactions") == nil, arguments.value("products") == nil
            else { throw UsageError("give either --config or --transactions/--products") }
            var config = try RunConfig.load(URL(fileURLWithPath: path))
            if let data = arguments.value("data") { config.useData(data) }
            transactions = config.transactionsURL
            products = config.productsURL
            columns = config.data.columns ?? columns
            catalogColumns = config.data.catalogColumns ?? catalogColumns
            timeFormat = config.data.timeFormat
            timeZone = config.data.timeZone
            out = URL(fileURLWithPath: arguments.value("out") ?? "out/\(config.name).store")
        } else {
            guard let t = arguments.value("transactions"), let p = arguments.value("products")
            else { throw UsageError("give --config, or both --transactions and --products") }
            transactions = URL(fileURLWithPath: t)
            products = URL(fileURLWithPath: p)
            out = URL(fileURLWithPath: arguments.value("out") ?? "\(t).store")
        }
        try apply(arguments, to: &columns, &catalogColumns)
        let policyText = arguments.value("on-bad-row") ?? "fail"
        guard let policy = LoadOptions.BadRowPolicy(rawValue: policyText) else {
            throw UsageError("--on-bad-row takes fail or skip, got '\(policyText)'")
        }
        let options: LoadOptions
        do {
            options = try RunConfig.loadOptions(
                format: arguments.value("time-format") ?? timeFormat,
                zone: arguments.value("time-zone") ?? timeZone, onBadRow: policy,
                place: "`--time-format` / `")
        } catch let error as ConfigError {
            throw UsageError(error.description)
        }
        guard out.lastPathComponent.hasSuffix(".store") else {
            throw UsageError("--out must name a .store file, got '\(out.path)'")
        }
        try FileManager.default.createDirectory(
            at: out.deletingLastPathComponent(), withIntermediateDirectories: true)

        let start = DispatchTime.now().uptimeNanoseconds
        let rejectsFile = URL(
            fileURLWithPath: arguments.value("rejects") ?? out.path + ".rejects.csv")
        let (metadata, rejects) = try Ingest.run(
            transactions: transactions, catalog: products, columns: columns,
            catalogColumns: catalogColumns, options: options, rejectsFile: rejectsFile, to: out)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let store = try EventStore(contentsOf: out, verify: false)
        // "1 row", "2 rows": counts read as English.
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        progress.line(
            "ingest: \(count(store.eventCount, "event")), \(count(store.userCount, "user")), "
                + "\(count(metadata.returns, "return")), "
                + "\(count(metadata.duplicateRows, "duplicate line")), "
                + "\(count(metadata.unknownProductRows, "row")) of "
                + "\(count(metadata.distinctUnknownProducts, "unknown product")) -> \(out.path) "
                + String(format: "(%.2f s)", seconds))
        if policy == .skip {
            progress.line("rejected \(count(rejects.count, "row")) -> \(rejectsFile.path)")
            // By reason: a bad value by its column; a row without a column is one whose field
            // count differs from the header's (the only row-wide reason readers report).
            var perReason: [String: Int] = [:]
            for reject in rejects {
                let reason = reject.error.column.map { "for column `\($0)`" }
                    ?? "with the wrong number of fields"
                perReason[reason, default: 0] += 1
            }
            for (reason, n) in perReason.sorted(by: { $0.key < $1.key }) {
                progress.line("rejected: \(count(n, "row")) \(reason)")
            }
        }
    }

    /// Column flags override the mapping from the config (or the defaults).
    private static func apply(
        _ arguments: Arguments, to columns: inout TransactionColumns,
        _ catalogColumns: inout CatalogColumns
    ) throws {
        func list(_ text: String) -> [String] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        // A log mapped by flags is the user's own schema: Complete Journey's optional columns
        // (basket_id, store_id, its discount columns) are not assumed to be in it.
        if ["user", "time", "product"].contains(where: { arguments.value($0) != nil }) {
            columns.basket = nil
            columns.store = nil
            columns.discounts = []
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

    /// Asks glibc's malloc to serve large blocks from its heap and keep freed memory instead
    /// of mapping and unmapping each one: ingest allocates many column-sized arrays, and
    /// fresh pages cost a fault and a zero fill each (about 15 % of a Complete Journey ingest).
    /// Peak memory is unchanged; it is just not returned between steps.
    static func keepFreedMemory() {
        #if os(Linux)
        _ = glibcMallopt(-3, 1 << 30)  // M_MMAP_THRESHOLD
        _ = glibcMallopt(-1, Int32.max)  // M_TRIM_THRESHOLD
        _ = glibcMallopt(-8, 1)  // M_ARENA_MAX: worker threads reuse what others freed
        #endif
    }
}

#if os(Linux)
/// glibc's `mallopt` (malloc.h), which the Glibc module does not export.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
