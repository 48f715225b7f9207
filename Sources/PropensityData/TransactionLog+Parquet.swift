import Foundation

extension TransactionLog {
    /// How one mapped column is converted.
    private enum FieldKind {
        /// Integer ids; a null becomes the value given, or is a bad row when it is nil.
        case id(null: Int64?)
        case time
        /// Numbers; nulls as for `id`.
        case number(null: Double?)
    }

    /// A converted column.
    private enum FieldValues {
        case integers([Int64])
        case numbers([Double])

        var integers: [Int64] {
            guard case .integers(let v) = self else { preconditionFailure("not integers") }
            return v
        }

        var numbers: [Double] {
            guard case .numbers(let v) = self else { preconditionFailure("not numbers") }
            return v
        }
    }

    /// Throws the `missingColumn` error for the first mapped column `file` lacks.
    static func checkParquetColumns(_ file: ParquetFile, _ columns: TransactionColumns) throws {
        for role in roles(columns) where file.columnIndex(named: role.name) == nil {
            throw missingColumn(
                role.name, field: role.field, type: "TransactionColumns",
                available: file.columns.map(\.name), file: file.url.lastPathComponent)
        }
    }

    /// Reads the row groups `groups` of `file` as a table; rows are numbered from `firstRow`
    /// in errors and rejects. Without a basket column the table's baskets are left empty for
    /// the caller to number.
    ///
    /// Each mapped column is decoded and converted on its own thread: the columns are
    /// independent, and decoding (decompression, dictionary and level decoding) is most of
    /// the cost of reading. Under `skip` each column reports bad rows to its own collector;
    /// a row's reason is its first bad column in mapping order, as a serial read would give.
    static func loadParquet(
        _ file: ParquetFile, rowGroups groups: Range<Int>, firstRow: Int,
        _ columns: TransactionColumns, _ options: LoadOptions, _ rejects: inout [RejectedRow]
    ) throws -> TransactionTable {
        try checkParquetColumns(file, columns)
        let name = file.url.lastPathComponent
        let rows = file.rowCount(ofRowGroups: groups)
        var fields: [(column: String, kind: FieldKind)] = [
            (columns.user, .id(null: nil)), (columns.time, .time),
            (columns.product, .id(null: nil)), (columns.quantity, .number(null: nil)),
            (columns.amount, .number(null: nil)),
        ]
        if let store = columns.store { fields.append((store, .id(null: -1))) }
        if let basket = columns.basket { fields.append((basket, .id(null: nil))) }
        fields += columns.discounts.map { ($0, .number(null: 0)) }
        let collectors = fields.map { _ in options.onBadRow == .skip ? BadRows() : nil }
        let productField = 2

        let values: [FieldValues]
        let productDictionary = DictionaryBox()
        do {
            values = try Parallel.map(fields.count) { k in
                // Product ids keep their dictionary codes for ingest (which checks them).
                let column = try file.column(
                    at: file.columnIndex(named: fields[k].column)!, rowGroups: groups,
                    keepingDictionaryCodes: k == productField)
                if k == productField { productDictionary.dictionary = column.dictionary }
                let bad = collectors[k]
                switch fields[k].kind {
                case .id(let null):
                    return .integers(try column.int64Values(file: name, nullValue: null, bad: bad))
                case .time:
                    return .integers(try column.timeValues(
                        file: name, parser: TimeParser(options.time), bad: bad))
                case .number(let null):
                    return .numbers(try column.doubleValues(file: name, nullValue: null, bad: bad))
                }
            }
        } catch let error as DataError {
            throw error.movedDown(by: firstRow)
        }

        var user = values[0].integers, time = values[1].integers
        var product = values[2].integers
        var quantity = values[3].numbers, amount = values[4].numbers
        var next = 5
        var store = [Int64](repeating: -1, count: rows)
        if columns.store != nil {
            store = values[next].integers
            next += 1
        }
        var basket: [Int64] = []
        if columns.basket != nil {
            basket = values[next].integers
            next += 1
        }
        // All discounts as one positive amount, summed into the first column's array.
        var discount = values.count > next
            ? values[next].numbers.map(abs) : [Double](repeating: 0, count: rows)
        discount.withUnsafeMutableBufferPointer { discount in
            for part in values.dropFirst(next + 1) {
                part.numbers.withUnsafeBufferPointer { part in
                    for i in 0..<rows { discount[i] += abs(part[i]) }
                }
            }
        }

        var bad: [Int: DataError] = [:]
        for collector in collectors {
            for (row, error) in collector?.errors ?? [:] where bad[row] == nil {
                bad[row] = error
            }
        }
        if !bad.isEmpty {
            let badRows = bad.keys.sorted()
            rejects += badRows.map { RejectedRow(error: bad[$0]!.movedDown(by: firstRow)) }
            var keep = [Bool](repeating: true, count: rows)
            for row in badRows { keep[row] = false }
            func drop<T>(_ column: inout [T]) {
                column = column.indices.filter { keep[$0] }.map { column[$0] }
            }
            drop(&user); drop(&time); drop(&product); drop(&quantity); drop(&amount)
            drop(&store); drop(&discount)
            if columns.basket != nil { drop(&basket) }
        }
        var table = TransactionTable(
            user: user, time: time,
            basket: columns.basket == nil ? [Int64](repeating: 0, count: user.count) : basket,
            product: product, store: store, quantity: quantity, amount: amount,
            discount: discount)
        if bad.isEmpty { table.productDictionary = productDictionary.dictionary }
        return table
    }

    /// Reads a Parquet file a few row groups at a time: each call of `body` gets the rows of
    /// consecutive row groups, as many as fit in `chunkRows` (at least one group).
    static func forEachParquetChunk(
        _ url: URL, _ columns: TransactionColumns, _ options: LoadOptions, chunkRows: Int,
        rejects: inout [RejectedRow], numbering: OccasionNumbering,
        _ body: (TransactionTable) throws -> Void
    ) throws {
        let file = try ParquetFile(contentsOf: url)
        try checkParquetColumns(file, columns)
        var group = 0, firstRow = 0
        while group < file.rowGroupCount {
            var end = group + 1
            while end < file.rowGroupCount,
                  file.rowCount(ofRowGroups: group..<(end + 1)) <= chunkRows
            {
                end += 1
            }
            var table = try loadParquet(
                file, rowGroups: group..<end, firstRow: firstRow, columns, options, &rejects)
            if columns.basket == nil {
                table.basket = numbering.ids(user: table.user, time: table.time)
            }
            file.releasePages(ofRowGroups: group..<end)
            try body(table)
            firstRow += file.rowCount(ofRowGroups: group..<end)
            group = end
        }
    }
}

/// The product column's dictionary, handed out of its decoding thread.
private final class DictionaryBox: @unchecked Sendable {
    var dictionary: ColumnDictionary?
}
