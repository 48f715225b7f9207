/// A decoded column: its descriptor, its values, and its nulls.
public struct ParquetColumn: Sendable {
    public let descriptor: ParquetColumnDescriptor
    public let values: ParquetValues
    /// `validity[i]` is false where row `i` is null; nil when the column has no nulls.
    public let validity: [Bool]?

    public var count: Int { values.count }

    /// Number of null rows.
    public var nullCount: Int { validity.map { $0.count { !$0 } } ?? 0 }

    public func isNull(_ row: Int) -> Bool { validity.map { !$0[row] } ?? false }
}
