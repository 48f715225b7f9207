/// The unit of a Parquet TIMESTAMP or TIME logical type.
public enum ParquetTimeUnit: Sendable, Equatable {
    case milliseconds, microseconds, nanoseconds
}

/// What a column's values mean, from the schema's LogicalType or legacy ConvertedType.
public enum ParquetLogicalType: Sendable, Equatable {
    case string
    case date
    /// A timestamp as written (isAdjustedToUTC false): naive local time.
    case timestamp(ParquetTimeUnit)
    /// An instant (isAdjustedToUTC true): converted to the configured zone's local time.
    case utcTimestamp(ParquetTimeUnit)
    case time(ParquetTimeUnit)
    case decimal(scale: Int32, precision: Int32)
    case integer(bitWidth: Int8, signed: Bool)
    /// Anything else (JSON, UUID, enum, map, list...), named for messages.
    case other(String)
}
