import Foundation

/// Loads the product catalog (product id -> category levels) from Parquet or delimited text.
public enum ProductCatalog {
    /// Reads the product file at `url`.
    ///
    /// - Parameters:
    ///   - url: a `.parquet`, `.csv`, `.csv.gz`, `.tsv` or `.tsv.gz` file.
    ///   - columns: the product id column and the level columns, broad to narrow.
    /// - Returns: one entry per row in file order; empty or null levels are nil.
    /// - Throws: `DataError` for a missing column, a null or non-integer product id, or a file
    ///   that cannot be read.
    public static func load(
        _ url: URL, columns: CatalogColumns = .completeJourney
    ) throws -> Catalog {
        if let parts = try TableFormat.parts(of: url) {
            let catalogs = try parts.map { try load($0, columns: columns) }
            return Catalog(
                product: catalogs.flatMap(\.product),
                levels: columns.levels.indices.map { l in catalogs.flatMap { $0.levels[l] } })
        }
        let name = url.lastPathComponent
        let roles = [("product", columns.product)] + columns.levels.map { ("levels", $0) }
        switch try TableFormat.of(url) {
        case .parquet:
            let file = try ParquetFile(contentsOf: url)
            for (field, column) in roles where file.columnIndex(named: column) == nil {
                throw TransactionLog.missingColumn(
                    column, field: field, type: "CatalogColumns",
                    available: file.columns.map(\.name), file: name)
            }
            // The product column and each level column on their own thread.
            let names = [columns.product] + columns.levels
            let decoded = try Parallel.map(names.count) { k -> (ids: [Int64], text: [String?]) in
                let column = try file.column(named: names[k])
                return k == 0
                    ? (try column.int64Values(file: name), [])
                    : ([], try column.stringValues(file: name))
            }
            return Catalog(product: decoded[0].ids, levels: decoded.dropFirst().map(\.text))

        case .delimited(let delimiter):
            let reader = try CSVReader(contentsOf: url, delimiter: delimiter)
            let indices = try roles.map { field, column in
                guard let index = reader.columnIndex(named: column) else {
                    throw TransactionLog.missingColumn(
                        column, field: field, type: "CatalogColumns", available: reader.header,
                        file: name)
                }
                return index
            }
            let fields = FieldParser(file: name, header: reader.header)
            var product: [Int64] = []
            var levels = [[String?]](repeating: [], count: columns.levels.count)
            // Levels repeat a few hundred values: share one String per distinct value.
            var known: Set<String> = []
            try reader.forEachRecord { record in
                product.append(try fields.int64(record, indices[0]))
                for level in levels.indices {
                    guard let text = record[indices[level + 1]] else {
                        levels[level].append(nil)
                        continue
                    }
                    levels[level].append(known.insert(text).memberAfterInsert)
                }
            }
            return Catalog(product: product, levels: levels)
        }
    }
}
