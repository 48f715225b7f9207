/// A decoded column: its descriptor, its values, and its nulls.
public struct ParquetColumn: Sendable {
    /// Name, types and levels of the column.
    public let descriptor: ParquetColumnDescriptor
    /// One value per row; null rows hold a placeholder.
    public let values: ParquetValues
    /// `validity[i]` is false where row `i` is null; nil when the column has no nulls.
    public let validity: [Bool]?
    /// For a fixed-width column read with its dictionary codes kept, stored with one
    /// dictionary and no nulls: the dictionary and each row's index into it.
    var dictionary: ColumnDictionary? = nil

    /// Number of rows.
    public var count: Int { values.count }

    /// Number of null rows.
    public var nullCount: Int { validity.map { $0.count { !$0 } } ?? 0 }

    /// Whether row `row` is null.
    public func isNull(_ row: Int) -> Bool { validity.map { !$0[row] } ?? false }
}

/// A column's dictionary entries and each row's index into them.
struct ColumnDictionary: Sendable {
    let entries: ParquetValues
    let codes: [Int32]
}
