/// A decoded column: its descriptor, its values, and its nulls.
public struct ParquetColumn: Sendable {
    /// Name, types and levels of the column.
    public let descriptor: ParquetColumnDescriptor
    /// One value per row; null rows hold a placeholder.
    public let values: ParquetValues
    /// `validity[i]` is false where row `i` is null; nil when the column has no nulls.
    public let validity: [Bool]?

    /// Number of rows.
    public var count: Int { values.count }

    /// Number of null rows.
    public var nullCount: Int { validity.map { $0.count { !$0 } } ?? 0 }

    /// Whether row `row` is null.
    public func isNull(_ row: Int) -> Bool { validity.map { !$0[row] } ?? false }
}
