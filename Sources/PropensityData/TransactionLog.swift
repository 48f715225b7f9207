import Foundation

/// Loads a transaction log from Parquet or delimited text into a `TransactionTable`.
///
/// The format follows the file name: `.parquet`, `.csv`, `.csv.gz`, `.tsv`, `.tsv.gz`.
/// Rows keep file order. User, time, product, quantity and amount must be present in every
/// row; a null basket is an error too, a null store becomes -1 and a null discount 0.
public enum TransactionLog {
    /// Reads the transaction file at `url`, taking each field from the mapped column.
    ///
    /// - Parameters:
    ///   - url: a `.parquet`, `.csv`, `.csv.gz`, `.tsv` or `.tsv.gz` file.
    ///   - columns: which column holds which field.
    /// - Returns: one row per line item, in file order.
    /// - Throws: `DataError` naming file, row (1-based data row), column and value for a
    ///   missing column, a null where a value is needed, a number or time that does not
    ///   parse, or a file that cannot be read.
    public static func load(
        _ url: URL, columns: TransactionColumns = .completeJourney,
        options: LoadOptions = LoadOptions()
    ) throws -> TransactionTable {
        var rejects: [RejectedRow] = []
        return try load(url, columns: columns, options: options, rejects: &rejects)
    }

    /// Reads the transaction file at `url`; under `options.onBadRow == .skip`, bad rows are
    /// left out and appended to `rejects` in row order.
    ///
    /// - Throws: as `load(_:columns:options:)`; with `.skip`, only for problems that are not
    ///   confined to one row (a missing column, an unreadable or malformed file).
    public static func load(
        _ url: URL, columns: TransactionColumns, options: LoadOptions,
        rejects: inout [RejectedRow]
    ) throws -> TransactionTable {
        if let parts = try TableFormat.parts(of: url) {
            var tables: [TransactionTable] = []
            for part in parts {
                tables.append(
                    try load(part, columns: columns, options: options, rejects: &rejects))
            }
            var table = TransactionTable.concatenating(tables)
            // Baskets derived per part would collide: number them over the whole table.
            if columns.basket == nil {
                table.basket = occasionIDs(user: table.user, time: table.time)
            }
            return table
        }
        switch try TableFormat.of(url) {
        case .parquet:
            let file = try ParquetFile(contentsOf: url)
            var table = try loadParquet(
                file, rowGroups: 0..<file.rowGroupCount, firstRow: 0, columns, options,
                &rejects)
            if columns.basket == nil {
                table.basket = occasionIDs(user: table.user, time: table.time)
            }
            return table
        case .delimited(let delimiter):
            var tables: [TransactionTable] = []
            try loadDelimited(
                url, columns, delimiter, options, &rejects, chunkRows: Int.max,
                numbering: OccasionNumbering()) { tables.append($0) }
            return TransactionTable.concatenating(tables)
        }
    }

    /// Loads the Complete Journey transactions and products from `directory`.
    ///
    /// Prefers `transactions.parquet` / `products.parquet`; falls back to `.csv`, then
    /// `.csv.gz`, for each file separately.
    ///
    /// - Throws: `DataError` `.unreadable` when neither form of a file is there, or any
    ///   error of `load`.
    public static func completeJourney(directory: URL) throws -> (TransactionTable, Catalog) {
        let transactions = try CompleteJourneyFiles.find("transactions", in: directory)
        let products = try CompleteJourneyFiles.find("products", in: directory)
        return (try load(transactions), try ProductCatalog.load(products))
    }

    /// Every name of `columns`, each with the field it fills (for "set `...`" hints).
    static func roles(_ columns: TransactionColumns) -> [(field: String, name: String)] {
        var roles = [
            ("user", columns.user), ("time", columns.time), ("product", columns.product),
            ("quantity", columns.quantity), ("amount", columns.amount),
        ]
        if let basket = columns.basket { roles.append(("basket", basket)) }
        if let store = columns.store { roles.append(("store", store)) }
        roles += columns.discounts.map { ("discounts", $0) }
        return roles
    }

    static func missingColumn(
        _ name: String, field: String, type: String, available: [String], file: String
    ) -> DataError {
        let catalog = type == "CatalogColumns"
        let key = catalog ? "data.catalogColumns.\(field)" : "data.columns.\(field)"
        let flag = catalog ? (field == "product" ? "--catalog-product" : "--levels") : "--\(field)"
        return DataError(
            .missingColumn,
            "column not found (the file has: \(available.joined(separator: ", "))); "
                + "name the right column with `\(key)` in the config or `\(flag)` of "
                + "`propensity ingest`", file: file, column: name)
    }

