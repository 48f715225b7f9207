/// One decoded Parquet column: typed values, one per row, and which rows are null.

/// A leaf column of a Parquet schema.
public struct ParquetColumnDescriptor: Sendable {
    /// The dotted path from the root, e.g. `household_id` or `address.city`.
    public let name: String
    public let physicalType: ParquetPhysicalType
    /// Bytes per value of a FIXED_LEN_BYTE_ARRAY column.
    public let typeLength: Int?
    public let logicalType: ParquetLogicalType?
    /// The largest definition level: 0 for a required column, 1 for a flat optional one.
    public let maxDefinitionLevel: Int
    /// The largest repetition level: above 0 for repeated (list) columns, which are unsupported.
    public let maxRepetitionLevel: Int

    /// Whether the column may hold nulls.
    public var isOptional: Bool { maxDefinitionLevel > 0 }
}

/// Variable-length values (strings, blobs) packed end to end in one buffer.
///
/// Value `i` is `bytes[offsets[i]..<offsets[i + 1]]`; a null row has an empty range.
public struct ByteArrayColumn: Sendable {
    public var bytes: [UInt8]
    /// `count + 1` offsets into `bytes`, starting at 0.
    public var offsets: [Int]

    public init(bytes: [UInt8] = [], offsets: [Int] = [0]) {
        self.bytes = bytes
        self.offsets = offsets
    }

    public var count: Int { offsets.count - 1 }

    /// Value `i` decoded as UTF-8 (invalid bytes become U+FFFD).
    public func string(at i: Int) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            String(
                decoding: UnsafeBufferPointer(rebasing: buffer[offsets[i]..<offsets[i + 1]]),
                as: UTF8.self)
        }
    }

    /// The bytes of value `i`.
    public func value(at i: Int) -> ArraySlice<UInt8> { bytes[offsets[i]..<offsets[i + 1]] }
}

/// The values of a column, one per row, typed by the physical type.
///
/// Null rows hold a placeholder (0, false or an empty byte array); `ParquetColumn.validity`
/// says which rows they are.
public enum ParquetValues: Sendable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case float([Float])
    case double([Double])
    case byteArray(ByteArrayColumn)
    /// INT96 timestamps converted to microseconds since 1970-01-01 (as written, no zone).
    case int96Timestamp([Int64])

    public var count: Int {
        switch self {
        case .boolean(let v): v.count
        case .int32(let v): v.count
        case .int64(let v): v.count
        case .float(let v): v.count
        case .double(let v): v.count
        case .byteArray(let v): v.count
        case .int96Timestamp(let v): v.count
        }
    }
}

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
