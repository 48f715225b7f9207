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
            let (product, levels) = try parquetCatalog(url, columns: columns, keepText: true)
            return Catalog(product: product, levels: levels.map(\.text))

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

    /// The product ids of one Parquet file and, per level, the text of every row or, without
    /// `keepText`, its dictionary when the file's own dictionary gives it without hashing
    /// every row (else the text).
    private static func parquetCatalog(
        _ url: URL, columns: CatalogColumns, keepText: Bool
    ) throws -> (product: [Int64], levels: [(text: [String?], dictionary: LevelDictionary?)]) {
        let name = url.lastPathComponent
        let file = try ParquetFile(contentsOf: url)
        let roles = [("product", columns.product)] + columns.levels.map { ("levels", $0) }
        for (field, column) in roles where file.columnIndex(named: column) == nil {
            throw TransactionLog.missingColumn(
                column, field: field, type: "CatalogColumns",
                available: file.columns.map(\.name), file: name)
        }
        // The product column and each level column on their own thread.
        let names = [columns.product] + columns.levels
        let decoded = try Parallel.map(names.count) {
            k -> (ids: [Int64], text: [String?], level: LevelDictionary?) in
            let column = try file.column(named: names[k])
            if k == 0 { return (try column.int64Values(file: name), [], nil) }
            // Ingest needs only the dictionary: a String per row costs more than the rest.
            if !keepText, let level = column.levelDictionary() { return ([], [], level) }
            return ([], try column.stringValues(file: name), nil)
        }
        return (decoded[0].ids, decoded.dropFirst().map { ($0.text, $0.level) })
    }

    /// The catalog at `url` in the event store's form: the product ids and every level's
    /// dictionary. Ingest calls it on a thread of its own, so the work overlaps reading the
    /// transactions.
    static func loadWithLevels(
        _ url: URL, columns: CatalogColumns
    ) throws -> (product: [Int64], levels: [LevelDictionary]) {
        if try TableFormat.parts(of: url) == nil, case .parquet = try TableFormat.of(url) {
            let (product, levels) = try parquetCatalog(url, columns: columns, keepText: false)
            return (product, levels.map { $0.dictionary ?? LevelDictionary($0.text) })
        }
        let catalog = try load(url, columns: columns)
        return (catalog.product, catalog.levels.map { LevelDictionary($0) })
    }
}
