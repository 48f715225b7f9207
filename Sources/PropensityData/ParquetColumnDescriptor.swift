/// A leaf column of a Parquet schema.
public struct ParquetColumnDescriptor: Sendable {
    /// The dotted path from the root, e.g. `household_id` or `address.city`.
    public let name: String
    /// How values are stored.
    public let physicalType: ParquetPhysicalType
    /// Bytes per value of a FIXED_LEN_BYTE_ARRAY column.
    public let typeLength: Int?
    /// What values mean (string, date, timestamp...), when annotated.
    public let logicalType: ParquetLogicalType?
    /// The largest definition level: 0 for a required column, 1 for a flat optional one.
    public let maxDefinitionLevel: Int
    /// The largest repetition level: above 0 for repeated (list) columns, which are unsupported.
    public let maxRepetitionLevel: Int

    /// Whether the column may hold nulls.
    public var isOptional: Bool { maxDefinitionLevel > 0 }
}