    /// One basket id per distinct (user, time), numbered by first appearance.
    static func occasionIDs(user: [Int64], time: [Int64]) -> [Int64] {
        OccasionNumbering().ids(user: user, time: time)
    }

    /// Baskets derived for chunks read one after another, numbered over all of them.
    final class OccasionNumbering {
        private struct Key: Hashable {
            let user: Int64
            let time: Int64
        }
        private var known: [Key: Int64] = [:]

        func ids(user: [Int64], time: [Int64]) -> [Int64] {
            zip(user, time).map { pair in
                let key = Key(user: pair.0, time: pair.1)
                if let id = known[key] { return id }
                let id = Int64(known.count)
                known[key] = id
                return id
            }
        }
    }

    // MARK: - Delimited text

    /// Reads delimited text, handing every `chunkRows` good rows to `emit` as a table.
    static func loadDelimited(
        _ url: URL, _ columns: TransactionColumns, _ delimiter: Character,
        _ options: LoadOptions, _ rejects: inout [RejectedRow], chunkRows: Int,
        numbering: OccasionNumbering, emit: (TransactionTable) throws -> Void
    ) throws {
        let reader = try CSVReader(contentsOf: url, delimiter: delimiter)
        let name = url.lastPathComponent
        func index(_ column: String, _ field: String) throws -> Int {
            guard let index = reader.columnIndex(named: column) else {
                throw missingColumn(
                    column, field: field, type: "TransactionColumns", available: reader.header,
                    file: name)
            }
            return index
        }
        let userIndex = try index(columns.user, "user")
        let timeIndex = try index(columns.time, "time")
        let productIndex = try index(columns.product, "product")
        let quantityIndex = try index(columns.quantity, "quantity")
        let amountIndex = try index(columns.amount, "amount")
        let basketIndex = try columns.basket.map { try index($0, "basket") }
        let storeIndex = try columns.store.map { try index($0, "store") }
        let discountIndices = try columns.discounts.map { try index($0, "discounts") }

        var user: [Int64] = [], time: [Int64] = [], basket: [Int64] = [], product: [Int64] = []
        var store: [Int64] = [], quantity: [Double] = [], amount: [Double] = []
        var discount: [Double] = []
        let fields = FieldParser(file: name, header: reader.header, time: TimeParser(options.time))
        let skip = options.onBadRow == .skip
        func flush() throws {
            if basketIndex == nil { basket = numbering.ids(user: user, time: time) }
            try emit(TransactionTable(
                user: user, time: time, basket: basket, product: product, store: store,
                quantity: quantity, amount: amount, discount: discount))
            user = []; time = []; basket = []; product = []; store = []; quantity = []
            amount = []; discount = []
        }
        try reader.forEachRecord(deliveringMisshapen: skip) { record in
            if let problem = record.problem {
                rejects.append(RejectedRow(
                    error: problem, fields: (0..<record.count).map { record[$0] }))
                return
            }
            // Every field is read before any is kept, so a bad row leaves no trace.
            let u: Int64, t: Int64, p: Int64, q: Double, a: Double, b: Int64?, s: Int64
            var total = 0.0
            do {
                u = try fields.int64(record, userIndex)
                t = try fields.time(record, timeIndex)
                p = try fields.int64(record, productIndex)
                q = try fields.double(record, quantityIndex)
                a = try fields.double(record, amountIndex)
                b = try basketIndex.map { try fields.int64(record, $0) }
                s = try storeIndex.map { try fields.int64(record, $0, null: -1) } ?? -1
                for column in discountIndices {
                    total += abs(try fields.double(record, column, null: 0))
                }
            } catch let error as DataError where skip {
                rejects.append(RejectedRow(
                    error: error, fields: (0..<record.count).map { record[$0] }))
                return
            }
            user.append(u)
            time.append(t)
            product.append(p)
            quantity.append(q)
            amount.append(a)
            if let b { basket.append(b) }
            store.append(s)
            discount.append(total)
            if user.count >= chunkRows { try flush() }
        }
        if !user.isEmpty { try flush() }
    }
}
